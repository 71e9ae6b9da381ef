//! Task runners: what answers a Task state locally: mocked responses in the MockConfigFile
//! format of Step Functions Local first, then a runner chosen by state name or Resource ARN.

pub mod command;
pub mod mock_config;

pub use command::CommandSpec;
pub use mock_config::{mocked_result, MockConfig, MockResponse, MockSession};

use std::collections::HashMap;

use serde_json::{json, Value};

use super::error::{StateError, TASK_FAILED};
use super::exec::Exec;

/// How one task is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runner {
    /// A local command (input on stdin, result on stdout).
    Command(CommandSpec),
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
            };
            by_key.insert(key.clone(), Runner::Command(spec));
        }
        Ok(TaskRunners { by_key })
    }
}

/// Runs the task `state` with `resource` on `input`; the result or the task's error.
pub(crate) async fn invoke(
    exec: &Exec,
    state: &str,
    resource: &str,
    input: &Value,
) -> Result<Value, StateError> {
    if let Some(response) = exec.mocks.as_ref().and_then(|m| m.invoke(state)) {
        return match response {
            MockResponse::Return(v) => Ok(mocked_result(resource, v)),
            MockResponse::Throw { error, cause } => Err(StateError::new(error, cause)),
        };
    }
    let runner = exec
        .runners
        .by_key
        .get(state)
        .or_else(|| exec.runners.by_key.get(resource));
    if let Some(Runner::Command(spec)) = runner {
        let invoke_api = resource == LAMBDA_INVOKE;
        let payload = if invoke_api {
            input.get("Payload").cloned().unwrap_or(json!({}))
        } else {
            input.clone()
        };
        let result = command::run(spec, &payload).await?;
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
