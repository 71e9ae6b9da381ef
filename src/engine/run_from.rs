//! Re-running from a chosen state: a new execution that starts at a top-level state with the
//! input (and variables) that state had in an earlier execution.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::error::StateError;
use crate::asl::StateMachine;

/// Where a re-run starts and the variables in scope when it does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunFrom {
    /// A state of the top-level machine (states inside Parallel branches or Map iterations
    /// depend on their container's input and cannot start an execution).
    pub state: String,
    /// Workflow variables in scope when the state was entered in the earlier execution.
    pub variables: Map<String, Value>,
}

/// `machine` with its StartAt moved to `state`; an error naming the state when the top level
/// has no such state.
pub fn starting_at<'m>(
    machine: &'m StateMachine,
    state: &str,
) -> Result<Cow<'m, StateMachine>, StateError> {
    if machine.start_at.as_deref() == Some(state) {
        return Ok(Cow::Borrowed(machine));
    }
    if !machine.states.contains_key(state) {
        return Err(StateError::runtime(format!(
            "cannot run from '{state}': the top level of the state machine has no such state"
        )));
    }
    let mut rerouted = machine.clone();
    rerouted.start_at = Some(state.to_owned());
    Ok(Cow::Owned(rerouted))
}
