//! Hostile input: every case must return quickly with a clear error, never panic or overflow.
//!
//! No timing assertions: a case that hangs or overflows the stack fails the run by itself.

use std::fmt::Write as _;

use super::{assert_error, pos, read_err, read_ok};
use crate::asl::text::{read_file, Format, TextErrorKind, MAX_DEPTH, MAX_INPUT_BYTES};

const DEEP: usize = 100_000;

fn repeat(prefix: &str, unit: &str, times: usize, suffix: &str) -> Vec<u8> {
    let mut text = String::with_capacity(prefix.len() + unit.len() * times + suffix.len());
    text.push_str(prefix);
    for _ in 0..times {
        text.push_str(unit);
    }
    text.push_str(suffix);
    text.into_bytes()
}

/// `depth` nested block mappings, each one indented one more space, around a scalar.
fn yaml_block_mappings(depth: usize) -> Vec<u8> {
    let mut text = String::new();
    for level in 0..depth {
        let _ = writeln!(text, "{:level$}a:", "");
    }
    let _ = writeln!(text, "{:depth$}leaf", "");
    text.into_bytes()
}

/// A YAML alias bomb: each level refers ten times to the previous one.
fn billion_laughs() -> Vec<u8> {
    let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let prev = level - 1;
        let refs = vec![format!("*l{prev}"); 10].join(", ");
        let _ = writeln!(text, "l{level}: &l{level} [{refs}]");
    }
    text.into_bytes()
}

/// One large anchored string, aliased until its copies pass the scalar budget.
fn string_alias_bomb() -> Vec<u8> {
    let aliases = vec!["*big"; 400].join(", ");
    format!(
        "big: &big \"{}\"\ncopies: [{aliases}]\n",
        "x".repeat(100_000)
    )
    .into_bytes()
}

/// Case name, input, format hint, expected error kind, text the message must contain.
type Case = (
    &'static str,
    Vec<u8>,
    Option<Format>,
    TextErrorKind,
    &'static str,
);

#[test]
fn hostile_inputs_are_rejected_clearly() {
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.insert(0, b'{');
    let cases: Vec<Case> = vec![
        ("empty", vec![], None, TextErrorKind::Empty, "empty"),
        (
            "whitespace only",
            b" \n\t\r\n ".to_vec(),
            None,
            TextErrorKind::Empty,
            "empty",
        ),
        (
            "BOM only",
            "\u{feff}".into(),
            None,
            TextErrorKind::Empty,
            "empty",
        ),
        (
            "YAML comments only",
            b"# nothing\n".to_vec(),
            None,
            TextErrorKind::Empty,
            "empty",
        ),
        (
            "truncated JSON",
            br#"{"StartAt": "A", "States": {"#.to_vec(),
            None,
            TextErrorKind::Syntax,
            "EOF",
        ),
        (
            "truncated JSON string",
            br#"{"StartAt": "A"#.to_vec(),
            None,
            TextErrorKind::Syntax,
            "EOF",
        ),
        (
            "truncated YAML",
            b"StartAt: \"A\nStates:\n".to_vec(),
            None,
            TextErrorKind::Syntax,
            "invalid YAML",
        ),
        (
            "truncated YAML flow",
            b"States: {A: [1, 2\n".to_vec(),
            None,
            TextErrorKind::Syntax,
            "invalid YAML",
        ),
        (
            "JSON trailing garbage",
            b"{} x".to_vec(),
            None,
            TextErrorKind::Syntax,
            "trailing",
        ),
        (
            "JSON trailing comma",
            b"[1,]".to_vec(),
            None,
            TextErrorKind::Syntax,
            "invalid JSON",
        ),
        (
            "JSON deep arrays",
            repeat("", "[", DEEP, ""),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "JSON deep closed arrays",
            repeat(&"[".repeat(DEEP), "]", DEEP, ""),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "JSON deep objects",
            repeat("", "{\"a\":", DEEP, ""),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "YAML deep flow sequences",
            repeat("a: ", "[", DEEP, ""),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "YAML deep flow mappings",
            repeat("a: ", "{a: ", DEEP, ""),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "YAML deep flow forced",
            repeat("", "[", DEEP, ""),
            Some(Format::Yaml),
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "YAML deep block sequences",
            repeat("", "- ", DEEP, "x\n"),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "YAML deep block mappings",
            yaml_block_mappings(MAX_DEPTH * 3),
            None,
            TextErrorKind::TooDeep,
            "nesting deeper than",
        ),
        (
            "binary garbage",
            binary,
            None,
            TextErrorKind::Encoding,
            "not UTF-8",
        ),
        (
            "invalid UTF-8 in a string",
            b"{\"a\": \"\xff\"}".to_vec(),
            None,
            TextErrorKind::Encoding,
            "not UTF-8",
        ),
        (
            "UTF-16 text",
            b"\xff\xfe{\0}\0".to_vec(),
            None,
            TextErrorKind::Encoding,
            "not UTF-8",
        ),
        (
            "NUL in a JSON string",
            b"{\"a\": \"b\0c\"}".to_vec(),
            None,
            TextErrorKind::Syntax,
            "control character",
        ),
        (
            "NUL between JSON tokens",
            b"{\0}".to_vec(),
            None,
            TextErrorKind::Syntax,
            "invalid JSON",
        ),
        (
            "NUL in YAML",
            b"a: b\0c\n".to_vec(),
            None,
            TextErrorKind::Syntax,
            "invalid YAML",
        ),
        (
            "NUL only",
            b"\0".to_vec(),
            None,
            TextErrorKind::Syntax,
            "invalid YAML",
        ),
        (
            "billion laughs",
            billion_laughs(),
            None,
            TextErrorKind::Budget,
            "alias",
        ),
        (
            "string alias bomb",
            string_alias_bomb(),
            None,
            TextErrorKind::Budget,
            "safety limit",
        ),
        (
            "100 MB input",
            vec![b' '; 100 * 1024 * 1024],
            None,
            TextErrorKind::TooLarge,
            "the most this tool reads",
        ),
    ];
    for (case, bytes, hint, kind, needle) in &cases {
        let e = read_err(case, bytes, *hint);
        assert_error(case, &e, *kind, needle);
    }
}

#[test]
fn depth_errors_point_at_the_first_container_too_deep() {
    let cases = [
        (
            "JSON arrays",
            repeat("", "[", DEEP, ""),
            None,
            pos(1, MAX_DEPTH as u32 + 1),
        ),
        (
            "JSON arrays with newlines",
            repeat("", "[\n", DEEP, ""),
            None,
            pos(MAX_DEPTH as u32 + 1, 1),
        ),
        (
            "YAML flow in a block mapping",
            repeat("a: ", "[", DEEP, ""),
            None,
            pos(1, MAX_DEPTH as u32 + 3),
        ),
        (
            "YAML flow at top level",
            repeat("", "[", DEEP, ""),
            Some(Format::Yaml),
            pos(1, MAX_DEPTH as u32 + 1),
        ),
        (
            "YAML block sequences",
            repeat("", "- ", DEEP, "x"),
            None,
            pos(1, 2 * MAX_DEPTH as u32 + 1),
        ),
    ];
    for (case, bytes, hint, expected) in cases {
        let e = read_err(case, &bytes, hint);
        assert_eq!(e.position, expected, "{case}: position of the depth error");
    }
}

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    let depth = MAX_DEPTH;
    let json_arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let json_objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let yaml_flow = format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth));
    let yaml_block = String::from_utf8(yaml_block_mappings(depth)).unwrap_or_default();
    let cases = [
        ("JSON arrays at the limit", json_arrays, None),
        ("JSON objects at the limit", json_objects, None),
        ("YAML flow at the limit", yaml_flow, Some(Format::Yaml)),
        ("YAML block at the limit", yaml_block, None),
    ];
    for (case, text, hint) in cases {
        read_ok(case, &text, hint);
        let one_more = match hint {
            Some(_) => format!("[{text}]"),
            None if text.starts_with(['[', '{']) => format!("[{text}]"),
            None => format!("- {}", text.replace('\n', "\n  ")),
        };
        let e = read_err(case, one_more.as_bytes(), hint);
        assert_error(
            case,
            &e,
            TextErrorKind::TooDeep,
            &format!("deeper than {MAX_DEPTH}"),
        );
    }
}

#[test]
fn five_megabyte_json_is_read() {
    let mut text = String::from("{\"StartAt\": \"S0\", \"States\": {");
    let mut count = 0usize;
    while text.len() < 5 * 1024 * 1024 {
        let _ = write!(
            text,
            "\n  \"S{count}\": {{\"Type\": \"Pass\", \"Result\": {{\"ünï\": [1, 2.5, \"x\"]}}, \"Next\": \"S{}\"}},",
            count + 1
        );
        count += 1;
    }
    text.push_str(&format!(
        "\n  \"S{count}\": {{\"Type\": \"Succeed\"}}\n}}}}"
    ));
    let doc = read_ok("5 MB JSON", &text, None);
    let states = doc.value["States"].as_object().map_or(0, |m| m.len());
    assert_eq!(states, count + 1, "5 MB JSON: every state read");
    let last = format!("/States/S{count}");
    assert_eq!(
        doc.positions.locate(&last),
        pos(count as u32 + 2, 3),
        "5 MB JSON: last state position"
    );
    let deep = format!("/States/S{}/Result/ünï/2", count - 1);
    assert_eq!(
        doc.positions.locate(&deep).line,
        count as u32 + 1,
        "5 MB JSON: deep pointer line"
    );
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = std::env::temp_dir().join(format!("statewright-text-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("huge.asl.json");
    // A sparse file: large on paper, no disk space, and never read.
    let created = std::fs::File::create(&path).and_then(|f| f.set_len(MAX_INPUT_BYTES as u64 * 4));
    assert!(created.is_ok(), "create sparse file: {created:?}");
    let result = read_file(&path, None);
    let _ = std::fs::remove_dir_all(&dir);
    let Err(e) = result else {
        panic!("oversized file: expected Err");
    };
    assert_error("oversized file", &e, TextErrorKind::TooLarge, "bytes");
    let missing = read_file(&dir.join("missing.json"), None);
    assert!(
        matches!(missing, Err(ref e) if e.kind == TextErrorKind::Io),
        "missing file: {missing:?}"
    );
}

#[test]
fn yaml_aliases_cannot_nest_past_the_limit() {
    // Each alias doubles the depth of what it names, so the value would nest ~150 levels
    // although no line of the text does.
    let half = MAX_DEPTH / 2 + 25;
    let deep = format!("{}1{}", "{a: ".repeat(half), "}".repeat(half));
    let text = format!(
        "x: &x {deep}\ny: [{}]\n",
        "[".repeat(half - 5) + "*x" + &"]".repeat(half - 5)
    );
    let e = read_err("alias nesting", text.as_bytes(), None);
    assert!(
        matches!(e.kind, TextErrorKind::Budget | TextErrorKind::TooDeep),
        "alias nesting: {e}"
    );
    let small = "retry: &retry [{ErrorEquals: [States.ALL], MaxAttempts: 2}]\nA: {Retry: *retry}\n";
    let doc = read_ok("alias reuse", small, None);
    assert_eq!(
        doc.value["A"]["Retry"], doc.value["retry"],
        "alias reuse: value copied"
    );
    assert_eq!(
        doc.positions.locate("/A/Retry/0/MaxAttempts"),
        pos(2, 5),
        "alias: falls back to the key holding the alias"
    );
}
