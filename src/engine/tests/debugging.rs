//! The debugger's view of an execution: pauses carry the state's input, conditional
//! breakpoints, break on any error, Map/Parallel children, and re-running from a state.

use std::sync::Arc;

use serde_json::{json, Value};

use super::super::break_condition::BreakCondition;
use super::super::debug::{ContainerKind, DebugEvent, PauseReason};
use super::super::run_from::RunFrom;
use super::super::{service, EngineEvent, ExecutionResult, RunConfig, Status};
use super::{config, machine, paused_runtime};

/// A pause seen by [`run_answering_pauses`]: state, scope, reason and the state's input.
type Pause = (String, String, PauseReason, Value);

/// Runs `definition` on `input`, continuing after every pause; returns the pauses, every debug
/// event and the result.
pub(super) fn run_answering_pauses(
    definition: Value,
    input: Value,
    cfg: RunConfig,
) -> (Vec<Pause>, Vec<DebugEvent>, ExecutionResult) {
    let rt = paused_runtime();
    rt.block_on(async move {
        let (handle, mut events) = service::start(
            &tokio::runtime::Handle::current(),
            Arc::new(machine(definition)),
            input,
            cfg,
            None,
        );
        let mut pauses = Vec::new();
        let mut debug = Vec::new();
        while let Some(event) = events.recv().await {
            match event {
                EngineEvent::Debug(d) => {
                    if let DebugEvent::Paused {
                        state,
                        scope,
                        reason,
                        input,
                    } = &d
                    {
                        pauses.push((state.clone(), scope.clone(), *reason, (**input).clone()));
                        handle.resume();
                    }
                    debug.push(d);
                }
                EngineEvent::Finished(result) => return (pauses, debug, *result),
                EngineEvent::History(_) => {}
            }
        }
        panic!("the event stream ended without Finished");
    })
}

fn charges() -> Value {
    json!({"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "ItemsPath": "$.orders",
        "ItemProcessor": {"StartAt": "Charge", "States": {
            "Charge": {"Type": "Pass", "End": true}}},
        "End": true}}})
}

#[test]
fn a_conditional_breakpoint_pauses_only_the_iteration_whose_input_matches() {
    let cfg = RunConfig {
        breakpoints: vec!["Charge".into()],
        break_conditions: vec![(
            "Charge".into(),
            BreakCondition::parse("$.amount > 100").expect("valid"),
        )],
        ..config()
    };
    let input = json!({"orders": [{"amount": 5}, {"amount": 500}, {"amount": 7}]});
    let (pauses, _, result) = run_answering_pauses(charges(), input, cfg);
    assert_eq!(result.status, Status::Succeeded);
    assert_eq!(
        pauses,
        [(
            "Charge".into(),
            "Fan/1".into(),
            PauseReason::Breakpoint,
            json!({"amount": 500})
        )]
    );
}

#[test]
fn an_unconditional_breakpoint_pause_carries_the_state_input() {
    let cfg = RunConfig {
        breakpoints: vec!["Fan".into()],
        ..config()
    };
    let input = json!({"orders": []});
    let (pauses, _, _) = run_answering_pauses(charges(), input.clone(), cfg);
    assert_eq!(
        pauses,
        [("Fan".into(), String::new(), PauseReason::Breakpoint, input)]
    );
}

#[test]
fn break_on_error_pauses_after_each_failed_attempt_before_retry_and_catch() {
    // Writing below a number fails with States.ResultPathMatchFailure (retried once, then caught).
    let definition = json!({"StartAt": "Store", "States": {
        "Store": {"Type": "Pass", "Result": 1, "ResultPath": "$.a.b",
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1, "IntervalSeconds": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}],
            "Next": "Done"},
        "Handler": {"Type": "Pass", "End": true},
        "Done": {"Type": "Succeed"}}});
    let cfg = RunConfig {
        break_on_error: true,
        ..config()
    };
    let (pauses, debug, result) = run_answering_pauses(definition.clone(), json!({"a": 5}), cfg);
    assert_eq!(result.status, Status::Succeeded);
    let error_pause = (
        "Store".to_owned(),
        String::new(),
        PauseReason::Error,
        json!({"a": 5}),
    );
    assert_eq!(pauses, [error_pause.clone(), error_pause]);
    // The first pause comes after the failed attempt's record and before its retry.
    let order: Vec<&str> = debug
        .iter()
        .filter_map(|d| match d {
            DebugEvent::StateFinished(r) if r.error.is_some() => Some("failed"),
            DebugEvent::Paused { .. } => Some("paused"),
            DebugEvent::RetryScheduled { .. } => Some("retry"),
            _ => None,
        })
        .collect();
    assert_eq!(order, ["failed", "paused", "retry", "failed", "paused"]);

    let (pauses, _, _) = run_answering_pauses(definition, json!({"a": 5}), config());
    assert!(pauses.is_empty(), "off by default: {pauses:?}");
}

#[test]
fn nested_maps_and_parallels_announce_their_children_with_scoped_labels() {
    let definition = json!({"StartAt": "Outer", "States": {
        "Outer": {"Type": "Map", "ItemsPath": "$.groups", "Next": "Par",
            "ItemProcessor": {"StartAt": "Inner", "States": {
                "Inner": {"Type": "Map", "End": true,
                    "ItemProcessor": {"StartAt": "Leaf", "States": {
                        "Leaf": {"Type": "Pass", "End": true}}}}}}},
        "Par": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
            {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}]}}});
    let (_, debug, result) =
        run_answering_pauses(definition, json!({"groups": [[1, 2], [3]]}), config());
    assert_eq!(result.status, Status::Failed);
    let containers: Vec<(String, String, ContainerKind, usize)> = debug
        .iter()
        .filter_map(|d| match d {
            DebugEvent::ContainerStarted {
                state,
                scope,
                kind,
                children,
            } => Some((state.clone(), scope.clone(), *kind, *children)),
            _ => None,
        })
        .collect();
    let expected = [
        ("Outer", "", ContainerKind::Map, 2),
        ("Inner", "Outer/0", ContainerKind::Map, 2),
        ("Inner", "Outer/1", ContainerKind::Map, 1),
        ("Par", "", ContainerKind::Parallel, 2),
    ];
    let mut sorted = containers.clone();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut expected: Vec<_> = expected
        .iter()
        .map(|(s, sc, k, n)| (s.to_string(), sc.to_string(), *k, *n))
        .collect();
    expected.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    assert_eq!(sorted, expected);
    let mut children: Vec<(String, bool)> = debug
        .iter()
        .filter_map(|d| match d {
            DebugEvent::ChildFinished { scope, failed } => Some((scope.clone(), *failed)),
            _ => None,
        })
        .collect();
    children.sort();
    let leaf_scopes: Vec<&str> = debug
        .iter()
        .filter_map(|d| match d {
            DebugEvent::StateStarted { state, scope } if state == "Leaf" => Some(scope.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        leaf_scopes.len(),
        3,
        "every leaf runs in its own scope: {leaf_scopes:?}"
    );
    assert!(leaf_scopes.contains(&"Outer/0/Inner/1"), "{leaf_scopes:?}");
    assert!(children.contains(&("Outer/0/Inner/1".into(), false)));
    assert!(children.contains(&("Outer/1".into(), false)));
    assert!(children.contains(&("Par/1".into(), true)), "{children:?}");
}

#[test]
fn a_rerun_starts_at_the_chosen_state_with_its_input_and_variables() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"rate": 2}, "Output": {"n": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Output": "{% $states.input.n * $rate %}", "End": true}}});
    let cfg = RunConfig {
        run_from: Some(RunFrom {
            state: "B".into(),
            variables: [("rate".to_owned(), json!(10))].into_iter().collect(),
        }),
        ..config()
    };
    let (_, debug, result) = run_answering_pauses(definition.clone(), json!({"n": 4}), cfg);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!(40)));
    let started: Vec<&str> = debug
        .iter()
        .filter_map(|d| match d {
            DebugEvent::StateStarted { state, .. } => Some(state.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(started, ["B"]);

    let cfg = RunConfig {
        run_from: Some(RunFrom {
            state: "Nowhere".into(),
            ..RunFrom::default()
        }),
        ..config()
    };
    let (_, _, result) = run_answering_pauses(definition, json!({}), cfg);
    assert_eq!(result.status, Status::Failed);
    assert!(
        result
            .cause
            .as_deref()
            .is_some_and(|c| c.contains("Nowhere")),
        "{:?}",
        result.cause
    );
}
