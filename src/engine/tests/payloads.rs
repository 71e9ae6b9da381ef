//! Payloads in the history are text serialized once, and a state that nothing else holds
//! the input of merges its result into it in place.

use serde_json::{json, Value};

use super::super::error::DATA_LIMIT_EXCEEDED;
use super::super::{EventDetails, Limits, PayloadText, RunConfig, Status};
use super::{config, config_mocking_f, run};

/// The payload texts of the history, in order, as (event type, text).
fn payload_texts(history: &[super::super::HistoryEvent]) -> Vec<(String, PayloadText)> {
    history
        .iter()
        .filter_map(|e| {
            let text = match &e.details {
                EventDetails::ExecutionStarted { input } => input,
                EventDetails::StateEntered { input, .. } => input,
                EventDetails::StateExited { output, .. } => output,
                EventDetails::ExecutionSucceeded { output } => output,
                _ => return None,
            };
            Some((e.details.type_name(), text.clone()))
        })
        .collect()
}

#[test]
fn a_result_path_chain_merges_into_its_input_without_copying_it() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.blob)"},
              "ResultPath": "$.meta.a", "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"first.$": "$.blob[0]"},
              "ResultPath": "$.meta.b", "End": true}
    }});
    let input = json!({"blob": vec![json!("item"); 100]});
    let blob_buffer = input["blob"].as_array().map(|a| a.as_ptr());
    let result = run(def, input, config());
    assert_eq!(result.status, Status::Succeeded);
    let output = result.output.expect("output");
    assert_eq!(
        output["meta"],
        json!({"a": {"n": 100}, "b": {"first": "item"}})
    );
    // The same array buffer: neither the execution start, the history nor a merge copied it.
    assert_eq!(output["blob"].as_array().map(|a| a.as_ptr()), blob_buffer);
}

#[test]
fn each_payload_is_serialized_once_and_shared_by_the_events_that_show_it() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Pass", "End": true}
    }});
    let result = run(def, json!({"x": "é\n"}), config());
    let texts = payload_texts(&result.history);
    let kinds: Vec<&str> = texts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(texts[0].1.as_str(), r#"{"x":"é\n"}"#);
    assert_eq!(texts[2].1.as_str(), r#"{"x":"é\n","a":1}"#);
    // Start -> first entry, each exit -> next entry (B passes its input on), last exit -> end.
    for (a, b) in [(0, 1), (2, 3), (3, 4), (4, 5)] {
        assert!(
            std::ptr::eq(texts[a].1.as_str(), texts[b].1.as_str()),
            "{} and {} should share one text",
            texts[a].0,
            texts[b].0
        );
    }
}

#[test]
fn the_payload_limit_measures_the_exact_serialized_length() {
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"s.$": "$.s", "t": "\"\u{1}日本"}, "End": true}
    }});
    let input = json!({"s": "tab\there"});
    let size = json!({"s": "tab\there", "t": "\"\u{1}日本"})
        .to_string()
        .len();
    let with_limit = |payload_bytes| RunConfig {
        limits: Limits {
            payload_bytes,
            ..Limits::default()
        },
        ..config()
    };
    let at_limit = run(def.clone(), input.clone(), with_limit(size));
    assert_eq!(at_limit.status, Status::Succeeded);
    let over = run(def, input, with_limit(size - 1));
    assert_eq!(over.error.as_deref(), Some(DATA_LIMIT_EXCEEDED));
    let cause = over.cause.unwrap_or_default();
    assert!(
        cause.contains(&format!("({size} > {} bytes)", size - 1)),
        "{cause}"
    );
}

/// A task whose first invocation throws `E` and whose second returns "ok".
fn flaky_task(extra: Value) -> (Value, RunConfig) {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                          "ResultPath": "$.r", "End": true});
    if let (Some(task), Some(extra)) = (task.as_object_mut(), extra.as_object()) {
        task.extend(extra.clone());
    }
    let cfg = config_mocking_f(
        json!({"0": {"Throw": {"Error": "E", "Cause": "c"}}, "1": {"Return": "ok"}}),
    );
    (json!({"StartAt": "F", "States": {"F": task}}), cfg)
}

#[test]
fn a_retried_attempt_gets_the_original_input() {
    let (def, cfg) = flaky_task(json!({"Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1}]}));
    let result = run(def, json!({"keep": [1, 2]}), cfg);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!({"keep": [1, 2], "r": "ok"}))
    );
    // The retried attempt's output text is spliced from the held input's text.
    let texts = payload_texts(&result.history);
    let last = texts.last().map(|(_, text)| text.as_str());
    assert_eq!(last, Some(r#"{"keep":[1,2],"r":"ok"}"#));
}

#[test]
fn a_catcher_gets_the_original_input() {
    let (def, cfg) = flaky_task(
        json!({"Catch": [{"ErrorEquals": ["E"], "ResultPath": "$.err",
                                                  "Next": "Done"}]}),
    );
    let mut def = def;
    def["States"]["Done"] = json!({"Type": "Pass", "End": true});
    let result = run(def, json!({"keep": [1, 2]}), cfg);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!({"keep": [1, 2], "err": {"Error": "E", "Cause": "c"}}))
    );
}

#[test]
fn spliced_result_path_texts_equal_the_serialized_payloads() {
    // New top-level members (spliced), an existing member, nested paths (spliced into the
    // last member), an OutputPath that picks something else, and an empty input object.
    let def = json!({"StartAt": "New", "States": {
        "New": {"Type": "Pass", "Result": {"q": "\"é\""}, "ResultPath": "$.first", "Next": "Again"},
        "Again": {"Type": "Pass", "Result": [1, 2.5], "ResultPath": "$['sec ond']", "Next": "Existing"},
        "Existing": {"Type": "Pass", "Result": 3, "ResultPath": "$.first", "Next": "Nested"},
        "Nested": {"Type": "Pass", "Result": 4, "ResultPath": "$.n.deep", "Next": "Inside"},
        "Inside": {"Type": "Pass", "Result": 6, "ResultPath": "$.n.more", "Next": "Picked"},
        "Picked": {"Type": "Pass", "Result": 5, "ResultPath": "$.p", "OutputPath": "$.n",
                   "Next": "Held"},
        "Held": {"Type": "Pass", "Result": {}, "ResultPath": "$.held",
                 "Next": "Cleared"},
        "Cleared": {"Type": "Pass", "Parameters": {}, "ResultPath": "$", "Next": "IntoEmpty"},
        "IntoEmpty": {"Type": "Pass", "Result": "last", "ResultPath": "$.only", "End": true}
    }});
    let input = json!({"blob": ["x", {"y": null}], "z": -1});
    let result = run(def, input, config());
    assert_eq!(result.status, Status::Succeeded);
    assert_eq!(result.output.as_deref(), Some(&json!({"only": "last"})));
    let texts = payload_texts(&result.history);
    assert_eq!(texts.len(), 2 + 2 * 9);
    for (kind, text) in &texts {
        let value = text.parse().expect("valid JSON");
        assert_eq!(*text, PayloadText::of(&value), "{kind}");
    }
    let exits: Vec<&str> = texts
        .iter()
        .filter(|(kind, _)| kind == "PassStateExited")
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(
        exits,
        [
            r#"{"blob":["x",{"y":null}],"z":-1,"first":{"q":"\"é\""}}"#,
            r#"{"blob":["x",{"y":null}],"z":-1,"first":{"q":"\"é\""},"sec ond":[1,2.5]}"#,
            r#"{"blob":["x",{"y":null}],"z":-1,"first":3,"sec ond":[1,2.5]}"#,
            r#"{"blob":["x",{"y":null}],"z":-1,"first":3,"sec ond":[1,2.5],"n":{"deep":4}}"#,
            r#"{"blob":["x",{"y":null}],"z":-1,"first":3,"sec ond":[1,2.5],"n":{"deep":4,"more":6}}"#,
            r#"{"deep":4,"more":6}"#,
            r#"{"deep":4,"more":6,"held":{}}"#,
            r#"{}"#,
            r#"{"only":"last"}"#,
        ]
    );
}

#[test]
fn reshaping_parameters_outputs_are_recorded_as_their_serialized_payloads() {
    // A reshaping loop (copied, moved and computed fields), a context path, a variable, an
    // index, an InputPath and an OutputPath: every history text is the payload's own.
    let def = json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"v": {"k": "é"}},
                 "Parameters": {"i": 0, "n.$": "$.n", "data.$": "$.data"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Increment"}],
            "Default": "Reshape"},
        "Increment": {"Type": "Pass", "Parameters": {
            "i.$": "States.MathAdd($.i, 1)", "n.$": "$.n", "data.$": "$.data"}, "Next": "Check"},
        "Reshape": {"Type": "Pass", "Parameters": {
            "second.$": "$.data.w[1]", "label.$": "$.data['la bel']", "ctx.$": "$$.State.Name",
            "var.$": "$v", "fixed": {"a": [null, true]}, "all.$": "$"}, "Next": "Narrowed"},
        "Narrowed": {"Type": "Pass", "InputPath": "$.all", "Parameters": {"d.$": "$.data"},
                     "Next": "Picked"},
        "Picked": {"Type": "Pass", "Parameters": {"d.$": "$.d", "x": 1}, "OutputPath": "$.d",
                   "End": true}
    }});
    let data = json!({"la bel": "quote\" and \\ é\n", "w": [3, -1.5, {"}": "]"}], "o": {}});
    let input = json!({"n": 3, "data": data.clone(), "unused": "x".repeat(100)});
    let result = run(def, input, config());
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&data));
    let texts = payload_texts(&result.history);
    for (kind, text) in &texts {
        let value = text.parse().expect("valid JSON");
        assert_eq!(*text, PayloadText::of(&value), "{kind}");
    }
    let reshaped = texts
        .iter()
        .filter(|(kind, _)| kind == "PassStateExited")
        .map(|(_, text)| text.as_str())
        .nth(4);
    let expected = json!({"second": -1.5, "label": data["la bel"], "ctx": "Reshape",
        "var": {"k": "é"}, "fixed": {"a": [null, true]}, "all": {"i": 3, "n": 3, "data": data}});
    assert_eq!(reshaped, Some(PayloadText::of(&expected).as_str()));
}
