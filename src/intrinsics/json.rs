//! States.StringToJson, States.JsonToString and States.JsonMerge.

use serde_json::Value;

use super::eval::{type_name, Args};
use super::IntrinsicError;

/// `States.StringToJson(string)`: parses JSON text; blank text gives `null`.
pub(crate) fn string_to_json(args: &Args) -> Result<Value, IntrinsicError> {
    let text = args.string(0, "the argument")?;
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text)
        .map_err(|e| args.invalid(0, format!("the string is not valid JSON ({e})")))
}

/// `States.JsonToString(value)`: compact JSON text, key order kept.
pub(crate) fn json_to_string(args: &Args) -> Result<Value, IntrinsicError> {
    let value = args.get(0)?;
    Ok(Value::String(crate::json_text::to_string(value)))
}

/// `States.JsonMerge(a, b, false)`: shallow merge, keys of `b` win. AWS only
/// supports the shallow mode, so the flag must be `false`.
pub(crate) fn merge(args: &Args) -> Result<Value, IntrinsicError> {
    let object = |index: usize| match args.get(index)? {
        Value::Object(map) => Ok(map),
        other => Err(args.invalid(
            index,
            format!(
                "argument {} must be a JSON object, got {}",
                index + 1,
                type_name(other)
            ),
        )),
    };
    let first = object(0)?;
    let second = object(1)?;
    match args.get(2)? {
        Value::Bool(false) => {}
        Value::Bool(true) => {
            return Err(args.invalid(
                2,
                "only shallow merging is supported, so the third argument must be false",
            ))
        }
        other => {
            return Err(args.invalid(
                2,
                format!("the third argument must be false, got {}", type_name(other)),
            ))
        }
    }
    let mut merged = first.clone();
    for (key, value) in second {
        merged.insert(key.clone(), value.clone());
    }
    Ok(Value::Object(merged))
}
