//! Auto-layout of a generated 1,000-state workflow (target: under 50 ms).

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};
use statewright::asl::{parse, Format};
use statewright::graph::{estimate_text_width, layout, Graph, LayoutOptions};

/// A realistic mix: Tasks whose Catch goes to their block's error handler, Choices that skip
/// ahead or loop back to a Wait, Passes, and a two-branch Parallel every 50 states.
/// With `shared_handler`, every Catch goes to one error state at the bottom instead (the
/// worst case for long edges).
fn definition(states: usize, shared_handler: bool) -> String {
    let mut map = Map::new();
    let name = |i: usize| format!("Step{i:04}");
    let next_of = |i: usize| {
        if i + 1 < states {
            json!(name(i + 1))
        } else {
            json!("Done")
        }
    };
    for i in 0..states {
        let handler = if shared_handler {
            "Handle999".to_owned()
        } else {
            format!("Handle{:03}", i / 25)
        };
        let state = match i % 10 {
            0 | 3 | 6 => json!({
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": handler}],
                "Next": next_of(i)
            }),
            1 => json!({
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.n", "NumericGreaterThan": 10, "Next": name((i + 3).min(states - 1))},
                    {"Variable": "$.retry", "BooleanEquals": true, "Next": name(i.saturating_sub(1))}
                ],
                "Default": next_of(i)
            }),
            5 if i % 50 == 5 => json!({
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": format!("B{i}a"), "States": {format!("B{i}a"): {"Type": "Pass", "Next": format!("B{i}b")}, format!("B{i}b"): {"Type": "Pass", "End": true}}},
                    {"StartAt": format!("B{i}c"), "States": {format!("B{i}c"): {"Type": "Wait", "Seconds": 1, "End": true}}}
                ],
                "Next": next_of(i)
            }),
            8 => json!({"Type": "Wait", "Seconds": 1, "Next": next_of(i)}),
            _ => json!({"Type": "Pass", "Next": next_of(i)}),
        };
        map.insert(name(i), state);
        if (!shared_handler && i % 25 == 24) || i + 1 == states {
            map.insert(handler, json!({"Type": "Fail", "Error": "Failed"}));
        }
    }
    map.insert("Done".into(), json!({"Type": "Succeed"}));
    let def = json!({"StartAt": name(0), "States": Value::Object(map)});
    def.to_string()
}

fn bench(c: &mut Criterion) {
    let options = LayoutOptions::default();
    let shared = parse(definition(1000, true).as_bytes(), Some(Format::Json))
        .machine
        .expect("the generated definition parses");
    let shared = Graph::from_machine(&shared);
    c.bench_function("layout_1000_states_shared_error_handler", |b| {
        b.iter(|| layout(&shared, &options, &estimate_text_width))
    });
    let text = definition(1000, false);
    let machine = parse(text.as_bytes(), Some(Format::Json))
        .machine
        .expect("the generated definition parses");
    let graph = Graph::from_machine(&machine);
    c.bench_function("layout_1000_states", |b| {
        b.iter(|| layout(&graph, &options, &estimate_text_width))
    });
    c.bench_function("graph_and_layout_1000_states", |b| {
        b.iter(|| {
            let graph = Graph::from_machine(&machine);
            layout(&graph, &options, &estimate_text_width)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
