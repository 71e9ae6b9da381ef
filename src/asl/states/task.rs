//! Task: the fields that call out to work.

use serde_json::Value;

use crate::asl::fields::{NumberField, ObjectReader, ObjectWriter};

/// A Task state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub resource: Option<String>,
    pub credentials: Option<Value>,
    pub timeout_seconds: Option<NumberField>,
    pub timeout_seconds_path: Option<String>,
    pub heartbeat_seconds: Option<NumberField>,
    pub heartbeat_seconds_path: Option<String>,
}

impl Task {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        Task {
            resource: r.string("Resource"),
            credentials: r.value("Credentials"),
            timeout_seconds: r.number("TimeoutSeconds"),
            timeout_seconds_path: r.string("TimeoutSecondsPath"),
            heartbeat_seconds: r.number("HeartbeatSeconds"),
            heartbeat_seconds_path: r.string("HeartbeatSecondsPath"),
        }
    }

    pub(crate) fn write_head(&self, w: &mut ObjectWriter) {
        w.string("Resource", self.resource.as_ref())
            .value("Credentials", self.credentials.as_ref());
    }

    pub(crate) fn write_timeouts(&self, w: &mut ObjectWriter) {
        w.number("TimeoutSeconds", self.timeout_seconds.as_ref())
            .string("TimeoutSecondsPath", self.timeout_seconds_path.as_ref())
            .number("HeartbeatSeconds", self.heartbeat_seconds.as_ref())
            .string("HeartbeatSecondsPath", self.heartbeat_seconds_path.as_ref());
    }

    /// True if the resource waits for a callback with a task token.
    pub fn waits_for_task_token(&self) -> bool {
        self.resource
            .as_deref()
            .is_some_and(|r| r.ends_with(".waitForTaskToken"))
    }
}
