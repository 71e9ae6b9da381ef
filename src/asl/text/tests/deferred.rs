//! Positions scanned on demand: not built until asked, then the same as an eager read.

use crate::asl::text::{read_document, read_document_deferred, Format, MAX_DEPTH};
use crate::asl::{check, Code};

const JSON: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Succeed"}
  }
}"#;

#[test]
fn json_positions_wait_until_asked_and_match_an_eager_read() {
    let deferred = match read_document_deferred(JSON.as_bytes(), None) {
        Ok(d) => d,
        Err(e) => panic!("reads: {e}"),
    };
    assert!(!deferred.positions.is_built(), "not scanned while reading");
    let eager = match read_document(JSON.as_bytes(), None) {
        Ok(d) => d,
        Err(e) => panic!("reads: {e}"),
    };
    for pointer in [
        "",
        "/StartAt",
        "/States/A/Next",
        "/States/B",
        "/States/Nope",
    ] {
        assert_eq!(
            deferred.positions.locate(pointer),
            eager.positions.locate(pointer),
            "{pointer:?}"
        );
    }
    assert!(deferred.positions.is_built(), "scanned once asked");
}

#[test]
fn yaml_positions_are_ready_from_the_read() {
    let yaml = "StartAt: A\nStates:\n  A:\n    Type: Succeed\n";
    let deferred = match read_document_deferred(yaml.as_bytes(), None) {
        Ok(d) => d,
        Err(e) => panic!("reads: {e}"),
    };
    assert_eq!(deferred.format, Format::Yaml);
    assert!(deferred.positions.is_built());
}

#[test]
fn a_clean_definition_never_scans_positions() {
    let parsed = check(JSON.as_bytes(), None);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let built = parsed.positions.as_ref().map(|p| p.is_built());
    assert_eq!(built, Some(false));
}

#[test]
fn a_diagnostic_still_gets_its_line_and_column() {
    let text = JSON.replace(r#""Next": "B""#, r#""Next": "Nope""#);
    let parsed = check(text.as_bytes(), None);
    let Some(d) = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == Code::UnknownTransitionTarget)
    else {
        panic!("expected an unknown target: {:?}", parsed.diagnostics);
    };
    assert_eq!((d.line, d.column), (4, 27), "{d:?}");
}

#[test]
fn too_deep_json_keeps_the_scanners_position_with_or_without_a_syntax_error_later() {
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let eager_deep = format!("{{\n  \"a\": {deep}\n}}");
    let Err(e) = read_document_deferred(eager_deep.as_bytes(), None) else {
        panic!("too deep must fail");
    };
    assert_eq!(e.position.line, 2);
    // The object is the first level, so the 100th bracket (column 7 + 100) is one too many.
    assert_eq!(e.position.column, 7 + MAX_DEPTH as u32);
    // A syntax error before the deep part wins, as the scanner stops there.
    let broken_first = format!("{{\"a\" 1, \"b\": {deep}}}");
    let Err(e) = read_document_deferred(broken_first.as_bytes(), None) else {
        panic!("broken text must fail");
    };
    assert!(e.message.starts_with("invalid JSON"), "{e}");
}
