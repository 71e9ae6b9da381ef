//! ASL errors as data: what a state raises, what Retry and Catch match, what an execution
//! fails with. These are never Rust `Err`s of the engine itself.

use serde_json::{Map, Value};

/// `States.ALL`: matches every error except the two AWS excludes.
pub const ALL: &str = "States.ALL";
/// A path, template or field could not be applied; not caught by `States.ALL`.
pub const RUNTIME: &str = "States.Runtime";
/// A payload over the size limit; not caught by `States.ALL`.
pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
/// ResultPath could not be applied to the state input.
pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
/// A `.$` field's path failed in Parameters.
pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
/// An intrinsic function failed.
pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
/// A JSONata expression failed or produced no value.
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
/// A Choice state matched no rule and has no Default.
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
/// A Parallel branch failed (wrapper name; the branch's own error is what propagates).
pub const BRANCH_FAILED: &str = "States.BranchFailed";
/// A Map state had more failed items than it tolerates.
pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
/// A state or the execution ran longer than its TimeoutSeconds.
pub const TIMEOUT: &str = "States.Timeout";
/// A task sent no heartbeat within HeartbeatSeconds.
pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
/// A distributed Map could not read or batch its items (an item too big for MaxInputBytesPerBatch).
pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";
/// A task failed; in Retry/Catch it matches every error except States.Timeout.
pub const TASK_FAILED: &str = "States.TaskFailed";

/// An ASL error raised by a state: a name (absent only for a Fail state without Error) and a cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    pub error: Option<String>,
    pub cause: Option<String>,
}

impl StateError {
    /// An error with a name and a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        StateError {
            error: Some(error.into()),
            cause: Some(cause.into()),
        }
    }

    /// `States.Runtime` with `cause`.
    pub fn runtime(cause: impl Into<String>) -> Self {
        StateError::new(RUNTIME, cause)
    }

    /// The error's name, or "" when it has none.
    pub fn name(&self) -> &str {
        self.error.as_deref().unwrap_or_default()
    }

    /// True if a Retry or Catch listing `error_equals` handles this error.
    pub fn matches(&self, error_equals: &[String]) -> bool {
        let name = self.name();
        error_equals.iter().any(|e| match e.as_str() {
            ALL => name != RUNTIME && name != DATA_LIMIT_EXCEEDED,
            TASK_FAILED => {
                name == TASK_FAILED
                    || !(name == TIMEOUT || name == RUNTIME || name == DATA_LIMIT_EXCEEDED)
            }
            other => other == name,
        })
    }

    /// The error output a Catch passes on: `{"Error": ..., "Cause": ...}`.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(e) = &self.error {
            map.insert("Error".into(), Value::String(e.clone()));
        }
        if let Some(c) = &self.cause {
            map.insert("Cause".into(), Value::String(c.clone()));
        }
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn states_all_skips_runtime_and_data_limit() {
        let all = list(&[ALL]);
        assert!(StateError::new("Custom", "x").matches(&all));
        assert!(StateError::new(TIMEOUT, "x").matches(&all));
        assert!(!StateError::runtime("x").matches(&all));
        assert!(!StateError::new(DATA_LIMIT_EXCEEDED, "x").matches(&all));
    }

    #[test]
    fn task_failed_matches_all_but_timeout() {
        let tf = list(&[TASK_FAILED]);
        assert!(StateError::new("Custom", "x").matches(&tf));
        assert!(!StateError::new(TIMEOUT, "x").matches(&tf));
        assert!(StateError::new(TIMEOUT, "x").matches(&list(&[TIMEOUT])));
    }

    #[test]
    fn error_output_omits_missing_fields() {
        let e = StateError {
            error: Some("E".into()),
            cause: None,
        };
        assert_eq!(e.to_value(), serde_json::json!({"Error": "E"}));
    }
}
