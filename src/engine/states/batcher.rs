//! ItemBatcher: groups a Map's items into batches by count (MaxItemsPerBatch) and by
//! serialized size (MaxInputBytesPerBatch), each with its `*Path` and JSONata forms.

use serde_json::{Map, Value};

use super::super::error::{StateError, ITEM_READER_FAILED};
use super::super::exec::Scope;
use super::super::interpreter::{env_of, Visit};
use super::super::limits::json_size;
use super::super::{jsonata, pipeline};
use crate::asl::states::ItemBatcher;
use crate::asl::{NumberField, QueryLanguage};

/// Groups `items` into child inputs `{"BatchInput": ..., "Items": [...]}`. `input` is the
/// effective input BatchInput's paths read.
pub(super) fn batch(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    batcher: &ItemBatcher,
    input: &Value,
    items: Vec<Value>,
) -> Result<Vec<Value>, StateError> {
    let max_items = limit(
        visit,
        scope,
        &batcher.max_items_per_batch,
        &batcher.max_items_per_batch_path,
        "MaxItemsPerBatch",
    )?;
    let max_bytes = limit(
        visit,
        scope,
        &batcher.max_input_bytes_per_batch,
        &batcher.max_input_bytes_per_batch_path,
        "MaxInputBytesPerBatch",
    )?;
    let batch_input = match &batcher.batch_input {
        Some(b) if visit.language == QueryLanguage::Jsonata => {
            Some(jsonata::eval_field(visit, scope, b)?)
        }
        Some(b) => Some(pipeline::template(
            b,
            input,
            &env_of(&visit.context, visit.exec, scope),
        )?),
        None => None,
    };
    let groups = group(items, max_items, max_bytes, batch_input.as_ref())?;
    Ok(groups
        .into_iter()
        .map(|items| wrap(batch_input.clone(), items))
        .collect())
}

/// What one child receives.
fn wrap(batch_input: Option<Value>, items: Vec<Value>) -> Value {
    let mut m = Map::new();
    if let Some(b) = batch_input {
        m.insert("BatchInput".into(), b);
    }
    m.insert("Items".into(), Value::Array(items));
    Value::Object(m)
}

/// Fills batches in item order, closing one when the next item would pass either limit. The
/// byte limit counts the whole child input as compact JSON (the `Items` wrapper and
/// BatchInput included), since that is what the child receives.
fn group(
    items: Vec<Value>,
    max_items: Option<u64>,
    max_bytes: Option<u64>,
    batch_input: Option<&Value>,
) -> Result<Vec<Vec<Value>>, StateError> {
    let max_items = max_items.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let empty_size = json_size(&wrap(batch_input.cloned(), Vec::new())) as u64;
    let mut batches: Vec<Vec<Value>> = Vec::new();
    let mut current: Vec<Value> = Vec::new();
    let mut current_size = empty_size;
    for (index, item) in items.into_iter().enumerate() {
        let item_size = json_size(&item) as u64;
        if let Some(max) = max_bytes {
            if empty_size + item_size > max {
                return Err(StateError::new(
                    ITEM_READER_FAILED,
                    format!(
                        "Item {index} is {item_size} bytes: a batch holding it alone is {} bytes, \
                         over MaxInputBytesPerBatch ({max} bytes).",
                        empty_size + item_size
                    ),
                ));
            }
        }
        // A comma separates the item from the one before it.
        let added = item_size + u64::from(!current.is_empty());
        let over_bytes = max_bytes.is_some_and(|max| current_size + added > max);
        if !current.is_empty() && (current.len() >= max_items || over_bytes) {
            batches.push(std::mem::take(&mut current));
            current_size = empty_size;
        }
        current_size += item_size + u64::from(!current.is_empty());
        current.push(item);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    Ok(batches)
}

/// A positive whole number from the field, its `*Path` (read from the state input) or its
/// JSONata expression; `None` when neither is set.
fn limit(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    field: &Option<NumberField>,
    path: &Option<String>,
    name: &str,
) -> Result<Option<u64>, StateError> {
    let value = if let Some(p) = path {
        let env = env_of(&visit.context, visit.exec, scope);
        pipeline::query(p, &visit.input, &env)?
    } else {
        match field {
            None => return Ok(None),
            Some(NumberField::Number(n)) => Value::Number(n.clone()),
            Some(NumberField::Text(t)) => {
                jsonata::eval_field(visit, scope, &Value::String(t.clone()))?
            }
        }
    };
    match value.as_u64() {
        Some(n) if n > 0 => Ok(Some(n)),
        _ => Err(StateError::runtime(format!(
            "{name} must be a positive integer, found {value}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sizes(batches: &[Vec<Value>]) -> Vec<usize> {
        batches.iter().map(Vec::len).collect()
    }

    #[test]
    fn count_limit_alone_makes_equal_batches() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let batches = group(items, Some(2), None, None).expect("batches");
        assert_eq!(sizes(&batches), vec![2, 2, 1]);
    }

    #[test]
    fn byte_limit_counts_the_whole_child_input() {
        // {"Items":[]} is 12 bytes; "aaaa" is 6; a batch of two is 12 + 6 + 1 + 6 = 25.
        let items = vec![json!("aaaa"), json!("bbbb"), json!("cccc")];
        let batches = group(items.clone(), None, Some(25), None).expect("batches");
        assert_eq!(sizes(&batches), vec![2, 1]);
        for batch in &batches {
            assert!(json_size(&wrap(None, batch.clone())) <= 25);
        }
        // One byte less and every item travels alone.
        let batches = group(items, None, Some(24), None).expect("batches");
        assert_eq!(sizes(&batches), vec![1, 1, 1]);
    }

    #[test]
    fn batch_input_counts_against_the_byte_limit() {
        let input = json!({"k": "v"});
        let items = vec![json!(1), json!(2), json!(3)];
        // {"BatchInput":{"k":"v"},"Items":[1,2]} is 38 bytes.
        let wrapped = json_size(&wrap(Some(input.clone()), vec![json!(1), json!(2)]));
        assert_eq!(wrapped, 38);
        let batches = group(items, None, Some(38), Some(&input)).expect("batches");
        assert_eq!(sizes(&batches), vec![2, 1]);
    }

    #[test]
    fn both_limits_apply_whichever_is_reached_first() {
        let items: Vec<Value> = (0..6).map(|_| json!("xx")).collect();
        // Bytes would allow three per batch ({"Items":[...]} = 12 + 3*4 + 2 = 26).
        let batches = group(items, Some(2), Some(26), None).expect("batches");
        assert_eq!(sizes(&batches), vec![2, 2, 2]);
    }

    #[test]
    fn an_item_too_big_for_any_batch_fails_the_map() {
        let items = vec![json!("ok"), json!("x".repeat(100))];
        let err = group(items, None, Some(50), None).unwrap_err();
        assert_eq!(err.name(), ITEM_READER_FAILED);
        assert!(err.cause.unwrap_or_default().contains("Item 1"));
    }
}
