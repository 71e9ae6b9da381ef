//! Table-driven tests of evaluation as Step Functions does it; each case is named in its assert.

use serde_json::{json, Map, Value};

use super::functions::java_next_double;
use super::{evaluate, evaluate_template, Bindings};

fn states() -> Value {
    json!({
        "input": {
            "name": "Ada",
            "total": 40,
            "price": 2.5,
            "items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 3}],
            "nested": {"deep": {"value": true}},
            "json": "{\"b\":1,\"a\":[1,2.5,\"x\"]}"
        },
        "result": {"status": "ok"},
        "errorOutput": null,
        "context": {"Execution": {"Name": "run-1"}, "State": {"Name": "Step"}}
    })
}

fn variables() -> Map<String, Value> {
    let Value::Object(map) = json!({"customer": "Grace", "limit": 3, "tags": ["x", "y"]}) else {
        unreachable!("a literal object")
    };
    map
}

/// A deterministic stand-in for the engine's random source (SplitMix64).
fn counter() -> impl FnMut() -> u64 {
    let mut state = 0x0123_4567_89AB_CDEF_u64;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn eval(body: &str) -> Result<Value, String> {
    let (states, variables) = (states(), variables());
    let bindings = Bindings {
        states: &states,
        variables: &variables,
    };
    evaluate(body, &bindings, &mut counter()).map_err(|e| e.message)
}

/// Runs `cases` of (name, expression, expected value).
fn assert_values(cases: &[(&str, &str, Value)]) {
    for (name, body, expected) in cases {
        assert_eq!(eval(body).as_ref(), Ok(expected), "case {name}: {body}");
    }
}

/// Runs `cases` of (name, expression, a fragment the one-line error must contain).
fn assert_errors(cases: &[(&str, &str, &str)]) {
    for (name, body, fragment) in cases {
        match eval(body) {
            Ok(v) => panic!("case {name}: {body} gave {v} instead of an error"),
            Err(message) => {
                assert!(
                    message.contains(fragment),
                    "case {name}: {message:?} lacks {fragment:?}"
                );
                assert!(
                    !message.contains('\n'),
                    "case {name}: {message:?} is not one line"
                );
            }
        }
    }
}

#[test]
fn reads_states_and_variables() {
    assert_values(&[
        ("input field", "$states.input.name", json!("Ada")),
        (
            "whole input",
            "$states.input.nested",
            json!({"deep": {"value": true}}),
        ),
        (
            "deep path",
            " $states.input.nested.deep.value ",
            json!(true),
        ),
        (
            "array mapping",
            "$states.input.items.sku",
            json!(["a", "b"]),
        ),
        ("filter", "$states.input.items[qty > 2].sku", json!("b")),
        ("result", "$states.result.status", json!("ok")),
        ("error output is null", "$states.errorOutput", json!(null)),
        ("context", "$states.context.Execution.Name", json!("run-1")),
        ("variable", "$customer", json!("Grace")),
        ("variable array", "$tags[1]", json!("y")),
        ("variable arithmetic", "$limit * 2", json!(6)),
        (
            "block with local binding",
            "($x := $states.input.total; $x + $limit)",
            json!(43),
        ),
        ("sum", "$sum($states.input.items.qty)", json!(5)),
    ]);
}

#[test]
fn keeps_whole_numbers_integral() {
    assert_values(&[
        ("integer literal", "1", json!(1)),
        ("whole product", "$states.input.price * 2", json!(5)),
        ("fraction", "$states.input.price / 2", json!(1.25)),
        ("whole division", "$states.input.total / 4", json!(10)),
        ("negative zero", "-0", json!(0)),
        ("large whole", "2 * 1e15", json!(2_000_000_000_000_000_i64)),
        (
            "integers inside arrays",
            "[1.0, 2.5, 3]",
            json!([1, 2.5, 3]),
        ),
        ("round", "$round(2.6)", json!(3)),
    ]);
    assert_eq!(eval("10 / 4").map(|v| v.to_string()), Ok("2.5".to_owned()));
    assert_eq!(eval("4 / 2").map(|v| v.to_string()), Ok("2".to_owned()));
}

#[test]
fn constructs_objects_and_arrays() {
    assert_values(&[
        (
            "object",
            "{'who': $states.input.name, 'n': $count($states.input.items)}",
            json!({"who": "Ada", "n": 2}),
        ),
        (
            "undefined field is omitted by JSONata itself",
            "{'a': 1, 'b': $states.input.missing}",
            json!({"a": 1}),
        ),
        (
            "field order is kept",
            "{'z': 1, 'a': 2, 'm': 3}",
            json!({"z": 1, "a": 2, "m": 3}),
        ),
        (
            "array constructor",
            "[$customer, $limit]",
            json!(["Grace", 3]),
        ),
        (
            "string concatenation",
            "'Hello ' & $states.input.name",
            json!("Hello Ada"),
        ),
        ("empty object", "{}", json!({})),
    ]);
}

#[test]
fn nothing_is_an_error() {
    assert_errors(&[
        (
            "missing input field",
            "$states.input.missing",
            "The JSONata expression '$states.input.missing' returned nothing (undefined).",
        ),
        (
            "unknown variable",
            "$nobody",
            "returned nothing (undefined)",
        ),
        (
            "top-level bare field has no context",
            "name",
            "returned nothing (undefined)",
        ),
        (
            "top-level $ has no context",
            "$",
            "returned nothing (undefined)",
        ),
        (
            "empty filter",
            "$states.input.items[qty > 9]",
            "returned nothing (undefined)",
        ),
    ]);
}

#[test]
fn reports_errors_on_one_line() {
    assert_errors(&[
        ("syntax", "$states.input.(", "has a syntax error"),
        (
            "empty body",
            "   ",
            "has a syntax error: the expression is empty",
        ),
        ("type error", "$states.input.name + 1", "failed: T2001"),
        ("user error", "$error('boom')", "failed: D3137: boom"),
        (
            "multi-line expression is quoted on one line",
            "(\n  $x := 1;\n  $x + 'a'\n)",
            "The JSONata expression '( $x := 1; $x + 'a' )' failed",
        ),
        (
            "function result",
            "function($x) { $x }",
            "returned a function, which is not JSON",
        ),
        (
            "infinite number",
            "1e308 * 10",
            "returned a number that is not finite",
        ),
        (
            "eval is not available",
            "$eval('1 + 1')",
            "$eval is not available in Step Functions",
        ),
        (
            "runaway recursion",
            "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))",
            "failed: D1011: Stack overflow",
        ),
    ]);
}

#[test]
fn partition() {
    assert_values(&[
        ("even", "$partition([1,2,3,4], 2)", json!([[1, 2], [3, 4]])),
        (
            "shorter last",
            "$partition([1,2,3,4,5], 2)",
            json!([[1, 2], [3, 4], [5]]),
        ),
        ("one chunk", "$partition([1,2,3], 5)", json!([[1, 2, 3]])),
        (
            "fractional size truncates",
            "$partition([1,2,3], 2.9)",
            json!([[1, 2], [3]]),
        ),
        ("single value", "$partition('a', 1)", json!([["a"]])),
        (
            "input path",
            "$partition($states.input.items.sku, 1)",
            json!([["a"], ["b"]]),
        ),
    ]);
    assert_errors(&[
        (
            "empty array is nothing",
            "$partition([], 2)",
            "returned nothing",
        ),
        (
            "zero size",
            "$partition([1,2], 0)",
            "chunk size must be a positive integer, not 0",
        ),
        ("negative size", "$partition([1,2], -1)", "positive integer"),
        (
            "size not a number",
            "$partition([1,2], 'x')",
            "chunk size must be a number, not a string",
        ),
        (
            "missing size",
            "$partition([1,2])",
            "T0410: $partition takes 2 arguments",
        ),
    ]);
}

#[test]
fn range() {
    assert_values(&[
        ("ascending", "$range(0, 10, 2)", json!([0, 2, 4, 6, 8, 10])),
        ("end not on a step", "$range(1, 6, 2)", json!([1, 3, 5])),
        ("descending", "$range(10, 0, -3)", json!([10, 7, 4, 1])),
        ("single", "$range(3, 3, 1)", json!([3])),
        (
            "truncates towards zero",
            "$range(-1.7, 2, 1)",
            json!([-1, 0, 1, 2]),
        ),
        (
            "thousand items allowed",
            "$count($range(1, 1000, 1))",
            json!(1000),
        ),
        (
            "from input",
            "$range(1, $states.input.total / 10, 1)",
            json!([1, 2, 3, 4]),
        ),
    ]);
    assert_errors(&[
        (
            "wrong direction is nothing",
            "$range(5, 1, 1)",
            "returned nothing",
        ),
        (
            "zero step",
            "$range(1, 5, 0)",
            "$range: the step must not be zero",
        ),
        (
            "over the intrinsic's cap",
            "$range(1, 1001, 1)",
            "would have 1001 items",
        ),
        ("huge", "$range(0, 1e18, 1)", "at most 1000"),
        (
            "missing step",
            "$range(1, 5)",
            "T0410: $range takes 3 arguments",
        ),
        (
            "not a number",
            "$range('a', 5, 1)",
            "start must be a number",
        ),
        (
            "beyond 64 bits",
            "$range(-1e19, 1e19, 1e19)",
            "$range: the start is out of range",
        ),
    ]);
}

#[test]
fn hash() {
    assert_values(&[
        ("md5", "$hash('Hello', 'MD5')", json!("8b1a9953c4611296a827abf8c47804d7")),
        ("sha1", "$hash('Hello', 'SHA-1')", json!("f7ff9e8b7bb2e09b70935a5d785e0cc5d9d0abf0")),
        (
            "sha256",
            "$hash('Hello', 'SHA-256')",
            json!("185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969"),
        ),
        (
            "sha384",
            "$hash('Hello', 'SHA-384')",
            json!("3519fe5ad2c596efe3e276a6f351b8fc0b03db861782490d45f7598ebd0ab5fd5520ed102f38c4a5ec834e98668035fc"),
        ),
        (
            "sha512",
            "$hash('Hello', 'SHA-512')",
            json!("3615f80c9d293ed7402687f94b22d58e529b8cc7916f8fac7fddf7fbd5af4cf777d3d795a7a00a16bf7e7f3fb9561ee9baae480da9fe7a18769e71886b03f315"),
        ),
        ("utf-8 bytes", "$hash('ñ', 'MD5')", json!("94e9342ecbb1458b6043ecd3bfcbc192")),
        ("from input", "$length($hash($states.input.name, 'SHA-256'))", json!(64)),
    ]);
    assert_errors(&[
        (
            "lowercase algorithm",
            "$hash('a', 'md5')",
            "must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, not 'md5'",
        ),
        (
            "unknown algorithm",
            "$hash('a', 'SHA3-256')",
            "not 'SHA3-256'",
        ),
        ("algorithm not a string", "$hash('a', 5)", "not a number"),
        (
            "data not a string",
            "$hash(42, 'MD5')",
            "the data must be a string, not a number",
        ),
        (
            "missing algorithm",
            "$hash('a')",
            "T0410: $hash takes 2 arguments",
        ),
        (
            "missing data is nothing",
            "$hash($states.input.missing, 'MD5')",
            "returned nothing",
        ),
    ]);
}

#[test]
fn random_and_uuid() {
    // The same seed gives what java.util.Random gives, as on AWS.
    assert_eq!(
        java_next_double(42),
        0.7275636800328681,
        "case java seed 42"
    );
    assert_eq!(java_next_double(0), 0.730967787376657, "case java seed 0");
    assert_values(&[
        ("seeded", "$random(42)", json!(0.7275636800328681)),
        ("seed truncates", "$random(0.9) = $random(0)", json!(true)),
        ("seed from input", "$random($states.input.total) = $random(40)", json!(true)),
        ("unseeded in range", "$random() >= 0 and $random() < 1", json!(true)),
        ("unseeded draws differ", "$random() = $random()", json!(false)),
        ("uuid shape", "$match($uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) ~> $exists()", json!(true)),
        ("uuids differ", "$uuid() = $uuid()", json!(false)),
        ("uuid as a function value", "$count($map([1, 2, 3], $uuid))", json!(3)),
        ("many draws refill the pool", "$count($distinct($map([1..200], function($i) { $uuid() })))", json!(200)),
    ]);
    // The injected source makes unseeded results reproducible.
    assert_eq!(
        eval("$uuid()"),
        eval("$uuid()"),
        "case uuid is deterministic for a source"
    );
    assert_eq!(
        eval("$random()"),
        eval("$random()"),
        "case random is deterministic for a source"
    );
    assert_errors(&[(
        "random seed not a number",
        "$random('x')",
        "seed must be a number",
    )]);
}

#[test]
fn parse() {
    assert_values(&[
        (
            "object keeps order",
            "$parse('{\"b\":1,\"a\":2}')",
            json!({"b": 1, "a": 2}),
        ),
        (
            "from input",
            "$parse($states.input.json)",
            json!({"b": 1, "a": [1, 2.5, "x"]}),
        ),
        (
            "navigate the result",
            "$parse($states.input.json).a[2]",
            json!("x"),
        ),
        ("number", "$parse('1.0')", json!(1)),
        ("null is a value", "$exists($parse('null'))", json!(true)),
        (
            "as a function value",
            "$map(['{\"a\":1}', '{\"a\":2}'], $parse).a",
            json!([1, 2]),
        ),
    ]);
    assert_errors(&[
        (
            "invalid json",
            "$parse('not json')",
            "D3137: $parse: invalid JSON",
        ),
        ("empty string", "$parse('')", "invalid JSON"),
        (
            "not a string",
            "$parse(5)",
            "the argument must be a string, not a number",
        ),
        (
            "missing is nothing",
            "$parse($states.input.missing)",
            "returned nothing",
        ),
    ]);
}

#[test]
fn evaluates_templates() {
    let (states, variables) = (states(), variables());
    let bindings = Bindings {
        states: &states,
        variables: &variables,
    };
    let cases = [
        ("plain string stays", json!("hello"), json!("hello")),
        (
            "not quite an expression",
            json!(" {% 1 %}"),
            json!(" {% 1 %}"),
        ),
        (
            "interpolation is not supported",
            json!("a {% 1 %} b"),
            json!("a {% 1 %} b"),
        ),
        (
            "bare expression",
            json!("{% $states.input.total + 2 %}"),
            json!(42),
        ),
        ("no spaces", json!("{%$limit%}"), json!(3)),
        (
            "scalars stay",
            json!([1, true, null, 2.5]),
            json!([1, true, null, 2.5]),
        ),
        (
            "nested",
            json!({
                "static": "x",
                "who": "{% $states.input.name %}",
                "list": ["{% $limit %}", {"deep": "{% $customer & '!' %}"}, 7],
                "obj": {"n": "{% $states.input.items[0].qty %}"}
            }),
            json!({
                "static": "x",
                "who": "Ada",
                "list": [3, {"deep": "Grace!"}, 7],
                "obj": {"n": 2}
            }),
        ),
    ];
    for (name, template, expected) in cases {
        let got = evaluate_template(&template, &bindings, &mut counter());
        assert_eq!(got, Ok(expected), "case {name}");
    }

    let failures = [
        (
            "undefined field fails the template, naming the field",
            json!({"Input": {"pushLocation": "{% $states.input.missing %}"}}),
            "The JSONata expression '$states.input.missing' specified for the field 'Input/pushLocation' returned nothing (undefined).",
        ),
        (
            "array index in the path",
            json!({"a": [1, "{% 1 + 'x' %}"]}),
            "specified for the field 'a/1' failed: T2002: The right side of the + operator",
        ),
        (
            "root expression has no field",
            json!("{% $nope %}"),
            "The JSONata expression '$nope' returned nothing (undefined).",
        ),
        (
            "syntax error in a field",
            json!({"x": "{% ( %}"}),
            "specified for the field 'x' has a syntax error",
        ),
    ];
    for (name, template, fragment) in failures {
        let message = match evaluate_template(&template, &bindings, &mut counter()) {
            Ok(v) => panic!("case {name}: gave {v}"),
            Err(e) => e.message,
        };
        assert!(message.contains(fragment), "case {name}: {message:?}");
        assert!(
            !message.contains('\n'),
            "case {name}: {message:?} is not one line"
        );
    }
}

#[test]
fn cached_expressions_see_new_bindings() {
    let variables = Map::new();
    for n in [1, 2, 3] {
        let states = json!({"input": {"n": n}});
        let bindings = Bindings {
            states: &states,
            variables: &variables,
        };
        let got = evaluate("$states.input.n * 10", &bindings, &mut counter());
        assert_eq!(got, Ok(json!(n * 10)), "case run {n}");
    }
}
