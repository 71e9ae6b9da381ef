//! Choice rule values: operator names, operands typed by their operator, and checks of
//! paths and JSONata conditions as they are typed.

use serde_json::Value;

use crate::asl::states::{ComparisonKind, ComparisonOp};

/// Every operator name, in a stable order (each kind, then its Path variant).
pub fn operator_names() -> Vec<String> {
    let mut names = Vec::new();
    for kind in ComparisonKind::ALL {
        names.push(kind.as_str().to_owned());
        if kind.has_path_variant() {
            names.push(format!("{}Path", kind.as_str()));
        }
    }
    names
}

/// The operand as the user types it: strings bare, other JSON as JSON.
pub fn operand_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads typed operand text for `op`, as AWS types it: a path for `...Path`, a number for
/// Numeric, a boolean for BooleanEquals and the type tests, else a string.
pub fn parse_operand(op: ComparisonOp, text: &str) -> Result<Value, String> {
    use ComparisonKind::*;
    if op.path {
        return check_path(text).map(|()| Value::String(text.to_owned()));
    }
    match op.kind {
        NumericEquals
        | NumericLessThan
        | NumericGreaterThan
        | NumericLessThanEquals
        | NumericGreaterThanEquals => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|_| serde_json::from_str::<serde_json::Number>(text.trim()).ok())
            .map(Value::Number)
            .ok_or_else(|| format!("{} needs a number", op.kind.as_str())),
        BooleanEquals | IsNull | IsPresent | IsNumeric | IsString | IsBoolean | IsTimestamp => {
            match text.trim() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format!("{} needs true or false", op.kind.as_str())),
            }
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// An operand for `op` that fits it, keeping `old` when it still does.
pub fn operand_for(op: ComparisonOp, old: &Value) -> Value {
    if let Ok(v) = parse_operand(op, &operand_text(old)) {
        return v;
    }
    let fallback = if op.path {
        "$."
    } else if op.kind.is_type_test() || op.kind == ComparisonKind::BooleanEquals {
        "true"
    } else if op.kind.as_str().starts_with("Numeric") {
        "0"
    } else {
        ""
    };
    parse_operand(op, fallback).unwrap_or(Value::Null)
}

pub fn check_path(text: &str) -> Result<(), String> {
    if text.contains("${") {
        return Ok(());
    }
    crate::jsonpath::check_path(text).map_err(|e| format!("Invalid path: {e}"))
}

/// A JSONata rule's Condition: a whole `{% %}` expression whose body parses.
pub fn check_condition(text: &str) -> Result<(), String> {
    let Some(body) = crate::jsonata::expression_body(text) else {
        return Err("A condition is a JSONata expression in {% %}".into());
    };
    crate::jsonata::check_syntax(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operands_are_typed_by_the_operator() {
        let op = |name: &str| ComparisonOp::from_name(name).expect("operator");
        assert_eq!(
            parse_operand(op("NumericGreaterThan"), "2.5"),
            Ok(json!(2.5))
        );
        assert!(parse_operand(op("NumericGreaterThan"), "high").is_err());
        assert_eq!(
            parse_operand(op("BooleanEquals"), "false"),
            Ok(json!(false))
        );
        assert!(parse_operand(op("IsPresent"), "yes").is_err());
        assert_eq!(parse_operand(op("StringEquals"), "42"), Ok(json!("42")));
        assert_eq!(
            parse_operand(op("NumericEqualsPath"), "$.b"),
            Ok(json!("$.b"))
        );
        assert!(parse_operand(op("NumericEqualsPath"), "b[").is_err());
    }

    #[test]
    fn conditions_must_be_whole_jsonata_expressions_that_parse() {
        assert!(check_condition("{% $states.input.ok %}").is_ok());
        assert!(check_condition("$states.input.ok").is_err());
        assert!(check_condition("{% $states.input.( %}").is_err());
    }
}
