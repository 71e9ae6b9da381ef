//! Per-execution shared state (clock, randomness, history, events, mocks) and the per-branch
//! scope (variables, last event id) that states run in.

use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Map, Value};
use tokio::sync::mpsc;

use super::cache::ParseCache;
use super::clock::Clock;
use super::debug::{
    ContainerKind, DebugControl, DebugEvent, PauseReason, Stage, StageData, StepRecord,
};
use super::error::{StateError, RUNTIME};
use super::history::{EventDetails, History, HistoryEvent};
use super::limits::{json_size, Limits};
use super::payload_text::PayloadText;
use super::tasks::{MockSession, PendingTasks, TaskRunners};
use super::EngineEvent;
use crate::asl::QueryLanguage;
use crate::intrinsics::{RandomSource, SplitMix64};

/// Where events go, and how the consumer is woken.
#[derive(Clone)]
pub(crate) struct EventSink {
    pub sender: mpsc::Sender<EngineEvent>,
    pub waker: Option<Arc<dyn Fn() + Send + Sync>>,
}

/// What every state of one execution shares.
pub(crate) struct Exec {
    pub limits: Limits,
    pub clock: Arc<dyn Clock>,
    pub rng: Mutex<SplitMix64>,
    pub history: Mutex<History>,
    pub sink: Option<EventSink>,
    pub debug: Arc<DebugControl>,
    /// Set for a re-run from a chosen state.
    pub run_from: Option<super::run_from::RunFrom>,
    pub mocks: Option<MockSession>,
    pub runners: Arc<TaskRunners>,
    /// Tasks without a runner wait for an answer instead of failing.
    pub ask_for_unanswered_tasks: bool,
    pub cache: ParseCache,
    pub pending: PendingTasks,
    pub local_files: Arc<super::LocalFiles>,
    pub machine_name: String,
    /// The execution input as text: the history's, and parsed only if a state reads `$$`.
    pub execution_input: PayloadText,
    pub execution_name: String,
    pub start_ms: i64,
    /// `$$.Execution` and `$$.StateMachine`, built once and only if a state reads `$$`
    /// (it holds the execution input, parsed from its text).
    pub execution_context: OnceLock<Value>,
}

/// Where a state runs: its variables and the event its next event follows.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub vars: Map<String, Value>,
    /// "" at the top level, "Par/1", "Map/3" inside branches and iterations.
    pub label: String,
    pub last_event: u64,
    pub language: QueryLanguage,
}

impl Scope {
    /// A child scope (Parallel branch, Map iteration): sees the parent's variables, but its
    /// own assignments stay inside it.
    pub fn child(&self, label: String, language: QueryLanguage) -> Scope {
        Scope {
            vars: self.vars.clone(),
            label,
            last_event: self.last_event,
            language,
        }
    }
}

impl Exec {
    /// The next random word (ids, MathRandom, jitter).
    pub fn random(&self) -> u64 {
        self.rng.lock().map(|mut r| r.next_u64()).unwrap_or(0)
    }

    /// Appends a history event, streams it, and fails once the history is over its limit;
    /// gives the event's timestamp.
    pub async fn record(
        &self,
        scope: &mut Scope,
        details: EventDetails,
    ) -> Result<i64, StateError> {
        self.record_at(scope, details, self.clock.now_ms()).await
    }

    /// [`Exec::record`] at a timestamp the caller read.
    pub async fn record_at(
        &self,
        scope: &mut Scope,
        details: EventDetails,
        now: i64,
    ) -> Result<i64, StateError> {
        let (id, count, event) = {
            let Ok(mut h) = self.history.lock() else {
                return Err(StateError::runtime("history lock poisoned"));
            };
            // A full history takes only the execution's closing event: concurrent branches and
            // iterations still unwinding must not record past the limit.
            if h.len() >= self.limits.history_events && !details.ends_execution() {
                return Err(self.history_limit_error());
            }
            let id = h.push(scope.last_event, now, details);
            let event = self.sink.as_ref().and_then(|_| h.events().last().cloned());
            (id, h.len(), event)
        };
        scope.last_event = id;
        if let Some(event) = event {
            self.emit(EngineEvent::History(event)).await;
        }
        if count >= self.limits.history_events {
            return Err(self.history_limit_error());
        }
        Ok(now)
    }

    fn history_limit_error(&self) -> StateError {
        StateError::new(
            RUNTIME,
            format!(
                "The execution reached the maximum number of history events ({}).",
                self.limits.history_events
            ),
        )
    }

    /// Sends an event if someone listens; waits while the channel is full.
    pub async fn emit(&self, event: EngineEvent) {
        if let Some(sink) = &self.sink {
            // A closed receiver means nobody watches any more; the run continues headless.
            if sink.sender.send(event).await.is_ok() {
                if let Some(w) = &sink.waker {
                    w();
                }
            }
        }
    }

    /// True when debug events are wanted (so sizes and stages are worth computing).
    pub fn debugging(&self) -> bool {
        self.sink.is_some()
    }

    /// Pauses before `state` if a breakpoint (whose condition holds on `input`), a step or a
    /// pause request says so.
    pub async fn gate(&self, state: &str, scope: &Scope, input: &Arc<Value>) {
        if !self.debugging() {
            return;
        }
        self.emit(EngineEvent::Debug(DebugEvent::StateStarted {
            state: state.to_owned(),
            scope: scope.label.clone(),
        }))
        .await;
        let reason = self.debug.check(state, input);
        self.pause_for(reason, state, scope, input).await;
    }

    /// "Break on any error": pauses after a failed attempt of `state`, before Retry and Catch.
    pub async fn gate_error(&self, state: &str, scope: &Scope, input: &Arc<Value>) {
        if self.debugging() {
            let reason = self.debug.check_error();
            self.pause_for(reason, state, scope, input).await;
        }
    }

    async fn pause_for(
        &self,
        reason: Option<PauseReason>,
        state: &str,
        scope: &Scope,
        input: &Arc<Value>,
    ) {
        let Some(reason) = reason else {
            return;
        };
        self.emit(EngineEvent::Debug(DebugEvent::Paused {
            state: state.to_owned(),
            scope: scope.label.clone(),
            reason,
            input: Arc::clone(input),
        }))
        .await;
        self.debug.wait_resumed().await;
        self.emit(EngineEvent::Debug(DebugEvent::Resumed)).await;
    }

    /// Tells the debugger that a Parallel or Map state starts `children` branches or iterations.
    pub async fn container_started(
        &self,
        state: &str,
        scope: &Scope,
        kind: ContainerKind,
        children: usize,
    ) {
        if self.debugging() {
            self.emit(EngineEvent::Debug(DebugEvent::ContainerStarted {
                state: state.to_owned(),
                scope: scope.label.clone(),
                kind,
                children,
            }))
            .await;
        }
    }

    /// Tells the debugger that the branch or iteration running in `child` has ended.
    pub async fn child_finished(&self, child: &Scope, failed: bool) {
        if self.debugging() {
            self.emit(EngineEvent::Debug(DebugEvent::ChildFinished {
                scope: child.label.clone(),
                failed,
            }))
            .await;
        }
    }

    /// The context object (`$$`) for a state entered at `entered_ms`.
    pub fn context(&self, state: &str, entered_ms: i64, retry_count: u32) -> Value {
        let mut ctx = self
            .execution_context
            .get_or_init(|| {
                execution_context(
                    &self.machine_name,
                    &self.execution_name,
                    // Text this engine serialized always parses.
                    &self.execution_input.parse().unwrap_or(Value::Null),
                    self.start_ms,
                )
            })
            .clone();
        if let Value::Object(map) = &mut ctx {
            map.insert(
                "State".into(),
                json!({"EnteredTime": iso_time(entered_ms), "Name": state, "RetryCount": retry_count}),
            );
        }
        ctx
    }
}

/// Milliseconds since the epoch as an ISO-8601 UTC timestamp like AWS prints.
pub(crate) fn iso_time(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        Err(_) => "1970-01-01T00:00:00.000Z".to_owned(),
    }
}

/// Collects the data after each stage of one state visit, only when a debugger listens.
pub(crate) struct Recorder {
    enabled: bool,
    stages: Vec<StageData>,
}

impl Recorder {
    pub fn new(enabled: bool) -> Self {
        Recorder {
            enabled,
            stages: Vec::new(),
        }
    }

    /// Records `value` as the data after `stage`.
    pub fn stage(&mut self, stage: Stage, value: &Arc<Value>) {
        if self.enabled {
            self.stages.push(StageData {
                stage,
                value: Arc::clone(value),
                size_bytes: json_size(value),
            });
        }
    }

    /// The finished record, if recording.
    pub fn finish(
        self,
        state: &str,
        scope: &Scope,
        error: Option<StateError>,
        history_events: usize,
    ) -> Option<StepRecord> {
        self.enabled.then(|| StepRecord {
            state: state.to_owned(),
            scope: scope.label.clone(),
            stages: self.stages,
            variables: scope.vars.clone(),
            error,
            history_events,
        })
    }
}

/// Builds `$$.Execution` and `$$.StateMachine` once per execution.
pub(crate) fn execution_context(
    machine_name: &str,
    execution_name: &str,
    input: &Value,
    start_ms: i64,
) -> Value {
    let machine_arn = format!("arn:aws:states:us-east-1:123456789012:stateMachine:{machine_name}");
    json!({
        "Execution": {
            "Id": format!("arn:aws:states:us-east-1:123456789012:execution:{machine_name}:{execution_name}"),
            "Input": input,
            "Name": execution_name,
            "RoleArn": "arn:aws:iam::123456789012:role/statewright-local",
            "StartTime": iso_time(start_ms),
            "RedriveCount": 0,
        },
        "StateMachine": {"Id": machine_arn, "Name": machine_name},
    })
}

/// Moves the history out for the execution's result; called once, when it has ended.
pub(crate) fn history_events(exec: &Exec) -> Vec<HistoryEvent> {
    exec.history
        .lock()
        .map(|mut h| std::mem::take(&mut *h).into_events())
        .unwrap_or_default()
}
