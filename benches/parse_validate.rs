//! Parse + validate a generated 1,000-state definition (target: under 20 ms).

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};
use statewright::asl::{check, export, parse, Format};

/// A realistic mix: Tasks with Parameters, Retry and Catch; Choices; Waits; Passes; a
/// Parallel every 100 states.
fn definition(states: usize) -> String {
    let mut map = Map::new();
    let name = |i: usize| format!("Step{i:04}");
    for i in 0..states {
        let next = if i + 1 < states {
            json!(name(i + 1))
        } else {
            Value::Null
        };
        let state = match i % 10 {
            0 | 3 | 6 => json!({
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f", "Payload": {"id.$": "$.id", "n.$": "States.MathAdd($.n, 1)"}},
                "ResultSelector": {"body.$": "$.Payload"},
                "ResultPath": "$.result",
                "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}],
                "Next": next
            }),
            1 => json!({
                "Type": "Choice",
                "Choices": [{"And": [{"Variable": "$.n", "NumericGreaterThan": 5}, {"Variable": "$.flag", "BooleanEquals": true}], "Next": next}],
                "Default": next
            }),
            2 => json!({"Type": "Wait", "Seconds": 1, "Next": next}),
            _ => {
                json!({"Type": "Pass", "Parameters": {"a.$": "$.a", "b": [1, 2, 3]}, "ResultPath": "$.pass", "Next": next})
            }
        };
        map.insert(name(i), state);
    }
    if let Some(Value::Object(last)) = map.get_mut(&name(states - 1)) {
        last.remove("Next");
        if last.get("Type") != Some(&json!("Choice")) {
            last.insert("End".into(), json!(true));
        }
    }
    map.insert("Failed".into(), json!({"Type": "Fail", "Error": "Failed"}));
    export::value_to_json(&json!({"StartAt": name(0), "States": map}))
}

fn bench(c: &mut Criterion) {
    let text = definition(1_000);
    let diagnostics = check(text.as_bytes(), Some(Format::Json)).diagnostics;
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    c.bench_function("parse_validate_1000_states", |b| {
        b.iter(|| check(text.as_bytes(), Some(Format::Json)))
    });
    c.bench_function("parse_only_1000_states", |b| {
        b.iter(|| parse(text.as_bytes(), Some(Format::Json)))
    });
    let machine = parse(text.as_bytes(), Some(Format::Json))
        .machine
        .expect("parses");
    c.bench_function("export_json_1000_states", |b| {
        b.iter(|| export::to_json(&machine))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
