//! Evaluation: every function's success cases and failure modes, table-driven.

use serde_json::{json, Value};

use crate::intrinsics::{evaluate, parse, ErrorKind, IntrinsicError, SplitMix64};

/// The input document the `$.…` paths of these tests read.
fn input() -> Value {
    json!({
        "name": "Ada", "amount": 12.5, "n": 3, "flag": true, "nothing": null,
        "arr": [1, 2, 3, 4, 5, 6, 7, 8, 9], "dups": [1, "1", 1, {"a": 1}, {"a": 1}, 1.0],
        "obj": {"k": 1, "list": ["x", 2]}, "o1": {"a": {"a1": 1}, "b": 2}, "o2": {"a": {"a3": 1}, "c": 3},
        "json": "{\"foo\": \"bar\"}", "badJson": "{foo", "template": "Hi {}",
        "long": "a".repeat(10_001), "max": "a".repeat(10_000),
        "rocket5000": "\u{1F680}".repeat(5000), "rocket5001": "\u{1F680}".repeat(5001),
        "split": "This.is+a,test=string", "splitter": ".+,=",
    })
}

/// Resolves `$.key` against [`input`], `$$.Execution.Id` and `$v`.
fn resolve(path: &str) -> Result<Value, String> {
    if path == "$$.Execution.Id" {
        return Ok(json!("exec-1"));
    }
    if path == "$v" {
        return Ok(json!(["var"]));
    }
    let key = path
        .strip_prefix("$.")
        .ok_or(format!("unsupported path {path}"))?;
    input().get(key).cloned().ok_or(format!(
        "The JsonPath argument '{path}' could not be found in the input"
    ))
}

fn run(text: &str) -> Result<Value, IntrinsicError> {
    let call = parse(text).unwrap_or_else(|e| panic!("case {text}: parse failed: {e}"));
    evaluate(&call, &resolve, &mut SplitMix64::new(99))
}

#[test]
fn successes() {
    let cases: Vec<(&str, Value)> = vec![
        // Format
        ("States.Format('Hello {}, you owe {}', $.name, $.amount)", json!("Hello Ada, you owe 12.5")),
        ("States.Format('no placeholders')", json!("no placeholders")),
        ("States.Format('{} {} {} {}', $.n, $.flag, $.nothing, $$.Execution.Id)", json!("3 true null exec-1")),
        (r"States.Format('\{\} {} \'q\' \\', $.name)", json!(r"{} Ada 'q' \")),
        ("States.Format($.template, $.name)", json!("Hi Ada")),
        ("States.Format('{}', $.obj)", json!("{k=1, list=[x, 2]}")),
        ("States.Format('{}', $v)", json!("[var]")),
        ("States.Format('  {}  ', 'x')", json!("  x  ")),
        // JSON
        ("States.StringToJson($.json)", json!({"foo": "bar"})),
        ("States.StringToJson('  ')", Value::Null),
        ("States.StringToJson('[1, 2]')", json!([1, 2])),
        ("States.JsonToString($.obj)", json!("{\"k\":1,\"list\":[\"x\",2]}")),
        ("States.JsonToString(States.StringToJson($.json))", json!("{\"foo\":\"bar\"}")),
        ("States.JsonToString('s')", json!("\"s\"")),
        ("States.JsonMerge($.o1, $.o2, false)", json!({"a": {"a3": 1}, "b": 2, "c": 3})),
        // Arrays
        ("States.Array()", json!([])),
        ("States.Array('a', 1, true, null, $.obj)", json!(["a", 1, true, null, {"k": 1, "list": ["x", 2]}])),
        ("States.ArrayPartition($.arr, 4)", json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])),
        ("States.ArrayPartition(States.Array(), 2)", json!([])),
        ("States.ArrayPartition($.arr, 4.9)", json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])),
        ("States.ArrayContains($.arr, 5)", json!(true)),
        ("States.ArrayContains($.dups, $.o1)", json!(false)),
        ("States.ArrayContains($.dups, States.StringToJson('{\"a\":1}'))", json!(true)),
        ("States.ArrayRange(1, 9, 2)", json!([1, 3, 5, 7, 9])),
        ("States.ArrayRange(-2, 2, 2)", json!([-2, 0, 2])),
        ("States.ArrayRange(5, 1, -2)", json!([5, 3, 1])),
        ("States.ArrayRange(3, 3, -1)", json!([3])),
        ("States.ArrayRange(5, 1, 1)", json!([])),
        ("States.ArrayRange(1.4, 5.6, 2.2)", json!([1, 3, 5])),
        ("States.ArrayRange(1.6, 1.4, 1)", json!([1])),
        ("States.ArrayGetItem($.arr, 5)", json!(6)),
        ("States.ArrayGetItem($.arr, 0)", json!(1)),
        ("States.ArrayGetItem(States.StringSplit('a,b', ','), 1)", json!("b")),
        ("States.ArrayLength($.arr)", json!(9)),
        ("States.ArrayLength(States.Array())", json!(0)),
        ("States.ArrayUnique($.dups)", json!([1, "1", {"a": 1}, 1.0])),
        // Encoding and hashing
        ("States.Base64Encode('Data to encode')", json!("RGF0YSB0byBlbmNvZGU=")),
        ("States.Base64Encode('')", json!("")),
        ("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", json!("Data to encode")),
        ("States.Base64Decode('4pyT')", json!("\u{2713}")),
        ("States.Base64Decode('YWJj')", json!("abc")),
        ("States.Base64Decode(' YWJjZA== ')", json!("abcd")),
        ("States.Base64Decode('YWJjZA')", json!("abcd")),
        ("States.Base64Decode(States.Base64Encode($.name))", json!("Ada")),
        ("States.Hash('hello', 'MD5')", json!("5d41402abc4b2a76b9719d911017c592")),
        ("States.Hash('hello', 'SHA-1')", json!("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")),
        ("States.Hash('hello', 'SHA-256')", json!("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")),
        ("States.Hash('hello', 'SHA-384')", json!("59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f")),
        ("States.Hash('hello', 'SHA-512')", json!("9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043")),
        ("States.Hash('', 'SHA-256')", json!("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")),
        ("States.Hash('\u{1F680}', 'SHA-256')", json!("ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5")),
        ("States.Hash(States.Format('{}:{}', 'x', 'y'), 'SHA-256')", json!("1274e286686b54fe765ec40735665b4bf789cee2a5b22124c5e0491a88e15271")),
        ("States.Hash(123, 'MD5')", json!("202cb962ac59075b964b07152d234b70")),
        // Math
        ("States.MathAdd(111, -1)", json!(110)),
        ("States.MathAdd(1.5, 1.4)", json!(3)),
        ("States.MathAdd(-1.5, 0)", json!(-1)),
        ("States.MathAdd(2147483647, 2147483647)", json!(4294967294_i64)),
        // Strings
        ("States.StringSplit($.split, $.splitter)", json!(["This", "is", "a", "test", "string"])),
        ("States.StringSplit('1,2,,3', ',')", json!(["1", "2", "3"])),
        ("States.StringSplit('abc', '')", json!(["abc"])),
    ];
    for (text, expected) in cases {
        match run(text) {
            Ok(actual) => assert_eq!(actual, expected, "case {text}"),
            Err(e) => panic!("case {text}: unexpected error: {e}"),
        }
    }
}

#[test]
fn limits_at_the_boundary_succeed() {
    let cases = [
        (
            "States.ArrayLength(States.ArrayRange(1, 1000, 1))",
            json!(1000),
        ),
        (
            "States.ArrayLength(States.ArrayRange(1000, 1, -1))",
            json!(1000),
        ),
        (
            "States.ArrayLength(States.StringSplit(States.Base64Encode($.max), '='))",
            json!(1),
        ),
        (
            "States.ArrayLength(States.Array(States.Hash($.max, 'MD5')))",
            json!(1),
        ),
        (
            "States.ArrayLength(States.Array(States.Hash($.rocket5000, 'MD5')))",
            json!(1),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            run(text).unwrap_or_else(|e| panic!("case {text}: {e}")),
            expected,
            "case {text}"
        );
    }
}

#[test]
fn failures() {
    let cases: [(&str, ErrorKind, &str); 36] = [
        (
            "States.Format('{} {}', $.name)",
            ErrorKind::InvalidArgument,
            "number of arguments do not match",
        ),
        (
            "States.Format('{}', $.name, $.n)",
            ErrorKind::InvalidArgument,
            "1 placeholders, 2 arguments",
        ),
        (
            "States.Format($.n)",
            ErrorKind::InvalidArgument,
            "the template must be a string",
        ),
        (
            "States.Format('Hello {', $.name)",
            ErrorKind::InvalidArgument,
            "unmatched '{'",
        ),
        (
            "States.Format('Hello {{}}', $.name)",
            ErrorKind::InvalidArgument,
            "unmatched '{'",
        ),
        (
            "States.Format('}')",
            ErrorKind::InvalidArgument,
            "unmatched '}'",
        ),
        (
            "States.StringToJson($.badJson)",
            ErrorKind::InvalidArgument,
            "not valid JSON",
        ),
        (
            "States.StringToJson($.n)",
            ErrorKind::InvalidArgument,
            "must be a string, got a number",
        ),
        (
            "States.JsonMerge($.o1, $.o2, true)",
            ErrorKind::InvalidArgument,
            "must be false",
        ),
        (
            "States.JsonMerge($.o1, $.arr, false)",
            ErrorKind::InvalidArgument,
            "argument 2 must be a JSON object",
        ),
        (
            "States.JsonMerge($.o1, $.o2, 'no')",
            ErrorKind::InvalidArgument,
            "must be false, got a string",
        ),
        (
            "States.ArrayPartition($.arr, 0)",
            ErrorKind::InvalidArgument,
            "positive, non-zero",
        ),
        (
            "States.ArrayPartition($.arr, 0.49)",
            ErrorKind::InvalidArgument,
            "positive, non-zero",
        ),
        (
            "States.ArrayPartition($.obj, 2)",
            ErrorKind::InvalidArgument,
            "must be an array",
        ),
        (
            "States.ArrayContains($.name, 'A')",
            ErrorKind::InvalidArgument,
            "must be an array",
        ),
        (
            "States.ArrayRange(1, 10, 0)",
            ErrorKind::InvalidArgument,
            "non-zero",
        ),
        (
            "States.ArrayRange(1, 10, 0.49)",
            ErrorKind::InvalidArgument,
            "non-zero",
        ),
        (
            "States.ArrayRange(1, 1001, 1)",
            ErrorKind::InvalidArgument,
            "limit is 1000",
        ),
        (
            "States.ArrayRange(1001, 1, -1)",
            ErrorKind::InvalidArgument,
            "limit is 1000",
        ),
        (
            "States.ArrayRange('a', 5, 1)",
            ErrorKind::InvalidArgument,
            "must be a number",
        ),
        (
            "States.ArrayRange(1, 3000000000, 1)",
            ErrorKind::InvalidArgument,
            "between -2147483648 and 2147483647",
        ),
        (
            "States.ArrayGetItem($.arr, 9)",
            ErrorKind::InvalidArgument,
            "out of bounds",
        ),
        (
            "States.ArrayGetItem($.arr, -1)",
            ErrorKind::InvalidArgument,
            "non-negative integer",
        ),
        (
            "States.ArrayGetItem($.arr, 1.5)",
            ErrorKind::InvalidArgument,
            "non-negative integer",
        ),
        (
            "States.ArrayLength($.obj)",
            ErrorKind::InvalidArgument,
            "must be an array, got an object",
        ),
        (
            "States.ArrayUnique($.nothing)",
            ErrorKind::InvalidArgument,
            "must be an array, got null",
        ),
        (
            "States.Base64Encode($.long)",
            ErrorKind::InvalidArgument,
            "10001 characters; the limit is 10000",
        ),
        (
            "States.Base64Encode($.rocket5001)",
            ErrorKind::InvalidArgument,
            "10002 characters",
        ),
        (
            "States.Base64Decode($.long)",
            ErrorKind::InvalidArgument,
            "the limit is 10000",
        ),
        (
            "States.Base64Decode('a')",
            ErrorKind::InvalidArgument,
            "not valid Base64",
        ),
        (
            "States.Base64Decode($.obj)",
            ErrorKind::InvalidArgument,
            "must be a string",
        ),
        (
            "States.Hash($.long, 'SHA-256')",
            ErrorKind::InvalidArgument,
            "the limit is 10000",
        ),
        (
            "States.Hash('data', 'sha-256')",
            ErrorKind::InvalidArgument,
            "unsupported hash algorithm 'sha-256'",
        ),
        (
            "States.MathAdd('1', 2)",
            ErrorKind::InvalidArgument,
            "must be a number",
        ),
        (
            "States.MathAdd(2147483648, 0)",
            ErrorKind::InvalidArgument,
            "between -2147483648",
        ),
        (
            "States.Hash($.missing, 'MD5')",
            ErrorKind::Path,
            "could not be found",
        ),
    ];
    for (text, kind, fragment) in cases {
        let err = run(text).expect_err(text);
        assert_eq!(err.kind, kind, "case {text}: kind ({err})");
        assert!(
            err.message.contains(fragment),
            "case {text}: message {:?} lacks {fragment:?}",
            err.message
        );
        if kind == ErrorKind::InvalidArgument {
            assert!(
                err.message.starts_with("Invalid arguments in States."),
                "case {text}: AWS wording"
            );
        }
    }
}

#[test]
fn math_random_range_seed_and_failures() {
    let mut rng = SplitMix64::new(5);
    let call = parse("States.MathRandom(1, 4)").expect("parse");
    let mut seen = [false; 3];
    for _ in 0..200 {
        let v = evaluate(&call, &resolve, &mut rng)
            .expect("random")
            .as_i64()
            .expect("int");
        assert!(
            (1..4).contains(&v),
            "MathRandom(1, 4) gave {v}: end is exclusive"
        );
        seen[(v - 1) as usize] = true;
    }
    assert!(seen.iter().all(|s| *s), "MathRandom(1, 4) covers 1..=3");

    let seeded = |seed: u64| {
        let call = parse("States.MathRandom(1, 1000000, 42)").expect("parse");
        evaluate(&call, &resolve, &mut SplitMix64::new(seed)).expect("seeded")
    };
    assert_eq!(
        seeded(1),
        seeded(2),
        "a seed makes the result independent of the rng"
    );

    let wide = run("States.MathRandom(2147483640, 2147483647, 1)").expect("wide");
    assert!(
        wide.as_i64()
            .is_some_and(|v| (2147483640..2147483647).contains(&v)),
        "int32 edge"
    );
    assert!(
        run("States.MathRandom(1.6, 5.4)").is_ok(),
        "fractional bounds truncate"
    );

    for text in [
        "States.MathRandom(1, 1)",
        "States.MathRandom(10, 5)",
        "States.MathRandom(1.49, 1.49)",
        "States.MathRandom('a', 10)",
        "States.MathRandom(1, 10, 'seed')",
        "States.MathRandom(1, 10, null)",
    ] {
        let err = run(text).expect_err(text);
        assert!(
            err.message
                .starts_with("Invalid arguments in States.MathRandom"),
            "case {text}: {err}"
        );
    }
}

#[test]
fn uuid_is_v4_and_deterministic_with_a_seeded_source() {
    let call = parse("States.UUID()").expect("parse");
    let make = |seed| evaluate(&call, &resolve, &mut SplitMix64::new(seed)).expect("uuid");
    let a = make(1);
    assert_eq!(a, make(1), "same seed, same UUID");
    assert_ne!(a, make(2), "different seed, different UUID");
    let text = a.as_str().expect("string");
    let parsed = uuid::Uuid::parse_str(text).expect("valid UUID");
    assert_eq!(parsed.get_version_num(), 4, "version 4");
    assert_eq!(text.len(), 36, "hyphenated form");
}

#[test]
fn wrong_arity_fails_at_evaluation_too() {
    for text in [
        "States.UUID(1)",
        "States.Hash('a')",
        "States.MathRandom(1)",
        "States.JsonMerge($.o1, $.o2)",
    ] {
        let err = run(text).expect_err(text);
        assert_eq!(err.kind, ErrorKind::Arity, "case {text}");
    }
}

#[test]
fn errors_point_at_the_failing_argument() {
    let err = run("States.Array(1, States.ArrayGetItem($.arr, 99))").expect_err("out of range");
    assert_eq!(err.offset, 43, "offset of the index argument");
    let err = run("States.Array(1, $.missing)").expect_err("missing path");
    assert_eq!(err.offset, 16, "offset of the path argument");
}
