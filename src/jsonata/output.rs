//! Converting a JSONata result to JSON: whole numbers as integers, no functions, bounded size.

use std::fmt;

use jsonata_core::value::JValue;
use serde_json::{Number, Value};

/// Results nest no deeper than this (a recursive function can build arbitrarily deep values).
const MAX_DEPTH: usize = 512;
/// Results hold at most this many values in all; AWS's payload limit is far smaller.
const MAX_VALUES: usize = 2_000_000;

/// Why a result cannot be JSON; displayed after "returned".
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Unrepresentable {
    Function,
    NonFinite,
    TooDeep,
    TooLarge,
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unrepresentable::Function => write!(f, "a function, which is not JSON"),
            Unrepresentable::NonFinite => write!(f, "a number that is not finite"),
            Unrepresentable::TooDeep => write!(f, "a value nested deeper than {MAX_DEPTH} levels"),
            Unrepresentable::TooLarge => write!(f, "more than {MAX_VALUES} values"),
        }
    }
}

/// The JSON form of a (defined) JSONata value.
pub(super) fn to_json(value: &JValue) -> Result<Value, Unrepresentable> {
    let mut budget = MAX_VALUES;
    convert(value, 0, &mut budget)
}

fn convert(value: &JValue, depth: usize, budget: &mut usize) -> Result<Value, Unrepresentable> {
    if depth > MAX_DEPTH {
        return Err(Unrepresentable::TooDeep);
    }
    *budget = budget.checked_sub(1).ok_or(Unrepresentable::TooLarge)?;
    Ok(match value {
        // JSON.stringify writes undefined array items as null; object fields are skipped below.
        JValue::Null | JValue::Undefined => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => Value::Number(number(*n)?),
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| convert(item, depth + 1, budget))
                .collect::<Result<_, _>>()?,
        ),
        JValue::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map.iter() {
                if !item.is_undefined() {
                    out.insert(key.clone(), convert(item, depth + 1, budget)?);
                }
            }
            Value::Object(out)
        }
        JValue::Lambda(_) | JValue::Builtin { .. } | JValue::Regex { .. } => {
            return Err(Unrepresentable::Function)
        }
    })
}

/// JSONata numbers are doubles; a whole one is written as an integer (`1`, not `1.0`).
pub(super) fn number(n: f64) -> Result<Number, Unrepresentable> {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
    if !n.is_finite() {
        return Err(Unrepresentable::NonFinite);
    }
    if n.fract() == 0.0 {
        if (-TWO_POW_63..TWO_POW_63).contains(&n) {
            return Ok(Number::from(n as i64));
        }
        if (0.0..TWO_POW_64).contains(&n) {
            return Ok(Number::from(n as u64));
        }
    }
    Number::from_f64(n).ok_or(Unrepresentable::NonFinite)
}
