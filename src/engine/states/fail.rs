//! Succeed and Fail: the two terminal states besides `End`.

use serde_json::Value;

use super::super::debug::Stage;
use super::super::error::StateError;
use super::super::exec::Scope;
use super::super::interpreter::{env_of, Done, Visit};
use super::super::{jsonata, pipeline};
use crate::asl::states::Fail;
use crate::asl::QueryLanguage;
use crate::intrinsics;

/// Succeed: InputPath then OutputPath (JSONata: Output), and the machine ends.
pub(super) fn succeed<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &Scope,
) -> Result<Done<'m>, StateError> {
    let state = visit.state;
    let output = if visit.language == QueryLanguage::Jsonata {
        jsonata::finish(visit, scope, None, std::sync::Arc::clone(&visit.input))?.0
    } else {
        let env = env_of(&visit.context, visit.exec, scope);
        let effective = pipeline::select(&visit.input, state.input_path.as_ref(), &env)?;
        pipeline::select(&effective, state.output_path.as_ref(), &env)?
    };
    visit.recorder.stage(Stage::OutputPath, &output);
    Ok(Done {
        output,
        next: None,
        assigned: None,
    })
}

/// Fail: the error and cause it raises (fixed, from a path or intrinsic, or JSONata).
pub(super) fn fail(visit: &Visit<'_, '_>, scope: &Scope, fail: &Fail) -> StateError {
    let resolve =
        |fixed: &Option<String>, path: &Option<String>| -> Result<Option<String>, StateError> {
            if let Some(p) = path {
                let env = env_of(&visit.context, visit.exec, scope);
                let value = if intrinsics::looks_like_intrinsic(p) {
                    pipeline::intrinsic(p, &visit.input, &env)?
                } else {
                    pipeline::query(p, &visit.input, &env)?
                };
                return match value {
                    Value::String(s) => Ok(Some(s)),
                    other => Ok(Some(other.to_string())),
                };
            }
            match fixed {
                Some(text) if crate::jsonata::expression_body(text).is_some() => {
                    match jsonata::eval_field(visit, scope, &Value::String(text.clone()))? {
                        Value::String(s) => Ok(Some(s)),
                        other => Ok(Some(other.to_string())),
                    }
                }
                other => Ok(other.clone()),
            }
        };
    let error = resolve(&fail.error, &fail.error_path);
    let cause = resolve(&fail.cause, &fail.cause_path);
    match (error, cause) {
        (Ok(error), Ok(cause)) => StateError { error, cause },
        (Err(e), _) | (_, Err(e)) => e,
    }
}
