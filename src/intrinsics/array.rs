//! States.ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem,
//! ArrayLength and ArrayUnique. (States.Array itself is one line in `eval`.)

use serde_json::Value;

use super::eval::{Args, Rounding};

/// AWS caps the array States.ArrayRange may generate.
pub const MAX_RANGE_ITEMS: i64 = 1000;

/// `States.ArrayPartition(array, chunkSize)`: consecutive chunks, the last one
/// possibly shorter.
pub(crate) fn partition(args: &Args) -> Result<Value, super::IntrinsicError> {
    let items = args.array(0, "the first argument")?;
    let size = args.int(1, "the chunk size", Rounding::Truncate)?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| args.invalid(1, "the chunk size must be a positive, non-zero integer"))?;
    let chunks = items
        .chunks(size)
        .map(|chunk| Value::Array(chunk.to_vec()))
        .collect();
    Ok(Value::Array(chunks))
}

/// `States.ArrayContains(array, value)`: deep JSON equality.
pub(crate) fn contains(args: &Args) -> Result<Value, super::IntrinsicError> {
    let items = args.array(0, "the first argument")?;
    let needle = args.get(1)?;
    Ok(Value::Bool(items.iter().any(|item| item == needle)))
}

/// `States.ArrayRange(first, last, step)`: `first`, `first+step`, ... up to
/// and including `last`; empty when the step points away from `last`.
pub(crate) fn range(args: &Args) -> Result<Value, super::IntrinsicError> {
    let first = args.int(0, "the first element", Rounding::Truncate)?;
    let last = args.int(1, "the last element", Rounding::Truncate)?;
    let step = args.int(2, "the step", Rounding::Truncate)?;
    if step == 0 {
        return Err(args.invalid(2, "the step must be a non-zero integer"));
    }
    // Inputs are within i32, so this i64 arithmetic cannot overflow.
    let count = if (step > 0 && first <= last) || (step < 0 && first >= last) {
        (last - first) / step + 1
    } else {
        0
    };
    if count > MAX_RANGE_ITEMS {
        return Err(args.invalid(
            1,
            format!("the generated array would have {count} items; the limit is {MAX_RANGE_ITEMS}"),
        ));
    }
    let values = (0..count).map(|i| Value::from(first + i * step)).collect();
    Ok(Value::Array(values))
}

/// `States.ArrayGetItem(array, index)`: zero-based; out of range is an error.
pub(crate) fn get_item(args: &Args) -> Result<Value, super::IntrinsicError> {
    let items = args.array(0, "the first argument")?;
    let index = args.number(1, "the index")?;
    if index.fract() != 0.0 || index < 0.0 {
        return Err(args.invalid(1, "the index must be a non-negative integer"));
    }
    let item = usize::try_from(index as u64)
        .ok()
        .and_then(|i| items.get(i))
        .ok_or_else(|| {
            args.invalid(
                1,
                format!(
                    "the index {index} is out of bounds for an array of length {}",
                    items.len()
                ),
            )
        })?;
    Ok(item.clone())
}

/// `States.ArrayLength(array)`.
pub(crate) fn length(args: &Args) -> Result<Value, super::IntrinsicError> {
    let items = args.array(0, "the argument")?;
    Ok(Value::from(items.len()))
}

/// `States.ArrayUnique(array)`: first occurrence of each value kept, in order.
pub(crate) fn unique(args: &Args) -> Result<Value, super::IntrinsicError> {
    let items = args.array(0, "the argument")?;
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        // Quadratic, but AWS caps payloads at 256 KiB, so arrays stay small.
        if !kept.contains(item) {
            kept.push(item.clone());
        }
    }
    Ok(Value::Array(kept))
}
