//! The shell: opening samples, commands, the code view and undo/redo.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use statewright::asl::export;
use statewright::ui::Command;

use super::{app_with, comment_of, temp_dir};
use crate::support::samples_dir;

#[test]
fn opens_the_seed_sample_without_a_file() {
    let mut h = app_with(None, temp_dir("seed"));
    h.run_steps(2);
    assert!(h
        .state()
        .doc
        .design
        .machine
        .states
        .contains_key("PrepareDebitRequest"));
    h.get_by_label_contains("PrepareDebitRequest");
    assert!(
        h.state().prompt.is_none(),
        "no recovery offered on a clean start"
    );
}

#[test]
fn opens_a_sample_file_given_on_the_command_line() {
    let path = samples_dir().join("choice-router.asl.json");
    let mut h = app_with(Some(path.clone()), temp_dir("open"));
    h.run_steps(2);
    assert_eq!(h.state().doc.path.as_deref(), Some(path.as_path()));
    assert!(
        h.state().doc.error_count() == 0,
        "{:?}",
        h.state().doc.diagnostics
    );
    assert!(!h.state().doc.dirty);
}

#[test]
fn editing_the_code_view_changes_the_model_and_undo_redo_restore_it() {
    let mut h = app_with(None, temp_dir("code"));
    let renamed = h.state().doc.text.replace(
        "\"Comment\": \"Submissions service",
        "\"Comment\": \"Edited service",
    );
    let editor = h.get_by_label("Definition code");
    editor.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Definition code").type_text(&renamed);
    h.run_steps(3);
    let comment = comment_of(&h);
    assert!(comment.starts_with("Edited service"), "{comment}");
    assert!(h.state().doc.dirty);

    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    let comment = comment_of(&h);
    assert!(comment.starts_with("Submissions service"), "{comment}");
    h.state_mut().queue(Command::Redo);
    h.run_steps(2);
    let exported = export::to_json(&h.state().doc.design.machine);
    assert!(exported.contains("Edited service"));
}

#[test]
fn invalid_code_keeps_the_last_valid_model_and_shows_the_error_line() {
    let mut h = app_with(None, temp_dir("invalid"));
    let states = h.state().doc.design.machine.states.len();
    let editor = h.get_by_label("Definition code");
    editor.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Definition code")
        .type_text("{\n  \"StartAt\": ,\n}");
    h.run_steps(3);
    assert!(!h.state().doc.text_valid);
    assert_eq!(h.state().doc.design.machine.states.len(), states);
    h.get_by_label_contains("Line 2:");
}

#[test]
fn the_command_palette_runs_a_command() {
    let mut h = app_with(None, temp_dir("palette"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run_steps(2);
    h.get_by_label("Command search").type_text("theme");
    h.run_steps(2);
    h.get_by_label_contains("Toggle dark/light theme").click();
    h.run_steps(2);
    assert_eq!(
        h.state().settings.theme,
        statewright::ui::theme::ThemeChoice::Light
    );
}
