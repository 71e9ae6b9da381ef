//! Files: save, export, recovery after a crash.

use egui_kittest::kittest::Queryable as _;
use statewright::asl::{check, Format};
use statewright::ui::{Answer, Command, Prompt, Purpose};

use super::{app_with, comment_of, step_until, temp_dir};

#[test]
fn save_as_and_export_write_the_definition() {
    let dir = temp_dir("save");
    let mut h = app_with(None, dir.join("recovery"));
    let saved = dir.join("flow.asl.json");
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::SaveAs, saved.clone()));
    step_until(&mut h, "save", |app| {
        !app.doc.dirty && app.doc.path.is_some()
    });
    let text = std::fs::read_to_string(&saved).expect("saved file");
    let parsed = check(text.as_bytes(), None);
    let machine = parsed.machine.expect("saved ASL parses");
    assert!(machine.states.contains_key("DebitArtistAccount"));

    let yaml = dir.join("flow.asl.yaml");
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportYaml, yaml.clone()));
    step_until(&mut h, "export", |_| yaml.exists());
    let text = std::fs::read_to_string(&yaml).expect("exported file");
    let parsed = check(text.as_bytes(), Some(Format::Yaml));
    assert_eq!(parsed.machine, Some(machine));
}

#[test]
fn a_dialog_without_backend_falls_back_to_a_path_field() {
    let mut h = app_with(None, temp_dir("nobackend"));
    h.state_mut().prompt = Some(Prompt::Path {
        purpose: Purpose::Open,
        text: String::new(),
    });
    h.run_steps(2);
    h.get_by_label("OK");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().prompt.is_none());
}

#[test]
fn unsaved_edits_are_offered_back_after_a_crash() {
    let recovery = temp_dir("recovery");
    let mut h = app_with(None, recovery.clone());
    let text = h
        .state()
        .doc
        .text
        .replace("Submissions service", "Crashed service");
    h.state_mut().doc.set_text(text);
    step_until(&mut h, "autosave", |_| {
        recovery.join("recovery.json").exists()
    });
    // The app dies without a clean exit: the harness is dropped, nothing is cleared.
    std::mem::forget(h);

    let mut h = app_with(None, recovery.clone());
    assert!(matches!(h.state().prompt, Some(Prompt::Recover(_))));
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let comment = comment_of(&h);
    assert!(comment.starts_with("Crashed service"), "{comment}");
    assert!(h.state().doc.dirty);
    h.state_mut().queue(Command::New);
    h.run_steps(1);
}

#[test]
fn a_moved_box_is_saved_in_the_sidecar_not_in_the_asl() {
    let dir = temp_dir("sidecar");
    let definition = dir.join("flow.asl.json");
    std::fs::write(&definition, statewright::ui::SEED_SAMPLE).expect("write sample");
    let mut h = app_with(Some(definition.clone()), dir.join("recovery"));
    let r = h
        .state()
        .canvas
        .screen_rect_of("WaitForCashier")
        .expect("drawn");
    let start = r.center();
    h.drag_at(start);
    h.run_steps(1);
    for step in 1..=4 {
        h.hover_at(start + egui::vec2(30.0 * step as f32, 0.0));
        h.run_steps(1);
    }
    h.drop_at(start + egui::vec2(120.0, 0.0));
    h.run_steps(3);
    assert!(
        h.state().doc.dirty,
        "a move is an edit: {}",
        h.state().status
    );
    let moved = h
        .state()
        .canvas
        .screen_rect_of("WaitForCashier")
        .expect("drawn");
    assert!(moved.center().x > start.x + 50.0, "{moved:?} vs {r:?}");

    h.state_mut().queue(Command::Save);
    step_until(&mut h, "save", |app| !app.doc.dirty);
    let sidecar = dir.join("flow.statewright.json");
    let positions = std::fs::read_to_string(&sidecar).expect("sidecar written");
    assert!(positions.contains("/States/WaitForCashier"), "{positions}");
    let asl = std::fs::read_to_string(&definition).expect("definition");
    assert!(
        !asl.contains("statewright") && !asl.contains("\"x\""),
        "ASL only: {asl}"
    );

    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    let back = h
        .state()
        .canvas
        .screen_rect_of("WaitForCashier")
        .expect("drawn");
    assert!((back.center().x - start.x).abs() < 2.0, "undo puts it back");
}

#[test]
fn a_file_changed_on_disk_is_reloaded_and_asks_first_when_dirty() {
    let dir = temp_dir("reload");
    let definition = dir.join("flow.asl.json");
    std::fs::write(&definition, statewright::ui::SEED_SAMPLE).expect("write sample");
    let mut h = app_with(Some(definition.clone()), dir.join("recovery"));
    let changed = statewright::ui::SEED_SAMPLE.replace("Submissions service", "Changed outside");
    std::fs::write(&definition, &changed).expect("external write");
    step_until(&mut h, "reload", |app| {
        app.doc
            .design
            .machine
            .comment
            .as_deref()
            .is_some_and(|c| c.starts_with("Changed outside"))
    });
    assert!(!h.state().doc.dirty);

    let text = h.state().doc.text.replace("Changed outside", "Mine");
    h.state_mut().doc.set_text(text);
    std::fs::write(&definition, statewright::ui::SEED_SAMPLE).expect("second external write");
    step_until(&mut h, "prompt", |app| {
        matches!(app.prompt, Some(Prompt::ExternalChange { .. }))
    });
    h.get_by_label("Keep my edits").click();
    h.run_steps(2);
    let comment = comment_of(&h);
    assert!(comment.starts_with("Mine"), "{comment}");
}

#[test]
fn opening_over_unsaved_edits_asks_first() {
    let mut h = app_with(None, temp_dir("open-over"));
    let text = h.state().doc.text.replace("Submissions service", "Unsaved");
    h.state_mut().doc.set_text(text);
    let other = crate::support::samples_dir().join("choice-router.asl.json");
    h.state_mut().queue(Command::OpenPath(other.clone()));
    h.run_steps(2);
    assert!(matches!(h.state().prompt, Some(Prompt::Unsaved { .. })));
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().doc.path.is_none(), "cancel keeps the document");
    h.state_mut().queue(Command::OpenPath(other.clone()));
    h.run_steps(2);
    h.get_by_label("Discard").click();
    step_until(&mut h, "open", |app| {
        app.doc.path.as_deref() == Some(other.as_path())
    });
    assert!(!h.state().doc.dirty);
}
