//! Debugging: breakpoints, pause/step/continue, and the per-state records the debugger shows.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use tokio::sync::Notify;

use super::break_condition::BreakCondition;
use super::error::StateError;

/// A processing stage of a state, in the order AWS applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The raw state input.
    Input,
    InputPath,
    Parameters,
    /// JSONata: the evaluated Arguments.
    Arguments,
    /// The task, Pass Result, Parallel or Map result before ResultSelector.
    Result,
    ResultSelector,
    ResultPath,
    OutputPath,
    /// JSONata: the evaluated Output.
    Output,
}

impl Stage {
    /// The field name the stage comes from.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Input => "Input",
            Stage::InputPath => "InputPath",
            Stage::Parameters => "Parameters",
            Stage::Arguments => "Arguments",
            Stage::Result => "Result",
            Stage::ResultSelector => "ResultSelector",
            Stage::ResultPath => "ResultPath",
            Stage::OutputPath => "OutputPath",
            Stage::Output => "Output",
        }
    }
}

/// The data after one stage, with its compact-JSON byte size.
#[derive(Debug, Clone, PartialEq)]
pub struct StageData {
    pub stage: Stage,
    pub value: Arc<Value>,
    pub size_bytes: usize,
}

/// Everything the debugger shows about one finished (or failed) state visit.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// The state's name.
    pub state: String,
    /// Where the state runs: "" at top level, else e.g. "Par/1" or "Map/3".
    pub scope: String,
    pub stages: Vec<StageData>,
    /// Variables in scope when the state was entered (its own Assign applies after it).
    pub variables: Map<String, Value>,
    /// Set when the state failed (after retries).
    pub error: Option<StateError>,
    /// History events recorded so far in the execution.
    pub history_events: usize,
}

/// Debug events streamed next to history events.
#[derive(Debug, Clone, PartialEq)]
pub enum DebugEvent {
    /// A state is about to be entered.
    StateStarted { state: String, scope: String },
    /// A state finished; its stages, sizes and variables.
    StateFinished(Box<StepRecord>),
    /// A failed attempt will be retried after `delay_ms`.
    RetryScheduled {
        state: String,
        scope: String,
        attempt: u32,
        error: StateError,
        delay_ms: u64,
    },
    /// The execution paused before entering `state` (or, for [`PauseReason::Error`], after
    /// its failed attempt); `input` is the state's raw input.
    Paused {
        state: String,
        scope: String,
        reason: PauseReason,
        input: Arc<Value>,
    },
    /// The execution continued after a pause.
    Resumed,
    /// A task waits for an answer: send [`crate::engine::EngineCommand::AnswerTask`] with `token`.
    TaskWaiting {
        state: String,
        scope: String,
        token: String,
        input: Arc<Value>,
    },
    /// A Parallel or Map state starts its `children` branches or iterations; their scopes are
    /// `"{scope}/{state}/{index}"` (without the leading `"{scope}/"` at top level).
    ContainerStarted {
        state: String,
        scope: String,
        kind: ContainerKind,
        children: usize,
    },
    /// A branch or iteration (its scope label) ran to its end; `failed` when it ended in error.
    ChildFinished { scope: String, failed: bool },
}

/// What a container state runs its children as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// Parallel: one child per branch.
    Parallel,
    /// Map: one child per item (or batch).
    Map,
}

/// Why the execution paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    Breakpoint,
    Step,
    PauseRequested,
    /// "Break on any error": an attempt of the state just failed; Retry and Catch have not
    /// been applied yet.
    Error,
}

/// Commands the debugger sends through the handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DebugCommand {
    /// Run until a breakpoint.
    Continue,
    /// Run one state, then pause before the next.
    Step,
    /// Pause before the next state.
    Pause,
    SetBreakpoint(String),
    ClearBreakpoint(String),
    ClearBreakpoints,
    /// Pause at the breakpoint on `state` only when `condition` holds on the state's input
    /// (`None`: always). Does not set the breakpoint itself.
    SetBreakpointCondition {
        state: String,
        condition: Option<BreakCondition>,
    },
    /// Pause after any failed attempt of any state, before Retry and Catch apply.
    SetBreakOnError(bool),
}

#[derive(Debug, Default)]
struct Gate {
    breakpoints: HashSet<String>,
    conditions: HashMap<String, BreakCondition>,
    break_on_error: bool,
    pause_requested: bool,
    stepping: bool,
    paused: bool,
}

/// Shared between the service loop (which applies commands) and the running states (which wait).
#[derive(Debug, Default)]
pub struct DebugControl {
    gate: Mutex<Gate>,
    resumed: Notify,
}

impl DebugControl {
    /// Breakpoints set before the run starts.
    pub fn with_breakpoints(names: impl IntoIterator<Item = String>) -> Self {
        let control = DebugControl::default();
        if let Ok(mut g) = control.gate.lock() {
            g.breakpoints.extend(names);
        }
        control
    }

    /// Conditions on breakpoints and "break on any error", set before the run starts.
    pub fn set_conditions(
        &self,
        conditions: impl IntoIterator<Item = (String, BreakCondition)>,
        break_on_error: bool,
    ) {
        if let Ok(mut g) = self.gate.lock() {
            g.conditions.extend(conditions);
            g.break_on_error = break_on_error;
        }
    }

    /// Applies a command; true when paused states should wake up.
    pub fn apply(&self, command: DebugCommand) -> bool {
        let Ok(mut g) = self.gate.lock() else {
            return false;
        };
        let wake = match command {
            DebugCommand::Continue => {
                g.pause_requested = false;
                g.stepping = false;
                true
            }
            DebugCommand::Step => {
                g.stepping = true;
                true
            }
            DebugCommand::Pause => {
                g.pause_requested = true;
                false
            }
            DebugCommand::SetBreakpoint(s) => {
                g.breakpoints.insert(s);
                false
            }
            DebugCommand::ClearBreakpoint(s) => {
                g.breakpoints.remove(&s);
                false
            }
            DebugCommand::ClearBreakpoints => {
                g.breakpoints.clear();
                false
            }
            DebugCommand::SetBreakpointCondition { state, condition } => {
                match condition {
                    Some(c) => g.conditions.insert(state, c),
                    None => g.conditions.remove(&state),
                };
                false
            }
            DebugCommand::SetBreakOnError(on) => {
                g.break_on_error = on;
                false
            }
        };
        if wake && g.paused {
            g.paused = false;
            drop(g);
            self.resumed.notify_waiters();
        }
        wake
    }

    /// Whether entering `state` with `input` must pause first, and why. A pending step is
    /// consumed by the state it lets through, so the next state pauses. A breakpoint with a
    /// condition pauses only when the condition holds on the input.
    pub fn check(&self, state: &str, input: &Value) -> Option<PauseReason> {
        let Ok(mut g) = self.gate.lock() else {
            return None;
        };
        let reason = if g.pause_requested {
            Some(PauseReason::PauseRequested)
        } else if g.stepping {
            Some(PauseReason::Step)
        } else if g.breakpoints.contains(state)
            && g.conditions.get(state).is_none_or(|c| c.holds(input))
        {
            Some(PauseReason::Breakpoint)
        } else {
            None
        };
        if reason.is_some() {
            g.paused = true;
            g.pause_requested = false;
        }
        reason
    }

    /// Whether a failed attempt must pause ("break on any error"); pausing here also ends a
    /// pending step or pause request, as the user now looks at the failure.
    pub fn check_error(&self) -> Option<PauseReason> {
        let Ok(mut g) = self.gate.lock() else {
            return None;
        };
        if !g.break_on_error {
            return None;
        }
        g.paused = true;
        g.pause_requested = false;
        Some(PauseReason::Error)
    }

    /// Waits until a Continue or Step arrives.
    pub async fn wait_resumed(&self) {
        loop {
            let notified = self.resumed.notified();
            let still_paused = self.gate.lock().map(|g| g.paused).unwrap_or(false);
            if !still_paused {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakpoints_pause_and_clear() {
        let c = DebugControl::with_breakpoints(["B".to_owned()]);
        let input = Value::Null;
        assert_eq!(c.check("A", &input), None);
        assert_eq!(c.check("B", &input), Some(PauseReason::Breakpoint));
        c.apply(DebugCommand::Continue);
        c.apply(DebugCommand::ClearBreakpoint("B".into()));
        assert_eq!(c.check("B", &input), None);
    }

    #[test]
    fn pause_request_pauses_the_next_state_once() {
        let c = DebugControl::default();
        c.apply(DebugCommand::Pause);
        assert_eq!(
            c.check("A", &Value::Null),
            Some(PauseReason::PauseRequested)
        );
        c.apply(DebugCommand::Continue);
        assert_eq!(c.check("B", &Value::Null), None);
    }

    #[test]
    fn a_conditional_breakpoint_pauses_only_when_its_condition_holds() {
        let condition = BreakCondition::parse("$.amount > 100").expect("valid");
        let c = DebugControl::with_breakpoints(["Charge".to_owned()]);
        c.set_conditions([("Charge".to_owned(), condition)], false);
        assert_eq!(c.check("Charge", &serde_json::json!({"amount": 5})), None);
        assert_eq!(c.check("Charge", &serde_json::json!({})), None);
        assert_eq!(
            c.check("Charge", &serde_json::json!({"amount": 500})),
            Some(PauseReason::Breakpoint)
        );
        c.apply(DebugCommand::Continue);
        c.apply(DebugCommand::SetBreakpointCondition {
            state: "Charge".into(),
            condition: None,
        });
        assert_eq!(
            c.check("Charge", &serde_json::json!({"amount": 5})),
            Some(PauseReason::Breakpoint)
        );
        c.apply(DebugCommand::Continue);
        // A condition alone is not a breakpoint.
        c.apply(DebugCommand::ClearBreakpoint("Charge".into()));
        c.apply(DebugCommand::SetBreakpointCondition {
            state: "Charge".into(),
            condition: BreakCondition::parse("$.amount > 1").ok(),
        });
        assert_eq!(c.check("Charge", &serde_json::json!({"amount": 5})), None);
    }

    #[test]
    fn break_on_error_pauses_only_when_switched_on() {
        let c = DebugControl::default();
        assert_eq!(c.check_error(), None);
        c.apply(DebugCommand::SetBreakOnError(true));
        assert_eq!(c.check_error(), Some(PauseReason::Error));
        c.apply(DebugCommand::Continue);
        c.apply(DebugCommand::SetBreakOnError(false));
        assert_eq!(c.check_error(), None);
    }
}
