//! ItemBatcher through a whole execution: byte limits from a field, a path and JSONata.

use serde_json::{json, Value};

use super::super::error::ITEM_READER_FAILED;
use super::super::Status;
use super::{config, run};

/// A distributed Map over `$.items` whose children report how many items they received.
fn batching_map(batcher: Value, language: &str) -> Value {
    let count = if language == "JSONata" {
        json!({"Type": "Pass", "Output": "{% $count($states.input.Items) %}", "End": true})
    } else {
        json!({"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"},
               "OutputPath": "$.n", "End": true})
    };
    let items = if language == "JSONata" {
        json!({"Items": "{% $states.input.items %}"})
    } else {
        json!({"ItemsPath": "$.items"})
    };
    let mut map = json!({"Type": "Map", "End": true, "ItemBatcher": batcher,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Count", "States": {"Count": count}}});
    if let (Value::Object(m), Value::Object(extra)) = (&mut map, items) {
        m.extend(extra);
    }
    json!({"QueryLanguage": language, "StartAt": "M", "States": {"M": map}})
}

fn input(limit: u64) -> Value {
    // Each item "aaaa" is 6 bytes; {"Items":[]} is 12: two items fit in 25 bytes.
    json!({"limit": limit, "items": ["aaaa", "bbbb", "cccc", "dddd", "eeee"]})
}

#[test]
fn max_input_bytes_per_batch_splits_by_serialized_size() {
    let def = batching_map(json!({"MaxInputBytesPerBatch": 25}), "JSONPath");
    let result = run(def, input(0), config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!([2, 2, 1])));
}

#[test]
fn the_path_form_reads_the_state_input_and_combines_with_the_count() {
    let def = batching_map(
        json!({"MaxInputBytesPerBatchPath": "$.limit", "MaxItemsPerBatch": 1}),
        "JSONPath",
    );
    let result = run(def, input(1000), config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!([1, 1, 1, 1, 1])));
    let def = batching_map(json!({"MaxInputBytesPerBatchPath": "$.limit"}), "JSONPath");
    let result = run(def, input(32), config());
    assert_eq!(result.output.as_deref(), Some(&json!([3, 2])));
}

#[test]
fn the_jsonata_form_is_evaluated() {
    let def = batching_map(
        json!({"MaxInputBytesPerBatch": "{% $states.input.limit %}"}),
        "JSONata",
    );
    let result = run(def, input(25), config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!([2, 2, 1])));
}

#[test]
fn an_item_larger_than_the_limit_fails_the_map_and_a_bad_limit_is_a_runtime_error() {
    let def = batching_map(json!({"MaxInputBytesPerBatchPath": "$.limit"}), "JSONPath");
    let result = run(def.clone(), input(17), config());
    assert_eq!(result.status, Status::Failed);
    assert_eq!(result.error.as_deref(), Some(ITEM_READER_FAILED));
    let result = run(def, input(0), config());
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result
        .cause
        .unwrap_or_default()
        .contains("MaxInputBytesPerBatch must be a positive integer"));
}
