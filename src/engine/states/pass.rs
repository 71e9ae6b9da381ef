//! Pass: passes its input, or its fixed Result, on.

use std::sync::Arc;

use super::super::debug::Stage;
use super::super::error::StateError;
use super::super::exec::Scope;
use super::super::interpreter::{env_of, Done, Visit};
use super::super::{jsonata, pipeline};
use crate::asl::states::Pass;
use crate::asl::QueryLanguage;

/// Runs a Pass state.
pub(super) fn run(visit: &mut Visit<'_>, scope: &Scope, pass: &Pass) -> Result<Done, StateError> {
    let state = visit.state;
    if visit.language == QueryLanguage::Jsonata {
        let (output, assigned) = jsonata::finish(visit, scope, None, Arc::clone(&visit.input))?;
        visit.recorder.stage(Stage::Output, &output);
        return Ok(Done::to_next(state, output, assigned));
    }
    let env = env_of(&visit.context, visit.exec, scope);
    let effective = pipeline::select(&visit.input, state.input_path.as_ref(), &env)?;
    visit.recorder.stage(Stage::InputPath, &effective);
    let effective = match &state.parameters {
        Some(p) => Arc::new(pipeline::template(p, &effective, &env)?),
        None => effective,
    };
    visit.recorder.stage(Stage::Parameters, &effective);
    let result = match &pass.result {
        Some(r) => Arc::new(r.clone()),
        None => effective,
    };
    visit.recorder.stage(Stage::Result, &result);
    let assigned = match &state.assign {
        Some(a) => Some(pipeline::assign(a, &result, &env)?),
        None => None,
    };
    let merged = pipeline::merge_result(
        &visit.input,
        result,
        state.result_path.as_ref(),
        &visit.exec.cache,
    )?;
    visit.recorder.stage(Stage::ResultPath, &merged);
    let output = pipeline::select(&merged, state.output_path.as_ref(), &env)?;
    visit.recorder.stage(Stage::OutputPath, &output);
    Ok(Done::to_next(state, output, assigned))
}
