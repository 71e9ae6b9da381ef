//! `s3:listObjectsV2` ItemReaders over local folders, found beside the definition or mapped
//! bucket -> folder in `s3Objects` (which also serves `s3:getObject` keys).

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};

use super::super::{LocalFiles, RunConfig, Status};
use super::{config, run};

fn listing_map(resource: &str, parameters: Value) -> Value {
    json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": resource, "Parameters": parameters},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Key", "States": {"Key": {"Type": "Pass",
                "Parameters": {"key.$": "$.Key", "size.$": "$.Size"}, "End": true}}}}}})
}

fn bucket_tree(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sw-s3-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("photos/2024")).expect("dirs");
    std::fs::write(dir.join("photos/2024/b.jpg"), "bb").expect("write");
    std::fs::write(dir.join("photos/2024/a.jpg"), "a").expect("write");
    std::fs::write(dir.join("photos/index.json"), "[1, 2]").expect("write");
    dir
}

fn with_files(files: LocalFiles) -> RunConfig {
    RunConfig {
        local_files: Arc::new(files),
        ..config()
    }
}

#[test]
fn a_bucket_folder_beside_the_definition_is_listed_by_prefix() {
    let dir = bucket_tree("beside");
    let def = listing_map(
        "arn:aws:states:::s3:listObjectsV2",
        json!({"Bucket": "photos", "Prefix": "2024/"}),
    );
    let files = LocalFiles {
        search_dirs: vec![dir],
        ..LocalFiles::default()
    };
    let result = run(def, json!({}), with_files(files));
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!([{"key": "2024/a.jpg", "size": 1}, {"key": "2024/b.jpg", "size": 2}]))
    );
}

#[test]
fn a_bucket_mapped_to_a_folder_serves_listings_and_objects() {
    let dir = bucket_tree("mapped");
    let mut files = LocalFiles::default();
    files
        .objects
        .insert("s3://archive".into(), dir.join("photos"));
    let listed = run(
        listing_map(
            "arn:aws:states:::s3:listObjectsV2",
            json!({"Bucket": "archive"}),
        ),
        json!({}),
        with_files(files.clone()),
    );
    let keys: Vec<Value> = listed
        .output
        .as_deref()
        .and_then(Value::as_array)
        .map(|items| items.iter().map(|i| i["key"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            json!("2024/a.jpg"),
            json!("2024/b.jpg"),
            json!("index.json")
        ]
    );
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON"},
            "Parameters": {"Bucket": "archive", "Key": "index.json"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Same", "States": {"Same": {"Type": "Pass", "End": true}}}}}});
    let read = run(def, json!({}), with_files(files));
    assert_eq!(
        read.output.as_deref(),
        Some(&json!([1, 2])),
        "{:?}",
        read.cause
    );
}

#[test]
fn a_missing_bucket_folder_is_a_clear_runtime_error() {
    let def = listing_map(
        "arn:aws:states:::s3:listObjectsV2",
        json!({"Bucket": "nowhere"}),
    );
    let result = run(def, json!({}), config());
    assert_eq!(result.error.as_deref(), Some("States.Runtime"));
    assert!(result
        .cause
        .unwrap_or_default()
        .contains("no local folder stands in for bucket nowhere"));
}
