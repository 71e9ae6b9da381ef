use std::sync::Arc;

use serde_json::json;

use super::super::error::{DATA_LIMIT_EXCEEDED, TIMEOUT};
use super::super::tasks::{CommandSpec, Runner, TaskRunners};
use super::super::{execute, RunConfig, ScaledClock, Status};
use super::machine;

fn with_command(script: &str) -> RunConfig {
    let spec = CommandSpec {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
        dir: None,
    };
    let mut runners = TaskRunners::default();
    runners.by_key.insert("T".into(), Runner::Command(spec));
    RunConfig {
        runners: Arc::new(runners),
        ..RunConfig::default()
    }
}

fn run_real_time(
    definition: serde_json::Value,
    config: RunConfig,
) -> super::super::ExecutionResult {
    let m = machine(definition);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let config = RunConfig {
            clock: Arc::new(ScaledClock::new(1.0)),
            ..config
        };
        execute(&m, json!({"n": 1}), &config).await
    })
}

fn task(resource: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut state = json!({"Type": "Task", "Resource": resource, "End": true});
    if let (Some(s), Some(e)) = (state.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    json!({"StartAt": "T", "States": {"T": state}})
}

#[cfg(unix)]
#[test]
fn lambda_invoke_sends_the_payload_and_wraps_the_result() {
    let def = task(
        "arn:aws:states:::lambda:invoke",
        json!({"Parameters": {"FunctionName": "f", "Payload.$": "$"}, "OutputPath": "$.Payload"}),
    );
    let result = run_real_time(def, with_command("cat"));
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
    let result = run_real_time(def, with_command(&script));
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(result.status, Status::Failed);
    assert_eq!(result.error.as_deref(), Some(TIMEOUT));
    std::thread::sleep(std::time::Duration::from_millis(200));
    let pid = std::fs::read_to_string(&pidfile)
        .expect("pid")
        .trim()
        .to_owned();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        stat.is_empty() || stat.contains(") Z "),
        "command {pid} still running"
    );
}

#[cfg(unix)]
#[test]
fn a_one_megabyte_result_is_data_limit_exceeded() {
    let script = "printf '\"'; head -c 1048576 /dev/zero | tr '\\0' x; printf '\"'";
    let def = task("arn:aws:lambda:us-east-1:1:function:f", json!({}));
    let result = run_real_time(def, with_command(script));
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
    let result = run_real_time(def, RunConfig::default());
    assert_eq!(result.error.as_deref(), Some("States.TaskFailed"));
    assert!(result
        .cause
        .unwrap_or_default()
        .contains("No task runner answers state 'T'"));
}
