//! Conditions on breakpoints: a JSONPath on the state's input, optionally compared with a JSON
//! literal.
//!
//! Syntax: `PATH [OP LITERAL]`, where PATH is an input path of the AWS dialect (`$.amount`,
//! `$.items[0].id`), OP one of `==`, `!=`, `<`, `<=`, `>`, `>=`, and LITERAL any JSON value
//! (`100`, `"FAILED"`, `true`, `null`, `[1,2]`). Without a comparison the condition holds when
//! the path selects a value that is not `null` or `false` (an indefinite path: a non-empty
//! match). A path that selects nothing makes the condition false, never an error: the state's
//! input simply does not have that field. Ordering compares numbers with numbers and strings
//! with strings; any other pair is not ordered, so `<` and friends are false.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

use crate::jsonpath::{Path, Quotes};

/// A comparison operator of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    /// Operators by spelling; two-character ones first so `<=` is not read as `<`.
    const SPELLINGS: [(&'static str, Comparison); 6] = [
        ("==", Comparison::Equal),
        ("!=", Comparison::NotEqual),
        ("<=", Comparison::LessOrEqual),
        (">=", Comparison::GreaterOrEqual),
        ("<", Comparison::Less),
        (">", Comparison::Greater),
    ];

    fn holds(self, left: &Value, right: &Value) -> bool {
        match self {
            Comparison::Equal => json_equal(left, right),
            Comparison::NotEqual => !json_equal(left, right),
            ordered => match order(left, right) {
                None => false,
                Some(o) => match ordered {
                    Comparison::Less => o == Ordering::Less,
                    Comparison::LessOrEqual => o != Ordering::Greater,
                    Comparison::Greater => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                },
            },
        }
    }
}

/// Why a condition's text is not a condition; `Display` is one line for the UI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConditionError {
    #[error("the condition is empty")]
    Empty,
    #[error("{0}")]
    Path(String),
    #[error("nothing to compare with after '{0}'")]
    MissingLiteral(String),
    #[error("'{literal}' is not a JSON value (strings need double quotes): {reason}")]
    Literal { literal: String, reason: String },
    #[error(
        "a condition reads the state's input: start it with '$.' or '$[' (not '$$' or a variable)"
    )]
    NotInputPath,
}

/// A parsed breakpoint condition; equal when their texts are equal.
#[derive(Debug, Clone)]
pub struct BreakCondition {
    text: String,
    path: Path,
    comparison: Option<(Comparison, Value)>,
}

impl PartialEq for BreakCondition {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for BreakCondition {}

impl fmt::Display for BreakCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl BreakCondition {
    /// Parses `PATH [OP LITERAL]`; every problem is a [`ConditionError`], never a panic.
    pub fn parse(text: &str) -> Result<BreakCondition, ConditionError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(ConditionError::Empty);
        }
        let (path_text, comparison) = match find_operator(trimmed) {
            Some((at, op, spelling)) => {
                let (path_text, rest) = trimmed.split_at(at);
                let literal_text = rest.get(spelling.len()..).unwrap_or("").trim();
                if literal_text.is_empty() {
                    return Err(ConditionError::MissingLiteral(spelling.to_owned()));
                }
                let literal: Value =
                    serde_json::from_str(literal_text).map_err(|e| ConditionError::Literal {
                        literal: literal_text.to_owned(),
                        reason: e.to_string(),
                    })?;
                (path_text.trim(), Some((op, literal)))
            }
            None => (trimmed, None),
        };
        if !(path_text == "$" || path_text.starts_with("$.") || path_text.starts_with("$["))
            || path_text.starts_with("$$")
        {
            return Err(ConditionError::NotInputPath);
        }
        let path = Path::parse(path_text).map_err(|e| ConditionError::Path(e.to_string()))?;
        Ok(BreakCondition {
            text: trimmed.to_owned(),
            path,
            comparison,
        })
    }

    /// The condition as written (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the condition holds on a state's input.
    pub fn holds(&self, input: &Value) -> bool {
        let Ok(selected) = self.path.query(input, &Value::Null) else {
            return false;
        };
        let selected = if self.path.is_definite() {
            selected
        } else {
            // An indefinite path yields an array of matches: compare its only match, if one.
            match selected {
                Value::Array(mut matches) if matches.len() == 1 => matches.remove(0),
                Value::Array(matches) if matches.is_empty() => return false,
                other => other,
            }
        };
        match &self.comparison {
            Some((op, literal)) => op.holds(&selected, literal),
            None => !matches!(selected, Value::Null | Value::Bool(false)),
        }
    }
}

/// The first comparison operator outside brackets, parentheses and quotes: its byte offset,
/// the operator and its spelling. Filters (`[?(@.x > 1)]`) keep their operators.
fn find_operator(text: &str) -> Option<(usize, Comparison, &'static str)> {
    let mut depth = 0i32;
    let mut quotes = Quotes::default();
    for (at, c) in text.char_indices() {
        if quotes.quoted(c) {
            continue;
        }
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ if depth == 0 => {
                let rest = text.get(at..).unwrap_or("");
                if let Some((spelling, op)) = Comparison::SPELLINGS
                    .iter()
                    .find(|(s, _)| rest.starts_with(s))
                {
                    return Some((at, *op, spelling));
                }
            }
            _ => {}
        }
    }
    None
}

/// JSON equality where numbers compare by value (`1 == 1.0`).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn holds(condition: &str, input: Value) -> bool {
        BreakCondition::parse(condition)
            .unwrap_or_else(|e| panic!("{condition}: {e}"))
            .holds(&input)
    }

    #[test]
    fn comparisons_on_the_input() {
        let cases = [
            ("$.amount > 100", json!({"amount": 150}), true),
            ("$.amount > 100", json!({"amount": 100}), false),
            ("$.amount >= 100", json!({"amount": 100}), true),
            ("$.amount < 100.5", json!({"amount": 100}), true),
            ("$.amount <= 1", json!({"amount": 2}), false),
            ("$.amount == 1", json!({"amount": 1.0}), true),
            ("$.status == \"FAILED\"", json!({"status": "FAILED"}), true),
            ("$.status != \"FAILED\"", json!({"status": "OK"}), true),
            ("$.name > \"m\"", json!({"name": "zed"}), true),
            ("$.amount > \"100\"", json!({"amount": 150}), false),
            ("$.items[0].id == 7", json!({"items": [{"id": 7}]}), true),
            ("$.tags == [1,2]", json!({"tags": [1, 2]}), true),
            ("$.missing > 1", json!({}), false),
            ("$.missing == null", json!({}), false),
            ("$.flag", json!({"flag": true}), true),
            ("$.flag", json!({"flag": false}), false),
            ("$.flag", json!({}), false),
            ("$.x", json!({"x": 0}), true),
            ("$.items[?(@.n > 1)]", json!({"items": [{"n": 2}]}), true),
            ("$.items[?(@.n > 1)]", json!({"items": [{"n": 0}]}), false),
            (
                "$.items[?(@.n > 1)].n == 2",
                json!({"items": [{"n": 2}]}),
                true,
            ),
            ("$['a b'] == \"x > y\"", json!({"a b": "x > y"}), true),
            ("  $.amount>100  ", json!({"amount": 101}), true),
        ];
        for (condition, input, expected) in cases {
            assert_eq!(
                holds(condition, input.clone()),
                expected,
                "{condition} on {input}"
            );
        }
    }

    #[test]
    fn invalid_conditions_are_errors_not_panics() {
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            ("$.amount >", "nothing to compare"),
            ("$.amount > abc", "not a JSON value"),
            ("$.amount > 'x'", "not a JSON value"),
            ("amount > 1", "start it with"),
            ("$$.Execution.Input", "start it with"),
            ("$var == 1", "start it with"),
            ("$.a[ > 1", "invalid path"),
            ("$..", "invalid path"),
        ];
        for (condition, expected) in cases {
            let err = BreakCondition::parse(condition).expect_err(condition);
            assert!(
                err.to_string().contains(expected),
                "{condition}: {err} should mention {expected}"
            );
        }
    }

    #[test]
    fn conditions_compare_by_text() {
        let a = BreakCondition::parse("$.a > 1").expect("valid");
        assert_eq!(a, BreakCondition::parse(" $.a > 1 ").expect("valid"));
        assert_ne!(a, BreakCondition::parse("$.a > 2").expect("valid"));
        assert_eq!(a.as_str(), "$.a > 1");
    }
}
