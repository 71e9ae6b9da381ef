//! The debugger: run the seed sample with a mock test case, breakpoints with step and
//! continue, and step details whose sizes match the payloads.

use egui::Key;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use statewright::engine::{PauseReason, Status};
use statewright::ui::debugger::RunStatus;
use statewright::ui::StatewrightApp;

use super::{app_with, step_until, temp_dir};

fn status_of(h: &Harness<'static, StatewrightApp>, state: &str) -> Option<RunStatus> {
    h.state().debugger.run.statuses.get(state).copied()
}

fn run_to_end(h: &mut Harness<'static, StatewrightApp>) {
    step_until(h, "the run to finish", |app| app.debugger.run.is_finished());
    h.run_steps(2);
}

fn paused_at(app: &StatewrightApp) -> Option<(String, PauseReason)> {
    app.debugger
        .run
        .paused
        .as_ref()
        .map(|p| (p.state.clone(), p.reason))
}

#[test]
fn the_seed_sample_runs_to_completion_with_happy_path_mocks() {
    let mut h = app_with(None, temp_dir("debug-run"));
    assert_eq!(h.state().debugger.test_case.as_deref(), Some("HappyPath"));
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    for state in [
        "PrepareDebitRequest",
        "InitFundingPoll",
        "DebitArtistAccount",
        "EvaluateFunding",
        "FundingSuccess",
        "SubmissionQueued",
    ] {
        assert_eq!(status_of(&h, state), Some(RunStatus::Succeeded), "{state}");
    }
    for state in ["WaitForCashier", "CheckFundingStatus", "FundingFailed"] {
        assert_eq!(status_of(&h, state), None, "{state} did not run");
    }
    h.get_by_label_contains("Execution SUCCEEDED");
    h.get_by_label_contains("history events");
}

#[test]
fn a_caught_error_is_marked_caught_and_the_failing_end_failed() {
    let mut h = app_with(None, temp_dir("debug-caught"));
    h.state_mut().debugger.test_case = Some("InsufficientCredits".into());
    h.key_press(Key::F5);
    run_to_end(&mut h);
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Failed);
    assert_eq!(status_of(&h, "DebitArtistAccount"), Some(RunStatus::Caught));
    assert_eq!(status_of(&h, "FundingFailed"), Some(RunStatus::Failed));
    assert_eq!(status_of(&h, "EvaluateFunding"), None);
}

#[test]
fn a_breakpoint_pauses_then_step_and_continue_finish_the_run() {
    let mut h = app_with(None, temp_dir("debug-break"));
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    h.key_press(Key::F9);
    h.run_steps(2);
    assert!(h.state().debugger.breakpoints.contains("EvaluateFunding"));

    h.key_press(Key::F5);
    step_until(&mut h, "the breakpoint", |app| {
        paused_at(app).is_some_and(|(s, _)| s == "EvaluateFunding")
    });
    h.run_steps(2);
    assert_eq!(
        paused_at(h.state()),
        Some(("EvaluateFunding".into(), PauseReason::Breakpoint))
    );
    assert_eq!(status_of(&h, "EvaluateFunding"), Some(RunStatus::Paused));
    assert_eq!(
        status_of(&h, "DebitArtistAccount"),
        Some(RunStatus::Succeeded)
    );
    assert_eq!(status_of(&h, "FundingSuccess"), None);
    h.get_by_label_contains("Paused before EvaluateFunding (breakpoint)");

    h.key_press(Key::F10);
    step_until(&mut h, "the step", |app| {
        paused_at(app).is_some_and(|(s, _)| s == "FundingSuccess")
    });
    assert_eq!(
        paused_at(h.state()),
        Some(("FundingSuccess".into(), PauseReason::Step))
    );
    assert_eq!(status_of(&h, "EvaluateFunding"), Some(RunStatus::Succeeded));

    h.get_by_label_contains("Continue").click();
    run_to_end(&mut h);
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Succeeded);
    assert_eq!(
        status_of(&h, "SubmissionQueued"),
        Some(RunStatus::Succeeded)
    );
}

#[test]
fn stop_aborts_a_paused_run() {
    let mut h = app_with(None, temp_dir("debug-stop"));
    h.key_press(Key::F10);
    step_until(&mut h, "the first pause", |app| {
        paused_at(app).is_some_and(|(s, _)| s == "PrepareDebitRequest")
    });
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::F5);
    run_to_end(&mut h);
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Aborted);
}

#[test]
fn step_details_show_each_stage_with_its_byte_size() {
    let mut h = app_with(None, temp_dir("debug-details"));
    h.key_press(Key::F5);
    run_to_end(&mut h);
    h.get_by_label("DebitArtistAccount").click_accesskit();
    h.run_steps(3);
    let record = h
        .state()
        .debugger
        .run
        .records
        .get("DebitArtistAccount")
        .cloned()
        .expect("a step record");
    assert!(record.stages.len() >= 2, "{:?}", record.stages);
    for stage in &record.stages {
        let bytes = serde_json::to_string(&*stage.value).expect("json").len();
        assert_eq!(stage.size_bytes, bytes, "{}", stage.stage.label());
        h.get_by_label_contains(&format!("{}: {bytes} bytes (", stage.stage.label()));
    }
}

#[test]
fn the_state_context_menu_toggles_a_breakpoint() {
    let mut h = app_with(None, temp_dir("debug-context"));
    h.get_by_label("FundingSuccess").click_accesskit();
    h.run_steps(2);
    h.state_mut()
        .queue(statewright::ui::Command::ToggleBreakpoint);
    h.run_steps(2);
    assert!(h.state().debugger.breakpoints.contains("FundingSuccess"));
    let rect = h
        .state()
        .canvas
        .screen_rect_of("FundingSuccess")
        .expect("drawn");
    h.hover_at(rect.center());
    h.run_steps(1);
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(2);
    h.get_by_label("Toggle breakpoint").click();
    h.run_steps(2);
    assert!(!h.state().debugger.breakpoints.contains("FundingSuccess"));
}

#[test]
fn retried_attempts_are_listed_in_the_step_details() {
    let mut h = app_with(None, temp_dir("debug-retry"));
    h.state_mut().debugger.test_case = Some("CashierFlaky".into());
    h.key_press(Key::F5);
    // The retry backs off in real time (a second or two).
    for _ in 0..10 {
        if h.state().debugger.run.is_finished() {
            break;
        }
        step_until(&mut h, "the flaky run", |app| {
            app.debugger.run.is_finished()
        });
    }
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Succeeded);
    h.get_by_label("DebitArtistAccount").click_accesskit();
    h.run_steps(3);
    h.get_by_label_contains("Retry 1: Cashier.ServiceUnavailable");
}

#[test]
fn invalid_input_is_reported_and_does_not_start_a_run() {
    let mut h = app_with(None, temp_dir("debug-input"));
    h.state_mut().debugger.input_text = "{ nope".into();
    h.state_mut().debugger.check_input();
    h.run_steps(2);
    h.get_by_label_contains("Not valid JSON");
    h.key_press(Key::F5);
    h.run_steps(2);
    assert!(!h.state().debugger.has_run());
    h.get_by_label_contains("The input is not valid JSON");
}

#[test]
fn a_large_map_streams_to_completion_without_stalling_the_ui() {
    let dir = temp_dir("debug-flood");
    let flow = dir.join("flood.asl.json");
    std::fs::write(
        &flow,
        r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    )
    .expect("definition");
    let items: Vec<u32> = (0..3_000).collect();
    std::fs::write(
        dir.join("flood.input.json"),
        serde_json::json!({ "items": items }).to_string(),
    )
    .expect("input");
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.key_press(Key::F5);
    let started = std::time::Instant::now();
    let mut frames = 0;
    while !h.state().debugger.run.is_finished() && started.elapsed().as_secs() < 60 {
        h.step();
        frames += 1;
    }
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(status_of(&h, "Fan"), Some(RunStatus::Succeeded));
    assert_eq!(status_of(&h, "Double"), Some(RunStatus::Succeeded));
    assert!(h.state().debugger.run.history_events > 3_000);
    eprintln!(
        "3,000 iterations in {frames} frames, {:?}",
        started.elapsed()
    );
}
