//! Modal questions: unsaved edits, external changes, crash recovery, and the typed-path field.

use std::path::PathBuf;

use super::command::Command;
use super::io::Purpose;
use super::recovery::Snapshot;

/// A question the app waits on.
#[derive(Debug)]
pub enum Prompt {
    /// Unsaved edits would be lost by `then`.
    Unsaved {
        /// What the user asked for.
        then: Command,
    },
    /// The open file changed on disk while there are unsaved edits.
    ExternalChange {
        /// The file's new contents.
        bytes: Vec<u8>,
    },
    /// A previous session left unsaved edits behind.
    Recover(Snapshot),
    /// No file dialog is available: type a path instead.
    Path {
        /// What the path is for.
        purpose: Purpose,
        /// The path being typed.
        text: String,
    },
    /// A message to acknowledge (an error while saving, for instance).
    Message(String),
}

/// The user's answer to a prompt.
#[derive(Debug)]
pub enum Answer {
    /// Save first, then run the command.
    SaveThen(Command),
    /// Drop the unsaved edits and run the command.
    DiscardThen(Command),
    /// Replace the document with the file's new contents.
    Reload(Vec<u8>),
    /// Restore the recovered edits.
    Restore(Snapshot),
    /// Delete the recovery file.
    DiscardRecovery,
    /// A path was typed.
    PathChosen(Purpose, PathBuf),
    /// Close the prompt without doing anything.
    Dismiss,
}

impl Prompt {
    /// Shows the prompt as a modal dialog; returns the answer once given.
    pub fn prompt_ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let modal = egui::Modal::new(egui::Id::new("statewright_prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            self.body_ui(ui)
        });
        if modal.should_close() {
            return Some(Answer::Dismiss);
        }
        modal.inner
    }

    fn body_ui(&mut self, ui: &mut egui::Ui) -> Option<Answer> {
        let mut answer = None;
        match self {
            Prompt::Unsaved { then } => {
                ui.heading("Unsaved changes");
                ui.label("The workflow has unsaved changes. Save them first?");
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some(Answer::SaveThen(then.clone()));
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(Answer::DiscardThen(then.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(Answer::Dismiss);
                    }
                });
            }
            Prompt::ExternalChange { bytes } => {
                ui.heading("File changed on disk");
                ui.label("The file was changed by another program, and you have unsaved edits.");
                ui.horizontal(|ui| {
                    if ui.button("Reload from disk").clicked() {
                        answer = Some(Answer::Reload(std::mem::take(bytes)));
                    }
                    if ui.button("Keep my edits").clicked() {
                        answer = Some(Answer::Dismiss);
                    }
                });
            }
            Prompt::Recover(snapshot) => {
                ui.heading("Recover unsaved edits?");
                let from = snapshot
                    .path
                    .as_ref()
                    .map_or("an unsaved workflow".to_owned(), |p| {
                        p.display().to_string()
                    });
                ui.label(format!(
                    "Statewright did not close cleanly. Unsaved edits of {from} were kept."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        answer = Some(Answer::Restore(snapshot.clone()));
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(Answer::DiscardRecovery);
                    }
                });
            }
            Prompt::Path { purpose, text } => {
                ui.heading(purpose.title());
                ui.label("No file dialog is available here; type the path.");
                let field = ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text("/path/to/workflow.asl.json")
                        .desired_width(f32::INFINITY),
                );
                // Typing goes to the field without a click first: focus it on the first
                // frame the prompt shows (only then, or Enter could never take focus away).
                let shown_id = egui::Id::new("path_prompt_last_frame");
                let frame = ui.ctx().cumulative_frame_nr();
                let last = ui.ctx().data_mut(|d| d.get_temp::<u64>(shown_id));
                ui.ctx().data_mut(|d| d.insert_temp(shown_id, frame));
                if last.is_none_or(|l| l + 1 < frame) {
                    field.request_focus();
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let ok = ui.button("OK").clicked() || enter;
                    if ok && !text.trim().is_empty() {
                        answer = Some(Answer::PathChosen(*purpose, PathBuf::from(text.trim())));
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(Answer::Dismiss);
                    }
                });
            }
            Prompt::Message(message) => {
                ui.label(message.as_str());
                if ui.button("OK").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            }
        }
        answer
    }
}
