//! Reference paths: get and set (ResultPath semantics).

use serde_json::{json, Value};

use crate::jsonpath::{set_reference, PathError, ReferencePath, Roots};

#[test]
fn set_reference_stores_the_result() {
    let cases = [
        (
            "root replaces the input",
            json!({"a": 1}),
            "$",
            json!({"b": 2}),
        ),
        (
            "new member appended",
            json!({"a": 1}),
            "$.result",
            json!({"a": 1, "result": 5}),
        ),
        (
            "existing scalar replaced",
            json!({"a": 1}),
            "$.a",
            json!({"a": 5}),
        ),
        (
            "existing object replaced",
            json!({"a": {"x": 1}}),
            "$.a",
            json!({"a": 5}),
        ),
        (
            "nested objects created",
            json!({}),
            "$.a.b.c",
            json!({"a": {"b": {"c": 5}}}),
        ),
        (
            "member added to nested object",
            json!({"a": {"x": 1}}),
            "$.a.b",
            json!({"a": {"x": 1, "b": 5}}),
        ),
        (
            "array element replaced",
            json!({"a": [1, 2, 3]}),
            "$.a[1]",
            json!({"a": [1, 5, 3]}),
        ),
        (
            "member set inside array element",
            json!({"a": [{"x": 1}]}),
            "$.a[0].b",
            json!({"a": [{"x": 1, "b": 5}]}),
        ),
        ("bracket name", json!({}), "$['a b']", json!({"a b": 5})),
        ("root array element", json!([0, 0]), "$[1]", json!([0, 5])),
    ];
    for (name, target, path, expected) in cases {
        let value = if path == "$" {
            json!({"b": 2})
        } else {
            json!(5)
        };
        assert_eq!(
            set_reference(target, path, value),
            Ok(expected),
            "case '{name}': {path}"
        );
    }
}

#[test]
fn set_reference_keeps_key_order() {
    let result = set_reference(json!({"z": 1, "a": 2}), "$.m", json!(3));
    let keys: Vec<String> = match result {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        other => panic!("case 'key order': {other:?}"),
    };
    assert_eq!(keys, ["z", "a", "m"], "case 'key order'");
}

#[test]
fn set_reference_fails_like_aws() {
    let cases = [
        (
            "through a string",
            json!({"a": "str"}),
            "$.a.b",
            "$.a is a string, not an object",
        ),
        (
            "through a number",
            json!({"a": 1}),
            "$.a.b",
            "$.a is a number, not an object",
        ),
        (
            "through null",
            json!({"a": null}),
            "$.a.b",
            "$.a is null, not an object",
        ),
        (
            "member of an array",
            json!({"a": [1]}),
            "$.a.b",
            "$.a is an array, not an object",
        ),
        (
            "input is not an object",
            json!("text"),
            "$.x",
            "$ is a string, not an object",
        ),
        (
            "index out of range",
            json!({"a": [1]}),
            "$.a[5]",
            "index 5 is out of range (length 1)",
        ),
        (
            "index into created object",
            json!({}),
            "$.a[0]",
            "$.a is an object, not an array",
        ),
        (
            "index into object",
            json!({"a": {"0": 1}}),
            "$.a[0]",
            "not an array",
        ),
        (
            "context root",
            json!({}),
            "$$.Execution",
            "only the state input",
        ),
        ("variable root", json!({}), "$v.a", "only the state input"),
    ];
    for (name, target, path, reason) in cases {
        match set_reference(target, path, json!(5)) {
            Err(err @ PathError::ResultPathMatchFailure { .. }) => {
                assert!(err.to_string().contains(reason), "case '{name}': {err}");
                assert_eq!(
                    err.aws_error_name(),
                    "States.ResultPathMatchFailure",
                    "case '{name}'"
                );
            }
            other => panic!("case '{name}': expected ResultPathMatchFailure, got {other:?}"),
        }
    }
}

#[test]
fn set_reference_rejects_non_reference_paths() {
    let cases = [
        ("wildcard", "$.a[*]"),
        ("filter", "$.a[?(@.x)]"),
        ("recursive descent", "$..a"),
        ("syntax error", "$.a."),
    ];
    for (name, path) in cases {
        let result = set_reference(json!({"a": [1]}), path, json!(5));
        assert!(
            matches!(
                result,
                Err(PathError::NotReference { .. } | PathError::Syntax { .. })
            ),
            "case '{name}': {result:?}"
        );
    }
}

#[test]
fn reference_get_reads_one_node() {
    let input = json!({"a": {"b": [1, 2]}});
    let context = json!({"Execution": {"Input": {"items": [1]}}});
    let roots = Roots::new(&input, &context);
    let cases = [
        ("root", "$", Ok(input.clone())),
        ("nested index", "$.a.b[1]", Ok(json!(2))),
        ("context", "$$.Execution.Input.items", Ok(json!([1]))),
    ];
    for (name, path, expected) in cases {
        let got = ReferencePath::parse(path).and_then(|p| p.get(&roots).cloned());
        assert_eq!(got, expected, "case '{name}': {path}");
    }
    let missing = ReferencePath::parse("$.a.c").and_then(|p| p.get(&roots).cloned());
    assert!(
        matches!(missing, Err(PathError::NotFound { ref reason, .. }) if reason.contains("at $.a: no field 'c'")),
        "case 'missing member': {missing:?}"
    );
}
