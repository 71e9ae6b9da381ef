//! The debugger: runs the open workflow on the engine (on a background tokio runtime), folds
//! its events into per-state statuses and step records, and drives pause, step and breakpoints.
//!
//! The UI thread only sends commands through the [`EngineHandle`] and drains events with
//! `try_recv`; the engine's waker asks egui for a repaint whenever an event is queued.

// Iterations, conditions and re-runs.
mod app_commands;
mod breakpoints;
mod iteration_picker;
mod iteration_view;
pub mod limit_estimate;
pub mod limit_warnings;
pub mod limit_watch;
pub mod named_inputs;
mod rerun;
mod run_options;
mod runtimes;
mod scopes;
mod step_actions;

pub use breakpoints::ConditionEntry;
pub use iteration_view::IterationView;
pub use rerun::{StartRequest, TimeScale};
pub use scopes::{container_key, ContainerRun, Picks, ScopeRun, Scopes};

mod app_hooks;
mod run_panel;
mod status;
mod step_details;

pub mod event_log;
pub mod events_table;
mod feed;
pub mod history_io;
pub mod replay;
mod replay_containers;
pub mod run_config;
mod tabs;
pub mod task_prompt;
pub mod timeline;
pub mod trust;

pub use status::{PausedAt, RetryAttempt, RunState, RunStatus};
pub use tabs::DebuggerTab;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::asl::StateMachine;
use crate::engine::tasks::MockConfig;
use crate::engine::{
    EngineHandle, EventReceiver, Limits, LocalFiles, MockSelection, RunConfig, Waker,
};
use crate::ui::canvas::RunOverlay;

/// Events folded per frame at most; the rest wait for the next frame (a flood stays smooth).
const MAX_EVENTS_PER_FRAME: usize = 5_000;

/// The seed sample's input and mocks, so the built-in sample runs out of the box.
const SEED_INPUT: &str = include_str!("../../../sample-workflows/demo-submission.input.json");
const SEED_MOCKS: &str = include_str!("../../../sample-workflows/demo-submission.mock.json");
const SEED_NAME: &str = "demo-submission";

/// A mock config file and the test cases it has for this workflow.
struct Mocks {
    config: Arc<MockConfig>,
    test_cases: Vec<String>,
}

/// One started execution.
struct Session {
    handle: EngineHandle,
    events: EventReceiver,
}

/// The debugger's state between frames.
#[derive(Default)]
pub struct Debugger {
    runtime: Option<tokio::runtime::Runtime>,
    session: Option<Session>,
    /// The current (or last) execution, folded from its events.
    pub run: RunState,
    /// States to pause before.
    pub breakpoints: BTreeSet<String>,
    /// The execution input as JSON text.
    pub input_text: String,
    /// Why the input text is not valid JSON, checked when it changes.
    pub input_error: Option<String>,
    /// The history and payload estimate of the next run.
    pub estimate_cache: limit_warnings::EstimateCache,
    /// Inputs saved by name beside the workflow, and which one the editor shows.
    pub named_inputs: named_inputs::NamedInputs,
    /// The chosen mock test case; `None` runs without mocks.
    pub test_case: Option<String>,
    /// The last problem or notice, shown in the run panel.
    pub message: String,
    /// The picked iteration (or branch) of each Map/Parallel visit, by container key.
    pub picks: Picks,
    /// Conditions on breakpoints, by state name, as typed (with their parse result).
    pub conditions: BTreeMap<String, ConditionEntry>,
    /// Pause after any failed attempt, before Retry and Catch apply.
    pub break_on_error: bool,
    /// Off by default: the debugger asks for the result of a task nothing else answers.
    pub fail_unanswered_tasks: bool,
    /// How fast Wait states and retry backoffs pass (applies to the next run).
    pub time_scale: TimeScale,
    /// What the last run was started with (Restart runs it again).
    pub last_start: Option<StartRequest>,
    breakpoint_writer: breakpoints::BreakpointWriter,
    mocks: Option<Mocks>,
    limits: Option<Limits>,
    machine_name: String,
    local_dir: Option<std::path::PathBuf>,
    defaults_for: Option<String>,
    /// Every history event of the run (or the imported history), for the table and timeline.
    pub events: event_log::EventLog,
    pub events_view: events_table::EventsView,
    pub timeline: timeline::Timeline,
    /// Tasks waiting for the user's answer.
    pub waiting: Vec<task_prompt::WaitingTask>,
    /// Set while an imported history is shown instead of a run.
    pub replay: Option<replay::Replay>,
    import_job: Option<history_io::ImportJob>,
    /// The run configuration file (path text; empty for none).
    pub run_config_text: String,
    /// Trust decisions per folder (a copy of the app's settings when a run starts).
    pub runner_trust: std::collections::BTreeMap<std::path::PathBuf, trust::TrustDecision>,
    /// A run waiting for the user to trust its folder's runners.
    pub trust_request: Option<trust::TrustRequest>,
    /// A folder whose trust decision the user asked to forget (the app's settings drop it).
    pub forget_trust: Option<std::path::PathBuf>,
    /// The tab shown on the panel's left side.
    pub tab: DebuggerTab,
    /// Wakes the UI when background work (an import) finishes.
    repaint: Option<Waker>,
}

impl Debugger {
    /// True when the run defaults were loaded for this document (see [`Self::sync_document`]).
    pub fn is_synced_with(&self, path: Option<&Path>, title: &str) -> bool {
        let key = path.map_or_else(|| title.to_owned(), |p| p.display().to_string());
        self.defaults_for.as_deref() == Some(key.as_str())
    }

    /// Loads the input and mocks beside the workflow when another document was opened.
    pub fn sync_document(&mut self, path: Option<&Path>, title: &str) {
        let key = path.map_or_else(|| title.to_owned(), |p| p.display().to_string());
        if self.defaults_for.as_deref() == Some(key.as_str()) {
            return;
        }
        self.defaults_for = Some(key);
        self.breakpoints.clear();
        self.conditions.clear();
        self.picks.clear();
        self.last_start = None;
        self.stop();
        self.run = RunState::default();
        self.session = None;
        self.clear_run_views();
        self.run_config_text = run_config::default_run_config(path)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let (name, input, mocks) = match path {
            Some(p) => sidecars(p),
            None if title.contains(SEED_NAME) => (
                SEED_NAME.to_owned(),
                Some(SEED_INPUT.to_owned()),
                serde_json::from_str(SEED_MOCKS).ok(),
            ),
            None => ("StateMachine".to_owned(), None, None),
        };
        // Without an input file the last input stays (Save As keeps what the user typed).
        if let Some(input) = input {
            self.input_text = input;
        } else if self.input_text.trim().is_empty() {
            self.input_text = "{}".to_owned();
        }
        self.check_input();
        self.named_inputs = named_inputs::NamedInputs::load(path);
        self.local_dir = path.and_then(Path::parent).map(Path::to_path_buf);
        self.mocks = mocks.and_then(|v| parse_mocks(&v, &name));
        self.test_case = self
            .mocks
            .as_ref()
            .and_then(|m| m.test_cases.first().cloned());
        self.machine_name = name;
        self.message.clear();
    }

    /// Re-checks the input text (after an edit).
    pub fn check_input(&mut self) {
        self.input_error = serde_json::from_str::<Value>(&self.input_text)
            .err()
            .map(|e| e.to_string());
    }

    /// Mock test cases available for this workflow.
    pub fn test_cases(&self) -> &[String] {
        self.mocks.as_ref().map_or(&[], |m| m.test_cases.as_slice())
    }

    /// The payload limit of the last run (the default before any run).
    pub fn payload_limit_bytes(&self) -> usize {
        self.limits.unwrap_or_default().payload_bytes
    }

    /// True while an execution runs (paused or not).
    pub fn is_running(&self) -> bool {
        self.session.is_some() && !self.run.is_finished()
    }

    /// True while the execution waits before a state.
    pub fn is_paused(&self) -> bool {
        self.is_running() && self.run.paused.is_some()
    }

    /// True when the diagram should show run statuses (a run started).
    pub fn has_run(&self) -> bool {
        self.session.is_some() || self.replay.is_some()
    }

    /// F5: continue a paused run, else start a new one.
    pub fn start_or_continue(&mut self, machine: &StateMachine, waker: Waker) {
        if self.is_running() {
            if let Some(s) = &self.session {
                s.handle.resume();
            }
            return;
        }
        self.start(machine, waker, false);
    }

    /// F10: step a paused run, or start one paused before its first state.
    pub fn step(&mut self, machine: &StateMachine, waker: Waker) {
        match &self.session {
            Some(s) if self.is_running() => {
                s.handle.step();
            }
            _ => self.start(machine, waker, true),
        }
    }

    /// Pauses before the next state.
    pub fn pause(&mut self) {
        if let (Some(s), true) = (&self.session, self.is_running()) {
            s.handle.pause();
        }
    }

    /// Aborts the execution.
    pub fn stop(&mut self) {
        if let (Some(s), true) = (&self.session, self.is_running()) {
            s.handle.stop();
        }
    }

    /// Sets or clears the breakpoint on `state`, also in the running execution.
    pub fn toggle_breakpoint(&mut self, state: &str) {
        let set = !self.breakpoints.remove(state);
        if set {
            self.breakpoints.insert(state.to_owned());
        }
        if let (Some(s), true) = (&self.session, self.is_running()) {
            if set {
                s.handle.set_breakpoint(state);
            } else {
                s.handle.clear_breakpoint(state);
            }
        }
    }

    fn start(&mut self, machine: &StateMachine, waker: Waker, paused: bool) {
        let input: Value = match serde_json::from_str(&self.input_text) {
            Ok(v) => v,
            Err(e) => {
                self.message = format!("The input is not valid JSON: {e}");
                return;
            }
        };
        let request = StartRequest {
            input,
            test_case: self.test_case.clone(),
            paused,
            run_from: None,
        };
        self.start_with(machine, waker, request);
    }

    /// Starts an execution as `request` says (a fresh start, a restart or a re-run).
    fn start_with(&mut self, machine: &StateMachine, waker: Waker, request: StartRequest) {
        // A paused run left behind would wait forever.
        self.stop();
        let mocks = match (&self.mocks, &request.test_case) {
            (Some(m), Some(case)) => Some(MockSelection {
                config: Arc::clone(&m.config),
                test_case: case.clone(),
            }),
            _ => None,
        };
        let mut config = RunConfig {
            machine_name: self.machine_name.clone(),
            mocks,
            breakpoints: self.breakpoints.iter().cloned().collect(),
            break_conditions: self.engine_conditions(),
            break_on_error: self.break_on_error,
            ask_for_unanswered_tasks: !self.fail_unanswered_tasks,
            run_from: request.run_from.clone(),
            local_files: Arc::new(LocalFiles {
                search_dirs: self.local_dir.iter().cloned().collect(),
                ..LocalFiles::default()
            }),
            ..RunConfig::default()
        };
        match self.configure_run(&mut config, request.paused) {
            Ok(run_config::Configured::Ready) => {}
            Ok(run_config::Configured::AskedForTrust) => return,
            Err(e) => {
                self.message = e;
                return;
            }
        }
        self.clear_run_views();
        self.limits = Some(config.limits);
        let started = runtimes::start_execution(
            &mut self.runtime,
            Arc::new(machine.clone()),
            request.input.clone(),
            config,
            self.time_scale.0,
            waker,
        );
        let (handle, events) = match started {
            Ok(s) => s,
            Err(e) => {
                self.message = format!("Cannot start the engine: {e}");
                return;
            }
        };
        if request.paused {
            // Queued before the first state starts, so the run pauses before it.
            handle.pause();
        }
        self.run = RunState::default();
        self.message.clear();
        self.session = Some(Session { handle, events });
        self.last_start = Some(request);
    }

    /// What the diagram shows: statuses once a run started, and the breakpoints.
    pub fn overlay(&self) -> RunOverlay<'_> {
        RunOverlay {
            statuses: self.has_run().then_some(&self.run.statuses),
            breakpoints: &self.breakpoints,
            output_bytes: &self.run.output_bytes,
            payload_limit_bytes: self.payload_limit_bytes(),
            iterations: Some(self.view()),
        }
    }

    /// The run as the picked iterations show it.
    pub fn view(&self) -> IterationView<'_> {
        IterationView {
            run: &self.run,
            picks: &self.picks,
        }
    }

    /// Folds the events that arrived since the last frame; true if more are waiting.
    pub fn poll(&mut self) -> bool {
        // An import wakes the UI through `repaint` when it is read.
        self.poll_import();
        for _ in 0..MAX_EVENTS_PER_FRAME {
            let Some(session) = &mut self.session else {
                return false;
            };
            match session.events.try_recv() {
                Some(event) => {
                    self.observe(&event);
                    self.run.apply(event);
                }
                None => return false,
            }
        }
        true
    }

    /// Sets what wakes the UI when background work finishes (once; `make` runs only then).
    pub fn set_repaint(&mut self, make: impl FnOnce() -> Waker) {
        if self.repaint.is_none() {
            self.repaint = Some(make());
        }
    }
}

/// The machine name, input text and mock config beside a workflow file (`NAME.input.json`,
/// `NAME.mock.json`).
fn sidecars(path: &Path) -> (String, Option<String>, Option<Value>) {
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
    let name = file.split('.').next().unwrap_or(file).to_owned();
    let dir = path.parent().unwrap_or(Path::new(""));
    let input = std::fs::read_to_string(dir.join(format!("{name}.input.json"))).ok();
    let mocks = std::fs::read_to_string(dir.join(format!("{name}.mock.json")))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    (name, input, mocks)
}

/// The parsed mock config and its test cases for `machine`, in file order.
fn parse_mocks(value: &Value, machine: &str) -> Option<Mocks> {
    let config = MockConfig::from_value(value).ok()?;
    let test_cases = value
        .get("StateMachines")
        .and_then(|m| m.get(machine))
        .and_then(|m| m.get("TestCases"))
        .and_then(Value::as_object)
        .map(|cases| cases.keys().cloned().collect())
        .unwrap_or_default();
    Some(Mocks {
        config: Arc::new(config),
        test_cases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workflow_file_brings_its_input_and_mock_test_cases() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-workflows")
            .join("choice-router.asl.json");
        let mut debugger = Debugger::default();
        debugger.sync_document(Some(&path), "choice-router");
        assert_eq!(debugger.machine_name, "choice-router");
        let input: Value = serde_json::from_str(&debugger.input_text).expect("input JSON");
        assert!(input.is_object());
        assert!(!debugger.test_cases().is_empty());
        assert_eq!(
            debugger.test_case.as_deref(),
            debugger.test_cases().first().map(String::as_str)
        );
    }

    #[test]
    fn a_workflow_without_sidecars_runs_with_an_empty_object_and_no_mocks() {
        let mut debugger = Debugger::default();
        debugger.sync_document(Some(Path::new("/nowhere/flow.asl.json")), "flow");
        assert_eq!(debugger.input_text, "{}");
        assert!(debugger.test_cases().is_empty());
        assert_eq!(debugger.test_case, None);
    }
}
