//! Task: runs work through a task runner, with TimeoutSeconds and HeartbeatSeconds.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::Notify;

use super::super::debug::Stage;
use super::super::error::{StateError, HEARTBEAT_TIMEOUT, TIMEOUT};
use super::super::exec::Scope;
use super::super::history::EventDetails;
use super::super::interpreter::{env_of, Done, Visit};
use super::super::payload_text::PayloadText;
use super::super::{clock, jsonata, pipeline, tasks};
use super::{effective_input, finish_result};
use crate::asl::states::Task;
use crate::asl::NumberField;

/// Runs one attempt of a Task state.
pub(super) async fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &mut Scope,
    task: &'m Task,
) -> Result<Done<'m>, StateError> {
    let token = task_token(visit, task);
    let params = effective_input(visit, scope)?;
    let limits = TaskLimits {
        timeout: timeout_seconds(visit, scope, task)?,
        heartbeat: heartbeat_seconds(visit, scope, task)?,
    };
    let (result, size) = call(visit, scope, task, &params, limits, token.as_deref()).await?;
    let result = Arc::new(result);
    visit.exec.limits.check_size(size, visit.name)?;
    visit.recorder.stage(Stage::Result, &result);
    finish_result(visit, scope, result)
}

/// TimeoutSeconds and HeartbeatSeconds of one attempt, resolved.
#[derive(Debug, Clone, Copy)]
struct TaskLimits {
    timeout: Option<f64>,
    heartbeat: Option<f64>,
}

/// Schedules the task, runs it against its timeout and heartbeat, and records the outcome;
/// a result comes with its size, the length of the text the history recorded.
async fn call(
    visit: &Visit<'_, '_>,
    scope: &mut Scope,
    task: &Task,
    params: &Arc<Value>,
    limits: TaskLimits,
    token: Option<&str>,
) -> Result<(Value, usize), StateError> {
    let exec = visit.exec;
    let resource = task.resource.as_deref().unwrap_or_default();
    let (resource_type, resource_name) = tasks::resource_names(resource);
    exec.record(
        scope,
        EventDetails::TaskScheduled {
            resource_type: resource_type.clone(),
            resource: resource_name.clone(),
            parameters: PayloadText::of(params),
        },
    )
    .await?;
    exec.record(
        scope,
        EventDetails::TaskStarted {
            resource_type: resource_type.clone(),
            resource: resource_name.clone(),
        },
    )
    .await?;
    // The request borrows the scope's label: it ends before the outcome is recorded.
    let outcome = {
        let heartbeats = Notify::new();
        let request = tasks::TaskCall {
            state: visit.name,
            resource,
            scope: &scope.label,
            token,
            heartbeats: &heartbeats,
        };
        let work = tasks::invoke(exec, &request, params);
        tokio::pin!(work);
        let never = || -> clock::Sleep { Box::pin(std::future::pending()) };
        let mut timeout_sleep = limits
            .timeout
            .map_or_else(never, |s| exec.clock.sleep(clock::seconds(s)));
        // Each heartbeat restarts the heartbeat clock. Only command runners can send one: for a
        // callback, manual or Lambda task HeartbeatSeconds bounds the whole wait, as on AWS when
        // no heartbeat arrives.
        loop {
            let heartbeat_sleep = limits
                .heartbeat
                .map_or_else(never, |s| exec.clock.sleep(clock::seconds(s)));
            tokio::select! {
                r = &mut work => break r,
                _ = &mut timeout_sleep => break Err(StateError::new(TIMEOUT, "Task timed out.")),
                _ = heartbeat_sleep => {
                    break Err(StateError::new(HEARTBEAT_TIMEOUT, "Task heartbeat timed out."))
                }
                _ = heartbeats.notified() => continue,
            }
        }
    };
    let mut size = 0;
    let details = match &outcome {
        Ok(v) => {
            let output = PayloadText::of(v);
            size = output.len();
            EventDetails::TaskSucceeded {
                resource_type,
                resource: resource_name,
                output,
            }
        }
        Err(e) if e.name() == TIMEOUT || e.name() == HEARTBEAT_TIMEOUT => {
            EventDetails::TaskTimedOut {
                resource_type,
                resource: resource_name,
                error: e.error.clone(),
                cause: e.cause.clone(),
            }
        }
        Err(e) => EventDetails::TaskFailed {
            resource_type,
            resource: resource_name,
            error: e.error.clone(),
            cause: e.cause.clone(),
        },
    };
    exec.record(scope, details).await?;
    outcome.map(|v| (v, size))
}

/// A callback task's token, also put into the context as `$$.Task.Token` so Parameters can
/// pass it on.
fn task_token(visit: &mut Visit<'_, '_>, task: &Task) -> Option<String> {
    if !task.waits_for_task_token() {
        return None;
    }
    let token = format!("{:016x}{:016x}", visit.exec.random(), visit.exec.random());
    if let Value::Object(map) = &mut visit.context {
        map.insert("Task".into(), serde_json::json!({"Token": token}));
    }
    Some(token)
}

/// TimeoutSeconds, TimeoutSecondsPath or a JSONata expression; `None` means no timeout.
fn timeout_seconds(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    task: &Task,
) -> Result<Option<f64>, StateError> {
    if let Some(path) = &task.timeout_seconds_path {
        let env = env_of(&visit.context, visit.exec, scope);
        let value = pipeline::query(path, &visit.input, &env)?;
        return positive_seconds(&value, "TimeoutSecondsPath").map(Some);
    }
    match &task.timeout_seconds {
        None => Ok(None),
        Some(NumberField::Number(n)) => Ok(n.as_f64()),
        Some(NumberField::Text(t)) => {
            let value = jsonata::eval_field(visit, scope, &Value::String(t.clone()))?;
            positive_seconds(&value, "TimeoutSeconds").map(Some)
        }
    }
}

/// HeartbeatSeconds, HeartbeatSecondsPath or a JSONata expression; `None` means none.
fn heartbeat_seconds(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    task: &Task,
) -> Result<Option<f64>, StateError> {
    if let Some(path) = &task.heartbeat_seconds_path {
        let env = env_of(&visit.context, visit.exec, scope);
        let value = pipeline::query(path, &visit.input, &env)?;
        return positive_seconds(&value, "HeartbeatSecondsPath").map(Some);
    }
    match &task.heartbeat_seconds {
        None => Ok(None),
        Some(NumberField::Number(n)) => Ok(n.as_f64()),
        Some(NumberField::Text(t)) => {
            let value = jsonata::eval_field(visit, scope, &Value::String(t.clone()))?;
            positive_seconds(&value, "HeartbeatSeconds").map(Some)
        }
    }
}

/// A positive number of seconds, or `States.Runtime` naming the field.
pub(super) fn positive_seconds(value: &Value, field: &str) -> Result<f64, StateError> {
    match value.as_f64() {
        Some(n) if n >= 0.0 && value.as_u64().is_some() => Ok(n),
        _ => Err(StateError::runtime(format!(
            "{field} must be a non-negative integer, found {value}"
        ))),
    }
}
