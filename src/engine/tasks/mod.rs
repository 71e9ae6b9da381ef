//! Task runners: what answers a Task state locally. Today: mocked responses in the
//! MockConfigFile format of Step Functions Local.

pub mod mock_config;

pub use mock_config::{mocked_result, MockConfig, MockResponse, MockSession};

use serde_json::Value;

use super::error::{StateError, TASK_FAILED};
use super::exec::Exec;

/// Runs the task `state` with `resource` on `input`; the result or the task's error.
pub(crate) async fn invoke(
    exec: &Exec,
    state: &str,
    resource: &str,
    _input: &Value,
) -> Result<Value, StateError> {
    if let Some(response) = exec.mocks.as_ref().and_then(|m| m.invoke(state)) {
        return match response {
            MockResponse::Return(v) => Ok(mocked_result(resource, v)),
            MockResponse::Throw { error, cause } => Err(StateError::new(error, cause)),
        };
    }
    Err(StateError::new(
        TASK_FAILED,
        format!(
            "No task runner answers state '{state}' (resource {resource}): add it to the mock \
             config's test case"
        ),
    ))
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
