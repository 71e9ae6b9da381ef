//! Retry and Catch rules.

use serde_json::{Map, Value};

use crate::asl::fields::{NullablePath, NumberField, ObjectReader, ObjectWriter};

/// How retry delays are randomised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JitterStrategy {
    Full,
    None,
}

/// One Retry rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Retrier {
    pub error_equals: Vec<String>,
    pub comment: Option<String>,
    pub interval_seconds: Option<NumberField>,
    pub max_attempts: Option<NumberField>,
    pub backoff_rate: Option<NumberField>,
    pub max_delay_seconds: Option<NumberField>,
    pub jitter_strategy: Option<String>,
    pub extra: Map<String, Value>,
}

impl Retrier {
    pub(crate) fn read(mut r: ObjectReader<'_>) -> Self {
        Retrier {
            error_equals: r.string_list("ErrorEquals").unwrap_or_default(),
            comment: r.string("Comment"),
            interval_seconds: r.number("IntervalSeconds"),
            max_attempts: r.number("MaxAttempts"),
            backoff_rate: r.number("BackoffRate"),
            max_delay_seconds: r.number("MaxDelaySeconds"),
            jitter_strategy: r.string("JitterStrategy"),
            extra: r.finish(),
        }
    }

    pub(crate) fn write(&self) -> Value {
        ObjectWriter::new()
            .string_list("ErrorEquals", Some(&self.error_equals))
            .string("Comment", self.comment.as_ref())
            .number("IntervalSeconds", self.interval_seconds.as_ref())
            .number("MaxAttempts", self.max_attempts.as_ref())
            .number("BackoffRate", self.backoff_rate.as_ref())
            .number("MaxDelaySeconds", self.max_delay_seconds.as_ref())
            .string("JitterStrategy", self.jitter_strategy.as_ref())
            .extra(&self.extra)
            .finish()
    }

    /// The jitter strategy, if it is one AWS knows.
    pub fn jitter(&self) -> Option<JitterStrategy> {
        match self.jitter_strategy.as_deref() {
            Some("FULL") => Some(JitterStrategy::Full),
            Some("NONE") | None => Some(JitterStrategy::None),
            Some(_) => None,
        }
    }
}

/// One Catch rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catcher {
    pub error_equals: Vec<String>,
    pub comment: Option<String>,
    pub result_path: Option<NullablePath>,
    pub output: Option<Value>,
    pub assign: Option<Value>,
    pub next: Option<String>,
    pub extra: Map<String, Value>,
}

impl Catcher {
    pub(crate) fn read(mut r: ObjectReader<'_>) -> Self {
        Catcher {
            error_equals: r.string_list("ErrorEquals").unwrap_or_default(),
            comment: r.string("Comment"),
            result_path: r.nullable_path("ResultPath"),
            output: r.value("Output"),
            assign: r.value("Assign"),
            next: r.string("Next"),
            extra: r.finish(),
        }
    }

    pub(crate) fn write(&self) -> Value {
        ObjectWriter::new()
            .string_list("ErrorEquals", Some(&self.error_equals))
            .string("Comment", self.comment.as_ref())
            .nullable_path("ResultPath", self.result_path.as_ref())
            .value("Output", self.output.as_ref())
            .value("Assign", self.assign.as_ref())
            .string("Next", self.next.as_ref())
            .extra(&self.extra)
            .finish()
    }
}
