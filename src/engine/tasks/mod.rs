//! Task runners: what answers a Task state locally: mocked responses in the MockConfigFile
//! format of Step Functions Local first, then a runner chosen by state name or Resource ARN.

pub mod command;
pub mod http;
pub mod manual;
pub mod mock_config;

pub use command::CommandSpec;
pub use http::LambdaEndpoint;
pub use manual::{PendingTasks, TaskAnswer};
pub use mock_config::{mocked_result, MockConfig, MockResponse, MockSession};

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::debug::DebugEvent;
use super::error::{StateError, TASK_FAILED};
use super::exec::Exec;
use super::EngineEvent;

/// How one task is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runner {
    /// A local command (input on stdin, result on stdout).
    Command(CommandSpec),
    /// The user answers through the engine handle (the debugger prompts for it).
    Manual,
    /// The Lambda Invoke API at a local endpoint.
    Lambda(LambdaEndpoint),
}

/// Runners keyed by state name or Resource ARN (a state name wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskRunners {
    pub by_key: HashMap<String, Runner>,
}

impl TaskRunners {
    /// Reads `{"StateOrArn": {"command": ["program", "arg", ...]}, ...}`.
    pub fn from_value(value: &Value) -> Result<TaskRunners, String> {
        let Value::Object(map) = value else {
            return Err("\"tasks\" must be an object of state names or ARNs".into());
        };
        let mut by_key = HashMap::new();
        for (key, spec) in map {
            if spec.get("manual") == Some(&Value::Bool(true)) {
                by_key.insert(key.clone(), Runner::Manual);
                continue;
            }
            if let Some(lambda) = spec.get("lambda") {
                let endpoint = lambda
                    .get("endpoint")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("tasks.{key}.lambda needs an \"endpoint\" URL"))?;
                let function = lambda
                    .get("function")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let target = LambdaEndpoint {
                    endpoint: endpoint.to_owned(),
                    function,
                };
                by_key.insert(key.clone(), Runner::Lambda(target));
                continue;
            }
            let words = spec
                .get("command")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    format!("tasks.{key}: expected {{\"command\": [program, args...]}}")
                })?;
            let words: Vec<String> = words
                .iter()
                .map(|w| w.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("tasks.{key}.command must be an array of strings"))?;
            let Some((program, args)) = words.split_first() else {
                return Err(format!("tasks.{key}.command is empty"));
            };
            let spec = CommandSpec {
                program: program.clone(),
                args: args.to_vec(),
                dir: None,
            };
            by_key.insert(key.clone(), Runner::Command(spec));
        }
        Ok(TaskRunners { by_key })
    }

    /// True if some task is answered by hand.
    pub fn has_manual(&self) -> bool {
        self.by_key.values().any(|r| matches!(r, Runner::Manual))
    }

    /// The runner for a state, by its name first, then by its Resource ARN.
    pub fn runner_for(&self, state: &str, resource: &str) -> Option<&Runner> {
        self.by_key.get(state).or_else(|| self.by_key.get(resource))
    }
}

/// Runs the task `state` with `resource` on `input`; the result or the task's error.
pub(crate) async fn invoke(
    exec: &Exec,
    call: &TaskCall<'_>,
    input: &Arc<Value>,
) -> Result<Value, StateError> {
    let (state, resource) = (call.state, call.resource);
    if let Some(response) = exec.mocks.as_ref().and_then(|m| m.invoke(state)) {
        return match response {
            MockResponse::Return(v) => Ok(mocked_result(resource, v)),
            MockResponse::Throw { error, cause } => Err(StateError::new(error, cause)),
        };
    }
    let runner = exec.runners.runner_for(state, resource);
    let manual = matches!(runner, Some(Runner::Manual))
        || (runner.is_none() && (call.token.is_some() || exec.ask_for_unanswered_tasks));
    if manual {
        return wait_for_answer(exec, call, input).await;
    }
    if let Some(runner) = runner {
        let invoke_api = resource == LAMBDA_INVOKE;
        let payload = if invoke_api {
            input.get("Payload").cloned().unwrap_or(json!({}))
        } else {
            Value::clone(input)
        };
        let result = match runner {
            Runner::Command(spec) => command::run(spec, &payload, call.heartbeats).await?,
            Runner::Lambda(target) => {
                let function = target
                    .function
                    .as_deref()
                    .or_else(|| {
                        input
                            .get("FunctionName")
                            .and_then(Value::as_str)
                            .filter(|_| invoke_api)
                    })
                    .unwrap_or(resource);
                http::invoke(target, function, &payload).await?
            }
            Runner::Manual => return wait_for_answer(exec, call, input).await,
        };
        return Ok(if invoke_api {
            lambda_invoke_response(result)
        } else {
            result
        });
    }
    Err(StateError::new(
        TASK_FAILED,
        format!(
            "No task runner answers state '{state}' (resource {resource}): add it to the mock \
             config's test case or to the run configuration's \"tasks\""
        ),
    ))
}

/// Who is asking: the state, its resource, its branch, its task token (callback tasks), and
/// where its runner reports heartbeats (only command runners have a channel for them).
pub(crate) struct TaskCall<'a> {
    pub state: &'a str,
    pub resource: &'a str,
    pub scope: &'a str,
    pub token: Option<&'a str>,
    pub heartbeats: &'a tokio::sync::Notify,
}

/// Waits for an answer through the handle; without a listener nobody could answer, so fail.
async fn wait_for_answer(
    exec: &Exec,
    call: &TaskCall<'_>,
    input: &Arc<Value>,
) -> Result<Value, StateError> {
    if !exec.debugging() {
        return Err(StateError::new(
            TASK_FAILED,
            format!(
                "State '{}' waits for a manual answer or a task token callback, but this run has \
                 no debugger to answer it: mock it or give it a command runner",
                call.state
            ),
        ));
    }
    let token = call
        .token
        .map(str::to_owned)
        .unwrap_or_else(|| format!("manual-{}", exec.random()));
    let answer = exec.pending.register(&token);
    exec.emit(EngineEvent::Debug(DebugEvent::TaskWaiting {
        state: call.state.to_owned(),
        scope: call.scope.to_owned(),
        token,
        input: Arc::clone(input),
    }))
    .await;
    match answer.await {
        Ok(TaskAnswer::Success(v)) => Ok(v),
        Ok(TaskAnswer::Failure { error, cause }) => Err(StateError::new(error, cause)),
        Err(_) => Err(StateError::new(
            TASK_FAILED,
            "the task's answer channel closed",
        )),
    }
}

/// The optimized Lambda integration, whose result is the whole Invoke response.
const LAMBDA_INVOKE: &str = "arn:aws:states:::lambda:invoke";

/// What `arn:aws:states:::lambda:invoke` returns around a function's result.
fn lambda_invoke_response(payload: Value) -> Value {
    json!({
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {"HttpStatusCode": 200},
        "SdkResponseMetadata": {},
        "StatusCode": 200,
    })
}

/// The `resourceType` and `resource` AWS shows in task history events.
pub(crate) fn resource_names(resource: &str) -> (String, String) {
    if let Some(rest) = resource.strip_prefix("arn:aws:states:::") {
        let mut parts = rest.splitn(2, ':');
        let service = parts.next().unwrap_or_default().to_owned();
        let action = parts.next().unwrap_or_default().to_owned();
        return (service, action);
    }
    if resource.starts_with("arn:aws:lambda:") {
        return ("lambda".into(), resource.to_owned());
    }
    ("activity".into(), resource.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_split_service_integrations() {
        assert_eq!(
            resource_names("arn:aws:states:::lambda:invoke"),
            ("lambda".into(), "invoke".into())
        );
        assert_eq!(
            resource_names("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            ("sqs".into(), "sendMessage.waitForTaskToken".into())
        );
        let f = "arn:aws:lambda:us-east-1:1:function:f";
        assert_eq!(resource_names(f), ("lambda".into(), f.into()));
    }
}

#[cfg(test)]
mod runner_config_tests {
    use super::*;

    #[test]
    fn tasks_config_reads_commands_and_rejects_bad_shapes() {
        let r =
            TaskRunners::from_value(&json!({"S": {"command": ["python3", "h.py"]}})).expect("ok");
        let spec = CommandSpec {
            program: "python3".into(),
            args: vec!["h.py".into()],
            dir: None,
        };
        assert_eq!(r.by_key.get("S"), Some(&Runner::Command(spec)));
        assert!(TaskRunners::from_value(&json!({"S": {"command": []}})).is_err());
        assert!(TaskRunners::from_value(&json!({"S": {"command": [1]}})).is_err());
        assert!(TaskRunners::from_value(&json!([])).is_err());
    }

    #[test]
    fn invoke_api_wraps_the_payload() {
        let r = lambda_invoke_response(json!({"a": 1}));
        assert_eq!(r["Payload"], json!({"a": 1}));
        assert_eq!(r["StatusCode"], 200);
    }
}
