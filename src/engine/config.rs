//! How an execution runs: limits, time, randomness, task runners and breakpoints.

use std::sync::Arc;

use super::break_condition::BreakCondition;
use super::clock::{Clock, ScaledClock};
use super::limits::Limits;
use super::run_from::RunFrom;
use super::tasks::{MockConfig, TaskRunners};

/// A mocked test case to answer Task states with.
#[derive(Debug, Clone)]
pub struct MockSelection {
    pub config: Arc<MockConfig>,
    pub test_case: String,
}

/// Everything an execution needs besides its definition and input.
#[derive(Clone)]
pub struct RunConfig {
    /// The state machine's name (mock configs select by it).
    pub machine_name: String,
    /// The execution's name (shown in `$$.Execution.Name` and ARNs).
    pub execution_name: String,
    pub limits: Limits,
    /// Execution time; [`ScaledClock`] in real time by default.
    pub clock: Arc<dyn Clock>,
    /// Seed for `States.UUID`, `States.MathRandom`, jitter and JSONata's `$random`.
    pub seed: u64,
    pub mocks: Option<MockSelection>,
    /// Runners for tasks the mocks do not answer, by state name or Resource ARN.
    pub runners: Arc<TaskRunners>,
    /// Local stand-ins for distributed Map's S3 objects, and where its results go.
    pub local_files: Arc<super::LocalFiles>,
    /// States (by name) to pause before, in any branch or iteration.
    pub breakpoints: Vec<String>,
    /// Conditions on some of `breakpoints`: such a breakpoint pauses only when its condition
    /// holds on the state's input.
    pub break_conditions: Vec<(String, BreakCondition)>,
    /// Pause after any failed attempt of any state, before Retry and Catch apply.
    pub break_on_error: bool,
    /// Tasks that no mock or runner answers wait for an answer (the debugger's prompt)
    /// instead of failing; `statewright run` keeps this off so CI fails loudly.
    pub ask_for_unanswered_tasks: bool,
    /// Start at this top-level state with these variables instead of at StartAt.
    pub run_from: Option<RunFrom>,
    /// Capacity of the event channel; a full channel makes the execution wait (backpressure).
    pub event_capacity: usize,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            machine_name: "StateMachine".into(),
            execution_name: "local-execution".into(),
            limits: Limits::default(),
            clock: Arc::new(ScaledClock::new(1.0)),
            seed: 0x5eed,
            mocks: None,
            runners: Arc::default(),
            local_files: Arc::default(),
            breakpoints: Vec::new(),
            break_conditions: Vec::new(),
            break_on_error: false,
            ask_for_unanswered_tasks: false,
            run_from: None,
            event_capacity: 1024,
        }
    }
}

impl std::fmt::Debug for RunConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunConfig")
            .field("machine_name", &self.machine_name)
            .field("limits", &self.limits)
            .field("seed", &self.seed)
            .field("mocks", &self.mocks)
            .field("breakpoints", &self.breakpoints)
            .finish_non_exhaustive()
    }
}
