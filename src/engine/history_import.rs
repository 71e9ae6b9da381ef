//! Reading an execution history as `aws stepfunctions get-execution-history --output json`
//! prints it (`{"events": [...]}`, payloads as JSON strings inside `<type>EventDetails`).
//! Every event is checked; the first problem is reported with the event it is in.

use serde_json::Value;

/// Every event type GetExecutionHistory documents (HistoryEventType).
pub const AWS_EVENT_TYPES: &[&str] = &[
    "ActivityFailed",
    "ActivityScheduled",
    "ActivityScheduleFailed",
    "ActivityStarted",
    "ActivitySucceeded",
    "ActivityTimedOut",
    "ChoiceStateEntered",
    "ChoiceStateExited",
    "EvaluationFailed",
    "ExecutionAborted",
    "ExecutionFailed",
    "ExecutionRedriven",
    "ExecutionStarted",
    "ExecutionSucceeded",
    "ExecutionTimedOut",
    "FailStateEntered",
    "LambdaFunctionFailed",
    "LambdaFunctionScheduled",
    "LambdaFunctionScheduleFailed",
    "LambdaFunctionStarted",
    "LambdaFunctionStartFailed",
    "LambdaFunctionSucceeded",
    "LambdaFunctionTimedOut",
    "MapIterationAborted",
    "MapIterationFailed",
    "MapIterationStarted",
    "MapIterationSucceeded",
    "MapRunAborted",
    "MapRunFailed",
    "MapRunRedriven",
    "MapRunStarted",
    "MapRunSucceeded",
    "MapStateAborted",
    "MapStateEntered",
    "MapStateExited",
    "MapStateFailed",
    "MapStateStarted",
    "MapStateSucceeded",
    "ParallelStateAborted",
    "ParallelStateEntered",
    "ParallelStateExited",
    "ParallelStateFailed",
    "ParallelStateStarted",
    "ParallelStateSucceeded",
    "PassStateEntered",
    "PassStateExited",
    "SucceedStateEntered",
    "SucceedStateExited",
    "TaskFailed",
    "TaskScheduled",
    "TaskStarted",
    "TaskStartFailed",
    "TaskStateAborted",
    "TaskStateEntered",
    "TaskStateExited",
    "TaskSubmitFailed",
    "TaskSubmitted",
    "TaskSucceeded",
    "TaskTimedOut",
    "WaitStateAborted",
    "WaitStateEntered",
    "WaitStateExited",
];

/// One event of an imported history.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEvent {
    pub id: u64,
    /// 0 when the file has none (the first event).
    pub previous_event_id: u64,
    pub timestamp_ms: i64,
    /// The AWS type name, one of [`AWS_EVENT_TYPES`].
    pub type_name: String,
    /// The `<type>EventDetails` object, `Null` when the event has none.
    pub details: Value,
    /// The event exactly as read (shown in the events table, written back on export).
    pub raw: Value,
}

impl ImportedEvent {
    /// A string field of the details (`name`, `error`, `resource`, ...).
    pub fn detail_str(&self, key: &str) -> Option<&str> {
        self.details.get(key).and_then(Value::as_str)
    }

    /// A payload field of the details (`input`, `output`, `parameters`), parsed from its JSON
    /// string; a string that is not JSON is kept as a JSON string.
    pub fn payload(&self, key: &str) -> Option<Value> {
        match self.details.get(key)? {
            Value::String(text) => {
                Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone())))
            }
            other => Some(other.clone()),
        }
    }
}

/// Reads a history file's text: `{"events": [...]}` or a bare array of events.
pub fn parse_aws_history(text: &str) -> Result<Vec<ImportedEvent>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the file is not JSON: {e}"))?;
    let events = match &value {
        Value::Object(map) => map.get("events").and_then(Value::as_array).ok_or(
            "expected {\"events\": [...]} as `aws stepfunctions get-execution-history` prints it",
        )?,
        Value::Array(events) => events,
        _ => return Err("expected {\"events\": [...]}".into()),
    };
    if events.is_empty() {
        return Err("the history has no events".into());
    }
    events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            parse_event(e).map_err(|why| format!("event {} (index {i}): {why}", id_hint(e)))
        })
        .collect()
}

fn id_hint(event: &Value) -> String {
    event
        .get("id")
        .map_or_else(|| "without id".to_owned(), |id| id.to_string())
}

fn parse_event(event: &Value) -> Result<ImportedEvent, String> {
    let Value::Object(map) = event else {
        return Err("an event must be an object".into());
    };
    let type_name = map
        .get("type")
        .and_then(Value::as_str)
        .ok_or("missing \"type\"")?;
    if !AWS_EVENT_TYPES.contains(&type_name) {
        return Err(format!("unknown event type \"{type_name}\""));
    }
    let id = map
        .get("id")
        .and_then(Value::as_u64)
        .ok_or("missing or invalid \"id\" (a positive integer)")?;
    let previous_event_id = match map.get("previousEventId") {
        None | Some(Value::Null) => 0,
        Some(v) => v
            .as_u64()
            .ok_or("\"previousEventId\" must be a non-negative integer")?,
    };
    let timestamp_ms = parse_timestamp(map.get("timestamp").ok_or("missing \"timestamp\"")?)?;
    let details = map
        .iter()
        .find(|(k, _)| k.ends_with("EventDetails"))
        .map(|(_, v)| v.clone())
        .unwrap_or(Value::Null);
    if !matches!(details, Value::Object(_) | Value::Null) {
        return Err("the event details must be an object".into());
    }
    Ok(ImportedEvent {
        id,
        previous_event_id,
        timestamp_ms,
        type_name: type_name.to_owned(),
        details,
        raw: event.clone(),
    })
}

/// Seconds since the epoch (the CLI's default JSON) or an RFC 3339 / ISO 8601 string.
fn parse_timestamp(value: &Value) -> Result<i64, String> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .filter(|s| s.is_finite())
            .map(|s| (s * 1000.0).round() as i64)
            .ok_or_else(|| format!("invalid timestamp {n}")),
        Value::String(s) => s
            .parse::<jiff::Timestamp>()
            .map(|t| t.as_millisecond())
            .map_err(|e| format!("invalid timestamp \"{s}\": {e}")),
        other => Err(format!("invalid timestamp {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_events_with_numeric_and_iso_timestamps_and_string_payloads() {
        let text = r#"{"events": [
            {"timestamp": 1700000000.5, "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
             "executionStartedEventDetails": {"input": "{\"a\":1}"}},
            {"timestamp": "2023-11-14T22:13:21.250000+00:00", "type": "PassStateEntered", "id": 2,
             "previousEventId": 1, "stateEnteredEventDetails": {"name": "P", "input": "not json"}}
        ]}"#;
        let events = parse_aws_history(text).expect("valid");
        assert_eq!(events[0].timestamp_ms, 1_700_000_000_500);
        assert_eq!(events[1].timestamp_ms, 1_700_000_001_250);
        assert_eq!(
            events[0].payload("input"),
            Some(serde_json::json!({"a": 1}))
        );
        assert_eq!(events[1].detail_str("name"), Some("P"));
        assert_eq!(
            events[1].payload("input"),
            Some(Value::String("not json".into()))
        );
    }

    #[test]
    fn unknown_types_and_malformed_files_are_named_in_the_error() {
        let unknown = r#"{"events": [{"timestamp": 1, "type": "Teleported", "id": 4}]}"#;
        let e = parse_aws_history(unknown).expect_err("unknown type");
        assert!(e.contains("event 4") && e.contains("Teleported"), "{e}");
        let e = parse_aws_history("{\"events\": 3}").expect_err("not a list");
        assert!(e.contains("get-execution-history"), "{e}");
        let e = parse_aws_history("{ nope").expect_err("not JSON");
        assert!(e.contains("not JSON"), "{e}");
        let no_id = r#"[{"timestamp": 1, "type": "ExecutionStarted"}]"#;
        assert!(parse_aws_history(no_id)
            .expect_err("no id")
            .contains("\"id\""));
        let bad_time = r#"[{"timestamp": "yesterday", "type": "ExecutionStarted", "id": 1}]"#;
        assert!(parse_aws_history(bad_time)
            .expect_err("time")
            .contains("timestamp"));
    }

    #[test]
    fn an_exported_history_reads_back() {
        use crate::engine::history::{EventDetails, History};
        use crate::engine::PayloadText;
        let mut h = History::default();
        let first = h.push(
            0,
            1_000,
            EventDetails::ExecutionStarted {
                input: PayloadText::of(&serde_json::json!({"x": [1, 2]})),
            },
        );
        h.push(first, 2_000, EventDetails::ExecutionAborted);
        let text = h.to_aws_json().to_string();
        let events = parse_aws_history(&text).expect("round trip");
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].previous_event_id, 1);
        assert_eq!(events[1].type_name, "ExecutionAborted");
        assert_eq!(
            events[0].payload("input"),
            Some(serde_json::json!({"x": [1, 2]}))
        );
    }
}
