//! Expressions inside fields: JSONPath, reference paths and intrinsic functions in JSONPath
//! states; `{% %}` JSONata in JSONata states; the NO_DOLLAR, NO_PATH and
//! PASS_RESULT_IS_STATIC warnings; variable names in Assign.

use serde_json::Value;

use super::Validator;
use crate::asl::diagnostic::{pointer_index, pointer_join, Code};
use crate::asl::fields::{NullablePath, NumberField};
use crate::asl::states::{ChoiceRule, QueryLanguage, State, StateKind};
use crate::jsonata;

/// Longest variable name AWS accepts.
const MAX_VARIABLE_NAME_CHARS: usize = 80;

/// True for a `{% ... %}` JSONata expression string.
pub(crate) fn is_jsonata(s: &str) -> bool {
    jsonata::expression_body(s).is_some()
}

/// True for strings that look like a JSONPath (`$.x`, `$$.x`, `$[0]`, `$`).
fn looks_like_path(s: &str) -> bool {
    s == "$" || s.starts_with("$.") || s.starts_with("$$.") || s.starts_with("$[")
}

impl Validator {
    /// Every expression-bearing field of one state.
    pub(crate) fn expressions(&mut self, state: &State, pointer: &str, language: QueryLanguage) {
        match language {
            QueryLanguage::JsonPath => self.jsonpath_state(state, pointer),
            QueryLanguage::Jsonata => self.jsonata_state(state, pointer),
        }
        if let Some(assign) = &state.assign {
            self.assign(assign, &pointer_join(pointer, "Assign"), language);
        }
        for (i, c) in state.catch.iter().flatten().enumerate() {
            let p = pointer_index(&pointer_join(pointer, "Catch"), i);
            if let Some(NullablePath::Path(path)) = &c.result_path {
                self.reference_path(path, || pointer_join(&p, "ResultPath"));
            }
            if let Some(assign) = &c.assign {
                self.assign(assign, &pointer_join(&p, "Assign"), language);
            }
            if language == QueryLanguage::Jsonata {
                if let Some(output) = &c.output {
                    self.jsonata_value(output, &pointer_join(&p, "Output"));
                }
            }
        }
    }

    fn jsonpath_state(&mut self, state: &State, pointer: &str) {
        for (name, path) in [
            ("InputPath", &state.input_path),
            ("OutputPath", &state.output_path),
        ] {
            if let Some(NullablePath::Path(p)) = path {
                self.json_path(p, || pointer_join(pointer, name));
            }
        }
        if let Some(NullablePath::Path(p)) = &state.result_path {
            self.reference_path(p, || pointer_join(pointer, "ResultPath"));
        }
        for (name, template) in [
            ("Parameters", &state.parameters),
            ("ResultSelector", &state.result_selector),
        ] {
            if let Some(t) = template {
                self.payload_template(t, &pointer_join(pointer, name));
            }
        }
        let mut reference_paths: Vec<(&str, &String)> = Vec::new();
        let mut literals: Vec<(&str, &NumberField)> = Vec::new();
        match &state.kind {
            StateKind::Pass(p) => {
                if let Some(result) = &p.result {
                    if has_dollar_key(result) {
                        self.report(
                            Code::PassResultIsStatic,
                            pointer_join(pointer, "Result"),
                            "\"Result\" is used as is: keys ending in .$ are not evaluated here (use Parameters)",
                        );
                    }
                }
            }
            StateKind::Task(t) => {
                reference_paths.extend(
                    t.timeout_seconds_path
                        .iter()
                        .map(|p| ("TimeoutSecondsPath", p)),
                );
                reference_paths.extend(
                    t.heartbeat_seconds_path
                        .iter()
                        .map(|p| ("HeartbeatSecondsPath", p)),
                );
                literals.extend(t.timeout_seconds.iter().map(|v| ("TimeoutSeconds", v)));
                literals.extend(t.heartbeat_seconds.iter().map(|v| ("HeartbeatSeconds", v)));
            }
            StateKind::Wait(w) => {
                reference_paths.extend(w.seconds_path.iter().map(|p| ("SecondsPath", p)));
                reference_paths.extend(w.timestamp_path.iter().map(|p| ("TimestampPath", p)));
                literals.extend(w.seconds.iter().map(|v| ("Seconds", v)));
                if let Some(ts) = w.timestamp.as_deref().filter(|t| looks_like_path(t)) {
                    self.no_path("Timestamp", ts, pointer);
                }
            }
            StateKind::Fail(f) => {
                for (name, value) in [("Error", &f.error), ("Cause", &f.cause)] {
                    if let Some(v) = value.as_deref().filter(|v| looks_like_path(v)) {
                        self.no_path(name, v, pointer);
                    }
                }
                for (name, value) in [("ErrorPath", &f.error_path), ("CausePath", &f.cause_path)] {
                    if let Some(v) = value {
                        self.path_or_intrinsic(v, || pointer_join(pointer, name));
                    }
                }
            }
            StateKind::Map(m) => {
                reference_paths.extend(m.items_path.iter().map(|p| ("ItemsPath", p)));
                reference_paths.extend(
                    m.max_concurrency_path
                        .iter()
                        .map(|p| ("MaxConcurrencyPath", p)),
                );
                reference_paths.extend(
                    m.tolerated_failure_count_path
                        .iter()
                        .map(|p| ("ToleratedFailureCountPath", p)),
                );
                reference_paths.extend(
                    m.tolerated_failure_percentage_path
                        .iter()
                        .map(|p| ("ToleratedFailurePercentagePath", p)),
                );
                literals.extend(m.max_concurrency.iter().map(|v| ("MaxConcurrency", v)));
                if let Some(t) = &m.item_selector {
                    self.payload_template(t, &pointer_join(pointer, "ItemSelector"));
                }
                if let Some(t) = m.item_reader.as_ref().and_then(|r| r.parameters.as_ref()) {
                    self.payload_template(t, &format!("{pointer}/ItemReader/Parameters"));
                }
                if let Some(t) = m.result_writer.as_ref().and_then(|r| r.parameters.as_ref()) {
                    self.payload_template(t, &format!("{pointer}/ResultWriter/Parameters"));
                }
                if let Some(t) = m.item_batcher.as_ref().and_then(|b| b.batch_input.as_ref()) {
                    self.payload_template(t, &format!("{pointer}/ItemBatcher/BatchInput"));
                }
            }
            _ => {}
        }
        for (name, path) in reference_paths {
            self.reference_path(path, || pointer_join(pointer, name));
        }
        for (name, value) in literals {
            if let NumberField::Text(t) = value {
                if looks_like_path(t) {
                    self.no_path(name, t, pointer);
                }
            }
        }
    }

    fn no_path(&mut self, name: &str, value: &str, pointer: &str) {
        self.report(
            Code::NoPath,
            pointer_join(pointer, name),
            format!("\"{value}\" looks like a path, but \"{name}\" takes a literal (use \"{name}Path\")"),
        );
    }

    fn jsonata_state(&mut self, state: &State, pointer: &str) {
        for (name, value) in [("Arguments", &state.arguments), ("Output", &state.output)] {
            if let Some(v) = value {
                self.jsonata_value(v, &pointer_join(pointer, name));
            }
        }
        let mut strings: Vec<(&str, &str)> = Vec::new();
        let mut numbers: Vec<(&str, &NumberField)> = Vec::new();
        match &state.kind {
            StateKind::Task(t) => {
                numbers.extend(t.timeout_seconds.iter().map(|v| ("TimeoutSeconds", v)));
                numbers.extend(t.heartbeat_seconds.iter().map(|v| ("HeartbeatSeconds", v)));
                if let Some(c) = &t.credentials {
                    self.jsonata_value(c, &pointer_join(pointer, "Credentials"));
                }
            }
            StateKind::Wait(w) => {
                numbers.extend(w.seconds.iter().map(|v| ("Seconds", v)));
                strings.extend(w.timestamp.as_deref().map(|v| ("Timestamp", v)));
            }
            StateKind::Fail(f) => {
                strings.extend(f.error.as_deref().map(|v| ("Error", v)));
                strings.extend(f.cause.as_deref().map(|v| ("Cause", v)));
            }
            StateKind::Map(m) => {
                for (name, value) in [("Items", &m.items), ("ItemSelector", &m.item_selector)] {
                    if let Some(v) = value {
                        self.jsonata_value(v, &pointer_join(pointer, name));
                    }
                }
                numbers.extend(m.max_concurrency.iter().map(|v| ("MaxConcurrency", v)));
                numbers.extend(
                    m.tolerated_failure_count
                        .iter()
                        .map(|v| ("ToleratedFailureCount", v)),
                );
                numbers.extend(
                    m.tolerated_failure_percentage
                        .iter()
                        .map(|v| ("ToleratedFailurePercentage", v)),
                );
                if let Some(v) = m.item_reader.as_ref().and_then(|r| r.arguments.as_ref()) {
                    self.jsonata_value(v, &format!("{pointer}/ItemReader/Arguments"));
                }
                if let Some(v) = m.result_writer.as_ref().and_then(|r| r.arguments.as_ref()) {
                    self.jsonata_value(v, &format!("{pointer}/ResultWriter/Arguments"));
                }
            }
            _ => {}
        }
        for (name, s) in strings {
            self.jsonata_string(s, &pointer_join(pointer, name));
        }
        for (name, n) in numbers {
            if let NumberField::Text(s) = n {
                self.jsonata_string(s, &pointer_join(pointer, name));
            }
        }
    }

    /// Expressions in a Choice rule (Variable, Condition, Assign, Output).
    pub(crate) fn rule_expressions(
        &mut self,
        rule: &ChoiceRule,
        pointer: &str,
        language: QueryLanguage,
    ) {
        match language {
            QueryLanguage::JsonPath => {
                if let Some(v) = &rule.variable {
                    self.json_path(v, || pointer_join(pointer, "Variable"));
                }
            }
            QueryLanguage::Jsonata => {
                if let Some(c) = &rule.condition {
                    let p = pointer_join(pointer, "Condition");
                    if is_jsonata(c) {
                        self.jsonata_string(c, &p);
                    } else {
                        self.report(
                            Code::InvalidJsonata,
                            p,
                            "\"Condition\" must be a JSONata expression \"{% ... %}\"",
                        );
                    }
                }
                if let Some(o) = &rule.output {
                    self.jsonata_value(o, &pointer_join(pointer, "Output"));
                }
            }
        }
        if let Some(a) = &rule.assign {
            self.assign(a, &pointer_join(pointer, "Assign"), language);
        }
    }

    /// A JSONPath (state input, `$$` context or `$variable`). The pointer is built only to
    /// report a problem: most paths are valid, and a large definition has thousands.
    pub(crate) fn json_path(&mut self, path: &str, pointer: impl FnOnce() -> String) {
        if super::rules::is_placeholder(path) {
            return;
        }
        if let Some(e) = self.checked.path_error(path) {
            self.report(
                Code::InvalidJsonPath,
                pointer(),
                format!("invalid JSONPath \"{path}\": {e}"),
            );
        }
    }

    /// A reference path (no wildcards, filters or slices).
    pub(crate) fn reference_path(&mut self, path: &str, pointer: impl FnOnce() -> String) {
        if super::rules::is_placeholder(path) {
            return;
        }
        if let Some(e) = self.checked.reference_path_error(path) {
            self.report(
                Code::InvalidReferencePath,
                pointer(),
                format!("invalid reference path \"{path}\": {e}"),
            );
        }
    }

    /// A JSONPath or an intrinsic function call (`.$` values, ErrorPath, CausePath).
    fn path_or_intrinsic(&mut self, value: &str, pointer: impl FnOnce() -> String) {
        if value.starts_with("States.") {
            if let Some(e) = self.checked.intrinsic_error(value) {
                self.report(
                    Code::InvalidIntrinsic,
                    pointer(),
                    format!("invalid intrinsic function: {e}"),
                );
            }
        } else {
            self.json_path(value, pointer);
        }
    }

    /// A JSONPath payload template: `.$` keys hold paths or intrinsics; other strings that
    /// look like paths get NO_DOLLAR.
    pub(crate) fn payload_template(&mut self, value: &Value, pointer: &str) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    let p = || pointer_join(pointer, key);
                    if key.ends_with(".$") {
                        match v {
                            Value::String(s) => self.path_or_intrinsic(s, p),
                            other => self.report(
                                Code::InvalidType,
                                p(),
                                format!(
                                    "\"{key}\" ends in .$ so it must hold a path or intrinsic function string, found {}",
                                    crate::asl::fields::type_name(other)
                                ),
                            ),
                        }
                    } else if let Value::String(s) = v {
                        if looks_like_path(s) || (s.starts_with("States.") && s.ends_with(')')) {
                            self.report(
                                Code::NoDollar,
                                p(),
                                format!("\"{s}\" looks like a path or intrinsic function, but \"{key}\" does not end in .$ so it is used as a literal"),
                            );
                        }
                    } else if v.is_object() || v.is_array() {
                        self.payload_template(v, &p());
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.payload_template(item, &pointer_index(pointer, i));
                }
            }
            _ => {}
        }
    }

    /// Every `{% %}` string anywhere inside a JSONata field value.
    pub(crate) fn jsonata_value(&mut self, value: &Value, pointer: &str) {
        match value {
            Value::String(s) => self.jsonata_string(s, pointer),
            Value::Object(map) => {
                for (key, v) in map {
                    self.jsonata_value(v, &pointer_join(pointer, key));
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.jsonata_value(item, &pointer_index(pointer, i));
                }
            }
            _ => {}
        }
    }

    fn jsonata_string(&mut self, s: &str, pointer: &str) {
        if let Some(body) = jsonata::expression_body(s) {
            if let Some(e) = self.checked.jsonata_error(body) {
                self.report(
                    Code::InvalidJsonata,
                    pointer,
                    format!("invalid JSONata expression: {e}"),
                );
            }
        }
    }

    /// Assign: an object of valid variable names; values are templates of the language.
    fn assign(&mut self, assign: &Value, pointer: &str, language: QueryLanguage) {
        let Value::Object(map) = assign else {
            if !(language == QueryLanguage::Jsonata && assign.as_str().is_some_and(is_jsonata)) {
                self.report(
                    Code::InvalidType,
                    pointer,
                    "\"Assign\" must be an object of variable names",
                );
            } else if let Some(s) = assign.as_str() {
                self.jsonata_string(s, pointer);
            }
            return;
        };
        for key in map.keys() {
            let name = match language {
                QueryLanguage::JsonPath => key.strip_suffix(".$").unwrap_or(key),
                QueryLanguage::Jsonata => key,
            };
            if !is_variable_name(name) {
                self.report(
                    Code::InvalidVariableName,
                    pointer_join(pointer, key),
                    format!("\"{name}\" is not a valid variable name: use letters, digits and _, not starting with a digit, at most {MAX_VARIABLE_NAME_CHARS} characters"),
                );
            }
        }
        match language {
            QueryLanguage::JsonPath => self.payload_template(assign, pointer),
            QueryLanguage::Jsonata => self.jsonata_value(assign, pointer),
        }
    }
}

/// True if any object key inside `value` ends in `.$`.
fn has_dollar_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.ends_with(".$") || has_dollar_key(v)),
        Value::Array(items) => items.iter().any(has_dollar_key),
        _ => false,
    }
}

/// Variable names: an identifier of letters, digits and underscores, not starting with a digit.
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && name.chars().count() <= MAX_VARIABLE_NAME_CHARS
        && name != "states"
}
