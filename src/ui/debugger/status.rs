//! What the debugger knows about a run, folded from the engine's events: each state's status,
//! its last step record, where the run is paused and how it ended. No egui here.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::Value;

use super::limit_watch::LimitWatch;
use super::scopes::Scopes;
use crate::engine::{
    DebugEvent, EngineEvent, ExecutionResult, PauseReason, StateError, StepRecord,
};

/// How a state fared in the current run (states absent from the map have not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Entered and not finished yet.
    Running,
    /// Waiting before entry (breakpoint, step or pause).
    Paused,
    /// Finished without error.
    Succeeded,
    /// Failed, and nothing caught it (yet).
    Failed,
    /// Failed, and a Catch moved the run on.
    Caught,
}

impl RunStatus {
    /// The word shown in the legend and tooltips.
    pub fn label(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Paused => "paused",
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::Caught => "caught",
        }
    }
}

/// Where and why the run waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PausedAt {
    pub state: String,
    pub reason: PauseReason,
    /// The branch or iteration it waits in ("" at top level).
    pub scope: String,
    /// The state's input (what a conditional breakpoint tested).
    pub input: Arc<Value>,
}

/// One failed attempt that the state's Retry will repeat.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryAttempt {
    /// 1 for the first retry.
    pub attempt: u32,
    pub error: StateError,
    /// The backoff before the next attempt.
    pub delay_ms: u64,
}

/// The folded view of one execution's event stream.
#[derive(Debug, Default)]
pub struct RunState {
    /// Status by state name (the last visit wins).
    pub statuses: BTreeMap<String, RunStatus>,
    /// The last finished visit of each state, by name.
    pub records: BTreeMap<String, StepRecord>,
    /// Output bytes of each state's last finished visit (the last stage's size), by name.
    pub output_bytes: BTreeMap<String, usize>,
    /// Retried attempts of each state's last visit, by name.
    pub retries: BTreeMap<String, Vec<RetryAttempt>>,
    /// Set while the execution waits before a state.
    pub paused: Option<PausedAt>,
    /// Set once the execution has ended.
    pub result: Option<ExecutionResult>,
    /// History events received so far.
    pub history_events: usize,
    /// The last state that failed in each scope, turned into Caught if its scope moves on.
    failed_in_scope: HashMap<String, String>,
    /// The same run per branch and iteration, with Map and Parallel progress.
    pub scopes: Scopes,
    /// The largest payload and where the history count is heading.
    pub limit_watch: LimitWatch,
}

impl RunState {
    /// Folds one engine event in.
    pub fn apply(&mut self, event: EngineEvent) {
        match event {
            EngineEvent::History(_) => self.history_events += 1,
            EngineEvent::Debug(d) => self.apply_debug(d),
            EngineEvent::Finished(result) => self.finish(*result),
        }
    }

    fn apply_debug(&mut self, event: DebugEvent) {
        match event {
            DebugEvent::StateStarted { state, scope } => {
                self.scopes.state_started(&scope, &state);
                self.limit_watch
                    .state_started(&scope, &state, self.history_events);
                if let Some(failed) = self.failed_in_scope.remove(&scope) {
                    self.statuses.insert(failed, RunStatus::Caught);
                }
                self.retries.remove(&state);
                self.statuses.insert(state, RunStatus::Running);
            }
            DebugEvent::StateFinished(record) => {
                let status = if record.error.is_some() {
                    self.failed_in_scope
                        .insert(record.scope.clone(), record.state.clone());
                    RunStatus::Failed
                } else {
                    RunStatus::Succeeded
                };
                self.statuses.insert(record.state.clone(), status);
                if let Some(last) = record.stages.last() {
                    self.output_bytes
                        .insert(record.state.clone(), last.size_bytes);
                }
                let sizes = record.stages.iter().map(|s| s.size_bytes);
                self.limit_watch
                    .payloads(&record.scope, &record.state, sizes);
                let record = Arc::new(*record);
                self.records
                    .insert(record.state.clone(), StepRecord::clone(&record));
                self.scopes.state_finished(record);
            }
            DebugEvent::Paused {
                state,
                reason,
                scope,
                input,
            } => {
                // A pause on error comes after the failed attempt: it stays marked failed.
                let status = match reason {
                    PauseReason::Error => RunStatus::Failed,
                    _ => RunStatus::Paused,
                };
                self.statuses.insert(state.clone(), status);
                self.scopes.set_status(&scope, &state, status);
                self.paused = Some(PausedAt {
                    state,
                    reason,
                    scope,
                    input,
                });
            }
            DebugEvent::Resumed => {
                if let Some(p) = self.paused.take() {
                    if p.reason != PauseReason::Error {
                        self.statuses.insert(p.state.clone(), RunStatus::Running);
                        self.scopes
                            .set_status(&p.scope, &p.state, RunStatus::Running);
                    }
                }
            }
            DebugEvent::RetryScheduled {
                state,
                scope,
                attempt,
                error,
                delay_ms,
            } => {
                let retry = RetryAttempt {
                    attempt,
                    error,
                    delay_ms,
                };
                self.scopes.retry(&scope, state.clone(), retry.clone());
                self.retries.entry(state).or_default().push(retry);
            }
            DebugEvent::TaskWaiting { .. } => {}
            DebugEvent::ContainerStarted {
                state,
                scope,
                kind,
                children,
            } => {
                self.limit_watch
                    .container_started(&scope, &state, self.history_events);
                self.scopes.container_started(state, &scope, kind, children);
            }
            DebugEvent::ChildFinished { scope, failed } => {
                self.scopes.child_finished(&scope, failed);
                self.limit_watch.child_finished(&scope, &self.scopes);
            }
        }
    }

    fn finish(&mut self, result: ExecutionResult) {
        self.paused = None;
        // A state still running when the execution ends was cut off (stop, timeout, failure).
        for status in self.statuses.values_mut() {
            if matches!(status, RunStatus::Running | RunStatus::Paused) {
                *status = RunStatus::Failed;
            }
        }
        self.scopes.finish();
        self.history_events = self.history_events.max(result.history.len());
        self.result = Some(result);
    }

    /// True once the execution has ended.
    pub fn is_finished(&self) -> bool {
        self.result.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Status;

    fn started(state: &str) -> EngineEvent {
        EngineEvent::Debug(DebugEvent::StateStarted {
            state: state.into(),
            scope: String::new(),
        })
    }

    fn finished(state: &str, error: bool) -> EngineEvent {
        EngineEvent::Debug(DebugEvent::StateFinished(Box::new(StepRecord {
            state: state.into(),
            scope: String::new(),
            stages: Vec::new(),
            variables: Default::default(),
            error: error.then(|| StateError::new("Boom", "it broke")),
            history_events: 0,
        })))
    }

    #[test]
    fn a_failed_state_whose_scope_moves_on_was_caught() {
        let mut run = RunState::default();
        for e in [
            started("A"),
            finished("A", false),
            started("B"),
            finished("B", true),
            started("Handler"),
        ] {
            run.apply(e);
        }
        assert_eq!(run.statuses.get("A"), Some(&RunStatus::Succeeded));
        assert_eq!(run.statuses.get("B"), Some(&RunStatus::Caught));
        assert_eq!(run.statuses.get("Handler"), Some(&RunStatus::Running));
    }

    #[test]
    fn ending_the_run_fails_the_states_still_running() {
        let mut run = RunState::default();
        run.apply(started("A"));
        run.apply(EngineEvent::Finished(Box::new(ExecutionResult {
            status: Status::Aborted,
            output: None,
            error: None,
            cause: None,
            history: Vec::new(),
        })));
        assert_eq!(run.statuses.get("A"), Some(&RunStatus::Failed));
        assert!(run.is_finished());
    }
}
