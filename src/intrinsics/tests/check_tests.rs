//! Static checks: names, arity, literal types and values, nesting depth.

use crate::intrinsics::{check, ErrorKind, Function, ALL_FUNCTIONS};

#[test]
fn every_function_is_known_with_its_arity() {
    let cases: [(&str, usize, Option<usize>); 18] = [
        ("States.Format", 1, None),
        ("States.StringToJson", 1, Some(1)),
        ("States.JsonToString", 1, Some(1)),
        ("States.Array", 0, None),
        ("States.ArrayPartition", 2, Some(2)),
        ("States.ArrayContains", 2, Some(2)),
        ("States.ArrayRange", 3, Some(3)),
        ("States.ArrayGetItem", 2, Some(2)),
        ("States.ArrayLength", 1, Some(1)),
        ("States.ArrayUnique", 1, Some(1)),
        ("States.Base64Encode", 1, Some(1)),
        ("States.Base64Decode", 1, Some(1)),
        ("States.Hash", 2, Some(2)),
        ("States.JsonMerge", 3, Some(3)),
        ("States.MathRandom", 2, Some(3)),
        ("States.MathAdd", 2, Some(2)),
        ("States.StringSplit", 2, Some(2)),
        ("States.UUID", 0, Some(0)),
    ];
    assert_eq!(ALL_FUNCTIONS.len(), cases.len(), "18 functions");
    for (name, min, max) in cases {
        let function = Function::from_name(name).unwrap_or_else(|| panic!("{name} is known"));
        assert_eq!(function.name(), name, "case {name}: round trip");
        let signature = function.signature();
        assert_eq!(
            (signature.min_args, signature.max_args),
            (min, max),
            "case {name}: arity"
        );
        // Path arguments are unknown statically, so only arity can fail here.
        let args = |n: usize| vec!["$.x"; n].join(", ");
        assert!(
            check(&format!("{name}({})", args(min))).is_ok(),
            "case {name}: minimum arity accepted"
        );
        if min > 0 {
            let err = check(&format!("{name}({})", args(min - 1))).expect_err(name);
            assert_eq!(err.kind, ErrorKind::Arity, "case {name}: too few");
        }
        if let Some(max) = max {
            let err = check(&format!("{name}({})", args(max + 1))).expect_err(name);
            assert_eq!(err.kind, ErrorKind::Arity, "case {name}: too many");
            assert!(
                err.message.contains(&signature.describe_arity()),
                "case {name}: arity message"
            );
        }
    }
}

#[test]
fn valid_expressions_pass() {
    let cases = [
        "States.Format('Hello {}, you owe {}', $.name, $.amount)",
        "States.Format($.template, $.a, $.b, $.c)",
        r"States.Format('\{\} literal braces')",
        "States.JsonToString(States.StringToJson($.x))",
        "States.Hash($.data, 'SHA-384')",
        "States.Hash($.data, $.algorithm)",
        "States.JsonMerge($.a, $.b, false)",
        "States.JsonMerge($.a, $.b, $.deep)",
        "States.MathRandom(1, 999)",
        "States.MathRandom($.a, $.b, 7)",
        "States.ArrayRange(1, $.n, 1)",
        "States.ArrayGetItem($.arr, 0)",
        "States.ArrayLength(States.StringSplit($.s, ','))",
        "States.UUID()",
        "States.Array($var, $$.Execution.Id)",
    ];
    for text in cases {
        if let Err(e) = check(text) {
            panic!("case {text}: unexpected error at {}: {e}", e.offset);
        }
    }
}

#[test]
fn literal_problems_are_found_statically() {
    let cases: [(&str, ErrorKind, usize, &str); 19] = [
        (
            "States.Hash($.d, 'SHA-3')",
            ErrorKind::InvalidArgument,
            17,
            "unsupported hash algorithm 'SHA-3'",
        ),
        (
            "States.Hash($.d, 1)",
            ErrorKind::InvalidArgument,
            17,
            "argument 2 must be a string, not a number",
        ),
        (
            "States.JsonMerge($.a, $.b, true)",
            ErrorKind::InvalidArgument,
            27,
            "must be false",
        ),
        (
            "States.JsonMerge($.a, $.b, 'false')",
            ErrorKind::InvalidArgument,
            27,
            "must be a boolean",
        ),
        (
            "States.JsonMerge('a', $.b, false)",
            ErrorKind::InvalidArgument,
            17,
            "must be an object, not a string",
        ),
        (
            "States.Format(1)",
            ErrorKind::InvalidArgument,
            14,
            "must be a string",
        ),
        (
            "States.Format('{} and {}', $.a)",
            ErrorKind::InvalidArgument,
            14,
            "2 placeholders, 1 arguments",
        ),
        (
            "States.Format('{', $.a)",
            ErrorKind::InvalidArgument,
            14,
            "unmatched '{'",
        ),
        (
            "States.ArrayRange($.a, $.b, 0)",
            ErrorKind::InvalidArgument,
            28,
            "non-zero",
        ),
        (
            "States.ArrayRange(1, 2000, 1)",
            ErrorKind::InvalidArgument,
            21,
            "limit is 1000",
        ),
        (
            "States.ArrayPartition($.a, 0)",
            ErrorKind::InvalidArgument,
            27,
            "positive, non-zero",
        ),
        (
            "States.ArrayGetItem($.a, -1)",
            ErrorKind::InvalidArgument,
            25,
            "non-negative",
        ),
        (
            "States.ArrayLength('abc')",
            ErrorKind::InvalidArgument,
            19,
            "must be an array, not a string",
        ),
        (
            "States.ArrayLength(States.Format('x'))",
            ErrorKind::InvalidArgument,
            19,
            "not a string",
        ),
        (
            "States.MathAdd(null, 1)",
            ErrorKind::InvalidArgument,
            15,
            "not null",
        ),
        (
            "States.MathRandom(5, 5)",
            ErrorKind::InvalidArgument,
            21,
            "must be greater than the start",
        ),
        (
            "States.StringToJson('{oops')",
            ErrorKind::InvalidArgument,
            20,
            "not valid JSON",
        ),
        (
            "States.Base64Decode('a')",
            ErrorKind::InvalidArgument,
            20,
            "not valid Base64",
        ),
        (
            "States.Array(States.Nope())",
            ErrorKind::UnknownFunction,
            13,
            "Unknown intrinsic",
        ),
    ];
    for (text, kind, offset, fragment) in cases {
        let err = check(text).expect_err(text);
        assert_eq!(err.kind, kind, "case {text}: kind ({err})");
        assert_eq!(err.offset, offset, "case {text}: offset ({err})");
        assert!(
            err.message.contains(fragment),
            "case {text}: message {:?} lacks {fragment:?}",
            err.message
        );
    }
}

#[test]
fn nesting_depth_is_limited_to_ten() {
    let nest = |n: usize| format!("{}$.x{}", "States.Array(".repeat(n), ")".repeat(n));
    assert!(check(&nest(10)).is_ok(), "10 nested calls are allowed");
    let err = check(&nest(11)).expect_err("11 nested calls");
    assert_eq!(err.kind, ErrorKind::TooDeep, "11 nested calls kind");
    assert!(
        err.message.contains("at most 10"),
        "message names the limit: {err}"
    );
    // AWS's documented example nests nine calls and is valid.
    let aws_example = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))";
    assert!(check(aws_example).is_ok(), "AWS documentation example");
}

#[test]
fn syntax_errors_surface_through_check() {
    let err = check("States.Format('a'").expect_err("unclosed");
    assert_eq!(err.kind, ErrorKind::Syntax, "syntax kind");
}
