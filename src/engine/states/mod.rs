//! One file per state type's semantics; `run` dispatches a visit to its type.

mod batcher;
mod choice;
mod distributed;
mod fail;
mod map;
mod parallel;
mod pass;
mod s3_listing;
mod task;
mod wait;

pub use distributed::LocalFiles;

use std::sync::Arc;

use serde_json::Value;

use super::debug::Stage;
use super::error::StateError;
use super::exec::Scope;
use super::interpreter::{env_of, Done, Visit};
use super::template_move::{
    self, has_path_field, reads_raw_input_after_parameters, vacated, MovePlan,
    MOVE_FROM_INPUT_BYTES,
};
use super::{jsonata, pipeline};
use crate::asl::{NullablePath, QueryLanguage, State, StateKind};

/// Runs one attempt of the visited state.
pub(crate) async fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &mut Scope,
) -> Result<Done<'m>, StateError> {
    let state = visit.state;
    match &state.kind {
        StateKind::Pass(p) => pass::run(visit, scope, p),
        StateKind::Task(t) => task::run(visit, scope, t).await,
        StateKind::Choice(c) => choice::run(visit, scope, c),
        StateKind::Wait(w) => wait::run(visit, scope, w).await,
        StateKind::Succeed => fail::succeed(visit, scope),
        StateKind::Fail(f) => Err(fail::fail(visit, scope, f)),
        StateKind::Parallel(p) => parallel::run(visit, scope, p).await,
        StateKind::Map(m) => map::run(visit, scope, m).await,
        StateKind::Unknown | StateKind::NotAnObject(_) => Err(StateError::runtime(format!(
            "state '{}' has no valid Type",
            visit.name
        ))),
    }
}

/// True if any field of the state could read the context object (`$$` or `$states.context`),
/// so the context (which holds the execution input) is only built when needed.
pub(crate) fn mentions_context(state: &State) -> bool {
    let paths = [&state.input_path, &state.output_path, &state.result_path];
    if paths
        .iter()
        .any(|p| matches!(p, Some(NullablePath::Path(p)) if has_context(p)))
    {
        return true;
    }
    let values = [
        &state.parameters,
        &state.arguments,
        &state.result_selector,
        &state.output,
        &state.assign,
    ];
    if values
        .iter()
        .any(|v| v.as_ref().is_some_and(value_has_context))
    {
        return true;
    }
    if state.catch.iter().flatten().any(|c| {
        c.output.as_ref().is_some_and(value_has_context)
            || c.assign.as_ref().is_some_and(value_has_context)
    }) {
        return true;
    }
    kind_mentions_context(&state.kind)
}

fn kind_mentions_context(kind: &StateKind) -> bool {
    let text = |s: &Option<String>| s.as_deref().is_some_and(has_context);
    match kind {
        StateKind::Choice(c) => c.choices.iter().any(|r| value_has_context(&r.write())),
        StateKind::Wait(w) => {
            text(&w.seconds_path) || text(&w.timestamp_path) || text(&w.timestamp)
        }
        StateKind::Fail(f) => {
            text(&f.error_path) || text(&f.cause_path) || text(&f.error) || text(&f.cause)
        }
        StateKind::Map(m) => {
            text(&m.items_path)
                || m.items.as_ref().is_some_and(value_has_context)
                || m.item_selector.as_ref().is_some_and(value_has_context)
        }
        StateKind::Task(t) => text(&t.timeout_seconds_path) || text(&t.heartbeat_seconds_path),
        _ => false,
    }
}

fn has_context(s: &str) -> bool {
    s.contains("$$") || s.contains("$states.context")
}

fn value_has_context(v: &Value) -> bool {
    match v {
        Value::String(s) => has_context(s),
        Value::Array(items) => items.iter().any(value_has_context),
        Value::Object(map) => map.values().any(value_has_context),
        _ => false,
    }
}

/// InputPath only (JSONPath); JSONata states read `$states.input` directly.
pub(super) fn effective_input_path(
    visit: &mut Visit<'_, '_>,
    scope: &Scope,
) -> Result<Arc<Value>, StateError> {
    let env = env_of(&visit.context, visit.exec, scope);
    let effective = pipeline::select(&visit.input, visit.state.input_path.as_ref(), &env)?;
    visit.recorder.stage(Stage::InputPath, &effective);
    Ok(effective)
}

/// The input the state works on: InputPath then Parameters, or JSONata Arguments.
pub(super) fn effective_input(
    visit: &mut Visit<'_, '_>,
    scope: &Scope,
) -> Result<Arc<Value>, StateError> {
    let state = visit.state;
    if visit.language == QueryLanguage::Jsonata {
        let args = match &state.arguments {
            Some(a) => Arc::new(jsonata::eval_field(visit, scope, a)?),
            None => Arc::clone(&visit.input),
        };
        visit.recorder.stage(Stage::Arguments, &args);
        return Ok(args);
    }
    let effective = effective_input_path(visit, scope)?;
    let params = match &state.parameters {
        Some(p) => Arc::new(parameters(visit, scope, p, effective)?),
        None => effective,
    };
    visit.recorder.stage(Stage::Parameters, &params);
    Ok(params)
}

/// Parameters over the effective input. When the raw input is not read again and the
/// effective input is then held only here (no Retry, Catch or debugger holds it: see
/// `interpreter::reads_input_after_attempt`), the template's values move out of it instead
/// of being copied.
fn parameters(
    visit: &mut Visit<'_, '_>,
    scope: &Scope,
    template: &Value,
    effective: Arc<Value>,
) -> Result<Value, StateError> {
    let env = env_of(&visit.context, visit.exec, scope);
    let may_move = visit.input_text.len() >= MOVE_FROM_INPUT_BYTES
        && !reads_raw_input_after_parameters(visit.state)
        && has_path_field(template);
    if !may_move {
        return pipeline::template(template, &effective, &env);
    }
    let cache = &visit.exec.cache;
    let address = template as *const Value as usize;
    let plan = cache.move_plan(address, || MovePlan::of(template, cache));
    if plan.is_empty() {
        return pipeline::template(template, &effective, &env);
    }
    // Without InputPath the effective input is the raw input's `Arc`: let go of the raw one.
    drop(std::mem::replace(&mut visit.input, vacated()));
    match Arc::try_unwrap(effective) {
        Ok(owned) => template_move::template_moving(template, &plan, owned, &env),
        Err(shared) => pipeline::template(template, &shared, &env),
    }
}

/// After the work: ResultSelector, Assign, ResultPath, OutputPath (JSONata: Assign, Output).
pub(super) fn finish_result<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &Scope,
    result: Arc<Value>,
) -> Result<Done<'m>, StateError> {
    let state = visit.state;
    if visit.language == QueryLanguage::Jsonata {
        let (output, assigned) = jsonata::finish(visit, scope, Some(&result), Arc::clone(&result))?;
        visit.recorder.stage(Stage::Output, &output);
        return Ok(Done::to_next(state, output, assigned));
    }
    let env = env_of(&visit.context, visit.exec, scope);
    let selected = match &state.result_selector {
        Some(s) => {
            let selected = Arc::new(pipeline::template(s, &result, &env)?);
            visit.recorder.stage(Stage::ResultSelector, &selected);
            selected
        }
        None => result,
    };
    let assigned = match &state.assign {
        Some(a) => Some(pipeline::assign(a, &selected, &env)?),
        None => None,
    };
    // The input is not read after ResultPath: handing it over lets the merge change it in
    // place when the history holds only its text and no retry or debugger holds the value.
    let input = std::mem::take(&mut visit.input);
    // Parameters may have moved values out of the input only when this stage does not read it.
    debug_assert!(
        !Arc::ptr_eq(&input, &vacated()) || !reads_raw_input_after_parameters(state),
        "state '{}' reads an input that Parameters moved out",
        visit.name
    );
    let (merged, merged_text) = pipeline::merge_result_with_text(
        input,
        visit.input_text,
        selected,
        state.result_path.as_ref(),
        &visit.exec.cache,
    )?;
    visit.spliced_output = merged_text.map(|text| (Arc::downgrade(&merged), text));
    visit.recorder.stage(Stage::ResultPath, &merged);
    let output = pipeline::select(&merged, state.output_path.as_ref(), &env)?;
    visit.recorder.stage(Stage::OutputPath, &output);
    Ok(Done::to_next(state, output, assigned))
}

/// Takes the value out of its `Arc` without copying when nobody else holds it.
pub(super) fn unshare(value: Arc<Value>) -> Value {
    Arc::try_unwrap(value).unwrap_or_else(|shared| Value::clone(&shared))
}
