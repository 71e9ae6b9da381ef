//! Hostile input gets a clear error, never a panic or a hang.

use statewright::asl::{check, Code};

fn first_error(bytes: &[u8]) -> (Code, String) {
    let parsed = check(bytes, None);
    let d = parsed
        .diagnostics
        .into_iter()
        .find(|d| d.is_error())
        .expect("an error diagnostic");
    (d.code, d.message)
}

#[test]
fn truncated_json_and_yaml() {
    let full = br#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;
    for cut in 1..full.len() {
        let parsed = check(&full[..cut], None);
        assert!(parsed.has_errors(), "truncated at {cut} must be an error");
    }
    let (code, _) = first_error(b"StartAt: A\nStates:\n  A: {Type: Succeed");
    assert_eq!(code, Code::SyntaxError);
}

#[test]
fn deep_nesting() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let inside = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Result": {arrays}, "End": true}}}}}}"#
    );
    let yaml_flow = format!("StartAt: A\nStates: {}", "[".repeat(depth));
    let yaml_block: String = (0..1_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    for (label, text) in [
        ("arrays", arrays),
        ("objects", objects),
        ("inside", inside),
        ("yaml flow", yaml_flow),
        ("yaml block", yaml_block),
    ] {
        let (code, message) = first_error(text.as_bytes());
        assert_eq!(code, Code::SyntaxError, "{label}: {message}");
        assert!(
            message.to_lowercase().contains("nest")
                || message.to_lowercase().contains("deep")
                || message.to_lowercase().contains("depth"),
            "{label}: {message}"
        );
    }
}

#[test]
fn binary_and_invalid_utf8() {
    let garbage: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_eq!(first_error(&garbage).0, Code::SyntaxError);
    assert_eq!(
        first_error(b"{\"StartAt\": \"\xff\xfe\"}").0,
        Code::SyntaxError
    );
    assert_eq!(first_error(b"\0\0\0\0").0, Code::SyntaxError);
    assert_eq!(first_error(b"").0, Code::SyntaxError);
    assert_eq!(first_error(b"   \n ").0, Code::SyntaxError);
}

#[test]
fn yaml_alias_bomb() {
    let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n\
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n\
                StartAt: A\n";
    let (code, _) = first_error(bomb.as_bytes());
    assert_eq!(code, Code::SyntaxError);
}

#[test]
fn definition_over_the_aws_limit() {
    let comment = "x".repeat(1_100_000);
    let text = format!(
        r#"{{"Comment": "{comment}", "StartAt": "A", "States": {{"A": {{"Type": "Succeed"}}}}}}"#
    );
    let (code, message) = first_error(text.as_bytes());
    assert_eq!(code, Code::DefinitionTooLarge, "{message}");
    assert!(message.contains("1048576"), "{message}");
}

#[test]
fn huge_input_is_refused_without_parsing() {
    let text = format!("{{\"Comment\": \"{}\"}}", "x".repeat(100 * 1024 * 1024));
    let parsed = check(text.as_bytes(), None);
    assert!(parsed.machine.is_none());
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.code == Code::SyntaxError),
        "{:?}",
        parsed
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
}

#[test]
fn wrong_shapes_everywhere_are_reported_not_panicked_on() {
    let texts = [
        "[]",
        "42",
        "\"StartAt\"",
        "null",
        r#"{"StartAt": [], "States": []}"#,
        r#"{"StartAt": "A", "States": {"A": 7}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": 7}}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": {"x": 1}}}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [1, "x"]}}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [{"States": 3}], "End": true}}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": [], "End": true}}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:x", "Retry": [{"ErrorEquals": "x"}], "Catch": [null], "End": true}}}"#,
    ];
    for text in texts {
        let parsed = check(text.as_bytes(), None);
        assert!(parsed.has_errors(), "{text} must report errors");
    }
}
