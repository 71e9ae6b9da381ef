//! Golden tests of `statewright run` (the contract the conformance runner relies on).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn statewright(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statewright"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run statewright")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("statewright-run-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, value: &Value) {
    std::fs::write(dir.join(name), value.to_string()).expect("write");
}

fn one_object(out: &Output) -> Value {
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.trim().lines().count(), 1, "one line: {text}");
    serde_json::from_str(text.trim()).expect("stdout is JSON")
}

#[test]
fn run_json_prints_one_contract_object_and_uses_the_file_name_for_mocks() {
    let dir = temp_dir("mock");
    write(
        &dir,
        "Flow.asl.json",
        &json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:1:function:f", "ResultPath": "$.r", "End": true}}}),
    );
    write(
        &dir,
        "mock.json",
        &json!({"StateMachines": {"Flow": {"TestCases": {"Ok": {"T": "R"}}}},
        "MockedResponses": {"R": {"0": {"Return": {"StatusCode": 200, "Payload": 42}}}}}),
    );
    let out = statewright(
        &dir,
        &[
            "run",
            "Flow.asl.json",
            "--input",
            "{\"a\":1}",
            "--mock-config",
            "mock.json",
            "--test-case",
            "Ok",
            "--history-out",
            "h.json",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        one_object(&out),
        json!({"status": "SUCCEEDED", "output": {"a": 1, "r": 42}, "error": null, "cause": null})
    );
    let history: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("h.json")).expect("history"))
            .expect("json");
    let types: Vec<&str> = history["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn run_fails_with_exit_1_and_time_scale_zero_skips_waits() {
    let dir = temp_dir("fail");
    write(
        &dir,
        "W.asl.json",
        &json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 86400, "Next": "F"},
        "F": {"Type": "Fail", "Error": "Late", "Cause": "a day later"}}}),
    );
    let started = std::time::Instant::now();
    let out = statewright(&dir, &["run", "W.asl.json", "--time-scale", "0", "--json"]);
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        one_object(&out),
        json!({"status": "FAILED", "output": null, "error": "Late", "cause": "a day later"})
    );
}

#[test]
fn skipped_waits_still_move_the_history_clock_and_real_waits_take_their_time() {
    let dir = temp_dir("clock");
    write(
        &dir,
        "W.asl.json",
        &json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}),
    );
    // The seconds from WaitStateEntered to WaitStateExited in the history written by a run.
    let waited = |scale: &str| {
        let args = [
            "run",
            "W.asl.json",
            "--time-scale",
            scale,
            "--history-out",
            "h.json",
        ];
        let out = statewright(&dir, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.join("h.json")).expect("history");
        let history: Value = serde_json::from_str(&text).expect("json");
        let at = |kind: &str| {
            let events = history["events"].as_array().expect("events");
            let event = events.iter().find(|e| e["type"] == kind).expect(kind);
            event["timestamp"].as_f64().expect("timestamp")
        };
        at("WaitStateExited") - at("WaitStateEntered")
    };
    // Skipped waits run on a paused clock: the hour still passes in execution time.
    assert!((3600.0..3601.0).contains(&waited("0")));
    // A scaled wait really waits (3600 s x 0.0005 = 1.8 s) and counts the hour too.
    let started = std::time::Instant::now();
    assert!((3599.0..3700.0).contains(&waited("0.0005")));
    assert!(started.elapsed().as_millis() >= 1_800);
}

#[test]
fn run_reports_unusable_input_as_one_object_with_exit_2() {
    let dir = temp_dir("bad");
    write(
        &dir,
        "P.asl.json",
        &json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}),
    );
    let out = statewright(
        &dir,
        &["run", "P.asl.json", "--input", "{not json", "--json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let v = one_object(&out);
    assert_eq!(v["status"], "FAILED");
    assert!(v["cause"].as_str().unwrap_or_default().contains("--input"));
}

#[test]
fn run_human_mode_prints_each_state_with_sizes() {
    let dir = temp_dir("human");
    write(
        &dir,
        "H.asl.json",
        &json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"k": "v"}, "Next": "B"},
        "B": {"Type": "Succeed"}}}),
    );
    let out = statewright(&dir, &["run", "H.asl.json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("A: input 2 B, output 9 B"), "{text}");
    assert!(text.contains("B: input 9 B"), "{text}");
    assert!(text.contains("SUCCEEDED"), "{text}");
}

/// Runs with `stdin_text` piped to standard input.
fn statewright_with_stdin(dir: &Path, args: &[&str], stdin_text: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_statewright"))
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn statewright");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(stdin_text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for statewright")
}

#[test]
fn run_answers_a_task_token_callback_from_stdin() {
    let dir = temp_dir("answers");
    write(
        &dir,
        "Approval.asl.json",
        &json!({"StartAt": "Ask", "States": {"Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.example/q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": true
        }}}),
    );
    let args = ["run", "Approval.asl.json", "--input", "{}", "--json"];
    let approved = statewright_with_stdin(&dir, &args, "{\"approved\": true}\n");
    let v = one_object(&approved);
    assert_eq!(v["status"], "SUCCEEDED", "{v}");
    assert_eq!(v["output"], json!({"approved": true}));
    assert!(String::from_utf8_lossy(&approved.stderr).contains("State 'Ask' waits for an answer"));

    let rejected = statewright_with_stdin(
        &dir,
        &args,
        "{\"Error\": \"Rejected\", \"Cause\": \"over budget\"}\n",
    );
    let v = one_object(&rejected);
    assert_eq!(
        (
            v["status"].as_str(),
            v["error"].as_str(),
            v["cause"].as_str()
        ),
        (Some("FAILED"), Some("Rejected"), Some("over budget"))
    );

    let silent = statewright_with_stdin(&dir, &args, "");
    let v = one_object(&silent);
    assert_eq!(v["error"], "States.TaskFailed", "{v}");
}

#[test]
fn run_config_paths_are_read_beside_the_configuration_not_the_working_directory() {
    let dir = temp_dir("config-paths");
    let flows = dir.join("flows");
    std::fs::create_dir_all(flows.join("bin")).expect("folders");
    write(
        &flows,
        "Flow.asl.json",
        &json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}}),
    );
    // A relative program and a relative file argument, both beside the configuration.
    std::fs::write(flows.join("answer.json"), r#"{"answered": "beside"}"#).expect("write");
    let script = flows.join("bin/handler.sh");
    std::fs::write(&script, "#!/bin/sh\ncat answer.json\n").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .expect("executable");
    }
    write(
        &flows,
        "Flow.run.json",
        &json!({"tasks": {"T": {"command": ["bin/handler.sh"]}}}),
    );
    let out = statewright(
        &dir,
        &[
            "run",
            "flows/Flow.asl.json",
            "--config",
            "flows/Flow.run.json",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = one_object(&out);
    assert_eq!(result["status"], "SUCCEEDED", "{result}");
    assert_eq!(result["output"], json!({"answered": "beside"}));
}
