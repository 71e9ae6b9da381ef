//! Single-node navigation: the steps of a definite path, read and written without serde_json_path.

use std::fmt::Write;

use serde_json::{Map, Value};

use super::roots::Root;
use super::syntax::{write_quoted, Selector};

/// One step of a definite path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// An object member.
    Field(Box<str>),
    /// An array element; negative counts from the end (`[-1]` is the last).
    Index(i64),
}

impl Step {
    /// The step for a definite selector, `None` for any other.
    pub fn from_selector(selector: &Selector) -> Option<Step> {
        match selector {
            Selector::Name(name) => Some(Step::Field(name.as_str().into())),
            Selector::Index(index) => Some(Step::Index(*index)),
            _ => None,
        }
    }
}

/// Where a walk stopped: how many steps succeeded and why the next one failed.
pub(crate) struct WalkFailure {
    pub depth: usize,
    pub reason: String,
}

/// Follows `steps` from `doc`, failing on a missing member, an index out of range or a type mismatch.
pub(crate) fn walk<'a>(doc: &'a Value, steps: &[Step]) -> Result<&'a Value, WalkFailure> {
    let mut node = doc;
    for (depth, step) in steps.iter().enumerate() {
        let next = match (step, node) {
            (Step::Field(name), Value::Object(map)) => member(map, name),
            (Step::Index(index), Value::Array(items)) => {
                array_slot(items.len(), *index).and_then(|i| items.get(i))
            }
            _ => None,
        };
        node = next.ok_or_else(|| WalkFailure {
            depth,
            reason: missing_reason(step, node),
        })?;
    }
    Ok(node)
}

/// Maps with at most this many entries are searched by comparing keys: cheaper than hashing
/// the key with SipHash, which serde_json's and the model's maps use.
pub const LINEAR_LOOKUP_MAX_LEN: usize = 8;

/// The member `name` of `map`. Payload objects mostly have a handful of keys, and comparing
/// those few is cheaper than hashing the name with the map's SipHash.
pub fn member<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if map.len() <= LINEAR_LOOKUP_MAX_LEN {
        map.iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(_, v)| v)
    } else {
        map.get(name)
    }
}

/// The position `index` names in an array of `len` elements, if any.
pub(crate) fn array_slot(len: usize, index: i64) -> Option<usize> {
    if index >= 0 {
        usize::try_from(index).ok().filter(|i| *i < len)
    } else {
        let back = usize::try_from(index.unsigned_abs()).ok()?;
        len.checked_sub(back)
    }
}

/// Why `step` found nothing in `node`, e.g. "no field 'b'" or "a string has no field 'b'".
pub(crate) fn missing_reason(step: &Step, node: &Value) -> String {
    match (step, node) {
        (Step::Field(name), Value::Object(_)) => format!("no field '{name}'"),
        (Step::Index(index), Value::Array(items)) => {
            format!("index {index} is out of range (length {})", items.len())
        }
        (Step::Field(name), other) => format!("{} has no field '{name}'", kind(other)),
        (Step::Index(index), other) => format!("{} has no index {index}", kind(other)),
    }
}

/// The JSON type of `value` with an article, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `root` followed by `steps`, e.g. `$.a[0]['b c']`, to say where a walk failed.
pub(crate) fn render(root: &Root, steps: &[Step]) -> String {
    let mut out = root.to_string();
    for step in steps {
        match step {
            Step::Field(name) if is_plain_name(name) => {
                out.push('.');
                out.push_str(name);
            }
            Step::Field(name) => {
                out.push('[');
                write_quoted(&mut out, name);
                out.push(']');
            }
            Step::Index(index) => {
                let _ = write!(out, "[{index}]");
            }
        }
    }
    out
}

fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_are_found_in_small_and_large_objects() {
        for size in [0, 1, 8, 9, 40] {
            let map: Map<String, Value> = (0..size).map(|i| (format!("k{i}"), json!(i))).collect();
            for i in 0..size {
                assert_eq!(member(&map, &format!("k{i}")), Some(&json!(i)), "{size}");
            }
            assert_eq!(member(&map, "missing"), None, "{size}");
            assert_eq!(member(&map, "k"), None, "{size}");
        }
    }
}
