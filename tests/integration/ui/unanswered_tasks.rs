//! A task that no mock or run configuration answers: the debugger asks for its result by
//! default, and fails it (as `statewright run` does) when asking is switched off.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use serde_json::json;
use statewright::engine::Status;
use statewright::ui::StatewrightApp;

use super::{app_with, step_until, temp_dir};

fn charge_flow(name: &str) -> Harness<'static, StatewrightApp> {
    let dir = temp_dir(name);
    let flow = dir.join("charge.asl.json");
    let definition = json!({"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:1:function:charge", "End": true}}});
    std::fs::write(&flow, definition.to_string()).expect("definition");
    std::fs::write(dir.join("charge.input.json"), r#"{"amount": 3}"#).expect("input");
    app_with(Some(flow), dir.join("recovery"))
}

#[test]
fn a_task_without_a_runner_prompts_for_its_result_and_takes_the_answer() {
    let mut h = charge_flow("unanswered-ask");
    h.key_press(Key::F5);
    step_until(&mut h, "the task to wait", |app| {
        !app.debugger.waiting.is_empty()
    });
    h.run_steps(2);
    h.get_by_label_contains("Task waiting: Charge");
    h.get_by_label("Task result JSON").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Task result JSON")
        .type_text(r#"{"charged": 3}"#);
    h.run_steps(2);
    h.get_by_label("Send result").click();
    step_until(&mut h, "the run to finish", |app| {
        app.debugger.run.is_finished()
    });
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!({"charged": 3})));
}

#[test]
fn switched_off_a_task_without_a_runner_fails_with_the_reason() {
    let mut h = charge_flow("unanswered-fail");
    h.run_steps(2);
    h.get_by_label("Ask for unanswered tasks").click();
    h.run_steps(2);
    assert!(h.state().debugger.fail_unanswered_tasks);
    h.key_press(Key::F5);
    step_until(&mut h, "the run to finish", |app| {
        app.debugger.run.is_finished()
    });
    let result = h.state().debugger.run.result.clone().expect("finished");
    assert_eq!(result.status, Status::Failed);
    assert!(result
        .cause
        .unwrap_or_default()
        .contains("No task runner answers state 'Charge'"));
}
