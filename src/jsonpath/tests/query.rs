//! Evaluation: definite vs indefinite results, filters, context and variable roots.

use serde_json::{json, Map, Value};

use crate::jsonpath::{query, Path, PathError, Roots, Selection};

fn input() -> Value {
    json!({
        "foo": 123,
        "bar": ["a", "b", "c"],
        "car": {"cdr": true},
        "jar": [{"a": 1}, {"a": 5}, {"a": 2}, {"a": 7}, {"a": 3}],
        "items": [
            {"name": "pen", "price": 5, "qty": 1},
            {"name": "book", "price": 15, "qty": 1},
            {"name": "lamp", "price": 20, "qty": 5}
        ],
        "detail-type": "Object Created",
        "def ghi": 1,
        "nested": {"a": {"x": 1}, "b": [{"x": 2}]},
        "matrix": [[1, 2], [3]],
        "nil": null
    })
}

fn context() -> Value {
    json!({
        "Execution": {"Id": "arn:aws:states:us-east-1:123:execution:sm:run-1", "Input": {"k": 1}},
        "State": {"Name": "First", "RetryCount": 0},
        "Map": {"Item": {"Index": 2, "Value": {"id": 7}}}
    })
}

#[test]
fn definite_paths_yield_the_node_itself() {
    let cases = [
        ("root", "$", input()),
        ("number", "$.foo", json!(123)),
        ("array", "$.bar", json!(["a", "b", "c"])),
        ("nested", "$.car.cdr", json!(true)),
        ("index", "$.bar[0]", json!("a")),
        ("negative index", "$.bar[-1]", json!("c")),
        ("hyphen dot name", "$.detail-type", json!("Object Created")),
        ("bracket name", "$['detail-type']", json!("Object Created")),
        ("dot then bracket", "$.['def ghi']", json!(1)),
        ("null value", "$.nil", Value::Null),
        ("index then member", "$.nested.b[0].x", json!(2)),
    ];
    for (name, path, expected) in cases {
        assert_eq!(
            query(path, &input(), &context()),
            Ok(expected),
            "case '{name}': {path}"
        );
    }
}

#[test]
fn indefinite_paths_yield_an_array_of_matches() {
    let cases = [
        ("wildcard", "$.bar[*]", json!(["a", "b", "c"])),
        (
            "wildcard then member",
            "$.items[*].name",
            json!(["pen", "book", "lamp"]),
        ),
        (
            "filter &&",
            "$.items[?(@.price > 10 && @.qty < 2)].name",
            json!(["book"]),
        ),
        (
            "filter ||",
            "$.items[?(@.price < 10 || @.qty > 2)].name",
            json!(["pen", "lamp"]),
        ),
        (
            "filter == string",
            "$.items[?(@.name == 'book')].price",
            json!([15]),
        ),
        (
            "filter AWS docs example",
            "$.jar[?(@.a >= 5)]",
            json!([{"a": 5}, {"a": 7}]),
        ),
        (
            "filter existence",
            "$.items[?(@.qty)].qty",
            json!([1, 1, 5]),
        ),
        (
            "one match is still an array",
            "$.items[?(@.price == 5)]",
            json!([{"name": "pen", "price": 5, "qty": 1}]),
        ),
        (
            "empty filter result",
            "$.items[?(@.price > 100)]",
            json!([]),
        ),
        ("wildcard on missing member", "$.missing[*]", json!([])),
        ("wildcard on scalar", "$.foo[*]", json!([])),
        ("recursive descent", "$.nested..x", json!([1, 2])),
        (
            "recursive descent filter",
            "$..[?(@.x == 2)]",
            json!([{"x": 2}]),
        ),
        (
            "filter against $",
            "$.jar[?(@.a > $.nested.b[0].x)].a",
            json!([5, 7, 3]),
        ),
        ("slice", "$.bar[0:2]", json!(["a", "b"])),
        ("negative slice", "$.bar[-2:]", json!(["b", "c"])),
        ("index union", "$.bar[0,2]", json!(["a", "c"])),
        (
            "flatten array of arrays",
            "$.matrix[*][*]",
            json!([1, 2, 3]),
        ),
    ];
    for (name, path, expected) in cases {
        assert_eq!(
            query(path, &input(), &context()),
            Ok(expected),
            "case '{name}': {path}"
        );
    }
}

#[test]
fn a_definite_path_that_matches_nothing_is_an_error() {
    let cases = [
        ("missing member", "$.missing", "at $: no field 'missing'"),
        (
            "member of a number",
            "$.foo.x",
            "at $.foo: a number has no field 'x'",
        ),
        (
            "index out of range",
            "$.bar[3]",
            "at $.bar: index 3 is out of range (length 3)",
        ),
        (
            "negative index out of range",
            "$.bar[-4]",
            "index -4 is out of range",
        ),
        ("member of an array", "$.bar.x", "an array has no field 'x'"),
        ("index of an object", "$.car[0]", "an object has no index 0"),
        (
            "missing context field",
            "$$.Task.Token",
            "at $$: no field 'Task'",
        ),
    ];
    for (name, path, reason) in cases {
        match query(path, &input(), &context()) {
            Err(err @ PathError::NotFound { .. }) => {
                assert!(err.to_string().contains(reason), "case '{name}': {err}");
                assert_eq!(err.aws_error_name(), "States.Runtime", "case '{name}'");
            }
            other => panic!("case '{name}': expected NotFound for {path}, got {other:?}"),
        }
    }
}

#[test]
fn context_paths_read_the_context_object() {
    let cases = [
        ("whole context", "$$", context()),
        (
            "execution id",
            "$$.Execution.Id",
            json!("arn:aws:states:us-east-1:123:execution:sm:run-1"),
        ),
        ("execution input", "$$.Execution.Input.k", json!(1)),
        ("map item value", "$$.Map.Item.Value", json!({"id": 7})),
        ("map item index", "$$.Map.Item.Index", json!(2)),
        ("indefinite context path", "$$.State.*", json!(["First", 0])),
    ];
    for (name, path, expected) in cases {
        assert_eq!(
            query(path, &input(), &context()),
            Ok(expected),
            "case '{name}': {path}"
        );
    }
}

#[test]
fn variable_paths_read_assigned_variables() {
    let mut variables = Map::new();
    variables.insert("myVar".into(), json!({"a": [10, 20]}));
    variables.insert("count".into(), json!(3));
    let input = input();
    let context = context();
    let roots = Roots::new(&input, &context).with_variables(&variables);
    let cases = [
        ("whole variable", "$count", Ok(json!(3))),
        ("member and index", "$myVar.a[1]", Ok(json!(20))),
        ("indefinite", "$myVar.a[*]", Ok(json!([10, 20]))),
        ("input still reachable", "$.foo", Ok(json!(123))),
    ];
    for (name, path, expected) in cases {
        let result = Path::parse(path).and_then(|p| p.evaluate(&roots));
        assert_eq!(result, expected, "case '{name}': {path}");
    }
    let unknown = Path::parse("$nope.a").and_then(|p| p.evaluate(&roots));
    assert!(
        matches!(unknown, Err(PathError::UnknownVariable { ref name, .. }) if name == "nope"),
        "case 'unknown variable': {unknown:?}"
    );
    let without = query("$myVar", &input, &context);
    assert!(
        matches!(without, Err(PathError::UnknownVariable { .. })),
        "case 'no variables in scope': {without:?}"
    );
}

#[test]
fn select_borrows_without_copying() {
    let input = input();
    let context = context();
    let roots = Roots::new(&input, &context);
    let one = Path::parse("$.car").and_then(|p| p.select(&roots));
    assert_eq!(
        one,
        Ok(Selection::One(&json!({"cdr": true}))),
        "case 'definite select'"
    );
    let many = Path::parse("$.bar[1:]").and_then(|p| p.select(&roots));
    assert_eq!(
        many,
        Ok(Selection::Many(vec![&json!("b"), &json!("c")])),
        "case 'indefinite select'"
    );
}

#[test]
fn a_compiled_path_is_reusable() {
    let path = Path::parse("$.items[?(@.qty > 1)].name").map_err(|e| e.to_string());
    let Ok(path) = path else {
        panic!("case 'compile': {path:?}");
    };
    let other = json!({"items": [{"name": "x", "qty": 2}]});
    assert_eq!(
        path.query(&input(), &context()),
        Ok(json!(["lamp"])),
        "case 'first input'"
    );
    assert_eq!(
        path.query(&other, &context()),
        Ok(json!(["x"])),
        "case 'second input'"
    );
    assert_eq!(
        path.to_string(),
        "$.items[?(@.qty > 1)].name",
        "case 'display'"
    );
}

#[test]
fn a_bare_word_in_a_filter_compares_as_a_string() {
    let data = json!([
        {"TargetLanguageCode": "es", "TranslatedText": "hola"},
        {"TargetLanguageCode": "fr", "TranslatedText": "bonjour"}
    ]);
    let found = query(
        "$[?(@.TargetLanguageCode==es)].TranslatedText",
        &data,
        &json!({}),
    );
    assert_eq!(found, Ok(json!(["hola"])), "bare word es");
}
