//! The service loop of one execution: a single `select!` between the running states and the
//! handle's commands, with one small `handle_*` per command.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc;

use super::config::RunConfig;
use super::debug::{DebugCommand, DebugControl};
use super::exec::{EventSink, Exec, Scope};
use super::handle::{EngineCommand, EngineHandle, EventReceiver};
use super::history::EventDetails;
use super::tasks::TaskAnswer;
use super::{new_exec, run_execution, EngineEvent, ExecutionResult, Status};
use crate::asl::{QueryLanguage, StateMachine};

/// Called after every event is queued, so a UI can repaint.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Starts an execution on `runtime`; returns its handle and its event stream.
pub fn start(
    runtime: &tokio::runtime::Handle,
    machine: Arc<StateMachine>,
    input: Value,
    config: RunConfig,
    waker: Option<Waker>,
) -> (EngineHandle, EventReceiver) {
    let (command_tx, command_rx) = mpsc::channel(64);
    let (event_tx, event_rx) = mpsc::channel(config.event_capacity.max(1));
    let sink = EventSink {
        sender: event_tx,
        waker,
    };
    runtime.spawn(service(machine, input, config, command_rx, sink));
    (
        EngineHandle {
            commands: command_tx,
        },
        EventReceiver { events: event_rx },
    )
}

async fn service(
    machine: Arc<StateMachine>,
    input: Value,
    config: RunConfig,
    mut commands: mpsc::Receiver<EngineCommand>,
    sink: EventSink,
) {
    let debug = Arc::new(DebugControl::with_breakpoints(config.breakpoints.clone()));
    let input = Arc::new(input);
    let exec = match new_exec(
        &machine,
        &config,
        &input,
        Some(sink.clone()),
        Arc::clone(&debug),
    ) {
        Ok(exec) => exec,
        Err(result) => {
            let _ = sink.sender.send(EngineEvent::Finished(result)).await;
            return;
        }
    };
    debug.set_conditions(config.break_conditions.clone(), config.break_on_error);
    let mut run = Box::pin(run_execution(&exec, &machine, input));
    let mut commands_open = true;
    let result = loop {
        tokio::select! {
            // Commands first: a command queued before a state starts applies to that state.
            biased;
            command = commands.recv(), if commands_open => match command {
                Some(EngineCommand::Debug(c)) => handle_debug(&debug, c),
                Some(EngineCommand::Stop) => break None,
                Some(EngineCommand::AnswerTask { token, answer }) => handle_answer(&exec, &token, answer),
                None => commands_open = false,
            },
            result = &mut run => break Some(result),
        }
    };
    let result = match result {
        Some(r) => r,
        None => {
            drop(run);
            handle_stop(&exec).await
        }
    };
    exec.emit(EngineEvent::Finished(Box::new(result))).await;
}

fn handle_debug(debug: &DebugControl, command: DebugCommand) {
    debug.apply(command);
}

fn handle_answer(exec: &Exec, token: &str, answer: TaskAnswer) {
    if !exec.pending.answer(token, answer) {
        tracing::warn!("no task waits for token {token}");
    }
}

/// Records the abort and builds the ABORTED result.
async fn handle_stop(exec: &Exec) -> ExecutionResult {
    let mut scope = Scope {
        vars: Default::default(),
        label: String::new(),
        last_event: exec.history.lock().map(|h| h.len() as u64).unwrap_or(0),
        language: QueryLanguage::JsonPath,
    };
    let _ = exec
        .record(&mut scope, EventDetails::ExecutionAborted)
        .await;
    ExecutionResult {
        status: Status::Aborted,
        output: None,
        error: None,
        cause: None,
        history: super::exec::history_events(exec),
    }
}
