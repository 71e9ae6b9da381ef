//! Evaluation: a parsed [`Call`] plus the caller's data -> a JSON value.

use std::borrow::Cow;

use serde_json::Value;

use super::ast::{ArgValue, Call};
use super::error::{ErrorKind, IntrinsicError};
use super::random::RandomSource;
use super::signature::Function;
use super::{array, encoding, json, math, string, unique_id};

/// Resolves JSONPath arguments (`$.a`, `$$.Execution.Id`, `$var`) for the
/// evaluator; the engine implements it over the state input, context and
/// variables, so this module needs no JSONPath code of its own.
pub trait PathResolver {
    /// The value at `path`, or a one-line message saying why there is none
    /// (AWS: "The JsonPath argument for the field ... could not be found ...").
    fn resolve(&self, path: &str) -> Result<Value, String>;

    /// The value at `path`, borrowed when the resolver can lend it: `States.ArrayLength($.big)`
    /// then reads a large array without copying it.
    fn resolve_ref(&self, path: &str) -> Result<Cow<'_, Value>, String> {
        self.resolve(path).map(Cow::Owned)
    }
}

impl<F> PathResolver for F
where
    F: Fn(&str) -> Result<Value, String>,
{
    fn resolve(&self, path: &str) -> Result<Value, String> {
        self(path)
    }
}

/// Evaluates `call` with AWS semantics and limits.
///
/// Arguments are evaluated left to right before the function runs; the first
/// failure wins. Randomness (States.UUID, unseeded States.MathRandom) comes only
/// from `rng`.
pub fn evaluate(
    call: &Call,
    paths: &dyn PathResolver,
    rng: &mut dyn RandomSource,
) -> Result<Value, IntrinsicError> {
    let signature = call.function.signature();
    if !signature.accepts(call.args.len()) {
        return Err(arity_error(call));
    }
    let mut values = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        let value = match &arg.value {
            ArgValue::String(s) => Cow::Owned(Value::String(s.value.clone())),
            ArgValue::Number(n) => Cow::Owned(Value::Number(n.clone())),
            ArgValue::Bool(b) => Cow::Owned(Value::Bool(*b)),
            ArgValue::Null => Cow::Owned(Value::Null),
            ArgValue::Path(p) => paths
                .resolve_ref(&p.text)
                .map_err(|message| IntrinsicError::new(ErrorKind::Path, arg.offset, message))?,
            ArgValue::Call(inner) => Cow::Owned(evaluate(inner, paths, rng)?),
        };
        values.push(value);
    }
    let args = Args { call, values };
    match call.function {
        Function::Format => string::format(&args),
        Function::StringSplit => string::split(&args),
        Function::StringToJson => json::string_to_json(&args),
        Function::JsonToString => json::json_to_string(&args),
        Function::JsonMerge => json::merge(&args),
        Function::Array => Ok(Value::Array(
            args.values.into_iter().map(Cow::into_owned).collect(),
        )),
        Function::ArrayPartition => array::partition(&args),
        Function::ArrayContains => array::contains(&args),
        Function::ArrayRange => array::range(&args),
        Function::ArrayGetItem => array::get_item(&args),
        Function::ArrayLength => array::length(&args),
        Function::ArrayUnique => array::unique(&args),
        Function::Base64Encode => encoding::base64_encode(&args),
        Function::Base64Decode => encoding::base64_decode(&args),
        Function::Hash => encoding::hash(&args),
        Function::MathRandom => math::random(&args, rng),
        Function::MathAdd => math::add(&args),
        Function::Uuid => Ok(unique_id::uuid_v4(rng)),
    }
}

/// The arity error shared by `evaluate` and `check`.
pub(crate) fn arity_error(call: &Call) -> IntrinsicError {
    let signature = call.function.signature();
    IntrinsicError::new(
        ErrorKind::Arity,
        call.offset,
        format!(
            "Invalid arguments in {}: expected {}, got {}",
            call.function.name(),
            signature.describe_arity(),
            call.args.len()
        ),
    )
}

/// Evaluated arguments of one call (paths' values borrowed from the caller's data), with
/// their source offsets for errors.
pub(crate) struct Args<'a, 'v> {
    pub call: &'a Call,
    pub values: Vec<Cow<'v, Value>>,
}

impl Args<'_, '_> {
    /// The function being evaluated.
    pub fn function(&self) -> Function {
        self.call.function
    }

    /// The value of argument `index`; arity was checked, so a miss is an
    /// internal inconsistency reported as an error rather than a panic.
    pub fn get(&self, index: usize) -> Result<&Value, IntrinsicError> {
        self.values
            .get(index)
            .map(|v| &**v)
            .ok_or_else(|| arity_error(self.call))
    }

    /// Offset of argument `index`, or of the call when it has no such argument.
    pub fn offset(&self, index: usize) -> usize {
        self.call
            .args
            .get(index)
            .map_or(self.call.offset, |a| a.offset)
    }

    /// "Invalid arguments in States.X: detail", pointing at argument `index`.
    pub fn invalid(&self, index: usize, detail: impl AsRef<str>) -> IntrinsicError {
        IntrinsicError::invalid_args(self.function(), self.offset(index), detail)
    }

    /// Argument `index` as a string, or a typed error naming the argument.
    pub fn string(&self, index: usize, what: &str) -> Result<&str, IntrinsicError> {
        match self.get(index)? {
            Value::String(s) => Ok(s),
            other => Err(self.invalid(
                index,
                format!("{what} must be a string, got {}", type_name(other)),
            )),
        }
    }

    /// Argument `index` as an array.
    pub fn array(&self, index: usize, what: &str) -> Result<&Vec<Value>, IntrinsicError> {
        match self.get(index)? {
            Value::Array(a) => Ok(a),
            other => Err(self.invalid(
                index,
                format!("{what} must be an array, got {}", type_name(other)),
            )),
        }
    }

    /// Argument `index` as a finite number.
    pub fn number(&self, index: usize, what: &str) -> Result<f64, IntrinsicError> {
        match self.get(index)? {
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| self.invalid(index, format!("{what} must be a finite number"))),
            other => Err(self.invalid(
                index,
                format!("{what} must be a number, got {}", type_name(other)),
            )),
        }
    }

    /// Argument `index` as an integer in Java's `int` range (AWS is written in
    /// Java), after the function's rounding rule.
    pub fn int(&self, index: usize, what: &str, rounding: Rounding) -> Result<i64, IntrinsicError> {
        let number = self.number(index, what)?;
        let whole = match rounding {
            Rounding::Truncate => number.trunc(),
            Rounding::HalfUp => (number + 0.5).floor(),
        };
        if whole < f64::from(i32::MIN) || whole > f64::from(i32::MAX) {
            return Err(self.invalid(
                index,
                format!("{what} must be between -2147483648 and 2147483647"),
            ));
        }
        Ok(whole as i64)
    }
}

/// How a function turns a fractional number into an integer.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rounding {
    /// Toward zero; what AWS is observed to do for ArrayRange, ArrayPartition
    /// and MathRandom although the docs say "nearest integer".
    Truncate,
    /// Java's `Math.round` (half up): what AWS does for MathAdd.
    HalfUp,
}

/// The JSON type name of `value`, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Length as Java counts it (UTF-16 code units): AWS's 10,000-character limits
/// are checked by a Java service.
pub(crate) fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}
