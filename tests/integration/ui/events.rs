//! The debugger's events: manual-task prompts, the events table and timeline, history export
//! and import (replayed on the diagram), and trusting a folder's task runners.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use serde_json::{json, Value};
use statewright::engine::Status;
use statewright::ui::debugger::trust::TrustDecision;
use statewright::ui::debugger::RunStatus;
use statewright::ui::{Answer, Purpose, StatewrightApp};

use super::{app_with, step_until, temp_dir};

/// A callback task: it waits until someone sends its token's result.
const CALLBACK: &str = r#"{"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "https://sqs/approvals", "MessageBody": {"token.$": "$$.Task.Token", "amount.$": "$.amount"}},
    "End": true}"#;

fn write_flow(dir: &Path, name: &str, definition: &str, input: Value) -> PathBuf {
    let flow = dir.join(format!("{name}.asl.json"));
    std::fs::write(&flow, definition).expect("definition");
    std::fs::write(dir.join(format!("{name}.input.json")), input.to_string()).expect("input");
    flow
}

fn result_of(h: &Harness<'static, StatewrightApp>) -> statewright::engine::ExecutionResult {
    h.state().debugger.run.result.clone().expect("finished")
}

fn status_of(h: &Harness<'static, StatewrightApp>, state: &str) -> Option<RunStatus> {
    h.state().debugger.run.statuses.get(state).copied()
}

#[test]
fn a_manual_task_is_answered_from_its_prompt_and_the_answer_is_the_output() {
    let dir = temp_dir("events-manual");
    let definition = format!(r#"{{"StartAt": "Approve", "States": {{"Approve": {CALLBACK}}}}}"#);
    let flow = write_flow(&dir, "approve", &definition, json!({"amount": 120}));
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    step_until(&mut h, "the task to wait", |app| {
        !app.debugger.waiting.is_empty()
    });
    h.run_steps(2);
    h.get_by_label_contains("Task waiting: Approve");
    // The prompt shows the task's input (the effective Parameters).
    h.get_by_label_contains("\"amount\": 120");

    let field = h.get_by_label("Task result JSON");
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Task result JSON")
        .type_text(r#"{"approved": true, "by": "ops"}"#);
    h.run_steps(2);
    h.get_by_label("Send result").click();
    step_until(&mut h, "the run to finish", |app| {
        app.debugger.run.is_finished()
    });
    h.run_steps(2);
    let result = result_of(&h);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!({"approved": true, "by": "ops"}))
    );
    assert!(h.state().debugger.waiting.is_empty());
    assert!(h.query_by_label_contains("Task waiting").is_none());
}

#[test]
fn parallel_waiting_tasks_are_each_answered_and_a_failure_fails_the_execution() {
    let dir = temp_dir("events-parallel");
    let definition = format!(
        r#"{{"StartAt": "Both", "States": {{"Both": {{"Type": "Parallel", "End": true, "Branches": [
            {{"StartAt": "Legal", "States": {{"Legal": {CALLBACK}}}}},
            {{"StartAt": "Finance", "States": {{"Finance": {CALLBACK}}}}}]}}}}}}"#
    );
    let flow = write_flow(&dir, "both", &definition, json!({"amount": 5}));
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    step_until(&mut h, "both tasks to wait", |app| {
        app.debugger.waiting.len() == 2
    });
    h.run_steps(2);
    h.get_by_label_contains("Task waiting: Legal");
    h.get_by_label_contains("Task waiting: Finance");
    assert_eq!(h.get_all_by_label("Send result").count(), 2);

    let finance_first = h.state().debugger.waiting[0].state == "Finance";
    // Answer Legal with a result: its prompt closes, Finance's stays.
    let legal_index = usize::from(finance_first);
    h.get_all_by_label("Send result")
        .nth(legal_index)
        .expect("Legal's button")
        .click();
    step_until(&mut h, "Legal's prompt to close", |app| {
        app.debugger.waiting.len() == 1
    });
    h.run_steps(2);
    assert_eq!(h.state().debugger.waiting[0].state, "Finance");
    assert!(!h.state().debugger.run.is_finished());

    h.get_by_label("Task failure error").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Task failure error")
        .type_text("Budget.Rejected");
    h.get_by_label("Task failure cause").focus();
    h.run_steps(1);
    h.get_by_label("Task failure cause")
        .type_text("over the limit");
    h.run_steps(2);
    h.get_by_label("Send failure").click();
    step_until(&mut h, "the run to finish", |app| {
        app.debugger.run.is_finished()
    });
    let result = result_of(&h);
    assert_eq!(result.status, Status::Failed);
    assert_eq!(result.error.as_deref(), Some("Budget.Rejected"));
    assert_eq!(result.cause.as_deref(), Some("over the limit"));
    assert_eq!(status_of(&h, "Legal"), Some(RunStatus::Succeeded));
    assert_eq!(status_of(&h, "Finance"), Some(RunStatus::Failed));
}

/// Runs the seed sample's InsufficientCredits case and exports its history to `path`.
fn export_seed_history(dir: &Path) -> (PathBuf, Vec<(String, Option<RunStatus>)>) {
    let mut h = app_with(None, dir.join("recovery-live"));
    h.state_mut().debugger.test_case = Some("InsufficientCredits".into());
    h.key_press(Key::F5);
    step_until(&mut h, "the live run", |app| app.debugger.run.is_finished());
    h.run_steps(2);
    let statuses = statewright::ui::all_state_names(&h.state().doc)
        .into_iter()
        .map(|s| {
            let status = status_of(&h, &s);
            (s, status)
        })
        .collect();
    let path = dir.join("seed.history.json");
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportHistory, path.clone()));
    step_until(&mut h, "the export", |_| path.is_file());
    h.run_steps(2);
    (path, statuses)
}

#[test]
fn an_exported_history_imports_and_replays_the_same_statuses() {
    let dir = temp_dir("events-replay");
    let (path, live) = export_seed_history(&dir);
    let text = std::fs::read_to_string(&path).expect("exported");
    let exported: Value = serde_json::from_str(&text).expect("JSON");
    let events = exported["events"].as_array().expect("events");
    assert_eq!(events[0]["type"], "ExecutionStarted");
    assert!(events[0]["executionStartedEventDetails"]["input"].is_string());

    // A fresh app with nothing run: importing replays the history on the diagram.
    let mut h = app_with(None, dir.join("recovery-replay"));
    assert!(!h.state().debugger.has_run());
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ImportHistory, path.clone()));
    step_until(&mut h, "the import", |app| app.debugger.replay.is_some());
    h.run_steps(2);
    // What the diagram draws: the replayed statuses, as after the live run.
    let overlay = h.state().debugger.overlay();
    let drawn = overlay.statuses.expect("statuses on the diagram");
    for (state, status) in &live {
        assert_eq!(drawn.get(state).copied(), *status, "{state}");
    }
    assert_eq!(status_of(&h, "DebitArtistAccount"), Some(RunStatus::Caught));
    assert_eq!(status_of(&h, "FundingFailed"), Some(RunStatus::Failed));
    assert_eq!(status_of(&h, "EvaluateFunding"), None);
    assert_eq!(result_of(&h).status, Status::Failed);
    h.get_by_label_contains("Execution FAILED");
    h.get_by_label_contains("Replaying");

    // Step details: input and output from the history, and the note that stages are unknown.
    h.get_by_label("PrepareDebitRequest").click_accesskit();
    h.run_steps(3);
    h.get_by_label_contains("Replayed from a history file");
    let record = h
        .state()
        .debugger
        .run
        .records
        .get("PrepareDebitRequest")
        .cloned()
        .expect("a record");
    assert_eq!(record.stages.len(), 2);
    let input_bytes = serde_json::to_string(&*record.stages[0].value)
        .expect("json")
        .len();
    h.get_by_label_contains(&format!("Input: {input_bytes} bytes ("));

    // The events table lists every event; the timeline draws.
    h.get_by_label_contains("Events (").click();
    h.run_steps(2);
    h.get_by_label_contains(&format!("{0} of {0} events (imported)", events.len()));
    h.get_by_label("Timeline").click();
    h.run_steps(2);
    assert!(!h.state().debugger.timeline.spans.is_empty());
}

#[test]
fn unknown_event_types_and_malformed_files_are_reported_and_nothing_replays() {
    let dir = temp_dir("events-bad-import");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"events": [{"timestamp": 1, "type": "Teleported", "id": 1}]}"#,
    )
    .expect("write");
    let mut h = app_with(None, dir.join("recovery"));
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ImportHistory, bad));
    step_until(&mut h, "the import error", |app| {
        app.debugger.message.contains("Teleported")
    });
    h.run_steps(2);
    h.get_by_label_contains("unknown event type \"Teleported\"");
    assert!(h.state().debugger.replay.is_none());
    assert!(!h.state().debugger.has_run());
}

#[test]
fn the_events_table_filters_and_a_clicked_event_selects_its_state() {
    let mut h = app_with(None, temp_dir("events-table"));
    h.key_press(Key::F5);
    step_until(&mut h, "the run", |app| app.debugger.run.is_finished());
    h.run_steps(2);
    let total = h.state().debugger.events.len();
    assert!(total > 10, "{total} events");
    assert_eq!(total, result_of(&h).history.len());

    h.get_by_label_contains("Events (").click();
    h.run_steps(2);
    h.get_by_label_contains(&format!("{total} of {total} events"));
    h.get_by_label("Search events").focus();
    h.run_steps(1);
    h.get_by_label("Search events").type_text("TaskSucceeded");
    h.run_steps(2);
    let kept = h.state().debugger.events_view.kept().len();
    assert!(kept >= 1 && kept < total, "{kept} of {total}");
    h.get_by_label_contains(&format!("{kept} of {total} events"));

    // The first TaskSucceeded is DebitArtistAccount's (the only task on the happy path).
    h.get_all_by_label("TaskSucceeded")
        .next()
        .expect("a row")
        .click();
    h.run_steps(3);
    let selected: Vec<String> = h.state().selection.iter().map(|p| p.name.clone()).collect();
    assert_eq!(selected, ["DebitArtistAccount"]);
}

/// A workflow whose only task is answered by a command runner from `NAME.run.json`.
fn runner_flow(dir: &Path) -> PathBuf {
    let flow = write_flow(
        dir,
        "echo",
        r#"{"StartAt": "Echo", "States": {"Echo": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}"#,
        json!({"ping": 1}),
    );
    // The command leaves a marker, so a test sees whether it ran at all.
    let script = format!("touch '{}' && cat", marker(dir).display());
    let config = json!({"tasks": {"Echo": {"command": ["sh", "-c", script]}}});
    std::fs::write(dir.join("echo.run.json"), config.to_string()).expect("run config");
    flow
}

fn marker(dir: &Path) -> PathBuf {
    dir.join("runner-ran.marker")
}

#[test]
fn runners_ask_for_trust_once_per_folder_and_mocks_only_never_runs_them() {
    let dir = temp_dir("events-trust");
    let flow = runner_flow(&dir);
    let mut h = app_with(Some(flow), dir.join("recovery"));
    // Without its runner the task fails instead of asking for its result.
    h.state_mut().debugger.fail_unanswered_tasks = true;
    h.run_steps(5);
    // Opening a workflow runs nothing and asks nothing.
    assert!(!h.state().debugger.has_run());
    assert!(h.state().debugger.trust_request.is_none());
    assert!(h
        .state()
        .debugger
        .run_config_text
        .ends_with("echo.run.json"));

    h.key_press(Key::F5);
    h.run_steps(2);
    h.get_by_label_contains("Trust runners in");
    assert!(
        !h.state().debugger.has_run(),
        "nothing runs before the answer"
    );
    h.get_by_label("Run with mocks only").click();
    step_until(&mut h, "the run", |app| app.debugger.run.is_finished());
    let result = result_of(&h);
    assert_eq!(result.status, Status::Failed);
    assert!(!marker(&dir).exists(), "the command must not run");
    assert!(
        result
            .cause
            .as_deref()
            .is_some_and(|c| c.contains("No task runner answers state 'Echo'")),
        "{:?}",
        result.cause
    );
    let folder = std::fs::canonicalize(&dir).expect("dir");
    assert_eq!(
        h.state().settings.runner_trust.get(&folder),
        Some(&TrustDecision::MocksOnly)
    );

    // Asked once: the next run goes straight ahead with the remembered answer.
    h.key_press(Key::F5);
    h.run_steps(2);
    assert!(h.state().debugger.trust_request.is_none());
    assert!(h.query_by_label_contains("Trust runners in").is_none());
    step_until(&mut h, "the second run", |app| {
        app.debugger.run.is_finished()
    });
    assert_eq!(result_of(&h).status, Status::Failed);

    // The decision survives a restart (it is part of the persisted settings).
    let saved = serde_json::to_string(&h.state().settings).expect("settings");
    let restored: statewright::ui::Settings = serde_json::from_str(&saved).expect("settings");
    assert_eq!(
        restored.runner_trust.get(&folder),
        Some(&TrustDecision::MocksOnly)
    );

    // Forgetting the decision makes the next run ask again.
    h.get_by_label_contains("mocks only");
    h.get_by_label("Forget").click();
    h.run_steps(2);
    assert!(h.state().settings.runner_trust.is_empty());
    h.key_press(Key::F5);
    h.run_steps(2);
    h.get_by_label_contains("Trust runners in");
    assert!(!marker(&dir).exists());
}

#[test]
fn a_trusted_folder_runs_its_command_runner_and_cancel_runs_nothing() {
    let dir = temp_dir("events-trusted");
    let flow = runner_flow(&dir);
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    h.run_steps(2);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().debugger.has_run());
    assert!(h.state().settings.runner_trust.is_empty());
    h.get_by_label_contains("Run cancelled");
    assert!(!marker(&dir).exists());

    h.key_press(Key::F5);
    h.run_steps(2);
    h.get_by_label("Trust").click();
    step_until(&mut h, "the run", |app| app.debugger.run.is_finished());
    let result = result_of(&h);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!({"ping": 1})));
    assert!(marker(&dir).exists(), "the trusted command ran");
}

#[test]
fn map_iterations_waiting_at_once_are_answered_in_turn_with_a_bounded_number_of_prompts() {
    let dir = temp_dir("events-map-prompts");
    let definition = format!(
        r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {{"StartAt": "Approve", "States": {{"Approve": {CALLBACK}}}}},
            "End": true}}}}}}"#
    );
    let items: Vec<Value> = (0..8).map(|i| json!({"amount": i})).collect();
    let flow = write_flow(&dir, "each", &definition, json!({ "items": items }));
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    step_until(&mut h, "every iteration to wait", |app| {
        app.debugger.waiting.len() == 8
    });
    h.run_steps(2);
    assert_eq!(h.get_all_by_label("Send result").count(), 6);
    h.get_by_label_contains("2 more tasks wait");
    for answered in 1..=8 {
        h.get_all_by_label("Send result")
            .next()
            .expect("a prompt")
            .click();
        step_until(&mut h, "the answer", |app| {
            app.debugger.waiting.len() == 8 - answered || app.debugger.run.is_finished()
        });
        h.run_steps(2);
        assert_eq!(
            h.query_all_by_label("Send result").count(),
            (8 - answered).min(6),
            "after {answered} answers"
        );
    }
    step_until(&mut h, "the run to finish", |app| {
        app.debugger.run.is_finished()
    });
    let result = result_of(&h);
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(
        result.output.as_deref(),
        Some(&json!([{}, {}, {}, {}, {}, {}, {}, {}]))
    );
}

/// Runs a sample's test case live, exports its history and imports it into a fresh app:
/// the container's progress after the live run, and the app showing the replay.
fn live_then_replayed(
    sample: &str,
    case: &str,
    container: &str,
) -> (Option<String>, Harness<'static, StatewrightApp>) {
    let dir = temp_dir(&format!("events-replay-{sample}"));
    let samples = crate::support::samples_dir();
    for file in ["asl.json", "input.json", "mock.json"] {
        let name = format!("{sample}.{file}");
        std::fs::copy(samples.join(&name), dir.join(&name)).expect("copy the sample");
    }
    let flow = dir.join(format!("{sample}.asl.json"));
    let mut h = app_with(Some(flow.clone()), dir.join("recovery-live"));
    h.state_mut().debugger.test_case = Some(case.into());
    h.key_press(Key::F5);
    step_until(&mut h, "the live run", |app| app.debugger.run.is_finished());
    h.run_steps(2);
    let live = progress(&h, container);
    let path = dir.join("replayed.history.json");
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportHistory, path.clone()));
    step_until(&mut h, "the export", |_| path.is_file());

    let mut h = app_with(Some(flow), dir.join("recovery-replay"));
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ImportHistory, path));
    step_until(&mut h, "the import", |app| app.debugger.replay.is_some());
    h.run_steps(2);
    (live, h)
}

fn progress(h: &Harness<'static, StatewrightApp>, container: &str) -> Option<String> {
    let scopes = &h.state().debugger.run.scopes;
    scopes.container(container).map(|c| c.summary())
}

#[test]
fn a_replayed_map_history_shows_progress_and_the_iteration_picker_like_the_live_run() {
    let (live, mut h) = live_then_replayed("image-fanout-map", "HappyPath", "ProcessImages");
    assert_eq!(live.as_deref(), Some("4 of 4 iterations"));
    assert_eq!(progress(&h, "ProcessImages"), live);
    // The picker for a state inside the Map, as after a live run.
    h.get_by_label("ResizeImage").click_accesskit();
    h.run_steps(3);
    h.get_by_label_contains("ProcessImages (4 of 4 iterations)");
    h.get_by_label("Pick iteration").click();
    h.run_steps(3);
    assert_eq!(
        h.state().debugger.picks.get("ProcessImages").copied(),
        Some(0)
    );
}

#[test]
fn a_replayed_parallel_history_shows_its_branches_like_the_live_run() {
    let (live, h) = live_then_replayed("parallel-aggregation", "HappyPath", "FetchCustomerContext");
    assert_eq!(live.as_deref(), Some("3 of 3 branches"));
    assert_eq!(progress(&h, "FetchCustomerContext"), live);
}
