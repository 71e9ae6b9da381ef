//! Replaying an imported execution history on the diagram: the events are turned into the
//! debug events a live run streams (state started, finished with its input and output or its
//! error, retries) and folded by the same [`RunState`], so statuses, step details, the events
//! table and the timeline look exactly as after a live run. A history records only each
//! state's input and output; the stages in between are unknown, and the panel says so.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use super::event_log::{EventLog, EventRow};
pub use super::replay_containers::parallel_branch_counts;
use super::replay_containers::ReplayContainers;
use super::RunState;
use crate::engine::history_import::ImportedEvent;
use crate::engine::{
    json_size, DebugEvent, EngineEvent, ExecutionResult, Stage, StageData, StateError, Status,
    StepRecord,
};

/// An imported history being shown instead of a live run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    /// The file it came from.
    pub path: PathBuf,
    /// True when the history ends before the execution did.
    pub incomplete: bool,
}

/// A state visit in progress while replaying.
struct OpenVisit {
    state: String,
    scope: String,
    input: Option<Arc<Value>>,
    /// The last failed attempt, waiting to see whether a retry follows.
    failure: Option<(StateError, i64)>,
    attempts: u32,
}

/// Folds an imported history into a run state; also returns the events' log and whether the
/// history ends before the execution did. `parallel_branches` gives each Parallel state's
/// branch count (from the definition, see [`parallel_branch_counts`]; a history has none).
pub fn replay(
    events: Vec<ImportedEvent>,
    parallel_branches: HashMap<String, usize>,
) -> (RunState, EventLog, bool) {
    let log = EventLog::from_imported(events);
    let mut replayer = Replayer {
        containers: ReplayContainers::new(parallel_branches),
        ..Replayer::default()
    };
    for (event, row) in log.imported_events().iter().zip(log.rows()) {
        replayer.event(event, row);
        replayer
            .containers
            .event(event, row, &mut replayer.run.scopes);
    }
    let incomplete = !replayer.finished;
    (replayer.run, log, incomplete)
}

/// The run state being rebuilt, and the state visits still open.
#[derive(Default)]
struct Replayer {
    run: RunState,
    containers: ReplayContainers,
    open: HashMap<u64, OpenVisit>,
    finished: bool,
}

impl Replayer {
    fn event(&mut self, event: &ImportedEvent, row: &EventRow) {
        self.run.apply(EngineEvent::History(live_stand_in(event)));
        let ty = event.type_name.as_str();
        if ty.ends_with("StateEntered") || ty.starts_with("Execution") {
            self.end_failed_visits(row, ty.starts_with("Execution"));
        }
        if ty.ends_with("StateEntered") {
            self.entered(event, row);
        } else if ty.ends_with("StateExited") {
            if let Some(mut v) = row.visit.and_then(|v| self.open.remove(&v)) {
                let output = event.payload("output").map(Arc::new);
                // An error before the exit was caught: the Catch's next state follows.
                let error = v.failure.take().map(|(e, _)| e);
                self.run.apply(finish(v, output, error, row.id));
            }
        } else if is_failure(ty) {
            if let Some(v) = row.visit.and_then(|v| self.open.get_mut(&v)) {
                let error = StateError {
                    error: event.detail_str("error").map(str::to_owned),
                    cause: event.detail_str("cause").map(str::to_owned),
                };
                v.failure = Some((error, event.timestamp_ms));
            }
        } else if is_attempt_start(ty) {
            self.attempt_started(event, row);
        }
        if let Some(result) = execution_result(event) {
            self.run.apply(EngineEvent::Finished(Box::new(result)));
            self.finished = true;
        }
    }

    fn entered(&mut self, event: &ImportedEvent, row: &EventRow) {
        let state = row.state.as_deref().unwrap_or_default().to_owned();
        self.run.apply(debug(DebugEvent::StateStarted {
            state: state.clone(),
            scope: row.scope.to_string(),
        }));
        let visit = OpenVisit {
            state,
            scope: row.scope.to_string(),
            input: event.payload("input").map(Arc::new),
            failure: None,
            attempts: 0,
        };
        self.open.insert(event.id, visit);
    }

    /// A new attempt after a failure is a retry of it.
    fn attempt_started(&mut self, event: &ImportedEvent, row: &EventRow) {
        let Some(v) = row.visit.and_then(|v| self.open.get_mut(&v)) else {
            return;
        };
        let Some((error, failed_ms)) = v.failure.take() else {
            return;
        };
        v.attempts += 1;
        self.run.apply(debug(DebugEvent::RetryScheduled {
            state: v.state.clone(),
            scope: v.scope.clone(),
            attempt: v.attempts,
            error,
            delay_ms: (event.timestamp_ms - failed_ms).max(0) as u64,
        }));
    }

    /// A failed visit ends when its scope moves on (caught) or the execution ends.
    fn end_failed_visits(&mut self, row: &EventRow, execution_ends: bool) {
        let ended: Vec<u64> = self
            .open
            .iter()
            .filter(|(_, v)| v.failure.is_some() && (execution_ends || *v.scope == *row.scope))
            .map(|(id, _)| *id)
            .collect();
        for id in ended {
            if let Some(mut v) = self.open.remove(&id) {
                let error = v.failure.take().map(|(e, _)| e);
                self.run.apply(finish(v, None, error, row.id));
            }
        }
    }
}

fn debug(event: DebugEvent) -> EngineEvent {
    EngineEvent::Debug(event)
}

/// The visit's step record: its input, its output (if it exited) or its error.
fn finish(
    visit: OpenVisit,
    output: Option<Arc<Value>>,
    error: Option<StateError>,
    history_events: u64,
) -> EngineEvent {
    let stage = |stage: Stage, value: Arc<Value>| StageData {
        stage,
        size_bytes: json_size(&value),
        value,
    };
    let mut stages = Vec::new();
    if let Some(input) = visit.input {
        stages.push(stage(Stage::Input, input));
    }
    if let Some(output) = output {
        stages.push(stage(Stage::Output, output));
    }
    debug(DebugEvent::StateFinished(Box::new(StepRecord {
        state: visit.state,
        scope: visit.scope,
        stages,
        variables: Default::default(),
        error,
        history_events: history_events as usize,
    })))
}

/// Only the count of history events matters to the run state; the table has the real ones.
fn live_stand_in(event: &ImportedEvent) -> crate::engine::HistoryEvent {
    crate::engine::HistoryEvent {
        id: event.id,
        previous_event_id: event.previous_event_id,
        timestamp_ms: event.timestamp_ms,
        details: crate::engine::EventDetails::ExecutionAborted,
    }
}

fn execution_result(event: &ImportedEvent) -> Option<ExecutionResult> {
    let status = match event.type_name.as_str() {
        "ExecutionSucceeded" => Status::Succeeded,
        "ExecutionFailed" => Status::Failed,
        "ExecutionTimedOut" => Status::TimedOut,
        "ExecutionAborted" => Status::Aborted,
        _ => return None,
    };
    Some(ExecutionResult {
        status,
        output: event.payload("output").map(Arc::new),
        error: event.detail_str("error").map(str::to_owned),
        cause: event.detail_str("cause").map(str::to_owned),
        history: Vec::new(),
    })
}

fn is_attempt_start(ty: &str) -> bool {
    matches!(
        ty,
        "TaskScheduled" | "LambdaFunctionScheduled" | "ActivityScheduled"
    )
}

/// Events that fail the current attempt (or the state) with an error and cause.
fn is_failure(ty: &str) -> bool {
    ty.ends_with("Failed") && !ty.starts_with("Execution") && !ty.starts_with("MapIteration")
        || ty.ends_with("TimedOut") && !ty.starts_with("Execution")
}

#[cfg(test)]
mod tests {
    use super::super::RunStatus;
    use super::*;
    use crate::engine::history_import::parse_aws_history;

    /// Charge fails twice (retried once, then caught by Refund); the Fail state ends it.
    const HISTORY: &str = r#"{"events": [
      {"timestamp": 0, "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
       "executionStartedEventDetails": {"input": "{\"amount\":5}"}},
      {"timestamp": 1, "type": "PassStateEntered", "id": 2, "previousEventId": 1,
       "stateEnteredEventDetails": {"name": "Prepare", "input": "{\"amount\":5}"}},
      {"timestamp": 1, "type": "PassStateExited", "id": 3, "previousEventId": 2,
       "stateExitedEventDetails": {"name": "Prepare", "output": "{\"amount\":5,\"ok\":true}"}},
      {"timestamp": 2, "type": "TaskStateEntered", "id": 4, "previousEventId": 3,
       "stateEnteredEventDetails": {"name": "Charge", "input": "{}"}},
      {"timestamp": 2, "type": "TaskScheduled", "id": 5, "previousEventId": 4},
      {"timestamp": 3, "type": "TaskFailed", "id": 6, "previousEventId": 5,
       "taskFailedEventDetails": {"error": "Card.Declined", "cause": "no"}},
      {"timestamp": 5, "type": "TaskScheduled", "id": 7, "previousEventId": 6},
      {"timestamp": 6, "type": "TaskFailed", "id": 8, "previousEventId": 7,
       "taskFailedEventDetails": {"error": "Card.Declined", "cause": "still no"}},
      {"timestamp": 6, "type": "FailStateEntered", "id": 9, "previousEventId": 8,
       "stateEnteredEventDetails": {"name": "Refused", "input": "{}"}},
      {"timestamp": 6, "type": "ExecutionFailed", "id": 10, "previousEventId": 9,
       "executionFailedEventDetails": {"error": "Refused", "cause": "card declined"}}
    ]}"#;

    #[test]
    fn statuses_retries_and_step_data_come_back_from_the_history() {
        let events = parse_aws_history(HISTORY).expect("valid");
        let (run, log, incomplete) = replay(events, HashMap::new());
        assert!(!incomplete);
        assert_eq!(log.len(), 10);
        assert_eq!(run.statuses.get("Prepare"), Some(&RunStatus::Succeeded));
        assert_eq!(run.statuses.get("Charge"), Some(&RunStatus::Caught));
        assert_eq!(run.statuses.get("Refused"), Some(&RunStatus::Failed));
        let result = run.result.as_ref().expect("finished");
        assert_eq!(result.status, Status::Failed);
        assert_eq!(result.error.as_deref(), Some("Refused"));
        let prepare = run.records.get("Prepare").expect("a record");
        let stages: Vec<(Stage, Value)> = prepare
            .stages
            .iter()
            .map(|s| (s.stage, Value::clone(&s.value)))
            .collect();
        assert_eq!(
            stages,
            [
                (Stage::Input, serde_json::json!({"amount": 5})),
                (Stage::Output, serde_json::json!({"amount": 5, "ok": true}))
            ]
        );
        let charge = run.records.get("Charge").expect("a record");
        assert_eq!(
            charge.error.as_ref().and_then(|e| e.cause.as_deref()),
            Some("still no")
        );
        let retries = run.retries.get("Charge").expect("retries");
        assert_eq!(retries.len(), 1);
        assert_eq!(retries[0].delay_ms, 2000);
        assert_eq!(run.history_events, 10);
    }

    #[test]
    fn an_error_followed_by_the_states_exit_was_caught() {
        // The local engine records the exit of a state whose Catch moved the run on.
        let text = r#"[
          {"timestamp": 0, "type": "TaskStateEntered", "id": 1,
           "stateEnteredEventDetails": {"name": "Debit", "input": "{}"}},
          {"timestamp": 1, "type": "TaskFailed", "id": 2, "previousEventId": 1,
           "taskFailedEventDetails": {"error": "Insufficient"}},
          {"timestamp": 1, "type": "TaskStateExited", "id": 3, "previousEventId": 2,
           "stateExitedEventDetails": {"name": "Debit", "output": "{\"e\":1}"}},
          {"timestamp": 1, "type": "PassStateEntered", "id": 4, "previousEventId": 3,
           "stateEnteredEventDetails": {"name": "Handle", "input": "{}"}}
        ]"#;
        let (run, _, _) = replay(parse_aws_history(text).expect("valid"), HashMap::new());
        assert_eq!(run.statuses.get("Debit"), Some(&RunStatus::Caught));
        let record = run.records.get("Debit").expect("record");
        assert_eq!(
            record.error.as_ref().and_then(|e| e.error.as_deref()),
            Some("Insufficient")
        );
        assert_eq!(record.stages.len(), 2);
    }

    #[test]
    fn a_history_as_the_aws_cli_prints_it_replays_retries_map_iterations_and_a_catch() {
        let text = include_str!("../../../tests/data/history/aws-cli-order.json");
        let (run, log, incomplete) =
            replay(parse_aws_history(text).expect("valid"), HashMap::new());
        assert!(!incomplete);
        let status = |s: &str| run.statuses.get(s).copied();
        assert_eq!(status("Reserve"), Some(RunStatus::Succeeded));
        assert_eq!(status("PackLines"), Some(RunStatus::Succeeded));
        assert_eq!(status("Pack"), Some(RunStatus::Succeeded));
        assert_eq!(status("Ship"), Some(RunStatus::Caught));
        assert_eq!(status("NotifyDelay"), Some(RunStatus::Succeeded));
        let result = run.result.as_ref().expect("finished");
        assert_eq!(result.status, Status::Succeeded);
        assert_eq!(
            result.output.as_deref(),
            Some(&serde_json::json!({"delayed": true}))
        );

        let retries = run.retries.get("Reserve").expect("a retry");
        assert_eq!(retries.len(), 1);
        assert_eq!(retries[0].error.error.as_deref(), Some("Inventory.Busy"));
        assert_eq!(retries[0].delay_ms, 1000);
        let pack = run.records.get("Pack").expect("a record");
        assert_eq!(pack.scope, "PackLines/1");
        let output = pack.stages.last().map(|s| Value::clone(&s.value));
        assert_eq!(output, Some(serde_json::json!({"sku": "b", "box": 2})));

        // ISO timestamps with an offset; Lambda events belong to their state.
        assert_eq!(log.start_ms(), 1_714_634_101_120);
        let row = |id: usize| &log.rows()[id - 1];
        assert_eq!(row(5).state.as_deref(), Some("Reserve"));
        assert_eq!(
            row(5).summary,
            "Inventory.Busy: {\"errorMessage\":\"try again\"}"
        );
        assert_eq!(&*row(15).scope, "PackLines/1");
        assert_eq!(row(23).summary, "lambda:invoke");
    }

    #[test]
    fn a_history_cut_short_is_reported_incomplete() {
        let events = parse_aws_history(HISTORY).expect("valid");
        let (run, _, incomplete) = replay(events[..4].to_vec(), HashMap::new());
        assert!(incomplete);
        assert_eq!(run.statuses.get("Charge"), Some(&RunStatus::Running));
        assert!(!run.is_finished());
    }
}
