//! Engine tests beyond the conformance corpus: the debug handle, history, limits, timeouts,
//! Map tolerance and Parallel cancellation. All run on tokio's paused clock.

mod batching;
mod handle;
mod heartbeat;
mod parameters_move;
mod payloads;
mod real_runners;
mod runners;
mod s3_listing;
mod semantics;

// The debugger's view of a run: pauses, conditions, Map/Parallel children, re-runs.
mod debugging;

use std::sync::Arc;

use serde_json::Value;

use super::tasks::MockConfig;
use super::{execute, ExecutionResult, MockSelection, RunConfig, ScaledClock};
use crate::asl::{parse, Format, StateMachine};

/// Parses a definition written as JSON.
pub(super) fn machine(definition: Value) -> StateMachine {
    let text = definition.to_string();
    let parsed = parse(text.as_bytes(), Some(Format::Json));
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.machine.expect("machine")
}

/// A config on a deterministic clock.
pub(super) fn config() -> RunConfig {
    RunConfig {
        clock: Arc::new(ScaledClock::starting_at(1_700_000_000_000, 1.0)),
        ..RunConfig::default()
    }
}

/// A config whose test case `T` answers state `F` with the mocked `responses` (the value
/// of one `MockedResponses` entry, e.g. `{"0": {"Return": "ok"}}`).
pub(super) fn config_mocking_f(responses: Value) -> RunConfig {
    let mocks = MockConfig::from_value(&serde_json::json!({
        "StateMachines": {"StateMachine": {"TestCases": {"T": {"F": "R"}}}},
        "MockedResponses": {"R": responses}}))
    .expect("mocks");
    RunConfig {
        mocks: Some(MockSelection {
            config: Arc::new(mocks),
            test_case: "T".into(),
        }),
        ..config()
    }
}

/// Runs to the end on a paused current-thread runtime.
pub(super) fn run(definition: Value, input: Value, config: RunConfig) -> ExecutionResult {
    let m = machine(definition);
    paused_runtime().block_on(async move {
        let config = RunConfig {
            clock: Arc::new(ScaledClock::starting_at(1_700_000_000_000, 1.0)),
            ..config
        };
        execute(&m, input, &config).await
    })
}

/// A current-thread runtime whose clock only moves when everything waits.
pub(super) fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime")
}
