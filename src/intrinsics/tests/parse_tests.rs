//! Parser: argument kinds, escapes, nesting, and error offsets.

use serde_json::Number;

use crate::intrinsics::{parse, ArgValue, ErrorKind, Function, PathKind};

#[test]
fn parses_every_argument_kind() {
    let call = parse("States.Array('a', 1, -2.5, true, false, null, $.x, $$.Execution.Id, $var.y, States.UUID())")
        .expect("valid expression");
    assert_eq!(call.function, Function::Array);
    let kinds: Vec<&ArgValue> = call.args.iter().map(|a| &a.value).collect();
    assert!(
        matches!(kinds[0], ArgValue::String(s) if s.value == "a"),
        "string literal"
    );
    assert_eq!(kinds[1], &ArgValue::Number(Number::from(1)), "int literal");
    assert!(
        matches!(kinds[2], ArgValue::Number(n) if n.as_f64() == Some(-2.5)),
        "negative float"
    );
    assert_eq!(kinds[3], &ArgValue::Bool(true), "true");
    assert_eq!(kinds[4], &ArgValue::Bool(false), "false");
    assert_eq!(kinds[5], &ArgValue::Null, "null");
    assert!(
        matches!(kinds[6], ArgValue::Path(p) if p.text == "$.x" && p.kind == PathKind::Input),
        "input path"
    );
    assert!(
        matches!(kinds[7], ArgValue::Path(p) if p.text == "$$.Execution.Id" && p.kind == PathKind::Context),
        "context path"
    );
    assert!(
        matches!(kinds[8], ArgValue::Path(p) if p.text == "$var.y" && p.kind == PathKind::Variable),
        "variable"
    );
    assert!(
        matches!(kinds[9], ArgValue::Call(c) if c.function == Function::Uuid),
        "nested call"
    );
}

#[test]
fn paths_keep_brackets_quotes_and_commas_inside_brackets() {
    let cases = [
        ("States.Array($[0])", "$[0]"),
        ("States.Array($)", "$"),
        ("States.Array($$)", "$$"),
        ("States.Array($.a[0].b)", "$.a[0].b"),
        ("States.Array($['a,b'])", "$['a,b']"),
        ("States.Array($[0,1])", "$[0,1]"),
        ("States.Array($.a[?(@.b == 'x)')])", "$.a[?(@.b == 'x)')]"),
    ];
    for (text, path) in cases {
        let call = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(
            matches!(&call.args[0].value, ArgValue::Path(p) if p.text == path),
            "case {text}: expected path {path}, got {:?}",
            call.args[0].value
        );
    }
}

#[test]
fn string_escapes_follow_aws() {
    let cases = [
        (r"States.Format('\'')", "'", r"\'"),
        (r"States.Format('\{\}')", "{}", r"\{\}"),
        (r"States.Format('a\\b')", r"a\b", r"a\\b"),
        ("States.Format('  spaced  ')", "  spaced  ", "  spaced  "),
        ("States.Format('')", "", ""),
        (
            "States.Format('h\u{e9}llo \u{1F680}')",
            "h\u{e9}llo \u{1F680}",
            "h\u{e9}llo \u{1F680}",
        ),
    ];
    for (text, value, raw) in cases {
        let call = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        match &call.args[0].value {
            ArgValue::String(s) => {
                assert_eq!(s.value, value, "case {text}: value");
                assert_eq!(s.raw, raw, "case {text}: raw");
            }
            other => panic!("case {text}: not a string: {other:?}"),
        }
    }
}

#[test]
fn whitespace_and_nesting() {
    let call = parse("  States.JsonToString( States.StringToJson( $.x ) )  ").expect("nested");
    assert_eq!(call.function, Function::JsonToString);
    assert_eq!(call.depth(), 2, "depth of two nested calls");
    let ArgValue::Call(inner) = &call.args[0].value else {
        panic!("inner call expected");
    };
    assert_eq!(inner.function, Function::StringToJson);
    assert_eq!(inner.offset, 23, "offset of the inner name");
}

#[test]
fn numbers_keep_int_or_float() {
    let call = parse("States.Array(0, -0, 42, 1.5, 1e3, -7)").expect("numbers");
    let nums: Vec<String> = call
        .args
        .iter()
        .map(|a| match &a.value {
            ArgValue::Number(n) => n.to_string(),
            other => panic!("not a number: {other:?}"),
        })
        .collect();
    assert_eq!(nums, ["0", "0", "42", "1.5", "1000.0", "-7"]);
}

#[test]
fn syntax_errors_have_kind_message_and_offset() {
    let cases: [(&str, ErrorKind, usize, &str); 22] = [
        ("", ErrorKind::Syntax, 0, "Expected an intrinsic"),
        ("$.a", ErrorKind::Syntax, 0, "must start with a States.*"),
        ("States.Format", ErrorKind::Syntax, 13, "Expected '('"),
        ("States.Format(", ErrorKind::Syntax, 14, "Unexpected end"),
        ("States.Format('a'", ErrorKind::Syntax, 17, "Missing ')'"),
        (
            "States.Format('a' 'b')",
            ErrorKind::Syntax,
            18,
            "Expected ',' or ')'",
        ),
        (
            "States.Format('a',)",
            ErrorKind::Syntax,
            18,
            "Missing argument",
        ),
        (
            "States.Format(,'a')",
            ErrorKind::Syntax,
            14,
            "Missing argument",
        ),
        (
            "States.Format('abc",
            ErrorKind::Syntax,
            14,
            "Unterminated string",
        ),
        (
            r"States.Format('a\n')",
            ErrorKind::Syntax,
            16,
            "Invalid escape",
        ),
        (
            "States.Format('a\\",
            ErrorKind::Syntax,
            16,
            "Open escape backslash",
        ),
        (
            "States.Format(\"a\")",
            ErrorKind::Syntax,
            14,
            "single quotes",
        ),
        (
            "States.Format('a') x",
            ErrorKind::Syntax,
            19,
            "after the end",
        ),
        (
            "States.Nope()",
            ErrorKind::UnknownFunction,
            0,
            "Unknown intrinsic function 'States.Nope'",
        ),
        (
            "States.Uuid()",
            ErrorKind::UnknownFunction,
            0,
            "did you mean States.UUID?",
        ),
        (
            "Foo.Bar()",
            ErrorKind::Syntax,
            0,
            "names start with 'States.'",
        ),
        (
            "States.Array(01)",
            ErrorKind::Syntax,
            13,
            "Invalid number '01'",
        ),
        ("States.Array(1.)", ErrorKind::Syntax, 13, "Invalid number"),
        (
            "States.Array(12ab)",
            ErrorKind::Syntax,
            13,
            "Invalid number",
        ),
        (
            "States.Array(maybe)",
            ErrorKind::Syntax,
            13,
            "Unexpected 'maybe'",
        ),
        (
            "States.Array($.a[0)",
            ErrorKind::Syntax,
            16,
            "Unclosed bracket",
        ),
        (
            "States.Array(#)",
            ErrorKind::Syntax,
            13,
            "Unexpected character '#'",
        ),
    ];
    for (text, kind, offset, fragment) in cases {
        let err = parse(text).expect_err(text);
        assert_eq!(err.kind, kind, "case {text:?}: kind ({err})");
        assert_eq!(err.offset, offset, "case {text:?}: offset ({err})");
        assert!(
            err.message.contains(fragment),
            "case {text:?}: message {:?} lacks {fragment:?}",
            err.message
        );
        assert!(
            !err.message.contains('\n'),
            "case {text:?}: one-line message"
        );
    }
}

#[test]
fn offsets_count_characters_not_bytes() {
    let err = parse("States.Format('\u{e9}\u{e9}', #)").expect_err("bad char");
    assert_eq!(err.offset, 20, "two-byte characters count once");
}

#[test]
fn absurd_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("{}{}", "States.Array(".repeat(5000), ")".repeat(5000));
    let err = parse(&text).expect_err("too deep");
    assert_eq!(err.kind, ErrorKind::TooDeep, "deep nesting kind");
}
