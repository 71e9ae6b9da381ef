//! The workflow being edited: its model, its text, its diagnostics and its undo history.

use std::path::{Path, PathBuf};

use super::history::{History, Step};
use crate::asl::{check, export, Code, Diagnostic, Format, StateMachine};
use crate::graph::edit::{apply, Design, Edit, EditError};
use crate::graph::{MachinePath, Positions};

/// The built-in sample opened when no file is given.
pub const SEED_SAMPLE: &str = include_str!("../../sample-workflows/demo-submission.asl.json");

/// A loaded workflow.
pub struct Document {
    /// Where it is saved; `None` for the sample and new workflows.
    pub path: Option<PathBuf>,
    /// Title for the window and tabs.
    pub title: String,
    /// The format it is saved and shown in.
    pub format: Format,
    /// The last valid model and the user's node positions (kept while the text does not parse).
    pub design: Design,
    /// The definition as text (the code view edits this).
    pub text: String,
    /// False while `text` does not parse into a model.
    pub text_valid: bool,
    /// Every problem of `text`, with lines and columns.
    pub diagnostics: Vec<Diagnostic>,
    /// Unsaved edits exist.
    pub dirty: bool,
    /// Bumped on every model change (caches key on it).
    pub revision: u64,
    /// The text last read from or written to `path` (to spot external changes).
    pub saved_text: String,
    history: History,
}

impl Document {
    /// Parses definition text; text that does not parse stays editable with its errors.
    pub fn from_text(title: String, path: Option<PathBuf>, text: String) -> Self {
        let hint = path.as_deref().and_then(crate::cli::format_from_extension);
        let parsed = check(text.as_bytes(), hint);
        let format = parsed.format.or(hint).unwrap_or(Format::Json);
        let text_valid = parsed.machine.is_some();
        Document {
            path,
            title,
            format,
            design: Design::new(parsed.machine.unwrap_or_default()),
            saved_text: text.clone(),
            text,
            text_valid,
            diagnostics: parsed.diagnostics,
            dirty: false,
            revision: 0,
            history: History::default(),
        }
    }

    /// A document for a file that could not be read.
    pub fn unreadable(path: &Path, error: &str) -> Self {
        let mut doc = Document::from_text(path.display().to_string(), None, String::new());
        doc.diagnostics = vec![Diagnostic::new(
            Code::SyntaxError,
            "",
            format!("cannot read {}: {error}", path.display()),
        )];
        doc
    }

    /// Opens a file (synchronously: for start-up and tests; the app reads files off-thread).
    pub fn open(path: &Path) -> Self {
        match std::fs::read(path) {
            Ok(bytes) => {
                let positions = Positions::load_for(path).ok().flatten();
                Document::from_file(path, &bytes, positions)
            }
            Err(e) => Document::unreadable(path, &e.to_string()),
        }
    }

    /// A document from a file's bytes and its positions sidecar.
    pub fn from_file(path: &Path, bytes: &[u8], positions: Option<Positions>) -> Self {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut doc = Document::from_text(path.display().to_string(), Some(path.to_owned()), text);
        doc.design.positions = positions.unwrap_or_default();
        doc
    }

    /// The model.
    pub fn machine(&self) -> &StateMachine {
        &self.design.machine
    }

    /// The built-in demo-submission sample.
    pub fn seed_sample() -> Self {
        Document::from_text(
            "demo-submission (sample)".to_owned(),
            None,
            SEED_SAMPLE.to_owned(),
        )
    }

    /// An empty workflow with one Pass state.
    pub fn new_empty() -> Self {
        let text = "{\n  \"StartAt\": \"Start\",\n  \"States\": {\n    \"Start\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n";
        let mut doc = Document::from_text("untitled".to_owned(), None, text.to_owned());
        doc.saved_text.clear();
        doc
    }

    /// The code view changed the text: reparse, and adopt the model if the text parses.
    pub fn set_text(&mut self, text: String) {
        if text == self.text {
            return;
        }
        self.text = text;
        self.dirty = true;
        let parsed = check(self.text.as_bytes(), Some(self.format));
        self.diagnostics = parsed.diagnostics;
        self.text_valid = parsed.machine.is_some();
        if let Some(machine) = parsed.machine {
            if machine != self.design.machine {
                let edit = Edit::ReplaceMachine {
                    machine: MachinePath::root(),
                    new: Box::new(machine),
                };
                // The text is the user's; only the model follows it.
                if self.commit(edit, Some("code")).is_ok() {
                    self.revision += 1;
                }
            }
        }
    }

    /// Applies a graph edit (canvas, inspector, commands): records undo and rewrites the text.
    pub fn apply(&mut self, edit: Edit, key: Option<&str>) -> Result<usize, EditError> {
        if key.is_none() {
            self.history.seal();
        }
        let dangling = self.commit(edit, key)?;
        self.model_changed();
        Ok(dangling)
    }

    /// Applies and records an edit; returns how many transitions it left dangling.
    fn commit(&mut self, edit: Edit, key: Option<&str>) -> Result<usize, EditError> {
        let label = edit.label();
        let applied = apply(&mut self.design, edit)?;
        self.history.record(Step {
            label,
            inverse: applied.inverse,
            key: key.map(str::to_owned),
        });
        self.dirty = true;
        Ok(applied.dangling.len())
    }

    /// Undoes the last step; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        self.history.seal();
        let Some(step) = self.history.pop_undo() else {
            return false;
        };
        match apply(&mut self.design, step.inverse) {
            Ok(applied) => {
                self.history.push_redo(Step {
                    label: step.label,
                    inverse: applied.inverse,
                    key: None,
                });
                self.model_changed();
                true
            }
            Err(_) => false,
        }
    }

    /// Redoes the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.history.pop_redo() else {
            return false;
        };
        match apply(&mut self.design, step.inverse) {
            Ok(applied) => {
                self.history.push_undo(Step {
                    label: step.label,
                    inverse: applied.inverse,
                    key: None,
                });
                self.model_changed();
                true
            }
            Err(_) => false,
        }
    }

    /// The undo stack's labels, for menus.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Ends coalescing of typing in the code view.
    pub fn seal_history(&mut self) {
        self.history.seal();
    }

    /// Re-runs the validator over the current text.
    pub fn revalidate(&mut self) {
        let parsed = check(self.text.as_bytes(), Some(self.format));
        self.diagnostics = parsed.diagnostics;
    }

    /// The definition in `format` (canonical export of the model).
    pub fn export(&self, format: Format) -> Result<String, String> {
        export::to_format(&self.design.machine, format).map_err(|e| e.to_string())
    }

    /// Marks the document saved to `path` with `text`.
    pub fn mark_saved(&mut self, path: PathBuf, text: String) {
        if let Some(f) = crate::cli::format_from_extension(&path) {
            self.format = f;
        }
        self.title = path.display().to_string();
        self.path = Some(path);
        self.saved_text = text;
        self.dirty = false;
    }

    /// The text to write when saving: the code text if it does not parse, else the canonical export.
    pub fn text_for_save(&self) -> String {
        if self.text_valid {
            self.export(self.format)
                .unwrap_or_else(|_| self.text.clone())
        } else {
            self.text.clone()
        }
    }

    /// Number of error-severity diagnostics.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn model_changed(&mut self) {
        self.revision += 1;
        self.dirty = true;
        self.text = match self.export(self.format) {
            Ok(text) => text,
            Err(_) => export::to_json(&self.design.machine),
        };
        self.text_valid = true;
        self.revalidate();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_text_keeps_the_last_valid_model() {
        let mut doc = Document::seed_sample();
        let states = doc.machine().states.len();
        doc.set_text("{ \"StartAt\": ".into());
        assert!(!doc.text_valid);
        assert_eq!(doc.machine().states.len(), states);
        assert!(doc.error_count() > 0);
    }
}
