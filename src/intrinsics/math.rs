//! States.MathRandom and States.MathAdd.

use serde_json::Value;

use super::eval::{Args, Rounding};
use super::random::{below, RandomSource, SplitMix64};
use super::IntrinsicError;

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`.
/// With a seed the result depends only on the arguments, as on AWS.
pub(crate) fn random(args: &Args, rng: &mut dyn RandomSource) -> Result<Value, IntrinsicError> {
    let start = args.int(0, "the start number", Rounding::Truncate)?;
    let end = args.int(1, "the end number", Rounding::Truncate)?;
    if start >= end {
        return Err(args.invalid(
            1,
            format!("the end number ({end}) must be greater than the start number ({start})"),
        ));
    }
    // Both bounds are within i32, so the span fits in u64 and is positive.
    let span = (end - start) as u64;
    let offset = if args.values.len() > 2 {
        let seed = args.number(2, "the seed")?.trunc() as i64;
        below(&mut SplitMix64::new(seed as u64), span)
    } else {
        below(rng, span)
    };
    Ok(Value::from(start + offset as i64))
}

/// `States.MathAdd(a, b)`: both rounded half up (Java's `Math.round`) and
/// within Java's `int` range.
pub(crate) fn add(args: &Args) -> Result<Value, IntrinsicError> {
    let a = args.int(0, "the first number", Rounding::HalfUp)?;
    let b = args.int(1, "the second number", Rounding::HalfUp)?;
    Ok(Value::from(a + b))
}
