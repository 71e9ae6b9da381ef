//! The engine's only door for a UI: a cloneable command sender and an event receiver.

use tokio::sync::mpsc;

use super::break_condition::BreakCondition;
use super::debug::DebugCommand;
use super::tasks::TaskAnswer;
use super::EngineEvent;

/// Commands a running execution accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineCommand {
    Debug(DebugCommand),
    /// Abort the execution (status ABORTED).
    Stop,
    /// Answer a waiting manual or callback task.
    AnswerTask {
        token: String,
        answer: TaskAnswer,
    },
}

/// Controls one running execution; clone it freely. Sending never blocks.
#[derive(Debug, Clone)]
pub struct EngineHandle {
    pub(crate) commands: mpsc::Sender<EngineCommand>,
}

impl EngineHandle {
    /// Queues a command; false if the execution has ended or the queue is full.
    pub fn send(&self, command: EngineCommand) -> bool {
        self.commands.try_send(command).is_ok()
    }

    /// Pause before the next state.
    pub fn pause(&self) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::Pause))
    }

    /// Run until the next breakpoint.
    pub fn resume(&self) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::Continue))
    }

    /// Run one state, then pause again.
    pub fn step(&self) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::Step))
    }

    /// Abort the execution.
    pub fn stop(&self) -> bool {
        self.send(EngineCommand::Stop)
    }

    /// Pause before entering any state named `state`.
    pub fn set_breakpoint(&self, state: &str) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::SetBreakpoint(
            state.to_owned(),
        )))
    }

    /// Remove the breakpoint on `state`.
    pub fn clear_breakpoint(&self, state: &str) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::ClearBreakpoint(
            state.to_owned(),
        )))
    }

    /// Pause at the breakpoint on `state` only when `condition` holds (`None`: always).
    pub fn set_breakpoint_condition(&self, state: &str, condition: Option<BreakCondition>) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::SetBreakpointCondition {
            state: state.to_owned(),
            condition,
        }))
    }

    /// Pause after any failed attempt (before Retry and Catch), or stop doing so.
    pub fn set_break_on_error(&self, on: bool) -> bool {
        self.send(EngineCommand::Debug(DebugCommand::SetBreakOnError(on)))
    }

    /// Answer the task waiting with `token` (SendTaskSuccess / SendTaskFailure).
    pub fn answer_task(&self, token: &str, answer: TaskAnswer) -> bool {
        self.send(EngineCommand::AnswerTask {
            token: token.to_owned(),
            answer,
        })
    }

    /// Waits until the execution has finished (a runtime driving only this execution can
    /// `block_on` it).
    pub async fn finished(&self) {
        self.commands.closed().await;
    }

    /// True once the execution has finished and dropped its command queue.
    pub fn is_finished(&self) -> bool {
        self.commands.is_closed()
    }
}

/// The execution's events, in order; the last one is [`EngineEvent::Finished`].
#[derive(Debug)]
pub struct EventReceiver {
    pub(crate) events: mpsc::Receiver<EngineEvent>,
}

impl EventReceiver {
    /// The next event without waiting (for a UI frame); `None` if none is ready.
    pub fn try_recv(&mut self) -> Option<EngineEvent> {
        self.events.try_recv().ok()
    }

    /// Waits for the next event; `None` after the last one.
    pub async fn recv(&mut self) -> Option<EngineEvent> {
        self.events.recv().await
    }

    /// Waits for the next event from synchronous code (not from inside the runtime).
    pub fn blocking_recv(&mut self) -> Option<EngineEvent> {
        self.events.blocking_recv()
    }
}
