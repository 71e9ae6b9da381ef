//! Debugger core: Map/Parallel progress and the iteration picker, conditional breakpoints
//! saved with the workflow, break on any error, Restart, the Wait time scale, Run from here.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use statewright::engine::{PauseReason, Status};
use statewright::graph::{MachinePath, StatePath};
use statewright::ui::debugger::RunStatus;
use statewright::ui::{Command, StatewrightApp};

use super::{app_with, step_until, temp_dir};

/// A Map over `$.orders` whose iterations reject orders marked bad (tolerated failures, so
/// every iteration runs).
const ORDERS: &str = r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Map",
    "ItemsPath": "$.orders", "ToleratedFailurePercentage": 100, "End": true,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Accept",
            "Choices": [{"Variable": "$.bad", "IsPresent": true, "Next": "Reject"}]},
        "Accept": {"Type": "Pass", "End": true},
        "Reject": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "bad order"}}}}}}"#;

/// Writes `NAME.asl.json` and `NAME.input.json` into `dir`; returns the definition's path.
fn workflow(dir: &Path, name: &str, definition: &str, input: serde_json::Value) -> PathBuf {
    let flow = dir.join(format!("{name}.asl.json"));
    std::fs::write(&flow, definition).expect("definition");
    std::fs::write(dir.join(format!("{name}.input.json")), input.to_string()).expect("input");
    flow
}

fn run_to_end(h: &mut Harness<'static, StatewrightApp>) {
    step_until(h, "the run to finish", |app| app.debugger.run.is_finished());
    h.run_steps(2);
}

fn in_map(map: &str, state: &str) -> StatePath {
    StatePath::new(MachinePath::root().child(map, 0), state)
}

fn shown_status(h: &Harness<'static, StatewrightApp>, state: &StatePath) -> Option<RunStatus> {
    h.state().debugger.view().status(state)
}

fn paused_at(app: &StatewrightApp) -> Option<(String, String, PauseReason)> {
    let p = app.debugger.run.paused.as_ref()?;
    Some((p.state.clone(), p.scope.clone(), p.reason))
}

#[test]
fn map_progress_and_the_iteration_picker_show_one_iterations_path() {
    let dir = temp_dir("iterations");
    let orders = serde_json::json!({"orders": [{"n": 0}, {"n": 1, "bad": true}, {"n": 2}]});
    let flow = workflow(&dir, "orders", ORDERS, orders);
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);

    let fan = StatePath::top("Fan");
    let progress = h.state().debugger.view().progress(&fan).cloned();
    let progress = progress.expect("Fan's progress");
    assert_eq!(progress.summary(), "3 of 3 iterations · 1 failed");
    // Without a pick the diagram shows the latest visits: both ends ran somewhere.
    assert!(shown_status(&h, &in_map("Fan", "Accept")).is_some());
    assert!(shown_status(&h, &in_map("Fan", "Reject")).is_some());

    h.get_by_label("Fan").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("Fan (3 of 3 iterations · 1 failed)");
    h.get_by_label("Next failed").click();
    h.run_steps(2);
    assert_eq!(h.state().debugger.picks.get("Fan"), Some(&1));
    assert_eq!(
        shown_status(&h, &in_map("Fan", "Reject")),
        Some(RunStatus::Failed)
    );
    assert_eq!(shown_status(&h, &in_map("Fan", "Accept")), None);
    assert_eq!(
        shown_status(&h, &in_map("Fan", "Check")),
        Some(RunStatus::Succeeded)
    );

    h.get_by_label("Next iteration").click();
    h.run_steps(2);
    assert_eq!(h.state().debugger.picks.get("Fan"), Some(&2));
    assert_eq!(
        shown_status(&h, &in_map("Fan", "Accept")),
        Some(RunStatus::Succeeded)
    );
    assert_eq!(shown_status(&h, &in_map("Fan", "Reject")), None);

    // The step details of a state inside the Map follow the picked iteration.
    h.get_by_label("Accept").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("In branch or iteration Fan/2");
    h.get_by_label_contains("inside a Map or Parallel");
    let record = h
        .state()
        .debugger
        .view()
        .record(&in_map("Fan", "Accept"))
        .cloned()
        .expect("Accept's record in iteration 2");
    assert_eq!(*record.stages[0].value, serde_json::json!({"n": 2}));

    h.get_by_label("Show latest").click();
    h.run_steps(2);
    assert!(h.state().debugger.picks.is_empty());
}

#[test]
fn nested_maps_pick_an_outer_then_an_inner_iteration() {
    let dir = temp_dir("nested");
    let definition = r#"{"StartAt": "Outer", "States": {"Outer": {"Type": "Map",
        "ItemsPath": "$.groups", "End": true, "ItemProcessor": {"StartAt": "Inner", "States": {
            "Inner": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Leaf",
                "States": {"Leaf": {"Type": "Pass", "End": true}}}}}}}}}"#;
    let input = serde_json::json!({"groups": [[1, 2], [3, 4, 5]]});
    let flow = workflow(&dir, "nested", definition, input);
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let leaf = StatePath::new(
        MachinePath::root().child("Outer", 0).child("Inner", 0),
        "Leaf",
    );
    h.state_mut().queue(Command::PickIteration {
        container: "Outer".into(),
        index: Some(1),
    });
    h.state_mut().queue(Command::PickIteration {
        container: "Outer/1/Inner".into(),
        index: Some(2),
    });
    h.run_steps(2);
    let view = h.state().debugger.view();
    let inner = StatePath::new(MachinePath::root().child("Outer", 0), "Inner");
    assert_eq!(
        view.progress(&inner).map(|p| p.summary()),
        Some("3 of 3 iterations".to_owned())
    );
    let record = view.record(&leaf).cloned().expect("leaf record");
    assert_eq!(record.scope, "Outer/1/Inner/2");
    assert_eq!(*record.stages[0].value, serde_json::json!(5));
}

#[test]
fn a_conditional_breakpoint_pauses_only_the_matching_iteration_and_is_saved() {
    let dir = temp_dir("conditional");
    let input = serde_json::json!({"orders": [{"n": 5}, {"n": 500}, {"n": 7}]});
    let flow = workflow(&dir, "orders", ORDERS, input);
    let mut h = app_with(Some(flow.clone()), dir.join("recovery"));
    h.get_by_label("Check").click_accesskit();
    h.run_steps(2);
    h.key_press(Key::F9);
    h.run_steps(2);
    // The condition field appears with the breakpoint; a broken condition is an error.
    h.get_by_label("Breakpoint condition").focus();
    h.run_steps(1);
    h.get_by_label("Breakpoint condition").type_text("$.n >");
    h.run_steps(2);
    h.get_by_label_contains("Invalid condition: nothing to compare with after '>'");
    h.get_by_label("Breakpoint condition").type_text(" 100");
    h.run_steps(2);
    assert!(h.query_by_label_contains("Invalid condition").is_none());
    assert_eq!(
        h.state()
            .debugger
            .conditions
            .get("Check")
            .map(|c| c.text.as_str()),
        Some("$.n > 100")
    );

    h.key_press(Key::F5);
    step_until(&mut h, "the conditional pause", |app| {
        app.debugger.is_paused()
    });
    h.run_steps(2);
    assert_eq!(
        paused_at(h.state()),
        Some(("Check".into(), "Fan/1".into(), PauseReason::Breakpoint))
    );
    let input = h.state().debugger.run.paused.clone().expect("paused").input;
    assert_eq!(*input, serde_json::json!({"n": 500}));
    h.get_by_label_contains("Paused input: 9 bytes");
    h.key_press(Key::F5);
    run_to_end(&mut h);
    assert_eq!(
        h.state().debugger.run.result.as_ref().map(|r| r.status),
        Some(Status::Succeeded)
    );

    // Saved beside the workflow, and restored when it is opened again.
    let sidecar = dir.join("orders.statewright.json");
    step_until(&mut h, "the sidecar", |_| {
        std::fs::read_to_string(&sidecar).is_ok_and(|t| t.contains("$.n > 100"))
    });
    let h = app_with(Some(flow), dir.join("recovery2"));
    let debugger = &h.state().debugger;
    assert!(debugger.breakpoints.contains("Check"));
    assert_eq!(
        debugger.conditions.get("Check").map(|c| c.text.as_str()),
        Some("$.n > 100")
    );
}

#[test]
fn break_on_any_error_pauses_after_the_failure_before_catch() {
    let mut h = app_with(None, temp_dir("break-error"));
    h.state_mut().debugger.test_case = Some("InsufficientCredits".into());
    h.get_by_label("Break on any error").click();
    h.run_steps(2);
    assert!(h.state().debugger.break_on_error);
    h.key_press(Key::F5);
    step_until(&mut h, "the error pause", |app| app.debugger.is_paused());
    h.run_steps(2);
    assert_eq!(
        paused_at(h.state()),
        Some((
            "DebitArtistAccount".into(),
            String::new(),
            PauseReason::Error
        ))
    );
    h.get_by_label_contains("Paused after DebitArtistAccount failed (break on any error)");
    assert_eq!(
        h.state().debugger.run.statuses.get("FundingFailed"),
        None,
        "Catch has not moved on yet"
    );
    // Continue: Catch leads to FundingFailed, a Fail state, which pauses once more.
    h.key_press(Key::F5);
    step_until(&mut h, "the pause at the Fail state", |app| {
        paused_at(app).is_some_and(|(s, _, _)| s == "FundingFailed")
    });
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let statuses = &h.state().debugger.run.statuses;
    assert_eq!(statuses.get("DebitArtistAccount"), Some(&RunStatus::Caught));
    assert_eq!(statuses.get("FundingFailed"), Some(&RunStatus::Failed));
}

#[test]
fn restart_reruns_the_last_input_even_after_the_text_changed() {
    let mut h = app_with(None, temp_dir("restart"));
    // A breakpoint shows that each restart is a new run: every run pauses there.
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    h.key_press(Key::F9);
    h.key_press(Key::F5);
    let pause =
        |app: &StatewrightApp| paused_at(app).is_some_and(|(s, _, _)| s == "EvaluateFunding");
    step_until(&mut h, "the first pause", pause);
    let first = h.state().debugger.last_start.clone().expect("started");
    h.key_press(Key::F5);
    run_to_end(&mut h);
    h.state_mut().debugger.input_text = "{ not json".into();
    h.state_mut().debugger.check_input();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F5);
    step_until(&mut h, "the restarted run's pause", pause);
    assert_eq!(h.state().debugger.last_start.as_ref(), Some(&first));
    // Restart while paused stops the paused run and starts again.
    h.get_by_label_contains("Restart").click();
    h.run_steps(1);
    step_until(&mut h, "the second restart's pause", pause);
    h.key_press(Key::F5);
    run_to_end(&mut h);
    assert_eq!(
        h.state().debugger.run.result.as_ref().map(|r| r.status),
        Some(Status::Succeeded)
    );
}

#[test]
fn skip_waits_runs_an_hour_long_wait_at_once() {
    let dir = temp_dir("time-scale");
    let definition = r#"{"StartAt": "Nap", "States": {
        "Nap": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
        "Done": {"Type": "Succeed"}}}"#;
    let flow = workflow(&dir, "nap", definition, serde_json::json!({}));
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.get_by_value("Real time").click();
    h.run_steps(2);
    h.get_by_label("Skip waits").click();
    h.run_steps(2);
    assert_eq!(h.state().debugger.time_scale.0, 0.0);
    h.key_press(Key::F5);
    run_to_end(&mut h);
    assert_eq!(
        h.state().debugger.run.result.as_ref().map(|r| r.status),
        Some(Status::Succeeded)
    );
}

#[test]
fn run_from_here_starts_at_the_state_with_its_last_input() {
    let mut h = app_with(None, temp_dir("run-from"));
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let before = h
        .state()
        .debugger
        .run
        .records
        .get("EvaluateFunding")
        .cloned()
        .expect("EvaluateFunding ran");
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Run from here").click();
    h.run_steps(1);
    run_to_end(&mut h);
    let run = &h.state().debugger.run;
    assert_eq!(
        run.result.as_ref().map(|r| r.status),
        Some(Status::Succeeded)
    );
    assert_eq!(run.statuses.get("PrepareDebitRequest"), None);
    assert_eq!(run.statuses.get("DebitArtistAccount"), None);
    assert_eq!(
        run.statuses.get("EvaluateFunding"),
        Some(&RunStatus::Succeeded)
    );
    assert_eq!(
        run.statuses.get("SubmissionQueued"),
        Some(&RunStatus::Succeeded)
    );
    let after = run.records.get("EvaluateFunding").expect("ran again");
    assert_eq!(after.stages[0].value, before.stages[0].value);
}

#[test]
fn a_parallel_shows_branch_progress_and_each_branch_where_it_is_drawn() {
    let dir = temp_dir("parallel");
    for ext in ["asl.json", "input.json", "mock.json"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-workflows")
            .join(format!("parallel-aggregation.{ext}"));
        std::fs::copy(&from, dir.join(format!("parallel-aggregation.{ext}"))).expect("copy");
    }
    let mut h = app_with(
        Some(dir.join("parallel-aggregation.asl.json")),
        dir.join("recovery"),
    );
    h.state_mut().debugger.test_case = Some("RecommendationsDown".into());
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let par = StatePath::top("FetchCustomerContext");
    let view = h.state().debugger.view();
    assert_eq!(
        view.progress(&par).map(|p| p.summary()),
        Some("3 of 3 branches".to_owned())
    );
    let branch = |i: usize, state: &str| {
        StatePath::new(MachinePath::root().child("FetchCustomerContext", i), state)
    };
    assert_eq!(
        view.status(&branch(2, "FetchRecommendations")),
        Some(RunStatus::Caught)
    );
    assert_eq!(
        view.status(&branch(2, "UseFallbackRecommendations")),
        Some(RunStatus::Succeeded)
    );
    assert_eq!(
        view.status(&branch(0, "FetchProfile")),
        Some(RunStatus::Succeeded)
    );
    h.get_by_label("FetchCustomerContext").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("FetchCustomerContext: 3 of 3 branches");
}

#[test]
fn run_from_here_restores_the_variables_the_state_saw() {
    let dir = temp_dir("run-from-vars");
    for ext in ["asl.json", "input.json", "mock.json"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-workflows")
            .join(format!("jsonata-variables.{ext}"));
        std::fs::copy(&from, dir.join(format!("jsonata-variables.{ext}"))).expect("copy");
    }
    let mut h = app_with(
        Some(dir.join("jsonata-variables.asl.json")),
        dir.join("recovery"),
    );
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let full = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(full.status, Status::Succeeded, "{:?}", full.cause);
    // ConfirmOrder builds its output from variables assigned by earlier states.
    h.get_by_label("ConfirmOrder").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Run from here").click();
    h.run_steps(1);
    run_to_end(&mut h);
    let rerun = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(rerun.status, Status::Succeeded, "{:?}", rerun.cause);
    assert_eq!(rerun.output, full.output);
    assert_eq!(h.state().debugger.run.statuses.get("PriceOrder"), None);
}

#[test]
fn saving_the_workflow_keeps_its_breakpoints_in_the_sidecar() {
    let dir = temp_dir("save-breakpoints");
    let definition = dir.join("flow.asl.json");
    std::fs::write(&definition, statewright::ui::SEED_SAMPLE).expect("write sample");
    let mut h = app_with(Some(definition.clone()), dir.join("recovery"));
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    h.key_press(Key::F9);
    h.run_steps(2);
    let sidecar = dir.join("flow.statewright.json");
    let has_breakpoint = |_: &StatewrightApp| {
        std::fs::read_to_string(&sidecar).is_ok_and(|t| t.contains("EvaluateFunding"))
    };
    step_until(&mut h, "the breakpoint in the sidecar", has_breakpoint);
    // An edit and a save rewrite the sidecar from the document: the breakpoint stays.
    h.state_mut().queue(Command::Duplicate);
    h.run_steps(2);
    assert!(h.state().doc.dirty);
    h.state_mut().queue(Command::Save);
    step_until(&mut h, "save", |app| !app.doc.dirty);
    h.run_steps(3);
    let text = std::fs::read_to_string(&sidecar).expect("sidecar");
    let saved: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        saved["breakpoints"],
        serde_json::json!([{"state": "EvaluateFunding"}]),
        "{text}"
    );
}
