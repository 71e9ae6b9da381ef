//! The unsaved-edits prompt: closing the window or opening another file over unsaved edits.

use egui::{ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use statewright::ui::{Command, Prompt, StatewrightApp};

use super::{app_with, comment_of, step_until, temp_dir};
use crate::support::samples_dir;

/// The seed sample saved in a fresh directory, opened, with its Comment edited (unsaved).
fn edited_file(name: &str) -> (Harness<'static, StatewrightApp>, std::path::PathBuf) {
    let dir = temp_dir(name);
    let path = dir.join("flow.asl.json");
    std::fs::write(&path, statewright::ui::SEED_SAMPLE).expect("write sample");
    let mut h = app_with(Some(path.clone()), dir.join("recovery"));
    let text = h
        .state()
        .doc
        .text
        .replace("Submissions service", "Unsaved edit");
    h.state_mut().doc.set_text(text);
    h.run_steps(1);
    assert!(h.state().doc.dirty);
    (h, path)
}

/// Asks the window to close, as the title bar's close button does.
fn request_close(h: &mut Harness<'static, StatewrightApp>) {
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
    assert!(
        !h.state().doc.dirty || cancelled_close(h),
        "a dirty document holds the close back"
    );
    h.run_steps(2);
}

/// Clicks the prompt's Save button: the toolbar has one too, at the top of the window; the
/// prompt sits in the middle.
fn click_prompt_save(h: &mut Harness<'static, StatewrightApp>) {
    h.get_all_by_label("Save")
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the prompt's Save button")
        .click();
}

/// True if the app told the window to close in the last frame.
fn sent_close(h: &Harness<'static, StatewrightApp>) -> bool {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&ViewportCommand::Close))
}

/// True if the app vetoed a close request in the last frame.
fn cancelled_close(h: &Harness<'static, StatewrightApp>) -> bool {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&ViewportCommand::CancelClose))
}

#[test]
fn closing_with_unsaved_edits_asks_and_cancel_keeps_the_app_and_the_edit() {
    let (mut h, path) = edited_file("close-cancel");
    request_close(&mut h);
    assert!(matches!(
        h.state().prompt,
        Some(Prompt::Unsaved {
            then: Command::Quit
        })
    ));
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().prompt.is_none());
    assert!(!sent_close(&h));
    assert!(h.state().doc.dirty, "the edit is still unsaved");
    assert!(comment_of(&h).starts_with("Unsaved edit"));
    let on_disk = std::fs::read_to_string(&path).expect("file");
    assert!(!on_disk.contains("Unsaved edit"), "cancel writes nothing");
}

/// Steps until the app tells the window to close; false if it never does.
fn closes_within_steps(h: &mut Harness<'static, StatewrightApp>) -> bool {
    for _ in 0..200 {
        h.step();
        if sent_close(h) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    false
}

#[test]
fn closing_with_unsaved_edits_and_discard_closes_without_writing() {
    let (mut h, path) = edited_file("close-discard");
    request_close(&mut h);
    h.get_by_label("Discard").click();
    assert!(closes_within_steps(&mut h), "discard closes the window");
    let on_disk = std::fs::read_to_string(&path).expect("file");
    assert!(!on_disk.contains("Unsaved edit"), "discard writes nothing");
}

#[test]
fn closing_with_unsaved_edits_and_save_writes_then_closes() {
    let (mut h, path) = edited_file("close-save");
    request_close(&mut h);
    click_prompt_save(&mut h);
    assert!(closes_within_steps(&mut h), "save then closes the window");
    let on_disk = std::fs::read_to_string(&path).expect("file");
    assert!(
        on_disk.contains("Unsaved edit"),
        "the edit was saved: {on_disk}"
    );
    assert!(!h.state().doc.dirty);
}

#[test]
fn closing_without_unsaved_edits_does_not_ask() {
    let mut h = app_with(None, temp_dir("close-clean"));
    request_close(&mut h);
    assert!(h.state().prompt.is_none());
}

#[test]
fn opening_another_file_over_unsaved_edits_and_save_writes_then_opens() {
    let (mut h, path) = edited_file("open-save");
    let other = samples_dir().join("choice-router.asl.json");
    h.state_mut().queue(Command::OpenPath(other.clone()));
    h.run_steps(3);
    assert!(matches!(h.state().prompt, Some(Prompt::Unsaved { .. })));
    click_prompt_save(&mut h);
    step_until(&mut h, "the other file to open", |app| {
        app.doc.path.as_deref() == Some(other.as_path())
    });
    let on_disk = std::fs::read_to_string(&path).expect("file");
    assert!(on_disk.contains("Unsaved edit"), "saved before opening");
    assert!(!h.state().doc.dirty);
}
