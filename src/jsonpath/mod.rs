//! The AWS Step Functions JSONPath dialect: syntax checks, evaluation, reference paths and `$$`.
//!
//! AWS evaluates paths with Jayway JsonPath; we parse the Jayway-style syntax ourselves and hand
//! indefinite paths to serde_json_path (RFC 9535) in canonical bracket form. Definite paths
//! (only `.name`, `['name']` and `[n]`) are walked directly, which is faster and lets us say
//! where a missing path stopped.
//!
//! Roots: `$` is the state input, `$$` the context object, `$name` a workflow variable.
//!
//! Known differences from AWS (Jayway), all rare in real definitions:
//! - A filter on an object (`$.obj[?(@.x)]`) tests the object's member values (RFC 9535), where
//!   Jayway tests the object itself.
//! - `@` in a filter also matches scalar array elements (`$.nums[?(@ > 1)]`); AWS documents
//!   that `@` only matches objects.
//! - A multi-name union `$['a','b']` yields an array of values; Jayway builds an object.
//! - Inside filters, member names follow RFC 9535 (`@['detail-type']`, not `@.detail-type`),
//!   and `$` means the root of the document the path reads.
//! - `..` returns matches in RFC 9535 order, which can differ from Jayway's.
//! - Variable names are checked with `char::is_alphabetic`/`is_alphanumeric` (plus `_`), an
//!   approximation of Unicode ID_Start/ID_Continue that AWS specifies.
//!
//! Rejected because AWS does not support them: functions (`length()`), `=~`, word operators
//! (`in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`, `empty`), slice steps.

mod error;
mod filter;
mod parse;
mod path;
mod quotes;
mod reference;
mod roots;
mod step;
mod syntax;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use error::PathError;
pub use path::{Path, Selection};
pub(crate) use quotes::Quotes;
pub use reference::ReferencePath;
pub use roots::{Root, Roots, Variables};
pub(crate) use step::Step;
pub use step::{member, LINEAR_LOOKUP_MAX_LEN};

/// Checks that `s` is a JSONPath AWS accepts (input, `$$` context or `$var` variable paths).
pub fn check_path(s: &str) -> Result<(), PathError> {
    Path::parse(s).map(drop)
}

/// Checks that `s` is a reference path: member access and non-negative indexes only.
pub fn check_reference_path(s: &str) -> Result<(), PathError> {
    ReferencePath::parse(s).map(drop)
}

/// Parses and evaluates `path` once; prefer [`Path::parse`] when evaluating a path repeatedly.
pub fn query(path: &str, input: &Value, context: &Value) -> Result<Value, PathError> {
    Path::parse(path)?.query(input, context)
}

/// Stores `value` at reference path `path` in `target` (ResultPath semantics); see [`ReferencePath::set`].
pub fn set_reference(target: Value, path: &str, value: Value) -> Result<Value, PathError> {
    ReferencePath::parse(path)?.set(target, value)
}
