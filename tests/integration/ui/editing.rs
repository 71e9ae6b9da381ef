//! Editing: palette, connect, rename, delete, undo/redo, inspector fields.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use statewright::asl::export;
use statewright::ui::{Command, StatewrightApp};

use super::{app_with, temp_dir};

fn exported(h: &Harness<'static, StatewrightApp>) -> String {
    export::to_json(h.state().doc.machine())
}

fn rename_selected(h: &mut Harness<'static, StatewrightApp>, to: &str) {
    h.get_by_label("State name").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("State name").type_text(to);
    h.key_press(Key::Enter);
    h.run_steps(3);
}

#[test]
fn a_pass_added_from_the_palette_after_the_selection_is_connected() {
    let mut h = app_with(None, temp_dir("palette-add"));
    h.get_by_label("PrepareDebitRequest").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Add a Pass state").click();
    h.run_steps(3);
    rename_selected(&mut h, "Audit");
    let machine = h.state().doc.machine().clone();
    let prepare = machine
        .states
        .get("PrepareDebitRequest")
        .and_then(|s| s.next.clone());
    assert_eq!(prepare.as_deref(), Some("Audit"));
    let audit = machine.states.get("Audit").and_then(|s| s.next.clone());
    assert_eq!(audit.as_deref(), Some("InitFundingPoll"));
    // The new box is on the canvas, findable by its name.
    h.get_by_role_and_label(Role::Button, "Audit");
}

#[test]
fn dragging_from_a_handle_connects_two_states() {
    let mut h = app_with(None, temp_dir("connect"));
    // Accessibility bounds are in diagram units; the canvas knows where it drew each box.
    let canvas = &h.state().canvas;
    let from = canvas.screen_rect_of("FundingSuccess").expect("drawn");
    let to = canvas.screen_rect_of("WaitForCashier").expect("drawn");
    let handle = egui::pos2(from.center().x, from.max.y - 2.0);
    h.drag_at(handle);
    h.run_steps(1);
    h.hover_at(egui::pos2(handle.x, handle.y + 20.0));
    h.run_steps(1);
    h.hover_at(to.center());
    h.run_steps(1);
    h.drop_at(to.center());
    h.run_steps(3);
    let machine = h.state().doc.machine();
    let next = machine
        .states
        .get("FundingSuccess")
        .and_then(|s| s.next.clone());
    assert_eq!(
        next.as_deref(),
        Some("WaitForCashier"),
        "status: {}",
        h.state().status
    );
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    let machine = h.state().doc.machine();
    let next = machine
        .states
        .get("FundingSuccess")
        .and_then(|s| s.next.clone());
    assert_eq!(next.as_deref(), Some("SubmissionQueued"));
}

#[test]
fn renaming_a_state_updates_every_reference_in_the_exported_asl() {
    let mut h = app_with(None, temp_dir("rename"));
    let before = exported(&h);
    let references = before.matches("\"EvaluateFunding\"").count();
    assert!(
        references >= 3,
        "the sample names EvaluateFunding {references} times"
    );
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    rename_selected(&mut h, "CheckFunding");
    let after = exported(&h);
    assert!(!after.contains("EvaluateFunding"), "{after}");
    assert_eq!(after.matches("\"CheckFunding\"").count(), references);
    assert!(statewright::asl::check(after.as_bytes(), None)
        .diagnostics
        .iter()
        .all(|d| !d.is_error()));

    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert_eq!(exported(&h), before);
    h.state_mut().queue(Command::Redo);
    h.run_steps(2);
    assert_eq!(exported(&h), after);
}

#[test]
fn deleting_a_state_reports_the_transitions_that_named_it() {
    let mut h = app_with(None, temp_dir("delete"));
    h.get_by_label("WaitForCashier").click_accesskit();
    h.run_steps(2);
    h.state_mut().queue(Command::Delete);
    h.run_steps(3);
    assert!(!h
        .state()
        .doc
        .machine()
        .states
        .contains_key("WaitForCashier"));
    let dangling = h
        .state()
        .doc
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.message.contains("WaitForCashier"));
    assert!(dangling, "{:?}", h.state().doc.diagnostics);
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert!(h
        .state()
        .doc
        .machine()
        .states
        .contains_key("WaitForCashier"));
    assert_eq!(h.state().doc.error_count(), 0);
}

#[test]
fn an_inspector_field_edit_is_one_undo_step() {
    let mut h = app_with(None, temp_dir("inspector"));
    h.get_by_label("DebitArtistAccount").click_accesskit();
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "TimeoutSeconds")
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "TimeoutSeconds")
        .type_text("45");
    h.run_steps(3);
    assert!(exported(&h).contains("\"TimeoutSeconds\": 45"));
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert!(exported(&h).contains("\"TimeoutSeconds\": 30"));
}

#[test]
fn the_choice_rule_builder_adds_a_rule() {
    let mut h = app_with(None, temp_dir("rule"));
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    let rules_before = exported(&h).matches("\"Variable\"").count();
    h.get_by_label("Rule variable 1").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Rule variable 1").type_text("$.priority");
    h.get_by_label("Rule value 1").focus();
    h.run_steps(1);
    h.get_by_label("Rule value 1").type_text("high");
    h.run_steps(1);
    h.get_by_label("Add rule").click();
    h.run_steps(3);
    let after = exported(&h);
    assert_eq!(after.matches("\"Variable\"").count(), rules_before + 1);
    assert!(after.contains("\"Variable\": \"$.priority\""), "{after}");
    assert!(after.contains("\"StringEquals\": \"high\""));
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert!(!exported(&h).contains("$.priority"));
}

#[test]
fn a_state_type_dragged_from_the_palette_onto_the_canvas_is_added_there() {
    let mut h = app_with(None, temp_dir("palette-drag"));
    let button = h.get_by_label("Add a Wait state").rect();
    let area = h.state().canvas.screen_area();
    let target = egui::pos2(area.min.x + 60.0, area.max.y - 60.0);
    h.drag_at(button.center());
    h.run_steps(1);
    for step in 1..=5 {
        let t = step as f32 / 5.0;
        h.hover_at(button.center() + (target - button.center()) * t);
        h.run_steps(1);
    }
    h.drop_at(target);
    h.run_steps(3);
    let machine = h.state().doc.machine();
    assert!(
        machine.states.contains_key("Wait"),
        "status: {}",
        h.state().status
    );
    let placed = h.state().canvas.screen_rect_of("Wait").expect("drawn");
    assert!(
        placed.center().distance(target) < 80.0,
        "{placed:?} vs {target:?}"
    );
}

#[test]
fn a_state_type_dropped_on_an_edge_is_inserted_into_it() {
    let mut h = app_with(None, temp_dir("edge-drop"));
    let canvas = &h.state().canvas;
    let above = canvas.screen_rect_of("PrepareDebitRequest").expect("drawn");
    let below = canvas.screen_rect_of("InitFundingPoll").expect("drawn");
    let target = egui::pos2(above.center().x, (above.max.y + below.min.y) / 2.0);
    let button = h.get_by_label("Add a Task state").rect();
    h.drag_at(button.center());
    h.run_steps(1);
    for step in 1..=5 {
        let t = step as f32 / 5.0;
        h.hover_at(button.center() + (target - button.center()) * t);
        h.run_steps(1);
    }
    h.drop_at(target);
    h.run_steps(3);
    let machine = h.state().doc.machine();
    let next = |name: &str| machine.states.get(name).and_then(|s| s.next.clone());
    assert_eq!(
        next("PrepareDebitRequest").as_deref(),
        Some("Task"),
        "{}",
        h.state().status
    );
    assert_eq!(next("Task").as_deref(), Some("InitFundingPoll"));
}
