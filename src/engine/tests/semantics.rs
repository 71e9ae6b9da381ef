use serde_json::json;

use super::super::error::{DATA_LIMIT_EXCEEDED, EXCEED_TOLERATED_FAILURE_THRESHOLD, RUNTIME};
use super::super::limits::{Limits, LEGACY_PAYLOAD_LIMIT_BYTES};
use super::super::{RunConfig, Status};
use super::{config, config_mocking_f, run};

#[test]
fn history_has_aws_event_types_in_order() {
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "Par"},
        "Par": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}
        ]}
    }});
    let result = run(def, json!([1]), config());
    assert_eq!(result.status, Status::Succeeded);
    let types: Vec<String> = result
        .history
        .iter()
        .map(|e| e.details.type_name())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ParallelStateSucceeded",
            "ParallelStateExited",
            "ExecutionSucceeded",
        ]
    );
    let ids: Vec<u64> = result.history.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=16).collect::<Vec<_>>());
    assert!(result
        .history
        .iter()
        .skip(1)
        .all(|e| e.previous_event_id > 0));
}

#[test]
fn legacy_payload_limit_fails_with_data_limit_exceeded_not_caught_by_states_all() {
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}
    }});
    let s = "x".repeat(20_000);
    let legacy = RunConfig {
        limits: Limits {
            payload_bytes: LEGACY_PAYLOAD_LIMIT_BYTES,
            ..Limits::default()
        },
        ..config()
    };
    let result = run(def.clone(), json!({ "s": s }), legacy);
    assert_eq!(result.error.as_deref(), Some(DATA_LIMIT_EXCEEDED));
    let result = run(def, json!({ "s": s }), config());
    assert_eq!(result.status, Status::Succeeded);
}

#[test]
fn history_limit_fails_the_execution() {
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let small = RunConfig {
        limits: Limits {
            history_events: 50,
            ..Limits::default()
        },
        ..config()
    };
    let result = run(def, json!({}), small);
    assert_eq!(result.status, Status::Failed);
    assert_eq!(result.error.as_deref(), Some(RUNTIME));
    assert!(result
        .cause
        .unwrap_or_default()
        .contains("maximum number of history events"));
}

#[test]
fn concurrent_iterations_record_nothing_past_the_history_limit() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}}}});
    let small = RunConfig {
        limits: Limits {
            history_events: 50,
            ..Limits::default()
        },
        ..config()
    };
    let items: Vec<u32> = (0..200).collect();
    let result = run(def, json!(items), small);
    assert_eq!(result.status, Status::Failed);
    // The limit's events, then only the closing ExecutionFailed.
    assert_eq!(result.history.len(), 51);
    assert_eq!(
        result.history.last().map(|e| e.details.type_name()),
        Some("ExecutionFailed".to_owned())
    );
}

#[test]
fn execution_timeout_beats_a_long_wait() {
    let def = json!({"TimeoutSeconds": 5, "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}});
    let result = run(def, json!({}), config());
    assert_eq!(result.status, Status::TimedOut);
    assert_eq!(result.error.as_deref(), Some("States.Timeout"));
}

#[test]
fn map_tolerated_failures_keep_error_outputs_until_the_threshold() {
    let def = |count: u64| {
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ToleratedFailureCount": count,
        "ItemProcessor": {"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "F"}],
                  "Default": "Ok"},
            "F": {"Type": "Fail", "Error": "Zero", "Cause": "zero"},
            "Ok": {"Type": "Pass", "End": true}}}}}})
    };
    let ok = run(def(1), json!([1, 0, 2]), config());
    assert_eq!(ok.status, Status::Succeeded);
    let out = ok.output.as_deref().cloned();
    assert_eq!(out, Some(json!([1, {"Error": "Zero", "Cause": "zero"}, 2])));
    let failed = run(def(0), json!([0, 0]), config());
    assert_eq!(
        failed.error.as_deref(),
        Some(EXCEED_TOLERATED_FAILURE_THRESHOLD)
    );
}

#[test]
fn failed_parallel_branch_cancels_its_sibling() {
    let def = json!({"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true,
    "Branches": [
        {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 100, "Next": "After"},
                                       "After": {"Type": "Pass", "End": true}}},
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}
    ]}}});
    let result = run(def, json!({}), config());
    assert_eq!(result.error.as_deref(), Some("E"));
    let entered_after = result
        .history
        .iter()
        .any(|e| matches!(&e.details, super::super::EventDetails::StateEntered { name, .. } if &**name == "After"));
    assert!(
        !entered_after,
        "the slow branch kept running after its sibling failed"
    );
}

#[test]
fn variables_from_a_branch_do_not_leak_out() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "Par"},
        "Par": {"Type": "Parallel", "Next": "Read", "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"inner": 2},
                                             "Parameters": {"o.$": "$outer"}, "End": true}}}]},
        "Read": {"Type": "Pass", "Parameters": {"inner.$": "$inner"}, "End": true}}});
    let result = run(def, json!({}), config());
    assert_eq!(
        result.error.as_deref(),
        Some(RUNTIME),
        "{:?}",
        result.output
    );
}

#[test]
fn retry_waits_follow_backoff_on_the_clock() {
    let def = json!({"StartAt": "F", "States": {"F": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 10, "MaxAttempts": 2, "BackoffRate": 3}]}}});
    let cfg = config_mocking_f(json!({"0-1": {"Throw": {"Error": "E", "Cause": "c"}},
                                       "2": {"Return": {"Payload": "ok"}}}));
    let result = run(def, json!({}), cfg);
    assert_eq!(result.output.as_deref().cloned(), Some(json!("ok")));
    let first = result
        .history
        .first()
        .map(|e| e.timestamp_ms)
        .unwrap_or_default();
    let last = result
        .history
        .last()
        .map(|e| e.timestamp_ms)
        .unwrap_or_default();
    assert_eq!(last - first, 40_000, "10 s then 30 s of backoff");
}

#[test]
fn distributed_map_reads_a_local_file_batches_and_writes_results() {
    let dir = std::env::temp_dir().join(format!("sw-dmap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bkt")).expect("dir");
    std::fs::write(
        dir.join("bkt/items.jsonl"),
        "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n",
    )
    .expect("write");
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSONL"}, "Parameters": {"Bucket": "bkt", "Key": "items.jsonl"}},
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag.$": "$.tag"}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Count", "States": {"Count": {"Type": "Pass",
                "Parameters": {"tag.$": "$.BatchInput.tag", "count.$": "States.ArrayLength($.Items)"}, "End": true}}}}}});
    let files = super::super::LocalFiles {
        search_dirs: vec![dir.clone()],
        results_dir: Some(dir.join("results")),
        ..Default::default()
    };
    let cfg = RunConfig {
        local_files: std::sync::Arc::new(files),
        ..config()
    };
    let result = run(def, json!({"tag": "t"}), cfg);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    let out = result.output.as_deref().cloned().unwrap_or_default();
    let key = out["ResultWriterDetails"]["Key"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(out["ResultWriterDetails"]["Bucket"], "out");
    let folder = dir
        .join("results/out")
        .join(key.trim_end_matches("/manifest.json"));
    let written: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("SUCCEEDED_0.json")).expect("results"),
    )
    .expect("json");
    assert_eq!(
        written,
        json!([{"tag": "t", "count": 2}, {"tag": "t", "count": 1}])
    );
}

#[test]
fn an_oversized_iteration_input_still_fails_a_state_that_passes_it_on() {
    // The iteration's input is built by ItemSelector, never measured before its first state.
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemsPath": "$.items", "ItemSelector": {"a.$": "$.s", "b.$": "$.s"},
        "ItemProcessor": {"StartAt": "Same", "States": {
            "Same": {"Type": "Pass", "Next": "Shrink"},
            "Shrink": {"Type": "Pass", "Result": "small", "End": true}}}}}});
    let s = "x".repeat(20_000);
    let legacy = RunConfig {
        limits: Limits {
            payload_bytes: LEGACY_PAYLOAD_LIMIT_BYTES,
            ..Limits::default()
        },
        ..config()
    };
    let result = run(def, json!({"items": [1], "s": s}), legacy);
    assert_eq!(result.error.as_deref(), Some(DATA_LIMIT_EXCEEDED));
}

#[test]
fn next_states_are_found_in_small_and_large_machines() {
    // Small machines look states up by comparing names, large ones by hashing: both must
    // follow Next to the right state, declared in any order.
    for count in [3usize, 8, 9, 30] {
        let mut states = serde_json::Map::new();
        for i in (0..count).rev() {
            let mut state = json!({"Type": "Pass", "Result": i, "ResultPath": format!("$.s{i}")});
            if i + 1 < count {
                state["Next"] = json!(format!("S{}", i + 1));
            } else {
                state["End"] = json!(true);
            }
            states.insert(format!("S{i}"), state);
        }
        let result = run(
            json!({"StartAt": "S0", "States": states}),
            json!({}),
            config(),
        );
        assert_eq!(result.status, Status::Succeeded, "{count}");
        let output = result.output.unwrap_or_default();
        let visited: Vec<String> = output
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let expected: Vec<String> = (0..count).map(|i| format!("s{i}")).collect();
        assert_eq!(visited, expected, "{count}");
    }
    // A Next that names no state fails the execution instead of panicking.
    let missing = json!({"StartAt": "S0", "States": {"S0": {"Type": "Pass", "Next": "Nope"}}});
    assert_eq!(run(missing, json!({}), config()).status, Status::Failed);
}

#[test]
fn every_event_of_a_state_shares_one_name() {
    let def = json!({"StartAt": "Loop", "States": {
        "Loop": {"Type": "Pass", "Result": 1, "ResultPath": "$.seen", "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Down"}], "Default": "End"},
        "Down": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, -1)"}, "Next": "Loop"},
        "End": {"Type": "Succeed"}
    }});
    let result = run(def, json!({"n": 2}), config());
    assert_eq!(result.status, Status::Succeeded);
    let names: Vec<&std::sync::Arc<str>> = result
        .history
        .iter()
        .filter_map(|e| match &e.details {
            super::super::EventDetails::StateEntered { name, .. }
            | super::super::EventDetails::StateExited { name, .. }
                if &**name == "Loop" =>
            {
                Some(name)
            }
            _ => None,
        })
        .collect();
    // Three visits, entered and exited each: one allocation for all six.
    assert_eq!(names.len(), 6);
    assert!(names.iter().all(|n| std::sync::Arc::ptr_eq(n, names[0])));
}

/// A clock that moves one millisecond each time it is read.
struct TickingClock(std::sync::atomic::AtomicI64);

impl super::super::clock::Clock for TickingClock {
    fn now_ms(&self) -> i64 {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    fn sleep(&self, duration: std::time::Duration) -> super::super::clock::Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[test]
fn a_state_entered_right_after_its_predecessor_exited_shares_that_timestamp() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "End": true}
    }});
    let m = super::machine(def);
    let config = RunConfig {
        clock: std::sync::Arc::new(TickingClock(std::sync::atomic::AtomicI64::new(1_000))),
        ..config()
    };
    let result = super::paused_runtime()
        .block_on(async { super::super::execute(&m, json!({}), &config).await });
    let stamps: Vec<(String, i64)> = result
        .history
        .iter()
        .map(|e| (e.details.type_name(), e.timestamp_ms))
        .collect();
    let at = |i: usize| stamps.get(i).map(|(_, t)| *t);
    assert_eq!(stamps.len(), 6, "{stamps:?}");
    // Entering A reads the clock after the execution started; A's exit reads it again.
    assert!(at(1) > at(0) && at(2) > at(1), "{stamps:?}");
    // B's entry is A's exit: no clock read between them.
    assert_eq!(at(3), at(2), "{stamps:?}");
    assert!(at(4) > at(3), "{stamps:?}");
}
