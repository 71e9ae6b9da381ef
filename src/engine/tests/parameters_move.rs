//! Parameters that move values out of the state input: the move happens when nothing reads
//! the input again, and every state that does read it (ResultPath null or a path, Retry,
//! Catch, the debugger, a Task's timeout paths) still sees it whole.

use serde_json::{json, Value};

use super::super::debug::{DebugEvent, Stage};
use super::super::{EventDetails, ExecutionResult, RunConfig, Status};
use super::debugging::run_answering_pauses;
use super::{config, config_mocking_f, run};

fn data() -> Value {
    json!({"list": vec![json!("item"); 50], "name": "d"})
}

/// The `parameters` text of every TaskScheduled event.
fn scheduled_parameters(result: &ExecutionResult) -> Vec<String> {
    result
        .history
        .iter()
        .filter_map(|e| match &e.details {
            EventDetails::TaskScheduled { parameters, .. } => Some(parameters.to_string()),
            _ => None,
        })
        .collect()
}

/// A config whose mock for state `F` throws `E` first and then returns "ok".
fn flaky_config() -> RunConfig {
    config_mocking_f(json!({"0": {"Throw": {"Error": "E", "Cause": "c"}}, "1": {"Return": "ok"}}))
}

/// A Task `F` with Parameters moving `data`, plus `extra` fields.
fn task(extra: Value) -> Value {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                          "Parameters": {"n.$": "$.n", "d.$": "$.data"}, "End": true});
    if let (Some(task), Some(extra)) = (task.as_object_mut(), extra.as_object()) {
        task.extend(extra.clone());
    }
    json!({"StartAt": "F", "States": {"F": task}})
}

#[test]
fn a_counting_loop_moves_its_data_from_state_to_state_without_copying_it() {
    let def = json!({"StartAt": "Increment", "States": {
        "Increment": {"Type": "Pass", "Next": "Check", "Parameters":
            {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n", "data.$": "$.data"}},
        "Check": {"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Increment"}]},
        "Done": {"Type": "Succeed"}
    }});
    let input = json!({"i": 0, "n": 5, "data": data()});
    let list = input["data"]["list"].as_array().map(|a| a.as_ptr());
    let result = run(def, input, config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    let output = result.output.expect("output");
    assert_eq!(*output, json!({"i": 5, "n": 5, "data": data()}));
    assert_eq!(output["data"]["list"].as_array().map(|a| a.as_ptr()), list);
}

#[test]
fn result_paths_that_keep_the_input_see_it_whole() {
    let input = json!({"n": 1, "data": data()});
    let cases = [
        (json!(null), input.clone()),
        (
            json!("$.x"),
            json!({"n": 1, "data": data(), "x": {"d": data()}}),
        ),
        (json!("$"), json!({"d": data()})),
    ];
    for (result_path, expected) in cases {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
            "Parameters": {"d.$": "$.data"}, "ResultPath": result_path}}});
        let result = run(def, input.clone(), config());
        assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
        assert_eq!(result.output.as_deref(), Some(&expected), "{result_path}");
    }
}

#[test]
fn a_retried_task_gets_the_same_parameters_each_attempt() {
    let def = task(json!({"Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1}]}));
    let result = run(def, json!({"n": 1, "data": data()}), flaky_config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!("ok")));
    let expected = json!({"n": 1, "d": data()}).to_string();
    assert_eq!(scheduled_parameters(&result), [expected.clone(), expected]);
}

#[test]
fn a_catcher_merges_into_the_original_input() {
    let mut def = task(
        json!({"Catch": [{"ErrorEquals": ["E"], "ResultPath": "$.err",
                                          "Next": "Done"}]}),
    );
    def["States"]["Done"] = json!({"Type": "Pass", "End": true});
    let result = run(def, json!({"n": 1, "data": data()}), flaky_config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!({"n": 1, "data": data(), "err": {"Error": "E", "Cause": "c"}}))
    );
    let expected = json!({"n": 1, "d": data()}).to_string();
    assert_eq!(scheduled_parameters(&result), [expected]);
}

#[test]
fn a_task_reads_its_timeouts_from_the_input_after_parameters() {
    let def = task(
        json!({"TimeoutSecondsPath": "$.t", "HeartbeatSecondsPath": "$.h",
                          "Retry": []}),
    );
    let mut def = def;
    def["States"]["F"]["Parameters"] = json!({"t.$": "$.t", "h.$": "$.h", "d.$": "$.data"});
    let cfg = config_mocking_f(json!({"0": {"Return": "ok"}}));
    let result = run(def, json!({"t": 30, "h": 10, "data": data()}), cfg);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        scheduled_parameters(&result),
        [json!({"t": 30, "h": 10, "d": data()}).to_string()]
    );
}

#[test]
fn the_debugger_shows_the_input_whole_next_to_the_parameters() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
        "Parameters": {"n.$": "$.n", "d.$": "$.data"}}}});
    let input = json!({"n": 1, "data": data()});
    let (_, events, result) = run_answering_pauses(def, input.clone(), config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!({"n": 1, "d": data()}))
    );
    let record = events
        .iter()
        .find_map(|e| match e {
            DebugEvent::StateFinished(r) if r.state == "P" => Some(r),
            _ => None,
        })
        .expect("P finished");
    let stage = |wanted: Stage| {
        record
            .stages
            .iter()
            .find(|s| s.stage == wanted)
            .map(|s| (*s.value).clone())
    };
    assert_eq!(stage(Stage::Input), Some(input.clone()));
    assert_eq!(stage(Stage::InputPath), Some(input));
    assert_eq!(stage(Stage::Parameters), Some(json!({"n": 1, "d": data()})));
}
