//! AWS-shaped history events (as `aws stepfunctions get-execution-history` prints them).
//! Payloads are kept as their JSON text, as AWS's history carries them.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::payload_text::PayloadText;

/// One history event.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    pub id: u64,
    pub previous_event_id: u64,
    pub timestamp_ms: i64,
    pub details: EventDetails,
}

/// What happened, with the data AWS records for it.
#[derive(Debug, Clone, PartialEq)]
pub enum EventDetails {
    ExecutionStarted {
        input: PayloadText,
    },
    ExecutionSucceeded {
        output: PayloadText,
    },
    ExecutionFailed {
        error: Option<String>,
        cause: Option<String>,
    },
    ExecutionTimedOut {
        error: Option<String>,
        cause: Option<String>,
    },
    ExecutionAborted,
    /// `<Type>StateEntered`, e.g. TaskStateEntered.
    StateEntered {
        state_type: &'static str,
        /// Shared: every visit of a state records the same name.
        name: Arc<str>,
        input: PayloadText,
    },
    /// `<Type>StateExited`.
    StateExited {
        state_type: &'static str,
        name: Arc<str>,
        output: PayloadText,
    },
    TaskScheduled {
        resource_type: String,
        resource: String,
        parameters: PayloadText,
    },
    TaskStarted {
        resource_type: String,
        resource: String,
    },
    TaskSucceeded {
        resource_type: String,
        resource: String,
        output: PayloadText,
    },
    TaskFailed {
        resource_type: String,
        resource: String,
        error: Option<String>,
        cause: Option<String>,
    },
    TaskTimedOut {
        resource_type: String,
        resource: String,
        error: Option<String>,
        cause: Option<String>,
    },
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    MapStateStarted {
        length: usize,
    },
    MapStateSucceeded,
    MapStateFailed,
    MapIterationStarted {
        name: String,
        index: usize,
    },
    MapIterationSucceeded {
        name: String,
        index: usize,
    },
    MapIterationFailed {
        name: String,
        index: usize,
    },
    WaitStateAborted,
}

impl EventDetails {
    /// True for the events that close an execution.
    pub fn ends_execution(&self) -> bool {
        matches!(
            self,
            EventDetails::ExecutionSucceeded { .. }
                | EventDetails::ExecutionFailed { .. }
                | EventDetails::ExecutionTimedOut { .. }
                | EventDetails::ExecutionAborted
        )
    }

    /// The AWS event type name.
    pub fn type_name(&self) -> String {
        use EventDetails::*;
        let fixed = match self {
            ExecutionStarted { .. } => "ExecutionStarted",
            ExecutionSucceeded { .. } => "ExecutionSucceeded",
            ExecutionFailed { .. } => "ExecutionFailed",
            ExecutionTimedOut { .. } => "ExecutionTimedOut",
            ExecutionAborted => "ExecutionAborted",
            StateEntered { state_type, .. } => return format!("{state_type}StateEntered"),
            StateExited { state_type, .. } => return format!("{state_type}StateExited"),
            TaskScheduled { .. } => "TaskScheduled",
            TaskStarted { .. } => "TaskStarted",
            TaskSucceeded { .. } => "TaskSucceeded",
            TaskFailed { .. } => "TaskFailed",
            TaskTimedOut { .. } => "TaskTimedOut",
            ParallelStateStarted => "ParallelStateStarted",
            ParallelStateSucceeded => "ParallelStateSucceeded",
            ParallelStateFailed => "ParallelStateFailed",
            MapStateStarted { .. } => "MapStateStarted",
            MapStateSucceeded => "MapStateSucceeded",
            MapStateFailed => "MapStateFailed",
            MapIterationStarted { .. } => "MapIterationStarted",
            MapIterationSucceeded { .. } => "MapIterationSucceeded",
            MapIterationFailed { .. } => "MapIterationFailed",
            WaitStateAborted => "WaitStateAborted",
        };
        fixed.to_owned()
    }

    /// The `<type>EventDetails` key and object, if this type has one.
    fn details(&self) -> Option<(&'static str, Value)> {
        use EventDetails::*;
        // `to_string` writes a spliced text's pieces without keeping a joined copy.
        let payload = |v: &PayloadText| Value::String(v.to_string());
        let truncated = json!({"truncated": false});
        let error_details = |error: &Option<String>, cause: &Option<String>| {
            let mut m = Map::new();
            if let Some(e) = error {
                m.insert("error".into(), json!(e));
            }
            if let Some(c) = cause {
                m.insert("cause".into(), json!(c));
            }
            m
        };
        Some(match self {
            ExecutionStarted { input } => (
                "executionStartedEventDetails",
                json!({"input": payload(input), "inputDetails": truncated}),
            ),
            ExecutionSucceeded { output } => (
                "executionSucceededEventDetails",
                json!({"output": payload(output), "outputDetails": truncated}),
            ),
            ExecutionFailed { error, cause } => (
                "executionFailedEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            ExecutionTimedOut { error, cause } => (
                "executionTimedOutEventDetails",
                Value::Object(error_details(error, cause)),
            ),
            StateEntered { name, input, .. } => (
                "stateEnteredEventDetails",
                json!({"name": &**name, "input": payload(input), "inputDetails": truncated}),
            ),
            StateExited { name, output, .. } => (
                "stateExitedEventDetails",
                json!({"name": &**name, "output": payload(output), "outputDetails": truncated}),
            ),
            TaskScheduled {
                resource_type,
                resource,
                parameters,
            } => (
                "taskScheduledEventDetails",
                json!({"resourceType": resource_type, "resource": resource,
                       "region": "us-east-1", "parameters": payload(parameters)}),
            ),
            TaskStarted {
                resource_type,
                resource,
            } => (
                "taskStartedEventDetails",
                json!({"resourceType": resource_type, "resource": resource}),
            ),
            TaskSucceeded {
                resource_type,
                resource,
                output,
            } => (
                "taskSucceededEventDetails",
                json!({"resourceType": resource_type, "resource": resource,
                       "output": payload(output), "outputDetails": truncated}),
            ),
            TaskFailed {
                resource_type,
                resource,
                error,
                cause,
            }
            | TaskTimedOut {
                resource_type,
                resource,
                error,
                cause,
            } => {
                let key = if matches!(self, TaskFailed { .. }) {
                    "taskFailedEventDetails"
                } else {
                    "taskTimedOutEventDetails"
                };
                let mut m = error_details(error, cause);
                m.insert("resourceType".into(), json!(resource_type));
                m.insert("resource".into(), json!(resource));
                (key, Value::Object(m))
            }
            MapStateStarted { length } => {
                ("mapStateStartedEventDetails", json!({"length": length}))
            }
            MapIterationStarted { name, index } => (
                "mapIterationStartedEventDetails",
                json!({"name": name, "index": index}),
            ),
            MapIterationSucceeded { name, index } => (
                "mapIterationSucceededEventDetails",
                json!({"name": name, "index": index}),
            ),
            MapIterationFailed { name, index } => (
                "mapIterationFailedEventDetails",
                json!({"name": name, "index": index}),
            ),
            _ => return None,
        })
    }
}

impl HistoryEvent {
    /// The event as AWS prints it; `timestamp` is seconds since the epoch, as the CLI shows it.
    pub fn to_aws_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("timestamp".into(), json!(self.timestamp_ms as f64 / 1000.0));
        m.insert("type".into(), json!(self.details.type_name()));
        m.insert("id".into(), json!(self.id));
        m.insert("previousEventId".into(), json!(self.previous_event_id));
        if let Some((key, details)) = self.details.details() {
            m.insert(key.into(), details);
        }
        Value::Object(m)
    }
}

/// The append-only log of one execution.
#[derive(Debug, Default, Clone)]
pub struct History {
    events: Vec<HistoryEvent>,
}

impl History {
    /// Appends an event after `previous` and returns its id (ids start at 1).
    pub fn push(&mut self, previous: u64, timestamp_ms: i64, details: EventDetails) -> u64 {
        let id = self.events.len() as u64 + 1;
        self.events.push(HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp_ms,
            details,
        });
        id
    }

    /// How many events were recorded.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// True before the first event.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Every event, in order.
    pub fn events(&self) -> &[HistoryEvent] {
        &self.events
    }

    /// Every event, moved out of the log.
    pub fn into_events(self) -> Vec<HistoryEvent> {
        self.events
    }

    /// `{"events": [...]}` as `get-execution-history` prints it.
    pub fn to_aws_json(&self) -> Value {
        json!({"events": self.events.iter().map(HistoryEvent::to_aws_json).collect::<Vec<_>>()})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_shaped_like_aws() {
        let mut h = History::default();
        let first = h.push(
            0,
            1_000,
            EventDetails::ExecutionStarted {
                input: PayloadText::of(&json!({"a": 1})),
            },
        );
        h.push(
            first,
            1_500,
            EventDetails::StateEntered {
                state_type: "Task",
                name: "T".into(),
                input: PayloadText::of(&json!({})),
            },
        );
        let out = h.to_aws_json();
        assert_eq!(out["events"][0]["type"], "ExecutionStarted");
        assert_eq!(
            out["events"][0]["executionStartedEventDetails"]["input"],
            "{\"a\":1}"
        );
        assert_eq!(out["events"][1]["type"], "TaskStateEntered");
        assert_eq!(out["events"][1]["id"], 2);
        assert_eq!(out["events"][1]["previousEventId"], 1);
        assert_eq!(out["events"][1]["stateEnteredEventDetails"]["name"], "T");
    }
}
