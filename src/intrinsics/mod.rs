//! The `States.*` intrinsic functions of JSONPath states: parser, static
//! checks for the validator, and evaluation for the engine.
//!
//! This is a leaf module: JSONPath arguments are resolved through the
//! caller's [`PathResolver`] and randomness comes from a [`RandomSource`],
//! so the module depends on nothing else in the crate. Every failure is an
//! [`IntrinsicError`]; the engine reports runtime ones as the ASL error
//! `States.IntrinsicFailure`.
//!
//! ```text
//! parse(text) -> Call          check(text) -> Ok/first problem
//! evaluate(&call, &resolver, &mut rng) -> serde_json::Value
//! ```

mod array;
mod ast;
mod check;
mod encoding;
mod error;
mod eval;
mod json;
mod lex;
mod math;
mod parse;
mod random;
mod signature;
mod string;
mod unique_id;

#[cfg(test)]
mod tests;

pub use array::MAX_RANGE_ITEMS;
pub use ast::{Arg, ArgValue, Call, PathArg, PathKind, StringLiteral};
pub use check::{check, check_call, check_static};
pub use encoding::MAX_INPUT_CHARS;
pub use error::{ErrorKind, IntrinsicError};
pub use eval::{evaluate, PathResolver};
pub use parse::parse;
pub use random::{RandomSource, SplitMix64};
pub use signature::{
    Function, Signature, ValueType, ALL_FUNCTIONS, HASH_ALGORITHMS, MAX_NESTING_DEPTH,
};

/// Whether a `.$` field value is an intrinsic call rather than a path, by
/// AWS's rule: it starts with `States.` and a function name.
pub fn looks_like_intrinsic(text: &str) -> bool {
    text.trim_start().starts_with("States.")
}
