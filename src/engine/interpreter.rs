//! The interpreter: walks a machine state by state, applying Retry and Catch around each.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};

use super::debug::{DebugEvent, Stage};
use super::error::StateError;
use super::exec::{Exec, Recorder, Scope};
use super::history::EventDetails;
use super::pipeline::{self, Env};
use super::retry::{self, RetryCounts};
use super::states;
use super::EngineEvent;
use crate::asl::{QueryLanguage, State, StateKind, StateMachine};

/// One state visit: the state, its raw input and what the stages need.
pub(crate) struct Visit<'a> {
    pub exec: &'a Exec,
    pub name: &'a str,
    pub state: &'a State,
    pub input: Arc<Value>,
    /// `$$` for this visit (null when the state never reads it, to save copying the input).
    pub context: Value,
    pub language: QueryLanguage,
    pub recorder: Recorder,
}

/// Paths' environment for a visit: its context, the scope's variables, the execution's randomness.
/// A free function (not a method) so the visit's recorder stays mutably borrowable.
pub(crate) fn env_of<'s>(context: &'s Value, exec: &'s Exec, scope: &'s Scope) -> Env<'s> {
    Env {
        context,
        vars: &scope.vars,
        rng: &exec.rng,
        cache: &exec.cache,
    }
}

/// How a state ended successfully: its output, where to go, and variables it assigned.
pub(crate) struct Done {
    pub output: Arc<Value>,
    pub next: Option<String>,
    pub assigned: Option<Map<String, Value>>,
}

impl Done {
    /// The usual ending: `Next` or `End` from the state.
    pub fn to_next(
        state: &State,
        output: Arc<Value>,
        assigned: Option<Map<String, Value>>,
    ) -> Done {
        Done {
            output,
            next: if state.end == Some(true) {
                None
            } else {
                state.next.clone()
            },
            assigned,
        }
    }
}

/// Runs `machine` from StartAt until a terminal state; the result is its output or its error.
pub(crate) fn run_machine<'a>(
    exec: &'a Exec,
    machine: &'a StateMachine,
    input: Arc<Value>,
    scope: &'a mut Scope,
) -> BoxFuture<'a, Result<Arc<Value>, StateError>> {
    Box::pin(async move {
        let Some(mut name) = machine.start_at.as_deref() else {
            return Err(StateError::runtime("the state machine has no StartAt"));
        };
        let mut input = input;
        // The machine's own input may come from an ItemSelector or Parameters no limit has
        // measured yet; every later input is an output that was measured.
        let mut input_measured = false;
        loop {
            let Some((key, state)) = machine.states.get_key_value(name) else {
                return Err(StateError::runtime(format!(
                    "the state machine has no state named '{name}'"
                )));
            };
            exec.gate(key, scope, &input).await;
            let done = run_state(exec, key, state, input, input_measured, scope).await?;
            if let Some(vars) = done.assigned {
                scope.vars.extend(vars);
            }
            match done.next {
                Some(next) => {
                    let Some((next_key, _)) = machine.states.get_key_value(next.as_str()) else {
                        return Err(StateError::runtime(format!(
                            "the state machine has no state named '{next}'"
                        )));
                    };
                    name = next_key;
                    input = done.output;
                    input_measured = true;
                }
                None => return Ok(done.output),
            }
        }
    })
}

/// Enters a state, runs it with its retries, applies Catch, records history and debug data.
async fn run_state(
    exec: &Exec,
    name: &str,
    state: &State,
    input: Arc<Value>,
    input_measured: bool,
    scope: &mut Scope,
) -> Result<Done, StateError> {
    let state_type = state.state_type().map(|t| t.as_str()).unwrap_or("Unknown");
    exec.record(
        scope,
        EventDetails::StateEntered {
            state_type,
            name: name.to_owned(),
            input: Arc::clone(&input),
        },
    )
    .await?;
    let entered_ms = exec.clock.now_ms();
    let language = state.query_language.unwrap_or(scope.language);
    let address = state as *const State as usize;
    let wants_context = exec
        .cache
        .reads_context(address, || states::mentions_context(state));
    let mut counts = RetryCounts::default();
    let mut retry_count = 0u32;
    let result = loop {
        let context = if wants_context {
            exec.context(name, entered_ms, retry_count)
        } else {
            Value::Null
        };
        let outcome = attempt(
            exec,
            name,
            state,
            (&input, input_measured),
            context,
            language,
            scope,
        )
        .await;
        let err = match outcome {
            Ok(done) => break Ok(done),
            Err(err) => err,
        };
        exec.gate_error(name, scope, &input).await;
        let retriers = state.retry.as_deref().unwrap_or_default();
        let delay = retry::next_delay(retriers, &err, &mut counts, || {
            (exec.random() >> 11) as f64 / (1u64 << 53) as f64
        });
        if let Some(delay) = delay {
            retry_count += 1;
            exec.emit(EngineEvent::Debug(DebugEvent::RetryScheduled {
                state: name.to_owned(),
                scope: scope.label.clone(),
                attempt: retry_count,
                error: err.clone(),
                delay_ms: delay.as_millis() as u64,
            }))
            .await;
            exec.clock.sleep(delay).await;
            continue;
        }
        break catch(exec, name, state, &input, scope, language, entered_ms, err);
    };
    if let Ok(done) = &result {
        if !matches!(state.kind, StateKind::Fail(_)) {
            exec.record(
                scope,
                EventDetails::StateExited {
                    state_type,
                    name: name.to_owned(),
                    output: Arc::clone(&done.output),
                },
            )
            .await?;
        }
    }
    result
}

/// One attempt of a state: its stages, the payload limit on its output, and its debug record.
async fn attempt(
    exec: &Exec,
    name: &str,
    state: &State,
    (input, input_measured): (&Arc<Value>, bool),
    context: Value,
    language: QueryLanguage,
    scope: &mut Scope,
) -> Result<Done, StateError> {
    let mut visit = Visit {
        exec,
        name,
        state,
        input: Arc::clone(input),
        context,
        language,
        recorder: Recorder::new(exec.debugging()),
    };
    visit.recorder.stage(Stage::Input, input);
    let outcome = states::run(&mut visit, scope).await;
    let outcome = outcome.and_then(|done| {
        // An output that is the input itself was measured when it was produced.
        if !(input_measured && Arc::ptr_eq(&done.output, input)) {
            exec.limits.check_payload(&done.output, name)?;
        }
        Ok(done)
    });
    let error = outcome.as_ref().err().cloned();
    finish_step(exec, visit.recorder, name, scope, error).await;
    outcome
}

async fn finish_step(
    exec: &Exec,
    recorder: Recorder,
    name: &str,
    scope: &Scope,
    error: Option<StateError>,
) {
    if !exec.debugging() {
        return;
    }
    let count = exec.history.lock().map(|h| h.len()).unwrap_or(0);
    if let Some(record) = recorder.finish(name, scope, error, count) {
        exec.emit(EngineEvent::Debug(DebugEvent::StateFinished(Box::new(
            record,
        ))))
        .await;
    }
}

/// Applies the first matching Catch: ResultPath (or Output/Assign) on the error output.
#[allow(clippy::too_many_arguments)]
fn catch(
    exec: &Exec,
    name: &str,
    state: &State,
    input: &Arc<Value>,
    scope: &Scope,
    language: QueryLanguage,
    entered_ms: i64,
    err: StateError,
) -> Result<Done, StateError> {
    let catchers = state.catch.as_deref().unwrap_or_default();
    let Some(catcher) = retry::find_catcher(catchers, &err) else {
        return Err(err);
    };
    let error_output = Arc::new(err.to_value());
    let context = exec.context(name, entered_ms, 0);
    let env = Env {
        context: &context,
        vars: &scope.vars,
        rng: &exec.rng,
        cache: &exec.cache,
    };
    let (output, assigned) = match language {
        QueryLanguage::JsonPath => {
            let assigned = match &catcher.assign {
                Some(a) => Some(pipeline::assign(a, &error_output, &env)?),
                None => None,
            };
            let output = pipeline::merge_result(
                input,
                error_output,
                catcher.result_path.as_ref(),
                &exec.cache,
            )?;
            (output, assigned)
        }
        QueryLanguage::Jsonata => super::jsonata::catch_output(
            exec,
            &env,
            input,
            &error_output,
            catcher.output.as_ref(),
            catcher.assign.as_ref(),
        )?,
    };
    Ok(Done {
        output,
        next: catcher.next.clone(),
        assigned,
    })
}
