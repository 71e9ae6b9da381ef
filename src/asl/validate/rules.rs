//! Per-state rules: each state type's required fields and values, Retry and Catch, Choice
//! rules.

use super::Validator;
use crate::asl::diagnostic::{pointer_index, pointer_join, Code};
use crate::asl::states::{
    Catcher, Choice, ChoiceRule, ComparisonKind, Fail, MapState, QueryLanguage, Retrier, State,
    StateKind, Task, Wait,
};

impl Validator {
    /// Every rule for one state (not its nested machines).
    pub(crate) fn state(
        &mut self,
        _name: &str,
        state: &State,
        pointer: &str,
        inherited: QueryLanguage,
    ) {
        let language = state.query_language.unwrap_or(inherited);
        if self.top_language == QueryLanguage::Jsonata
            && state.query_language == Some(QueryLanguage::JsonPath)
        {
            self.report(
                Code::InvalidQueryLanguage,
                pointer_join(pointer, "QueryLanguage"),
                "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata",
            );
        }
        self.state_fields(state, pointer, language);
        match &state.kind {
            StateKind::Task(t) => self.task(state, t, pointer),
            StateKind::Wait(w) => self.wait(w, pointer, language),
            StateKind::Fail(f) => self.fail(f, pointer),
            StateKind::Choice(c) => self.choice(state, c, pointer, language),
            StateKind::Parallel(p) => {
                if p.branches.is_empty() && !state.extra.contains_key("Branches") {
                    self.report(
                        Code::MissingField,
                        pointer,
                        "a Parallel state needs at least one entry in \"Branches\"",
                    );
                }
            }
            StateKind::Map(m) => self.map(state, m, pointer),
            StateKind::Pass(_)
            | StateKind::Succeed
            | StateKind::Unknown
            | StateKind::NotAnObject(_) => {}
        }
        if let Some(retry) = &state.retry {
            self.retriers(retry, &pointer_join(pointer, "Retry"));
        }
        if let Some(catch) = &state.catch {
            self.catchers(catch, &pointer_join(pointer, "Catch"), language);
        }
        self.expressions(state, pointer, language);
    }

    fn task(&mut self, state: &State, t: &Task, pointer: &str) {
        match &t.resource {
            None if !state.extra.contains_key("Resource") => self.report(
                Code::MissingField,
                pointer,
                "a Task state needs \"Resource\"",
            ),
            Some(r) if !r.starts_with("arn:") && !is_placeholder(r) => self.report(
                Code::InvalidResource,
                pointer_join(pointer, "Resource"),
                format!("\"Resource\" must be an ARN (arn:...), found \"{r}\""),
            ),
            _ => {}
        }
        self.exclusive(
            pointer,
            &[
                ("TimeoutSeconds", t.timeout_seconds.is_some()),
                ("TimeoutSecondsPath", t.timeout_seconds_path.is_some()),
            ],
        );
        self.exclusive(
            pointer,
            &[
                ("HeartbeatSeconds", t.heartbeat_seconds.is_some()),
                ("HeartbeatSecondsPath", t.heartbeat_seconds_path.is_some()),
            ],
        );
        if let Some(v) = &t.timeout_seconds {
            self.positive_integer(
                v,
                &pointer_join(pointer, "TimeoutSeconds"),
                "TimeoutSeconds",
                1,
            );
        }
        if let Some(v) = &t.heartbeat_seconds {
            self.positive_integer(
                v,
                &pointer_join(pointer, "HeartbeatSeconds"),
                "HeartbeatSeconds",
                1,
            );
        }
        if let (Some(timeout), Some(heartbeat)) = (
            t.timeout_seconds.as_ref().and_then(|v| v.as_u64()),
            t.heartbeat_seconds.as_ref().and_then(|v| v.as_u64()),
        ) {
            if heartbeat >= timeout {
                self.report(
                    Code::InvalidValue,
                    pointer_join(pointer, "HeartbeatSeconds"),
                    format!("HeartbeatSeconds ({heartbeat}) must be smaller than TimeoutSeconds ({timeout})"),
                );
            }
        }
    }

    fn wait(&mut self, w: &Wait, pointer: &str, language: QueryLanguage) {
        let forms = [
            ("Seconds", w.seconds.is_some()),
            ("SecondsPath", w.seconds_path.is_some()),
            ("Timestamp", w.timestamp.is_some()),
            ("TimestampPath", w.timestamp_path.is_some()),
        ];
        if !forms.iter().any(|(_, set)| *set) {
            self.report(
                Code::MissingField,
                pointer,
                "a Wait state needs one of \"Seconds\", \"SecondsPath\", \"Timestamp\" or \"TimestampPath\"",
            );
        }
        self.exclusive(pointer, &forms);
        if let Some(v) = &w.seconds {
            self.positive_integer(v, &pointer_join(pointer, "Seconds"), "Seconds", 0);
        }
        if let Some(ts) = &w.timestamp {
            let is_expression =
                language == QueryLanguage::Jsonata && super::expressions::is_jsonata(ts);
            if !is_expression && !is_placeholder(ts) {
                self.timestamp(ts, &pointer_join(pointer, "Timestamp"));
            }
        }
    }

    fn fail(&mut self, f: &Fail, pointer: &str) {
        self.exclusive(
            pointer,
            &[
                ("Error", f.error.is_some()),
                ("ErrorPath", f.error_path.is_some()),
            ],
        );
        self.exclusive(
            pointer,
            &[
                ("Cause", f.cause.is_some()),
                ("CausePath", f.cause_path.is_some()),
            ],
        );
    }

    fn map(&mut self, state: &State, m: &MapState, pointer: &str) {
        self.exclusive(
            pointer,
            &[
                ("ItemProcessor", m.item_processor.is_some()),
                ("Iterator", m.iterator.is_some()),
            ],
        );
        if m.item_processor.is_none()
            && m.iterator.is_none()
            && !state.extra.contains_key("ItemProcessor")
        {
            self.report(
                Code::MissingField,
                pointer,
                "a Map state needs \"ItemProcessor\"",
            );
        }
        self.exclusive(
            pointer,
            &[
                ("ItemSelector", m.item_selector.is_some()),
                ("Parameters", state.parameters.is_some()),
            ],
        );
        self.exclusive(
            pointer,
            &[
                ("MaxConcurrency", m.max_concurrency.is_some()),
                ("MaxConcurrencyPath", m.max_concurrency_path.is_some()),
            ],
        );
        self.exclusive(
            pointer,
            &[
                (
                    "ToleratedFailurePercentage",
                    m.tolerated_failure_percentage.is_some(),
                ),
                (
                    "ToleratedFailurePercentagePath",
                    m.tolerated_failure_percentage_path.is_some(),
                ),
            ],
        );
        self.exclusive(
            pointer,
            &[
                ("ToleratedFailureCount", m.tolerated_failure_count.is_some()),
                (
                    "ToleratedFailureCountPath",
                    m.tolerated_failure_count_path.is_some(),
                ),
            ],
        );
        self.map_values(m, pointer);
    }

    fn retriers(&mut self, retry: &[Retrier], pointer: &str) {
        let count = retry.len();
        for (i, r) in retry.iter().enumerate() {
            let p = pointer_index(pointer, i);
            self.error_equals(
                &r.error_equals,
                &p,
                i + 1 == count,
                r.extra.contains_key("ErrorEquals"),
            );
            self.retrier_values(r, &p);
            for key in r.extra.keys().filter(|k| !is_retrier_field(k)) {
                self.report(
                    Code::UnknownField,
                    pointer_join(&p, key),
                    format!("unknown field \"{key}\" in a Retry rule"),
                );
            }
        }
    }

    fn catchers(&mut self, catch: &[Catcher], pointer: &str, language: QueryLanguage) {
        let count = catch.len();
        for (i, c) in catch.iter().enumerate() {
            let p = pointer_index(pointer, i);
            self.error_equals(
                &c.error_equals,
                &p,
                i + 1 == count,
                c.extra.contains_key("ErrorEquals"),
            );
            if c.next.is_none() && !c.extra.contains_key("Next") {
                self.report(Code::MissingField, p.clone(), "a Catch rule needs \"Next\"");
            }
            if c.result_path.is_some() {
                self.language_field("ResultPath", &p, language);
            }
            if c.output.is_some() {
                self.language_field("Output", &p, language);
            }
            for key in c.extra.keys().filter(|k| !is_catcher_field(k)) {
                self.report(
                    Code::UnknownField,
                    pointer_join(&p, key),
                    format!("unknown field \"{key}\" in a Catch rule"),
                );
            }
        }
    }

    /// ErrorEquals: non-empty; States.ALL alone in its list and in the last rule.
    fn error_equals(
        &mut self,
        errors: &[String],
        pointer: &str,
        is_last: bool,
        kept_verbatim: bool,
    ) {
        let p = pointer_join(pointer, "ErrorEquals");
        if errors.is_empty() {
            if !kept_verbatim {
                self.report(
                    Code::MissingField,
                    pointer,
                    "\"ErrorEquals\" needs at least one error name",
                );
            }
            return;
        }
        if errors.iter().any(|e| e == "States.ALL") {
            if errors.len() > 1 {
                self.report(
                    Code::StatesAllNotAlone,
                    p.clone(),
                    "\"States.ALL\" must be the only error name in its ErrorEquals",
                );
            }
            if !is_last {
                self.report(
                    Code::StatesAllNotLast,
                    p,
                    "a rule matching \"States.ALL\" must be the last rule",
                );
            }
        }
    }

    fn choice(&mut self, state: &State, c: &Choice, pointer: &str, language: QueryLanguage) {
        if c.choices.is_empty() && !state.extra.contains_key("Choices") {
            self.report(
                Code::MissingField,
                pointer,
                "a Choice state needs at least one rule in \"Choices\"",
            );
        }
        for (i, rule) in c.choices.iter().enumerate() {
            self.choice_rule(
                rule,
                &pointer_index(&pointer_join(pointer, "Choices"), i),
                language,
                true,
            );
        }
    }

    fn choice_rule(
        &mut self,
        rule: &ChoiceRule,
        pointer: &str,
        language: QueryLanguage,
        top: bool,
    ) {
        match (top, rule.next.is_some()) {
            (true, false) if !rule.extra.contains_key("Next") => self.report(
                Code::ChoiceRuleNext,
                pointer,
                "a top-level Choice rule needs \"Next\"",
            ),
            (false, true) => self.report(
                Code::ChoiceRuleNext,
                pointer_join(pointer, "Next"),
                "a rule nested in And, Or or Not cannot have \"Next\"",
            ),
            _ => {}
        }
        if !top && (rule.assign.is_some() || rule.output.is_some()) {
            let field = if rule.assign.is_some() {
                "Assign"
            } else {
                "Output"
            };
            self.report(
                Code::FieldNotAllowed,
                pointer_join(pointer, field),
                format!("\"{field}\" is only allowed on a top-level Choice rule"),
            );
        }
        match rule.operator_count() {
            0 => self.report(
                Code::ChoiceRuleOperator,
                pointer,
                match language {
                    QueryLanguage::Jsonata => "a Choice rule needs a \"Condition\"",
                    QueryLanguage::JsonPath => {
                        "a Choice rule needs exactly one comparison operator, or And, Or or Not"
                    }
                },
            ),
            1 => {}
            n => self.report(
                Code::ChoiceRuleOperator,
                pointer,
                format!("a Choice rule must have exactly one operator, found {n}"),
            ),
        }
        match language {
            QueryLanguage::Jsonata => {
                for (present, name) in [
                    (rule.variable.is_some(), "Variable"),
                    (!rule.comparisons.is_empty(), "comparison operators"),
                    (rule.and.is_some(), "And"),
                    (rule.or.is_some(), "Or"),
                    (rule.not.is_some(), "Not"),
                ] {
                    if present {
                        self.report(
                            Code::FieldNotAllowedInQueryLanguage,
                            pointer,
                            format!("{name} cannot be used in a JSONata Choice rule (use \"Condition\")"),
                        );
                    }
                }
            }
            QueryLanguage::JsonPath => {
                if rule.condition.is_some() {
                    self.report(
                        Code::FieldNotAllowedInQueryLanguage,
                        pointer_join(pointer, "Condition"),
                        "\"Condition\" is only allowed in JSONata Choice rules",
                    );
                }
                if rule.output.is_some() {
                    self.language_field("Output", pointer, language);
                }
                if !rule.comparisons.is_empty()
                    && rule.variable.is_none()
                    && !rule.extra.contains_key("Variable")
                {
                    self.report(
                        Code::MissingField,
                        pointer,
                        "a comparison needs \"Variable\"",
                    );
                }
                if rule.variable.is_some()
                    && rule.comparisons.is_empty()
                    && rule.operator_count() > 0
                {
                    self.report(
                        Code::FieldNotAllowed,
                        pointer_join(pointer, "Variable"),
                        "\"Variable\" is only allowed with a comparison operator",
                    );
                }
                for c in &rule.comparisons {
                    self.comparison_operand(
                        c.op.kind,
                        c.op.path,
                        &c.value,
                        &pointer_join(pointer, &c.op.name()),
                    );
                }
            }
        }
        for (key, list) in [("And", &rule.and), ("Or", &rule.or)] {
            if let Some(list) = list {
                if list.is_empty() {
                    self.report(
                        Code::InvalidValue,
                        pointer_join(pointer, key),
                        format!("\"{key}\" needs at least one rule"),
                    );
                }
                for (i, r) in list.iter().enumerate() {
                    self.choice_rule(
                        r,
                        &pointer_index(&pointer_join(pointer, key), i),
                        language,
                        false,
                    );
                }
            }
        }
        if let Some(not) = &rule.not {
            self.choice_rule(not, &pointer_join(pointer, "Not"), language, false);
        }
        for key in rule.extra.keys().filter(|k| !is_rule_field(k)) {
            self.report(
                Code::UnknownField,
                pointer_join(pointer, key),
                format!("unknown field \"{key}\" in a Choice rule"),
            );
        }
        self.rule_expressions(rule, pointer, language);
    }

    /// The operand of a comparison must fit its operator.
    fn comparison_operand(
        &mut self,
        kind: ComparisonKind,
        path: bool,
        value: &serde_json::Value,
        pointer: &str,
    ) {
        use ComparisonKind::*;
        if value.as_str().is_some_and(is_placeholder) {
            return; // a template substitutes the operand before deployment
        }
        if path {
            match value.as_str() {
                Some(p) => self.json_path(p, || pointer.to_owned()),
                None => self.report(
                    Code::InvalidType,
                    pointer,
                    "a ...Path operator needs a path string",
                ),
            }
            return;
        }
        let ok = match kind {
            StringEquals
            | StringLessThan
            | StringGreaterThan
            | StringLessThanEquals
            | StringGreaterThanEquals
            | StringMatches => value.is_string(),
            NumericEquals
            | NumericLessThan
            | NumericGreaterThan
            | NumericLessThanEquals
            | NumericGreaterThanEquals => value.is_number(),
            BooleanEquals | IsNull | IsPresent | IsNumeric | IsString | IsBoolean | IsTimestamp => {
                value.is_boolean()
            }
            TimestampEquals
            | TimestampLessThan
            | TimestampGreaterThan
            | TimestampLessThanEquals
            | TimestampGreaterThanEquals => {
                if let Some(ts) = value.as_str() {
                    self.timestamp(ts, pointer);
                }
                value.is_string()
            }
        };
        if !ok {
            let expected = match kind {
                NumericEquals
                | NumericLessThan
                | NumericGreaterThan
                | NumericLessThanEquals
                | NumericGreaterThanEquals => "a number",
                BooleanEquals | IsNull | IsPresent | IsNumeric | IsString | IsBoolean
                | IsTimestamp => "a boolean",
                _ => "a string",
            };
            self.report(
                Code::InvalidType,
                pointer,
                format!(
                    "{} needs {expected}, found {}",
                    kind.as_str(),
                    crate::asl::fields::type_name(value)
                ),
            );
        }
    }
}

fn is_retrier_field(key: &str) -> bool {
    [
        "ErrorEquals",
        "Comment",
        "IntervalSeconds",
        "MaxAttempts",
        "BackoffRate",
        "MaxDelaySeconds",
        "JitterStrategy",
    ]
    .contains(&key)
}

fn is_catcher_field(key: &str) -> bool {
    [
        "ErrorEquals",
        "Comment",
        "ResultPath",
        "Output",
        "Assign",
        "Next",
    ]
    .contains(&key)
}

fn is_rule_field(key: &str) -> bool {
    [
        "Comment",
        "Condition",
        "Variable",
        "And",
        "Or",
        "Not",
        "Assign",
        "Output",
        "Next",
    ]
    .contains(&key)
}

/// True for a `${...}` template placeholder standing where a value will be substituted.
pub(crate) fn is_placeholder(s: &str) -> bool {
    // A byte scan: `str::contains` sets up a substring searcher on every call, and this runs
    // for every path of every state.
    s.as_bytes().windows(2).any(|pair| pair == b"${")
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_dollar_brace_anywhere() {
        for (text, expected) in [
            ("${Arn}", true),
            ("arn:${AWS::Partition}:states", true),
            ("$.a{b}", false),
            ("$", false),
            ("", false),
            ("{$", false),
            ("é${x}", true),
        ] {
            assert_eq!(super::is_placeholder(text), expected, "{text:?}");
        }
    }
}
