//! Helpers for tests with real task runners (child processes, sockets), which do not follow
//! tokio's paused clock.

use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};

use super::super::tasks::{CommandSpec, Runner, TaskRunners};
use super::super::{execute, ExecutionResult, RunConfig, ScaledClock};
use super::machine;

/// A config whose task "T" is answered by `runner`.
pub(super) fn with_runner(runner: Runner) -> RunConfig {
    let mut runners = TaskRunners::default();
    runners.by_key.insert("T".into(), runner);
    RunConfig {
        runners: Arc::new(runners),
        ..RunConfig::default()
    }
}

/// A command runner running `script` with `sh -c`.
pub(super) fn sh(script: &str) -> Runner {
    Runner::Command(CommandSpec {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
        dir: None,
    })
}

/// A machine of one Task state "T" on `resource`, with `extra` fields.
pub(super) fn task(resource: &str, extra: Value) -> Value {
    let mut state = json!({"Type": "Task", "Resource": resource, "End": true});
    if let (Some(s), Some(e)) = (state.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    json!({"StartAt": "T", "States": {"T": state}})
}

/// Runs to the end on a real clock.
pub(super) fn run_real_time(definition: Value, input: Value, config: RunConfig) -> ExecutionResult {
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
        execute(&m, input, &config).await
    })
}

/// Asserts the process whose pid a command wrote to `pidfile` is gone (or a zombie).
#[cfg(unix)]
pub(super) fn assert_process_gone(pidfile: &Path) {
    std::thread::sleep(std::time::Duration::from_millis(200));
    let pid = std::fs::read_to_string(pidfile)
        .expect("pid")
        .trim()
        .to_owned();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        stat.is_empty() || stat.contains(") Z "),
        "command {pid} still running"
    );
}
