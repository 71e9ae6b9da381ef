//! Which fields each state type may have, in which query language; required and mutually
//! exclusive fields; Next and End.

use super::Validator;
use crate::asl::diagnostic::{pointer_join, Code};
use crate::asl::states::{QueryLanguage, State, StateKind, StateType};

/// Fields only JSONPath states may use.
const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Result",
    "ItemsPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCountPath",
    "Iterator",
];

/// Fields only JSONata states may use.
const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Items"];

/// Input/output processing, error handling and transition fields shared by Task, Parallel
/// and Map.
const PROCESSING_FIELDS: &[&str] = &[
    "InputPath",
    "Parameters",
    "Arguments",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Output",
    "Assign",
    "Retry",
    "Catch",
    "Next",
    "End",
];

/// The fields only one state type has, and whether it also takes [`PROCESSING_FIELDS`].
fn own_fields(t: StateType) -> (&'static [&'static str], bool) {
    match t {
        StateType::Task => (
            &[
                "Resource",
                "Credentials",
                "TimeoutSeconds",
                "TimeoutSecondsPath",
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
            ],
            true,
        ),
        StateType::Pass => (
            &[
                "Result",
                "InputPath",
                "Parameters",
                "ResultPath",
                "OutputPath",
                "Output",
                "Assign",
                "Next",
                "End",
            ],
            false,
        ),
        StateType::Choice => (
            &[
                "Choices",
                "Default",
                "InputPath",
                "OutputPath",
                "Output",
                "Assign",
            ],
            false,
        ),
        StateType::Wait => (
            &[
                "Seconds",
                "SecondsPath",
                "Timestamp",
                "TimestampPath",
                "InputPath",
                "OutputPath",
                "Output",
                "Assign",
                "Next",
                "End",
            ],
            false,
        ),
        StateType::Succeed => (&["InputPath", "OutputPath", "Output"], false),
        StateType::Fail => (&["Error", "ErrorPath", "Cause", "CausePath"], false),
        StateType::Parallel => (&["Branches"], true),
        StateType::Map => (
            &[
                "ItemProcessor",
                "Iterator",
                "ItemReader",
                "ItemsPath",
                "Items",
                "ItemSelector",
                "ItemBatcher",
                "ResultWriter",
                "MaxConcurrency",
                "MaxConcurrencyPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "Label",
            ],
            true,
        ),
    }
}

/// True if a state of type `t` may have field `name` (in either query language), beyond
/// Type, Comment and QueryLanguage.
fn is_allowed(t: StateType, name: &str) -> bool {
    let (own, processing) = own_fields(t);
    own.contains(&name) || (processing && PROCESSING_FIELDS.contains(&name))
}

/// True if any state type knows this field.
fn is_known_field(name: &str) -> bool {
    ["Type", "Comment", "QueryLanguage"].contains(&name)
        || StateType::ALL.iter().any(|t| is_allowed(*t, name))
}

/// The names of the fields a state has set, from the model.
pub(crate) fn present_fields(state: &State) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut add = |present: bool, name: &'static str| {
        if present {
            out.push(name);
        }
    };
    add(state.input_path.is_some(), "InputPath");
    add(state.parameters.is_some(), "Parameters");
    add(state.arguments.is_some(), "Arguments");
    add(state.result_selector.is_some(), "ResultSelector");
    add(state.result_path.is_some(), "ResultPath");
    add(state.output_path.is_some(), "OutputPath");
    add(state.output.is_some(), "Output");
    add(state.assign.is_some(), "Assign");
    add(state.retry.is_some(), "Retry");
    add(state.catch.is_some(), "Catch");
    add(state.next.is_some(), "Next");
    add(state.end.is_some(), "End");
    match &state.kind {
        StateKind::Task(t) => {
            add(t.timeout_seconds_path.is_some(), "TimeoutSecondsPath");
            add(t.heartbeat_seconds_path.is_some(), "HeartbeatSecondsPath");
        }
        StateKind::Pass(p) => add(p.result.is_some(), "Result"),
        StateKind::Wait(w) => {
            add(w.seconds_path.is_some(), "SecondsPath");
            add(w.timestamp_path.is_some(), "TimestampPath");
        }
        StateKind::Fail(f) => {
            add(f.error_path.is_some(), "ErrorPath");
            add(f.cause_path.is_some(), "CausePath");
        }
        StateKind::Map(m) => {
            add(m.iterator.is_some(), "Iterator");
            add(m.items_path.is_some(), "ItemsPath");
            add(m.items.is_some(), "Items");
            add(m.max_concurrency_path.is_some(), "MaxConcurrencyPath");
            add(
                m.tolerated_failure_percentage_path.is_some(),
                "ToleratedFailurePercentagePath",
            );
            add(
                m.tolerated_failure_count_path.is_some(),
                "ToleratedFailureCountPath",
            );
        }
        _ => {}
    }
    out
}

impl Validator {
    /// Field presence rules for one state.
    pub(crate) fn state_fields(&mut self, state: &State, pointer: &str, language: QueryLanguage) {
        let Some(t) = state.state_type() else { return };
        for name in &present_fields(state) {
            if !is_allowed(t, name) {
                self.report(
                    Code::FieldNotAllowed,
                    pointer_join(pointer, name),
                    format!("\"{name}\" is not allowed in a {} state", t.as_str()),
                );
            } else {
                self.language_field(name, pointer, language);
            }
        }
        for key in state.extra.keys() {
            if is_allowed(t, key) || key == "Type" {
                continue; // known but of the wrong type: reported by the parser
            }
            let (code, message) = if is_known_field(key) {
                (
                    Code::FieldNotAllowed,
                    format!("\"{key}\" is not allowed in a {} state", t.as_str()),
                )
            } else {
                (
                    Code::UnknownField,
                    format!("unknown field \"{key}\" in a {} state", t.as_str()),
                )
            };
            self.report(code, pointer_join(pointer, key), message);
        }
        self.transition_fields(state, t, pointer);
    }

    /// Reports a field that the state's query language does not allow.
    pub(crate) fn language_field(&mut self, name: &str, pointer: &str, language: QueryLanguage) {
        let forbidden = match language {
            QueryLanguage::JsonPath => JSONATA_ONLY,
            QueryLanguage::Jsonata => JSONPATH_ONLY,
        };
        if forbidden.contains(&name) {
            let hint = match (language, name) {
                (QueryLanguage::Jsonata, "Parameters") => " (use Arguments)",
                (
                    QueryLanguage::Jsonata,
                    "Result" | "ResultSelector" | "OutputPath" | "InputPath",
                ) => " (use Output)",
                (QueryLanguage::Jsonata, "ItemsPath") => " (use Items)",
                (QueryLanguage::JsonPath, "Arguments") => " (use Parameters)",
                (QueryLanguage::JsonPath, "Output") => " (use OutputPath or ResultSelector)",
                (QueryLanguage::JsonPath, "Items") => " (use ItemsPath)",
                _ => "",
            };
            self.report(
                Code::FieldNotAllowedInQueryLanguage,
                pointer_join(pointer, name),
                format!(
                    "\"{name}\" is not allowed in a {} state{hint}",
                    language.as_str()
                ),
            );
        }
    }

    /// Next and End: exactly one for states that continue; neither for Choice, Succeed, Fail.
    fn transition_fields(&mut self, state: &State, t: StateType, pointer: &str) {
        if matches!(t, StateType::Choice | StateType::Succeed | StateType::Fail) {
            return; // Next/End on these are reported as fields not allowed
        }
        let end = state.end == Some(true);
        if state.end == Some(false) {
            self.report(
                Code::InvalidValue,
                pointer_join(pointer, "End"),
                "\"End\" must be true when present; use \"Next\" to continue",
            );
        }
        if state.next.is_some() && end {
            self.report(
                Code::NextAndEnd,
                pointer,
                "a state cannot have both \"Next\" and \"End\"",
            );
        } else if state.next.is_none() && !end && !state.extra.contains_key("Next") {
            self.report(
                Code::MissingTransition,
                pointer,
                format!("a {} state needs \"Next\" or \"End\": true", t.as_str()),
            );
        }
    }

    /// Reports when more than one of a group of alternative fields is set.
    pub(crate) fn exclusive(&mut self, pointer: &str, fields: &[(&str, bool)]) {
        let set: Vec<&str> = fields
            .iter()
            .filter(|(_, present)| *present)
            .map(|(n, _)| *n)
            .collect();
        if set.len() > 1 {
            self.report(
                Code::MutuallyExclusiveFields,
                pointer_join(pointer, set[1]),
                format!("only one of {} may be set", quoted_list(&set)),
            );
        }
    }
}

/// `"A", "B" and "C"`.
pub(crate) fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}
