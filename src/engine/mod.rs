//! The interpreter: runs a state machine with AWS semantics, reached through an
//! [`EngineHandle`] (debugger, UI) or [`execute`] (CLI, tests, benchmarks).
//!
//! Payloads are shared (`Arc<Value>`): a stage that changes nothing passes its input on
//! without copying. History events hold payloads as JSON text ([`PayloadText`]), serialized
//! once per produced payload, so a stage that owns its input may change it in place. Time comes from a [`Clock`],
//! randomness from a seeded generator. The engine never imports `ui` or `graph`.

pub mod break_condition;
pub mod cache;
pub mod clock;
pub mod config;
pub mod debug;
pub mod error;
pub mod handle;
pub mod history;
pub mod history_import;
pub mod limits;
pub mod payload_text;
pub mod pipeline;
pub mod retry;
pub mod run_from;
pub mod service;
pub mod tasks;

mod definition_texts;
mod exec;
mod interpreter;
mod jsonata;
mod states;
mod template_move;

pub use states::LocalFiles;

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

pub use break_condition::{BreakCondition, ConditionError};
pub use clock::{Clock, ScaledClock};
pub use config::{MockSelection, RunConfig};
pub use debug::{
    ContainerKind, DebugCommand, DebugEvent, PauseReason, Stage, StageData, StepRecord,
};
pub use error::StateError;
pub use handle::{EngineCommand, EngineHandle, EventReceiver};
pub use history::{EventDetails, History, HistoryEvent};
pub use limits::{json_size, Limits, LEGACY_PAYLOAD_LIMIT_BYTES, PAYLOAD_LIMIT_BYTES};
pub use payload_text::PayloadText;
pub use run_from::RunFrom;
pub use service::{start, Waker};
pub use tasks::TaskAnswer;

use crate::asl::{QueryLanguage, StateMachine};
use crate::intrinsics::SplitMix64;
use cache::ParseCache;
use debug::DebugControl;
use exec::{EventSink, Exec, Scope};
use history::EventDetails as Ev;

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}

impl Status {
    /// The name AWS uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
        }
    }
}

/// The end of an execution: status, output or error, and its whole history.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionResult {
    pub status: Status,
    pub output: Option<Arc<Value>>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub history: Vec<HistoryEvent>,
}

impl ExecutionResult {
    /// The CLI contract: `{"status", "output", "error", "cause"}`.
    pub fn to_contract_json(&self) -> Value {
        json!({
            "status": self.status.as_str(),
            "output": self.output.as_deref().cloned().unwrap_or(Value::Null),
            "error": self.error,
            "cause": self.cause,
        })
    }
}

/// Everything streamed from a running execution.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    History(HistoryEvent),
    Debug(DebugEvent),
    /// The last event of an execution.
    Finished(Box<ExecutionResult>),
}

/// Runs `machine` on `input` to the end, without streaming events.
pub async fn execute(machine: &StateMachine, input: Value, config: &RunConfig) -> ExecutionResult {
    let input = Arc::new(input);
    let exec = match new_exec(
        machine,
        config,
        &input,
        None,
        Arc::new(DebugControl::default()),
    ) {
        Ok(exec) => exec,
        Err(result) => return *result,
    };
    run_execution(&exec, machine, input).await
}

/// Builds the shared execution state for running `machine`, which must outlive it; a bad
/// mock selection fails the execution up front.
fn new_exec(
    machine: &StateMachine,
    config: &RunConfig,
    input: &Arc<Value>,
    sink: Option<EventSink>,
    debug: Arc<DebugControl>,
) -> Result<Exec, Box<ExecutionResult>> {
    let mocks = match &config.mocks {
        Some(m) => match m.config.session(&config.machine_name, &m.test_case) {
            Ok(s) => Some(s),
            Err(cause) => {
                return Err(Box::new(ExecutionResult {
                    status: Status::Failed,
                    output: None,
                    error: Some(error::RUNTIME.to_owned()),
                    cause: Some(cause),
                    history: Vec::new(),
                }))
            }
        },
        None => None,
    };
    let start = config.clock.now_ms();
    Ok(Exec {
        limits: config.limits,
        clock: Arc::clone(&config.clock),
        rng: Mutex::new(SplitMix64::new(config.seed)),
        history: Mutex::new(History::default()),
        sink,
        debug,
        run_from: config.run_from.clone(),
        mocks,
        runners: Arc::clone(&config.runners),
        ask_for_unanswered_tasks: config.ask_for_unanswered_tasks,
        cache: ParseCache::for_machine(machine),
        pending: Default::default(),
        local_files: Arc::clone(&config.local_files),
        machine_name: config.machine_name.clone(),
        execution_input: PayloadText::of(input),
        execution_name: config.execution_name.clone(),
        start_ms: start,
        execution_context: Default::default(),
    })
}

/// Runs the top-level machine with the execution timeout, and records how it ended.
async fn run_execution(exec: &Exec, machine: &StateMachine, input: Arc<Value>) -> ExecutionResult {
    let mut scope = Scope {
        vars: Default::default(),
        label: String::new(),
        last_event: 0,
        language: machine.query_language.unwrap_or(QueryLanguage::JsonPath),
    };
    // A re-run starts at its chosen state with the variables that state saw.
    let start = match &exec.run_from {
        Some(from) => {
            scope.vars = from.variables.clone();
            run_from::starting_at(machine, &from.state)
        }
        None => Ok(std::borrow::Cow::Borrowed(machine)),
    };
    // The input's text is the history's and, for states that read `$$`, the context's.
    let input_text = exec.execution_input.clone();
    let started = exec
        .record(
            &mut scope,
            Ev::ExecutionStarted {
                input: input_text.clone(),
            },
        )
        .await;
    let outcome = match started.and_then(|_| {
        exec.limits
            .check_size(input_text.len(), "execution input")?;
        start
    }) {
        Err(e) => Err(e),
        Ok(machine) => {
            let timeout = machine
                .timeout_seconds
                .as_ref()
                .and_then(|t| t.as_f64())
                .map(clock::seconds);
            let run = interpreter::run_machine_traced(
                exec,
                &machine,
                input,
                Some(input_text),
                &mut scope,
            );
            match timeout {
                Some(t) => tokio::select! {
                    r = run => r.map(Some),
                    _ = exec.clock.sleep(t) => Ok(None),
                },
                None => run.await.map(Some),
            }
        }
    };
    let (status, output, error, cause, details) = match outcome {
        Ok(Some((output, text))) => (
            Status::Succeeded,
            Some(output),
            None,
            None,
            Ev::ExecutionSucceeded { output: text },
        ),
        Ok(None) => {
            let error = Some(error::TIMEOUT.to_owned());
            let cause = Some("The execution ran longer than its TimeoutSeconds.".to_owned());
            let d = Ev::ExecutionTimedOut {
                error: error.clone(),
                cause: cause.clone(),
            };
            (Status::TimedOut, None, error, cause, d)
        }
        Err(e) => {
            let d = Ev::ExecutionFailed {
                error: e.error.clone(),
                cause: e.cause.clone(),
            };
            (Status::Failed, None, e.error, e.cause, d)
        }
    };
    // The limit may already be reached; the closing event is recorded regardless.
    let _ = exec.record(&mut scope, details).await;
    ExecutionResult {
        status,
        output,
        error,
        cause,
        history: exec::history_events(exec),
    }
}

#[cfg(test)]
mod tests;
