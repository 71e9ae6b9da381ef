//! Static checks for the validator: everything knowable without data.

use super::ast::{ArgValue, Call};
use super::error::{ErrorKind, IntrinsicError};
use super::eval::{arity_error, evaluate};
use super::parse::parse;
use super::random::SplitMix64;
use super::signature::{Function, ValueType, HASH_ALGORITHMS, MAX_NESTING_DEPTH};
use super::string::{literal_template, Piece};

/// Checks an intrinsic expression as AWS does when a definition is created:
/// syntax, known names, arity, literal argument types and values, and nesting
/// depth. Returns the first problem found.
pub fn check(text: &str) -> Result<(), IntrinsicError> {
    check_call(&parse(text)?)
}

/// The checks AWS makes when a definition is created: syntax, known names, arity, literal
/// argument types and nesting depth. Rules on literal values (a zero ArrayRange step, a
/// Format placeholder count, JsonMerge's deep flag) only fail at run time in Step
/// Functions, so the validator uses this and leaves those to the engine.
pub fn check_static(text: &str) -> Result<(), IntrinsicError> {
    let call = parse(text)?;
    check_depth(&call)?;
    check_shape(&call)
}

fn check_depth(call: &Call) -> Result<(), IntrinsicError> {
    let depth = call.depth();
    if depth > MAX_NESTING_DEPTH {
        return Err(IntrinsicError::new(
            ErrorKind::TooDeep,
            call.offset,
            format!(
                "Intrinsic functions can be nested at most {MAX_NESTING_DEPTH} deep; this field nests {depth}"
            ),
        ));
    }
    Ok(())
}

/// [`check`] for an already parsed call.
pub fn check_call(call: &Call) -> Result<(), IntrinsicError> {
    check_depth(call)?;
    check_shape(call)?;
    check_values(call)
}

/// Arity and literal argument types, recursively.
fn check_shape(call: &Call) -> Result<(), IntrinsicError> {
    let function = call.function;
    if !function.signature().accepts(call.args.len()) {
        return Err(arity_error(call));
    }
    for (index, arg) in call.args.iter().enumerate() {
        if let ArgValue::Call(inner) = &arg.value {
            check_shape(inner)?;
        }
        let expected = function.param_type(index);
        if let Some(actual) = static_type(&arg.value) {
            if !compatible(expected, actual) {
                return Err(IntrinsicError::invalid_args(
                    function,
                    arg.offset,
                    format!(
                        "argument {} must be {}, not {}",
                        index + 1,
                        expected.describe(),
                        describe(actual)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Rules on literal values, innermost calls first (shapes are already checked).
fn check_values(call: &Call) -> Result<(), IntrinsicError> {
    for arg in &call.args {
        if let ArgValue::Call(inner) = &arg.value {
            check_values(inner)?;
        }
    }
    check_literal_rules(call)?;
    // A call made only of literals has one possible result: evaluate it now so
    // every runtime rule (ranges, limits, JSON syntax) is reported early.
    if is_constant(call) {
        let no_paths = |_: &str| -> Result<serde_json::Value, String> {
            Err("a constant call has no paths".to_string())
        };
        evaluate(call, &no_paths, &mut SplitMix64::new(0))?;
    }
    Ok(())
}

/// Rules on single literal arguments that hold whatever the other arguments are.
fn check_literal_rules(call: &Call) -> Result<(), IntrinsicError> {
    let function = call.function;
    let literal = |index: usize| call.args.get(index).map(|a| (&a.value, a.offset));
    match function {
        Function::Format => {
            if let Some((first, offset)) = literal(0) {
                match literal_template(first) {
                    Some(Ok(pieces)) => {
                        let holes = pieces.iter().filter(|p| **p == Piece::Hole).count();
                        let fillers = call.args.len().saturating_sub(1);
                        if holes != fillers {
                            return Err(IntrinsicError::invalid_args(
                                function,
                                offset,
                                format!("number of arguments do not match the occurrences of {{}} ({holes} placeholders, {fillers} arguments)"),
                            ));
                        }
                    }
                    Some(Err(detail)) => {
                        return Err(IntrinsicError::invalid_args(function, offset, detail))
                    }
                    None => {}
                }
            }
        }
        Function::Hash => {
            if let Some((ArgValue::String(s), offset)) = literal(1) {
                if !HASH_ALGORITHMS.contains(&s.value.as_str()) {
                    return Err(IntrinsicError::invalid_args(
                        function,
                        offset,
                        format!(
                            "unsupported hash algorithm '{}'; use one of {}",
                            s.value,
                            HASH_ALGORITHMS.join(", ")
                        ),
                    ));
                }
            }
        }
        Function::JsonMerge => {
            if let Some((ArgValue::Bool(true), offset)) = literal(2) {
                return Err(IntrinsicError::invalid_args(
                    function,
                    offset,
                    "only shallow merging is supported, so the third argument must be false",
                ));
            }
        }
        Function::ArrayRange => {
            if let Some((ArgValue::Number(n), offset)) = literal(2) {
                if n.as_f64().is_some_and(|f| f.trunc() == 0.0) {
                    return Err(IntrinsicError::invalid_args(
                        function,
                        offset,
                        "the step must be a non-zero integer",
                    ));
                }
            }
        }
        Function::ArrayPartition => {
            if let Some((ArgValue::Number(n), offset)) = literal(1) {
                if n.as_f64().is_some_and(|f| f.trunc() < 1.0) {
                    return Err(IntrinsicError::invalid_args(
                        function,
                        offset,
                        "the chunk size must be a positive, non-zero integer",
                    ));
                }
            }
        }
        Function::ArrayGetItem => {
            if let Some((ArgValue::Number(n), offset)) = literal(1) {
                if n.as_f64().is_some_and(|f| f < 0.0 || f.fract() != 0.0) {
                    return Err(IntrinsicError::invalid_args(
                        function,
                        offset,
                        "the index must be a non-negative integer",
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The type a literal or nested call is known to have before any data exists.
/// `None` means "unknown until run time" (paths, calls returning any value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Static {
    Null,
    Type(ValueType),
}

fn static_type(value: &ArgValue) -> Option<Static> {
    match value {
        ArgValue::String(_) => Some(Static::Type(ValueType::String)),
        ArgValue::Number(_) => Some(Static::Type(ValueType::Number)),
        ArgValue::Bool(_) => Some(Static::Type(ValueType::Bool)),
        ArgValue::Null => Some(Static::Null),
        ArgValue::Path(_) => None,
        ArgValue::Call(inner) => match inner.function.signature().returns {
            ValueType::Any => None,
            known => Some(Static::Type(known)),
        },
    }
}

fn compatible(expected: ValueType, actual: Static) -> bool {
    match actual {
        _ if expected == ValueType::Any => true,
        Static::Null => false,
        Static::Type(t) => t == expected,
    }
}

fn describe(actual: Static) -> &'static str {
    match actual {
        Static::Null => "null",
        Static::Type(t) => t.describe(),
    }
}

/// Whether a call reads no data. Random functions count as constant: their
/// argument rules (e.g. MathRandom's start < end) do not depend on the draw,
/// and `check` throws the value away.
fn is_constant(call: &Call) -> bool {
    call.args.iter().all(|arg| match &arg.value {
        ArgValue::Path(_) => false,
        ArgValue::Call(inner) => is_constant(inner),
        _ => true,
    })
}
