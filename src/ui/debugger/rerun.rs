//! Running again: Restart (the last run's input and test case), "Run from here" (a top-level
//! state with the input it had), and the Wait time scale.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::Debugger;
use crate::asl::StateMachine;
use crate::engine::{RunFrom, Stage, Waker};
use crate::graph::StatePath;

/// What an execution was started with.
#[derive(Debug, Clone, PartialEq)]
pub struct StartRequest {
    pub input: Value,
    pub test_case: Option<String>,
    /// Pause before the first state.
    pub paused: bool,
    /// Start at this state instead of StartAt.
    pub run_from: Option<RunFrom>,
}

/// How fast Waits and retry backoffs pass: 1 real time, 0.1 ten times faster, 0 skips them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale(pub f64);

impl Default for TimeScale {
    fn default() -> Self {
        TimeScale(1.0)
    }
}

impl TimeScale {
    /// The choices the run panel offers.
    pub const CHOICES: [(f64, &'static str); 4] = [
        (1.0, "Real time"),
        (0.1, "10× faster"),
        (0.01, "100× faster"),
        (0.0, "Skip waits"),
    ];

    /// The label of this scale ("0.5×" when it is not one of the choices).
    pub fn label(self) -> String {
        Self::CHOICES
            .iter()
            .find(|(s, _)| *s == self.0)
            .map_or_else(|| format!("{}×", self.0), |(_, l)| (*l).to_owned())
    }

    /// A scale from user input: finite and not negative, else real time.
    pub fn clamped(scale: f64) -> TimeScale {
        if scale.is_finite() && scale >= 0.0 {
            TimeScale(scale)
        } else {
            TimeScale::default()
        }
    }
}

impl Debugger {
    /// Runs again with the last run's input, test case and starting state.
    pub fn restart(&mut self, machine: &StateMachine, waker: Waker) {
        match self.last_start.clone() {
            Some(request) => self.start_with(machine, waker, request),
            None => self.start_or_continue(machine, waker),
        }
    }

    /// The input and variables a re-run from `state` would start with, or why none is offered.
    pub fn run_from_input(
        &self,
        state: &StatePath,
    ) -> Result<(Arc<Value>, Map<String, Value>), String> {
        if !state.machine.is_root() {
            return Err(format!(
                "{} runs inside a Map or Parallel, whose input comes from the container: \
                 run from the container instead",
                state.name
            ));
        }
        let Some(record) = self.run.records.get(&state.name) else {
            return Err(format!(
                "{} has not run yet: run the workflow first",
                state.name
            ));
        };
        let Some(input) = record.stages.iter().find(|s| s.stage == Stage::Input) else {
            return Err(format!("{} has no recorded input", state.name));
        };
        Ok((Arc::clone(&input.value), record.variables.clone()))
    }

    /// Starts a new execution at the top-level `state` with the input it had in the last run.
    pub fn run_from(&mut self, machine: &StateMachine, waker: Waker, state: &StatePath) {
        let (input, variables) = match self.run_from_input(state) {
            Ok(found) => found,
            Err(why) => {
                self.message = why;
                return;
            }
        };
        let request = StartRequest {
            input: Value::clone(&input),
            test_case: self.test_case.clone(),
            paused: false,
            run_from: Some(RunFrom {
                state: state.name.clone(),
                variables,
            }),
        };
        self.start_with(machine, waker, request);
    }
}
