//! Choice: the first matching rule picks the next state.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use serde_json::Value;

use super::super::debug::Stage;
use super::super::error::{StateError, NO_CHOICE_MATCHED, QUERY_EVALUATION_ERROR};
use super::super::exec::Scope;
use super::super::interpreter::{env_of, Done, Visit};
use super::super::jsonata;
use super::super::pipeline::{self, Env};
use crate::asl::states::{Choice, ChoiceRule, Comparison, ComparisonKind, RuleKind};
use crate::asl::timestamp::parse_timestamp;
use crate::asl::QueryLanguage;
use crate::jsonpath::{PathError, Selection};

/// Runs a Choice state.
pub(super) fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &Scope,
    choice: &'m Choice,
) -> Result<Done<'m>, StateError> {
    if visit.language == QueryLanguage::Jsonata {
        return run_jsonata(visit, scope, choice);
    }
    let state = visit.state;
    let env = env_of(&visit.context, visit.exec, scope);
    let effective = pipeline::select(&visit.input, state.input_path.as_ref(), &env)?;
    visit.recorder.stage(Stage::InputPath, &effective);
    let mut matched = None;
    for rule in &choice.choices {
        if evaluate(rule, &effective, &env)? {
            matched = Some(rule);
            break;
        }
    }
    let (next, assign) = match matched {
        Some(rule) => (rule.next.as_deref(), rule.assign.as_ref()),
        None => (choice.default.as_deref(), state.assign.as_ref()),
    };
    let Some(next) = next else {
        return Err(no_match());
    };
    let assigned = match assign {
        Some(a) => Some(pipeline::assign(a, &effective, &env)?),
        None => None,
    };
    let output = pipeline::select(&effective, state.output_path.as_ref(), &env)?;
    visit.recorder.stage(Stage::OutputPath, &output);
    Ok(Done {
        output,
        next: Some(next),
        assigned,
    })
}

fn no_match() -> StateError {
    StateError::new(
        NO_CHOICE_MATCHED,
        "No Choice rule matched the input and the Choice state has no Default.",
    )
}

fn run_jsonata<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &Scope,
    choice: &'m Choice,
) -> Result<Done<'m>, StateError> {
    let mut matched = None;
    for rule in &choice.choices {
        let Some(condition) = &rule.condition else {
            continue;
        };
        match jsonata::eval_field(visit, scope, &Value::String(condition.clone()))? {
            Value::Bool(true) => {
                matched = Some(rule);
                break;
            }
            Value::Bool(false) => {}
            other => {
                return Err(StateError::new(
                    QUERY_EVALUATION_ERROR,
                    format!("The Condition '{condition}' returned {other}, not a boolean."),
                ))
            }
        }
    }
    let (next, assign, output) = match matched {
        Some(rule) => (
            rule.next.as_deref(),
            rule.assign.as_ref(),
            rule.output.as_ref(),
        ),
        None => (
            choice.default.as_deref(),
            visit.state.assign.as_ref(),
            visit.state.output.as_ref(),
        ),
    };
    let Some(next) = next else {
        return Err(no_match());
    };
    let states = jsonata::states_binding(&visit.input, None, None, &visit.context);
    let assigned = jsonata::assign(assign, &states, &scope.vars, visit.exec)?;
    let output = match output {
        Some(o) => Arc::new(jsonata::eval(o, &states, &scope.vars, visit.exec)?),
        None => Arc::clone(&visit.input),
    };
    visit.recorder.stage(Stage::Output, &output);
    Ok(Done {
        output,
        next: Some(next),
        assigned,
    })
}

/// Evaluates a JSONPath Choice rule against the effective input.
fn evaluate(rule: &ChoiceRule, input: &Value, env: &Env<'_>) -> Result<bool, StateError> {
    let Some(kind) = rule.kind() else {
        return Err(StateError::runtime(
            "a Choice rule must have exactly one comparison, And, Or or Not",
        ));
    };
    match kind {
        RuleKind::And(rules) => {
            for r in rules {
                if !evaluate(r, input, env)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        RuleKind::Or(rules) => {
            for r in rules {
                if evaluate(r, input, env)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        RuleKind::Not(r) => Ok(!evaluate(r, input, env)?),
        RuleKind::Condition(_) => Err(StateError::runtime(
            "Condition is only allowed in JSONata states",
        )),
        RuleKind::Comparison {
            variable,
            comparison,
        } => compare(variable, comparison, input, env),
    }
}

fn compare(
    variable: &str,
    comparison: &Comparison,
    input: &Value,
    env: &Env<'_>,
) -> Result<bool, StateError> {
    let kind = comparison.op.kind;
    let path = env
        .cache
        .path(variable)
        .map_err(|e| StateError::runtime(e.to_string()))?;
    let roots = crate::jsonpath::Roots::new(input, env.context).with_variables(env.vars);
    // Compared in place: a loop's Choice reads its counter thousands of times.
    let value = match path.select(&roots) {
        Ok(Selection::One(v)) => Some(Cow::Borrowed(v)),
        Ok(many) => Some(Cow::Owned(many.into_value())),
        Err(PathError::NotFound { .. }) => None,
        Err(e) => return Err(StateError::runtime(e.to_string())),
    };
    if kind == ComparisonKind::IsPresent {
        return Ok(value.is_some() == (comparison.value == Value::Bool(true)));
    }
    let Some(value) = value else {
        return Err(StateError::runtime(format!(
            "Invalid path '{variable}': The choice state's condition path references an invalid value."
        )));
    };
    let operand = if comparison.op.path {
        let Value::String(p) = &comparison.value else {
            return Err(StateError::runtime(
                "a *Path comparison needs a path string",
            ));
        };
        pipeline::query_ref(p, input, env)?
    } else {
        Cow::Borrowed(&comparison.value)
    };
    Ok(test(kind, &value, &operand))
}

/// Applies one comparison; mismatched types compare false, as in AWS.
fn test(kind: ComparisonKind, value: &Value, operand: &Value) -> bool {
    use ComparisonKind::*;
    let expect = |b: bool| operand.as_bool() == Some(b);
    match kind {
        IsNull => expect(value.is_null()),
        IsNumeric => expect(value.is_number()),
        IsString => expect(value.is_string()),
        IsBoolean => expect(value.is_boolean()),
        IsTimestamp => expect(value.as_str().and_then(parse_timestamp).is_some()),
        IsPresent => expect(true),
        BooleanEquals => value.is_boolean() && value.as_bool() == operand.as_bool(),
        StringMatches => match (value.as_str(), operand.as_str()) {
            (Some(s), Some(p)) => wildcard_match(p, s),
            _ => false,
        },
        StringEquals
        | StringLessThan
        | StringGreaterThan
        | StringLessThanEquals
        | StringGreaterThanEquals => match (value.as_str(), operand.as_str()) {
            (Some(a), Some(b)) => ordered(kind, a.cmp(b)),
            _ => false,
        },
        NumericEquals
        | NumericLessThan
        | NumericGreaterThan
        | NumericLessThanEquals
        | NumericGreaterThanEquals => match (value.as_f64(), operand.as_f64()) {
            (Some(a), Some(b)) if value.is_number() && operand.is_number() => {
                a.partial_cmp(&b).is_some_and(|o| ordered(kind, o))
            }
            _ => false,
        },
        TimestampEquals
        | TimestampLessThan
        | TimestampGreaterThan
        | TimestampLessThanEquals
        | TimestampGreaterThanEquals => {
            let a = value.as_str().and_then(parse_timestamp);
            let b = operand.as_str().and_then(parse_timestamp);
            match (a, b) {
                (Some(a), Some(b)) => ordered(kind, a.cmp(&b)),
                _ => false,
            }
        }
    }
}

fn ordered(kind: ComparisonKind, ord: Ordering) -> bool {
    use ComparisonKind::*;
    match kind {
        StringEquals | NumericEquals | TimestampEquals => ord == Ordering::Equal,
        StringLessThan | NumericLessThan | TimestampLessThan => ord == Ordering::Less,
        StringGreaterThan | NumericGreaterThan | TimestampGreaterThan => ord == Ordering::Greater,
        StringLessThanEquals | NumericLessThanEquals | TimestampLessThanEquals => {
            ord != Ordering::Greater
        }
        _ => ord != Ordering::Less,
    }
}

/// StringMatches: `*` matches any run of characters; `\*` and `\\` are literal.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    #[derive(PartialEq)]
    enum Tok {
        Star,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => toks.push(Tok::Char(chars.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Greedy matching with backtracking to the last star: linear in practice.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Char(c)) if Some(c) == text.get(t) => {
                t += 1;
                p += 1;
            }
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks.get(p..)
        .unwrap_or_default()
        .iter()
        .all(|t| *t == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("log-*.txt", "log-2024.txt"));
        assert!(wildcard_match("*", ""));
        assert!(!wildcard_match("a*c", "abd"));
        assert!(wildcard_match(r"a\*c", "a*c"));
        assert!(!wildcard_match(r"a\*c", "abc"));
        assert!(wildcard_match("*b*b*", "abcbd"));
    }

    #[test]
    fn mismatched_types_are_false() {
        assert!(!test(ComparisonKind::NumericEquals, &json!("1"), &json!(1)));
        assert!(!test(ComparisonKind::StringEquals, &json!(1), &json!("1")));
        assert!(test(
            ComparisonKind::NumericLessThanEquals,
            &json!(1),
            &json!(1.0)
        ));
        assert!(test(
            ComparisonKind::TimestampLessThan,
            &json!("2020-01-01T00:00:00Z"),
            &json!("2021-01-01T00:00:00Z")
        ));
        assert!(test(ComparisonKind::IsNull, &json!(null), &json!(true)));
    }
}
