//! Value rules: number ranges, timestamps, retry settings, Map settings.

use super::Validator;
use crate::asl::diagnostic::{pointer_join, Code};
use crate::asl::fields::NumberField;
use crate::asl::states::{MapState, Retrier};
use crate::asl::timestamp::parse_timestamp;

/// The largest integer AWS accepts in timeout and retry fields.
const MAX_INTEGER: u64 = 99_999_999;

impl Validator {
    /// An integer in `min..=MAX_INTEGER`, or a JSONata expression / template placeholder.
    pub(crate) fn positive_integer(
        &mut self,
        v: &NumberField,
        pointer: &str,
        name: &str,
        min: u64,
    ) -> Option<u64> {
        match v {
            NumberField::Text(t)
                if super::expressions::is_jsonata(t) || super::rules::is_placeholder(t) =>
            {
                None
            }
            NumberField::Text(_) => {
                self.report(
                    Code::InvalidType,
                    pointer,
                    format!("\"{name}\" must be a number, found a string"),
                );
                None
            }
            NumberField::Number(n) => {
                match n.as_u64() {
                    Some(i) if (min..=MAX_INTEGER).contains(&i) => Some(i),
                    _ => {
                        self.report(
                        Code::InvalidValue,
                        pointer,
                        format!("\"{name}\" must be an integer from {min} to {MAX_INTEGER}, found {n}"),
                    );
                        None
                    }
                }
            }
        }
    }

    /// A number literal in a range, or an expression / placeholder.
    fn number_in_range(&mut self, v: &NumberField, pointer: &str, name: &str, min: f64, max: f64) {
        match v {
            NumberField::Text(t)
                if super::expressions::is_jsonata(t) || super::rules::is_placeholder(t) => {}
            NumberField::Text(_) => self.report(
                Code::InvalidType,
                pointer,
                format!("\"{name}\" must be a number, found a string"),
            ),
            NumberField::Number(n) => {
                if !n.as_f64().is_some_and(|f| (min..=max).contains(&f)) {
                    self.report(
                        Code::InvalidValue,
                        pointer,
                        format!("\"{name}\" must be from {min} to {max}, found {n}"),
                    );
                }
            }
        }
    }

    /// An ASL timestamp literal.
    pub(crate) fn timestamp(&mut self, s: &str, pointer: &str) {
        if parse_timestamp(s).is_none() {
            self.report(
                Code::InvalidTimestamp,
                pointer,
                format!("\"{s}\" is not an RFC 3339 timestamp with uppercase T and Z, e.g. 2026-01-31T09:30:00Z"),
            );
        }
    }

    /// IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy.
    pub(crate) fn retrier_values(&mut self, r: &Retrier, pointer: &str) {
        if let Some(v) = &r.interval_seconds {
            self.positive_integer(
                v,
                &pointer_join(pointer, "IntervalSeconds"),
                "IntervalSeconds",
                1,
            );
        }
        if let Some(v) = &r.max_attempts {
            self.positive_integer(v, &pointer_join(pointer, "MaxAttempts"), "MaxAttempts", 0);
        }
        if let Some(v) = &r.max_delay_seconds {
            self.positive_integer(
                v,
                &pointer_join(pointer, "MaxDelaySeconds"),
                "MaxDelaySeconds",
                1,
            );
        }
        match &r.backoff_rate {
            Some(NumberField::Number(n)) if n.as_f64().is_some_and(|f| f < 1.0) => self.report(
                Code::BackoffRateTooLow,
                pointer_join(pointer, "BackoffRate"),
                format!("\"BackoffRate\" must be at least 1.0, found {n}"),
            ),
            Some(v @ NumberField::Text(_)) => self.number_in_range(
                v,
                &pointer_join(pointer, "BackoffRate"),
                "BackoffRate",
                1.0,
                f64::MAX,
            ),
            _ => {}
        }
        if r.jitter().is_none() {
            self.report(
                Code::InvalidValue,
                pointer_join(pointer, "JitterStrategy"),
                "\"JitterStrategy\" must be \"FULL\" or \"NONE\"",
            );
        }
    }

    /// Processor mode, concurrency, tolerated failures, Label, distributed-only fields.
    pub(crate) fn map_values(&mut self, m: &MapState, pointer: &str) {
        if let Some(v) = &m.max_concurrency {
            self.positive_integer(
                v,
                &pointer_join(pointer, "MaxConcurrency"),
                "MaxConcurrency",
                0,
            );
        }
        if let Some(v) = &m.tolerated_failure_count {
            self.positive_integer(
                v,
                &pointer_join(pointer, "ToleratedFailureCount"),
                "ToleratedFailureCount",
                0,
            );
        }
        if let Some(v) = &m.tolerated_failure_percentage {
            let p = pointer_join(pointer, "ToleratedFailurePercentage");
            self.number_in_range(v, &p, "ToleratedFailurePercentage", 0.0, 100.0);
        }
        if let Some(config) = m
            .item_processor
            .as_ref()
            .and_then(|p| p.processor_config.as_ref())
        {
            let p = format!("{pointer}/ItemProcessor/ProcessorConfig");
            if let Some(mode) = &config.mode {
                if mode != "INLINE" && mode != "DISTRIBUTED" {
                    self.report(
                        Code::InvalidValue,
                        pointer_join(&p, "Mode"),
                        format!("\"Mode\" must be \"INLINE\" or \"DISTRIBUTED\", found \"{mode}\""),
                    );
                }
            }
            match config.execution_type.as_deref() {
                Some("STANDARD" | "EXPRESS") => {}
                Some(other) => self.report(
                    Code::InvalidValue,
                    pointer_join(&p, "ExecutionType"),
                    format!(
                        "\"ExecutionType\" must be \"STANDARD\" or \"EXPRESS\", found \"{other}\""
                    ),
                ),
                None if m.is_distributed() => self.report(
                    Code::MissingField,
                    p.clone(),
                    "a DISTRIBUTED processor needs \"ExecutionType\" (STANDARD or EXPRESS)",
                ),
                None => {}
            }
            for key in config.extra.keys() {
                self.report(
                    Code::UnknownField,
                    pointer_join(&p, key),
                    format!("unknown field \"{key}\" in ProcessorConfig"),
                );
            }
        }
        if !m.is_distributed() {
            // ItemReader, ResultWriter and Label are left out: deployed definitions use them
            // on INLINE Maps (see tests/data/realworld 0375, 0377).
            let distributed_only = [
                ("ItemBatcher", m.item_batcher.is_some()),
                (
                    "ToleratedFailurePercentage",
                    m.tolerated_failure_percentage.is_some(),
                ),
                (
                    "ToleratedFailurePercentagePath",
                    m.tolerated_failure_percentage_path.is_some(),
                ),
                ("ToleratedFailureCount", m.tolerated_failure_count.is_some()),
                (
                    "ToleratedFailureCountPath",
                    m.tolerated_failure_count_path.is_some(),
                ),
            ];
            for (name, _) in distributed_only.iter().filter(|(_, set)| *set) {
                self.report(
                    Code::FieldNotAllowed,
                    pointer_join(pointer, name),
                    format!("\"{name}\" is only allowed in a Map whose ProcessorConfig Mode is DISTRIBUTED"),
                );
            }
        }
        if let Some(label) = &m.label {
            if label.chars().count() > 40
                || label
                    .chars()
                    .any(|c| c.is_whitespace() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c))
            {
                self.report(
                    Code::InvalidValue,
                    pointer_join(pointer, "Label"),
                    "\"Label\" must be at most 40 characters, without whitespace or special characters",
                );
            }
        }
        if let Some(reader) = &m.item_reader {
            let p = pointer_join(pointer, "ItemReader");
            if reader.resource.is_none() && !reader.extra.contains_key("Resource") {
                self.report(
                    Code::MissingField,
                    p.clone(),
                    "\"ItemReader\" needs \"Resource\"",
                );
            }
            if let Some(c) = &reader.reader_config {
                let cp = pointer_join(&p, "ReaderConfig");
                self.exclusive(
                    &cp,
                    &[
                        ("MaxItems", c.max_items.is_some()),
                        ("MaxItemsPath", c.max_items_path.is_some()),
                    ],
                );
                if let Some(t) = &c.input_type {
                    if !["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"].contains(&t.as_str())
                        && !super::rules::is_placeholder(t)
                    {
                        self.report(
                            Code::InvalidValue,
                            pointer_join(&cp, "InputType"),
                            format!("unknown InputType \"{t}\""),
                        );
                    }
                }
            }
        }
        if let Some(b) = &m.item_batcher {
            let p = pointer_join(pointer, "ItemBatcher");
            self.exclusive(
                &p,
                &[
                    ("MaxItemsPerBatch", b.max_items_per_batch.is_some()),
                    ("MaxItemsPerBatchPath", b.max_items_per_batch_path.is_some()),
                ],
            );
            self.exclusive(
                &p,
                &[
                    (
                        "MaxInputBytesPerBatch",
                        b.max_input_bytes_per_batch.is_some(),
                    ),
                    (
                        "MaxInputBytesPerBatchPath",
                        b.max_input_bytes_per_batch_path.is_some(),
                    ),
                ],
            );
        }
    }
}
