//! YAML 1.2 core-schema scalars, keys and placeholders; format detection and hints.

use serde_json::json;

use super::{assert_error, read_err, read_ok};
use crate::asl::text::{Format, TextErrorKind};

#[test]
fn yaml_strict_booleans() {
    let text = "Yes: Yes\nNo: No\non: on\noff: off\ny: y\nn: n\nt: true\nf: False\nu: TRUE\n";
    let doc = read_ok("booleans", text, None);
    let expected = json!({
        "Yes": "Yes", "No": "No", "on": "on", "off": "off", "y": "y", "n": "n",
        "t": true, "f": false, "u": true
    });
    assert_eq!(
        doc.value, expected,
        "only true/false spellings are booleans"
    );
}

#[test]
fn yaml_core_schema_scalars() {
    let cases = [
        ("decimal int", "v: 1", json!(1)),
        ("negative int", "v: -2", json!(-2)),
        ("float", "v: 1.5", json!(1.5)),
        ("exponent", "v: 1e3", json!(1000.0)),
        ("hex int (core schema)", "v: 0x10", json!(16)),
        ("octal int (core schema 0o)", "v: 0o17", json!(15)),
        (
            "leading zero keeps its spelling (account ids)",
            "v: 012345678901",
            json!("012345678901"),
        ),
        (
            "underscores are not 1.2 numbers",
            "v: 1_000",
            json!("1_000"),
        ),
        ("quoted number stays a string", "v: \"1\"", json!("1")),
        ("null", "v: null", json!(null)),
        ("tilde null", "v: ~", json!(null)),
        ("empty null", "v:", json!(null)),
        ("quoted Yes", "v: \"Yes\"", json!("Yes")),
        (
            "timestamp stays a string",
            "v: 2024-01-01T00:00:00Z",
            json!("2024-01-01T00:00:00Z"),
        ),
        (
            "quoted placeholder",
            "v: \"${LambdaArn}\"",
            json!("${LambdaArn}"),
        ),
        (
            "single-quoted placeholder",
            "v: '${Lambda.Arn}'",
            json!("${Lambda.Arn}"),
        ),
        (
            "plain placeholder",
            "v: ${LambdaArn}",
            json!("${LambdaArn}"),
        ),
        (
            "ARN with colons",
            "v: arn:aws:states:::lambda:invoke",
            json!("arn:aws:states:::lambda:invoke"),
        ),
        ("JSONPath", "v: $.detail", json!("$.detail")),
        (
            "JSONata",
            "v: '{% $states.input %}'",
            json!("{% $states.input %}"),
        ),
        (
            "merge key is an ordinary key",
            "v: {<<: {b: 1}}",
            json!({"<<": {"b": 1}}),
        ),
        ("literal block", "v: |\n  a\n  b\n", json!("a\nb\n")),
    ];
    for (case, text, expected) in cases {
        let doc = read_ok(case, text, None);
        assert_eq!(doc.value["v"], expected, "{case}");
    }
}

#[test]
fn yaml_non_string_keys_become_strings() {
    let doc = read_ok("keys", "1: a\ntrue: b\n1.5: c\nnull: d\n", None);
    let expected = json!({"1": "a", "true": "b", "1.5": "c", "null": "d"});
    assert_eq!(doc.value, expected, "scalar keys keep their spelling");
    assert_eq!(
        doc.positions.locate("/1.5"),
        super::pos(3, 1),
        "position of a number key"
    );
}

#[test]
fn yaml_rejects_what_json_cannot_hold() {
    let cases: &[(&str, &str, TextErrorKind, &str)] = &[
        (
            "sequence as key",
            "? [a, b]\n: c\n",
            TextErrorKind::Unsupported,
            "mapping key",
        ),
        (
            "mapping as key",
            "? {a: b}\n: c\n",
            TextErrorKind::Unsupported,
            "mapping key",
        ),
        (
            "two documents",
            "a: 1\n---\nb: 2\n",
            TextErrorKind::Unsupported,
            "more than one YAML document",
        ),
        (
            "infinity",
            "v: .inf\n",
            TextErrorKind::Syntax,
            "invalid YAML",
        ),
    ];
    for (case, text, kind, needle) in cases {
        let e = read_err(case, text.as_bytes(), None);
        assert_error(case, &e, *kind, needle);
    }
}

#[test]
fn yaml_single_document_markers_are_fine() {
    let cases = [
        ("explicit start", "---\na: 1\n"),
        ("explicit start and end", "---\na: 1\n...\n"),
        ("BOM", "\u{feff}a: 1\n"),
        ("duplicate keys: last wins", "a: 0\na: 1\n"),
    ];
    for (case, text) in cases {
        let doc = read_ok(case, text, None);
        assert_eq!(doc.value, json!({"a": 1}), "{case}");
    }
}

#[test]
fn format_detection_and_hints() {
    let cases: &[(&str, &str, Option<Format>, Format)] = &[
        ("object is JSON", " \n{\"a\": 1}", None, Format::Json),
        ("array is JSON", "[1]", None, Format::Json),
        ("BOM then JSON", "\u{feff}{\"a\": 1}", None, Format::Json),
        ("mapping is YAML", "a: 1", None, Format::Yaml),
        ("scalar is YAML", "hello", None, Format::Yaml),
        (
            "JSON read as YAML on request",
            "{\"a\": 1}",
            Some(Format::Yaml),
            Format::Yaml,
        ),
    ];
    for (case, text, hint, expected) in cases {
        let doc = read_ok(case, text, *hint);
        assert_eq!(doc.format, *expected, "{case}");
    }
    let e = read_err("YAML forced as JSON", b"StartAt: A\n", Some(Format::Json));
    assert_error(
        "YAML forced as JSON",
        &e,
        TextErrorKind::Syntax,
        "is it YAML?",
    );
    let e = read_err("YAML flow detected as JSON", b"{a: 1}", None);
    assert_error(
        "YAML flow detected as JSON",
        &e,
        TextErrorKind::Syntax,
        "invalid JSON",
    );
}

#[test]
fn json_error_columns_count_characters() {
    let e = read_err("non-ASCII before error", "{\"é\": x}".as_bytes(), None);
    assert_error(
        "non-ASCII before error",
        &e,
        TextErrorKind::Syntax,
        "invalid JSON",
    );
    assert_eq!(
        e.position,
        super::pos(1, 7),
        "column of x counts é as one character"
    );
    assert_eq!(
        e.to_string(),
        format!("1:7: {}", e.message),
        "Display is line:column: message"
    );
}
