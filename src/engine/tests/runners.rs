use serde_json::json;

use super::super::error::{DATA_LIMIT_EXCEEDED, TIMEOUT};
use super::super::{RunConfig, Status};
use super::real_runners::{assert_process_gone, run_real_time, sh, task, with_runner};

fn with_command(script: &str) -> RunConfig {
    with_runner(sh(script))
}

#[cfg(unix)]
#[test]
fn lambda_invoke_sends_the_payload_and_wraps_the_result() {
    let def = task(
        "arn:aws:states:::lambda:invoke",
        json!({"Parameters": {"FunctionName": "f", "Payload.$": "$"}, "OutputPath": "$.Payload"}),
    );
    let result = run_real_time(def, json!({"n": 1}), with_command("cat"));
    assert_eq!(result.output.as_deref().cloned(), Some(json!({"n": 1})));
}

#[cfg(unix)]
#[test]
fn a_hanging_command_times_out_and_is_killed() {
    let dir = std::env::temp_dir().join(format!("sw-hang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let pidfile = dir.join("pid");
    let script = format!("echo $$ > {}; sleep 60", pidfile.display());
    let def = task(
        "arn:aws:lambda:us-east-1:1:function:f",
        json!({"TimeoutSeconds": 1}),
    );
    let started = std::time::Instant::now();
    let result = run_real_time(def, json!({"n": 1}), with_command(&script));
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(result.status, Status::Failed);
    assert_eq!(result.error.as_deref(), Some(TIMEOUT));
    assert_process_gone(&pidfile);
}

#[cfg(unix)]
#[test]
fn a_one_megabyte_result_is_data_limit_exceeded() {
    let script = "printf '\"'; head -c 1048576 /dev/zero | tr '\\0' x; printf '\"'";
    let def = task("arn:aws:lambda:us-east-1:1:function:f", json!({}));
    let result = run_real_time(def, json!({"n": 1}), with_command(script));
    assert_eq!(
        result.error.as_deref(),
        Some(DATA_LIMIT_EXCEEDED),
        "{:?}",
        result.cause
    );
}

#[test]
fn an_unanswered_task_fails_with_a_clear_cause() {
    let def = task("arn:aws:lambda:us-east-1:1:function:f", json!({}));
    let result = run_real_time(def, json!({"n": 1}), RunConfig::default());
    assert_eq!(result.error.as_deref(), Some("States.TaskFailed"));
    assert!(result
        .cause
        .unwrap_or_default()
        .contains("No task runner answers state 'T'"));
}
