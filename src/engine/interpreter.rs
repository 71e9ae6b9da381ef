//! The interpreter: walks a machine state by state, applying Retry and Catch around each.

use std::sync::{Arc, Weak};

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};

use super::debug::{DebugEvent, Stage};
use super::error::StateError;
use super::exec::{Exec, Recorder, Scope};
use super::history::EventDetails;
use super::payload_text::PayloadText;
use super::pipeline::{self, Env};
use super::retry::{self, RetryCounts};
use super::states;
use super::EngineEvent;
use crate::asl::{QueryLanguage, State, StateKind, StateMachine};
use crate::jsonpath::LINEAR_LOOKUP_MAX_LEN;

/// One state visit: the state, its raw input and what the stages need.
pub(crate) struct Visit<'a, 'm> {
    pub exec: &'a Exec,
    pub name: &'a str,
    /// From the machine, which outlives the visit: what the visit returns may borrow it.
    pub state: &'m State,
    pub input: Arc<Value>,
    /// `$$` for this visit (null when the state never reads it, to save copying the input).
    pub context: Value,
    pub language: QueryLanguage,
    pub recorder: Recorder,
    /// The compact JSON text of `input`.
    pub input_text: &'a PayloadText,
    /// Text spliced together for a value the visit produced (see
    /// [`pipeline::merge_result_with_text`]); used only if that value is the state's output.
    /// The weak reference keeps the allocation, so its address cannot be reused meanwhile.
    pub spliced_output: Option<(Weak<Value>, PayloadText)>,
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
pub(crate) struct Done<'m> {
    pub output: Arc<Value>,
    /// The next state's name, borrowed from the machine.
    pub next: Option<&'m str>,
    pub assigned: Option<Map<String, Value>>,
}

impl<'m> Done<'m> {
    /// The usual ending: `Next` or `End` from the state.
    pub fn to_next(
        state: &'m State,
        output: Arc<Value>,
        assigned: Option<Map<String, Value>>,
    ) -> Done<'m> {
        Done {
            output,
            next: if state.end == Some(true) {
                None
            } else {
                state.next.as_deref()
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
        run_machine_traced(exec, machine, input, None, scope)
            .await
            .map(|(output, _)| output)
    })
}

/// [`run_machine`] that also takes the input's text, if the history already has it, and
/// returns the output's text, so a payload is serialized once however many events show it.
pub(crate) async fn run_machine_traced(
    exec: &Exec,
    machine: &StateMachine,
    input: Arc<Value>,
    input_text: Option<PayloadText>,
    scope: &mut Scope,
) -> Result<(Arc<Value>, PayloadText), StateError> {
    let Some(start) = machine.start_at.as_deref() else {
        return Err(StateError::runtime("the state machine has no StartAt"));
    };
    let mut input = StateInput {
        value: input,
        text: input_text,
        // The machine's own input may come from an ItemSelector or Parameters no limit has
        // measured yet; every later input is an output that was measured.
        measured: false,
        handed_over_ms: None,
    };
    let mut current = state_named(machine, start)?;
    loop {
        let (key, state) = current;
        exec.gate(key, scope, &input.value).await;
        let (done, output_text, exited_ms) = run_state(exec, key, state, input, scope).await?;
        if let Some(vars) = done.assigned {
            scope.vars.extend(vars);
        }
        match done.next {
            Some(next) => {
                current = state_named(machine, next)?;
                input = StateInput {
                    value: done.output,
                    text: Some(output_text),
                    measured: true,
                    handed_over_ms: exited_ms,
                };
            }
            None => return Ok((done.output, output_text)),
        }
    }
}

/// The state called `name` with the machine's own copy of the name.
fn state_named<'m>(
    machine: &'m StateMachine,
    name: &str,
) -> Result<(&'m String, &'m State), StateError> {
    // Most machines (and nearly every Map or Parallel body) have a handful of states.
    let found = if machine.states.len() <= LINEAR_LOOKUP_MAX_LEN {
        machine.states.iter().find(|(key, _)| key.as_str() == name)
    } else {
        machine.states.get_key_value(name)
    };
    found.ok_or_else(|| {
        StateError::runtime(format!("the state machine has no state named '{name}'"))
    })
}

/// A state's input: its value, its text if already serialized, and whether the payload
/// limit has measured it.
struct StateInput {
    value: Arc<Value>,
    text: Option<PayloadText>,
    measured: bool,
    /// When the previous state exited, handing this input over. Its StateEntered follows
    /// with nothing in between (unless a debugger may pause), so it takes the same time
    /// instead of reading the clock again: AWS's histories show such pairs at one
    /// timestamp too, and a clock read costs a visible share of a short state here.
    handed_over_ms: Option<i64>,
}

/// Enters a state, runs it with its retries, applies Catch, records history and debug data;
/// returns how it ended with the text of its output, and when it exited (if it recorded that).
async fn run_state<'m>(
    exec: &Exec,
    name: &str,
    state: &'m State,
    input: StateInput,
    scope: &mut Scope,
) -> Result<(Done<'m>, PayloadText, Option<i64>), StateError> {
    let state_type = state.state_type().map(|t| t.as_str()).unwrap_or("Unknown");
    let input_text = input.text.unwrap_or_else(|| PayloadText::of(&input.value));
    let address = state as *const State as usize;
    let info = exec
        .cache
        .state_info(address, name, || states::mentions_context(state));
    let shared_name = info.name;
    let entered = EventDetails::StateEntered {
        state_type,
        name: Arc::clone(&shared_name),
        input: input_text.clone(),
    };
    let entered_ms = match input.handed_over_ms {
        Some(ms) if !exec.debugging() => exec.record_at(scope, entered, ms).await?,
        _ => exec.record(scope, entered).await?,
    };
    let language = state.query_language.unwrap_or(scope.language);
    let wants_context = info.reads_context;
    let keeps_input = reads_input_after_attempt(exec, state);
    let mut held = Some(input.value);
    let mut counts = RetryCounts::default();
    let mut retry_count = 0u32;
    let result = loop {
        let owned = if keeps_input {
            held.clone()
        } else {
            held.take()
        };
        let Some(value) = owned else {
            return Err(StateError::runtime(format!(
                "the input of state '{name}' was used up before its retry"
            )));
        };
        let context = if wants_context {
            exec.context(name, entered_ms, retry_count)
        } else {
            Value::Null
        };
        let this_input = AttemptInput {
            value,
            text: &input_text,
            measured: input.measured,
        };
        let outcome = attempt(exec, name, state, this_input, context, language, scope).await;
        let err = match outcome {
            Ok(done) => break Ok(done),
            Err(err) => err,
        };
        if let Some(input) = &held {
            exec.gate_error(name, scope, input).await;
        }
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
        let Some(input) = &held else {
            break Err(err);
        };
        break catch(exec, name, state, input, scope, language, entered_ms, err).map(|done| {
            let text = PayloadText::of(&done.output);
            (done, text)
        });
    };
    let (done, output_text) = result?;
    let mut exited_ms = None;
    if !matches!(state.kind, StateKind::Fail(_)) {
        let exited = EventDetails::StateExited {
            state_type,
            name: shared_name,
            output: output_text.clone(),
        };
        exited_ms = Some(exec.record(scope, exited).await?);
    }
    Ok((done, output_text, exited_ms))
}

/// Retry, Catch and the debugger read the input again after an attempt. Without them the
/// attempt takes the only reference, so ResultPath can change the input in place.
fn reads_input_after_attempt(exec: &Exec, state: &State) -> bool {
    exec.debugging()
        || state.retry.as_deref().is_some_and(|r| !r.is_empty())
        || state.catch.as_deref().is_some_and(|c| !c.is_empty())
}

/// What one attempt gets of its state's input.
struct AttemptInput<'t> {
    value: Arc<Value>,
    text: &'t PayloadText,
    measured: bool,
}

/// One attempt of a state: its stages, the payload limit on its output, and its debug record;
/// the output comes with its text (the input's text when the output is the input).
async fn attempt<'m>(
    exec: &Exec,
    name: &str,
    state: &'m State,
    input: AttemptInput<'_>,
    context: Value,
    language: QueryLanguage,
    scope: &mut Scope,
) -> Result<(Done<'m>, PayloadText), StateError> {
    // A weak reference keeps the input's allocation (not its value) alive, so an output
    // allocated after the input was consumed can never share its address.
    let input_ref = Arc::downgrade(&input.value);
    let mut visit = Visit {
        exec,
        name,
        state,
        input: input.value,
        context,
        language,
        recorder: Recorder::new(exec.debugging()),
        input_text: input.text,
        spliced_output: None,
    };
    visit.recorder.stage(Stage::Input, &visit.input);
    let outcome = states::run(&mut visit, scope).await;
    let spliced = visit.spliced_output.take();
    let outcome = outcome.and_then(|done| {
        let is_input = std::ptr::eq(Arc::as_ptr(&done.output), input_ref.as_ptr());
        let text = match spliced {
            _ if is_input => input.text.clone(),
            Some((of, text)) if std::ptr::eq(Arc::as_ptr(&done.output), of.as_ptr()) => text,
            _ => PayloadText::of(&done.output),
        };
        // An output that is the input itself was measured when it was produced.
        if !(input.measured && is_input) {
            exec.limits.check_size(text.len(), name)?;
        }
        Ok((done, text))
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
fn catch<'m>(
    exec: &Exec,
    name: &str,
    state: &'m State,
    input: &Arc<Value>,
    scope: &Scope,
    language: QueryLanguage,
    entered_ms: i64,
    err: StateError,
) -> Result<Done<'m>, StateError> {
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
                Arc::clone(input),
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
        next: catcher.next.as_deref(),
        assigned,
    })
}
