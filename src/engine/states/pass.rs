//! Pass: passes its input, or its fixed Result, on.

use std::sync::Arc;

use super::super::debug::Stage;
use super::super::error::StateError;
use super::super::exec::Scope;
use super::super::interpreter::{Done, Visit};
use super::super::jsonata;
use crate::asl::states::Pass;
use crate::asl::QueryLanguage;

/// Runs a Pass state.
pub(super) fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &Scope,
    pass: &'m Pass,
) -> Result<Done<'m>, StateError> {
    let state = visit.state;
    if visit.language == QueryLanguage::Jsonata {
        let (output, assigned) = jsonata::finish(visit, scope, None, Arc::clone(&visit.input))?;
        visit.recorder.stage(Stage::Output, &output);
        return Ok(Done::to_next(state, output, assigned));
    }
    let effective = super::effective_input(visit, scope)?;
    let result = match &pass.result {
        Some(r) => Arc::new(r.clone()),
        None => effective,
    };
    visit.recorder.stage(Stage::Result, &result);
    super::finish_result(visit, scope, result)
}
