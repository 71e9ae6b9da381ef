//! Readable one-line summaries of Choice rules and Catchers for edge labels.

use serde_json::Value;

use crate::asl::states::{Catcher, ChoiceRule, Comparison, RuleKind};

/// Labels longer than this many characters are cut with an ellipsis: an edge label is a
/// hint, the inspector shows the whole rule.
pub const MAX_LABEL_CHARS: usize = 48;

/// The label of the Choice rule at `index`: `$.funded == true`, `Not($.a is present)`,
/// `And($.a > 1, …)`, or the JSONata condition without `{% %}`.
pub fn choice_rule_label(rule: &ChoiceRule, index: usize) -> String {
    match summarize(rule) {
        Some(text) => shorten(&text, MAX_LABEL_CHARS),
        None => format!("Rule {}", index + 1),
    }
}

/// The label of a Catcher: the error names it catches.
pub fn catcher_label(catcher: &Catcher) -> String {
    if catcher.error_equals.is_empty() {
        return "Catch".to_owned();
    }
    shorten(&catcher.error_equals.join(", "), MAX_LABEL_CHARS)
}

/// Cuts `text` to at most `max` characters, ending in `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// The whole summary of a rule, or `None` if it is malformed (no or several operators).
fn summarize(rule: &ChoiceRule) -> Option<String> {
    Some(match rule.kind()? {
        RuleKind::Comparison {
            variable,
            comparison,
        } => comparison_text(variable, comparison),
        RuleKind::And(rules) => format!("And({})", list(rules)),
        RuleKind::Or(rules) => format!("Or({})", list(rules)),
        RuleKind::Not(inner) => format!("Not({})", summarize(inner).unwrap_or_else(|| "?".into())),
        RuleKind::Condition(text) => condition_text(text),
    })
}

fn list(rules: &[ChoiceRule]) -> String {
    rules
        .iter()
        .map(|r| summarize(r).unwrap_or_else(|| "?".to_owned()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn comparison_text(variable: &str, comparison: &Comparison) -> String {
    let kind = comparison.op.kind;
    if kind.is_type_test() {
        // `IsPresent: false` reads better as "is not present" than "is present false".
        let negated = comparison.value == Value::Bool(false);
        let symbol = kind.symbol();
        return match (negated, symbol.strip_prefix("is ")) {
            (true, Some(rest)) => format!("{variable} is not {rest}"),
            _ => format!("{variable} {symbol}"),
        };
    }
    let operand = match (&comparison.value, comparison.op.path) {
        (Value::String(path), true) => path.clone(),
        (value, _) => value.to_string(),
    };
    format!("{variable} {} {operand}", kind.symbol())
}

/// JSONata conditions are written `{% expr %}`; the label shows just `expr`.
fn condition_text(text: &str) -> String {
    let trimmed = text.trim();
    trimmed
        .strip_prefix("{%")
        .and_then(|t| t.strip_suffix("%}"))
        .unwrap_or(trimmed)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::parse;

    fn rule_label(rule_json: &str) -> String {
        let text = format!(
            r#"{{"StartAt":"C","States":{{"C":{{"Type":"Choice","Choices":[{rule_json}],"Default":"D"}},"D":{{"Type":"Succeed"}}}}}}"#
        );
        let machine = parse(text.as_bytes(), None).machine.expect("machine");
        let Some(crate::asl::StateKind::Choice(c)) = machine.states.get("C").map(|s| &s.kind)
        else {
            panic!("not a choice");
        };
        choice_rule_label(&c.choices[0], 0)
    }

    #[test]
    fn rule_labels_read_like_expressions() {
        let cases = [
            (
                r#"{"Variable":"$.funded","BooleanEquals":true,"Next":"D"}"#,
                "$.funded == true",
            ),
            (
                r#"{"Variable":"$.n","NumericGreaterThanEqualsPath":"$.max","Next":"D"}"#,
                "$.n >= $.max",
            ),
            (
                r#"{"Variable":"$.s","StringEquals":"ok","Next":"D"}"#,
                "$.s == \"ok\"",
            ),
            (
                r#"{"Not":{"Variable":"$.a","IsPresent":true},"Next":"D"}"#,
                "Not($.a is present)",
            ),
            (
                r#"{"Variable":"$.a","IsNull":false,"Next":"D"}"#,
                "$.a is not null",
            ),
            (
                r#"{"Condition":"{% $states.input.n > 3 %}","Next":"D"}"#,
                "$states.input.n > 3",
            ),
            (r#"{"Next":"D"}"#, "Rule 1"),
        ];
        for (rule, want) in cases {
            assert_eq!(rule_label(rule), want, "rule {rule}");
        }
    }

    #[test]
    fn long_and_rules_are_shortened() {
        let label = rule_label(
            r#"{"And":[{"Variable":"$.alpha.beta","NumericGreaterThan":100},{"Variable":"$.gamma.delta","StringEquals":"something long"}],"Next":"D"}"#,
        );
        assert!(label.starts_with("And($.alpha.beta > 100, "), "{label}");
        assert!(label.ends_with('…'), "{label}");
        assert!(label.chars().count() <= MAX_LABEL_CHARS, "{label}");
    }

    #[test]
    fn catcher_labels_list_errors() {
        let c = Catcher {
            error_equals: vec!["States.Timeout".into(), "States.TaskFailed".into()],
            ..Catcher::default()
        };
        assert_eq!(catcher_label(&c), "States.Timeout, States.TaskFailed");
        assert_eq!(catcher_label(&Catcher::default()), "Catch");
    }
}
