//! Named execution inputs saved beside the workflow in `NAME.inputs.json`, an object of
//! `{"name": input, ...}` in the user's order. `NAME.input.json` stays the default input that
//! the samples and `statewright run` use; the named ones are extra. Switching between inputs
//! never loses typed text: an edited input keeps its edits as a draft until switched back to.
//! Files are written atomically on a background thread, newest write last.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

/// The named inputs of one workflow and which one the editor shows.
#[derive(Debug, Default)]
pub struct NamedInputs {
    /// `NAME.inputs.json` beside the workflow; `None` until the workflow is saved.
    file: Option<PathBuf>,
    /// Set when the file exists but cannot be used: nothing is written over it then.
    pub load_error: Option<String>,
    entries: Map<String, Value>,
    /// The input the editor text came from; `None` for unnamed text.
    pub selected: Option<String>,
    /// Edited text of inputs switched away from, by selection.
    drafts: HashMap<Option<String>, String>,
    /// The name typed for Save as / Rename.
    pub name_text: String,
    writer: InputsWriter,
}

/// What the user asked for in the named-input row, applied after it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputAction {
    Select(Option<String>),
    SaveAs(String),
    Rename(String),
    Delete,
}

/// `NAME.inputs.json` beside `workflow` (NAME is the file name before its first dot).
pub fn inputs_file(workflow: &Path) -> Option<PathBuf> {
    let file = workflow.file_name()?.to_str()?;
    let name = file.split('.').next().unwrap_or(file);
    Some(workflow.parent()?.join(format!("{name}.inputs.json")))
}

impl NamedInputs {
    /// The named inputs of `workflow` (none for an unsaved one); a broken file is reported
    /// and left alone.
    pub fn load(workflow: Option<&Path>) -> NamedInputs {
        let mut inputs = NamedInputs {
            file: workflow.and_then(inputs_file),
            ..NamedInputs::default()
        };
        let Some(file) = &inputs.file else {
            return inputs;
        };
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return inputs,
            Err(e) => {
                inputs.load_error = Some(format!("Cannot read {}: {e}", file.display()));
                return inputs;
            }
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(entries)) => inputs.entries = entries,
            Ok(_) => {
                inputs.load_error = Some(format!(
                    "{}: expected an object of named inputs",
                    file.display()
                ))
            }
            Err(e) => inputs.load_error = Some(format!("{}: not JSON: {e}", file.display())),
        }
        inputs
    }

    /// The names, in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The file the inputs are saved in.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether `name` has edits not saved: the shown text for the selected input, a kept
    /// draft for the others (unnamed text is never "edited": it has nothing saved).
    pub fn is_edited(&self, name: &Option<String>, shown: &str) -> bool {
        if *name != self.selected {
            return name.is_some() && self.drafts.contains_key(name);
        }
        name.as_ref()
            .and_then(|n| self.entries.get(n))
            .is_some_and(|saved| !same_json(shown, saved))
    }

    /// Applies `action` to the inputs and the editor's `text`; a message for the run panel
    /// when it was refused.
    pub fn apply(&mut self, action: InputAction, text: &mut String) -> Result<(), String> {
        match action {
            InputAction::Select(name) => {
                self.select(name, text);
                Ok(())
            }
            InputAction::SaveAs(name) => self.save_as(&name, text),
            InputAction::Rename(name) => self.rename(&name),
            InputAction::Delete => self.delete(),
        }
    }

    /// Shows `name`'s input (its draft if it was edited); the current text becomes a draft
    /// when it differs from what is saved under the current selection.
    fn select(&mut self, name: Option<String>, text: &mut String) {
        if name == self.selected {
            return;
        }
        let saved = self.selected.as_ref().and_then(|n| self.entries.get(n));
        let keep = saved.is_none_or(|saved| !same_json(text, saved));
        let current = self.selected.take();
        if keep {
            self.drafts.insert(current, std::mem::take(text));
        } else {
            self.drafts.remove(&current);
        }
        *text = match self.drafts.remove(&name) {
            Some(draft) => draft,
            None => name
                .as_ref()
                .and_then(|n| self.entries.get(n))
                .map(pretty)
                .unwrap_or_default(),
        };
        if let Some(n) = &name {
            self.name_text = n.clone();
        }
        self.selected = name;
    }

    fn save_as(&mut self, name: &str, text: &str) -> Result<(), String> {
        let name = valid_name(name)?;
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("Not saved: the input is not valid JSON: {e}"))?;
        // Saving the picked input updates it; another saved input is never overwritten.
        if self.entries.contains_key(&name) && self.selected.as_deref() != Some(name.as_str()) {
            return Err(format!(
                "An input named {name} exists already: pick it to change it, or choose another name"
            ));
        }
        self.writable()?;
        self.entries.insert(name.clone(), value);
        self.drafts.remove(&Some(name.clone()));
        if self.selected.is_none() {
            // The unnamed text stays available under its own entry too.
            self.drafts.insert(None, text.to_owned());
        }
        self.selected = Some(name.clone());
        self.name_text = name;
        self.write();
        Ok(())
    }

    fn rename(&mut self, new_name: &str) -> Result<(), String> {
        let new_name = valid_name(new_name)?;
        let Some(old) = self.selected.clone() else {
            return Err("Pick a named input to rename".into());
        };
        if old == new_name {
            return Ok(());
        }
        if self.entries.contains_key(&new_name) {
            return Err(format!("An input named {new_name} exists already"));
        }
        self.writable()?;
        // Rebuilt to keep the renamed input in its place.
        self.entries = std::mem::take(&mut self.entries)
            .into_iter()
            .map(|(k, v)| {
                if k == old {
                    (new_name.clone(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        if let Some(draft) = self.drafts.remove(&Some(old)) {
            self.drafts.insert(Some(new_name.clone()), draft);
        }
        self.selected = Some(new_name);
        self.write();
        Ok(())
    }

    /// Deletes the selected input; the editor keeps its text, now unnamed.
    fn delete(&mut self) -> Result<(), String> {
        let Some(name) = self.selected.clone() else {
            return Err("Pick a named input to delete".into());
        };
        self.writable()?;
        self.entries.shift_remove(&name);
        self.drafts.remove(&Some(name));
        self.selected = None;
        self.write();
        Ok(())
    }

    fn writable(&self) -> Result<(), String> {
        if let Some(e) = &self.load_error {
            return Err(format!("Not saved (the file is left as it is): {e}"));
        }
        if self.file.is_none() {
            return Err("Save the workflow first: named inputs are saved beside it".into());
        }
        Ok(())
    }

    fn write(&self) {
        if let Some(file) = &self.file {
            let text = serde_json::to_string_pretty(&self.entries).unwrap_or_default() + "\n";
            self.writer.write(file.clone(), text);
        }
    }

    /// A failed background write, once.
    pub fn take_write_error(&self) -> Option<String> {
        self.writer.take_error()
    }

    /// Waits for the background writes issued so far (tests).
    pub fn flush(&self) {
        self.writer.flush();
    }
}

fn valid_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Type a name for the input".into());
    }
    Ok(name.to_owned())
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Whether `text` is `value` (formatting aside).
fn same_json(text: &str, value: &Value) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v == *value)
}

/// Writes on a background thread; a newer write is never overwritten by an older one.
#[derive(Debug)]
struct InputsWriter {
    issued: Arc<AtomicU64>,
    written: Arc<Mutex<u64>>,
    errors: (Sender<String>, Arc<Mutex<Receiver<String>>>),
}

impl Default for InputsWriter {
    fn default() -> Self {
        let (tx, rx) = channel();
        InputsWriter {
            issued: Arc::default(),
            written: Arc::default(),
            errors: (tx, Arc::new(Mutex::new(rx))),
        }
    }
}

impl InputsWriter {
    fn write(&self, file: PathBuf, text: String) {
        let generation = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let written = Arc::clone(&self.written);
        let errors = self.errors.0.clone();
        std::thread::spawn(move || {
            let Ok(mut written) = written.lock() else {
                return;
            };
            if *written > generation {
                return;
            }
            if let Err(e) = crate::files::write_atomic(&file, text.as_bytes()) {
                let _ = errors.send(format!("Cannot save {}: {e}", file.display()));
            }
            *written = generation;
        });
    }

    fn take_error(&self) -> Option<String> {
        self.errors.1.lock().ok()?.try_recv().ok()
    }

    fn flush(&self) {
        let issued = self.issued.load(Ordering::SeqCst);
        for _ in 0..500 {
            if self.written.lock().map(|w| *w >= issued).unwrap_or(true) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

/// The label of an entry in the picker.
fn entry_label(inputs: &NamedInputs, name: &Option<String>, shown: &str) -> String {
    let base = name.clone().unwrap_or_else(|| "Unnamed input".to_owned());
    if inputs.is_edited(name, shown) {
        format!("{base} (edited)")
    } else {
        base
    }
}

/// The named-input row of the run panel: pick, save as, rename, delete.
pub fn named_inputs_ui(ui: &mut egui::Ui, debugger: &mut super::Debugger) {
    if let Some(e) = debugger.named_inputs.take_write_error() {
        debugger.message = e;
    }
    let editable = !debugger.is_running();
    let inputs = &mut debugger.named_inputs;
    let shown = debugger.input_text.as_str();
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Input");
        let selected = inputs.selected.clone();
        let names: Vec<String> = inputs.names().map(str::to_owned).collect();
        ui.add_enabled_ui(editable, |ui| {
            egui::ComboBox::from_id_salt("named_input")
                .selected_text(entry_label(inputs, &selected, shown))
                .show_ui(ui, |ui| {
                    let options = std::iter::once(None).chain(names.into_iter().map(Some));
                    for option in options {
                        let label = entry_label(inputs, &option, shown);
                        if ui.selectable_label(option == selected, label).clicked() {
                            action = Some(InputAction::Select(option));
                        }
                    }
                })
                .response
                .on_hover_text(
                    "Inputs saved by name in NAME.inputs.json beside the workflow; edits are \
                     kept when you switch. NAME.input.json stays the default input.",
                );
        });
        let field = ui.add_enabled(
            editable,
            egui::TextEdit::singleline(&mut inputs.name_text)
                .hint_text("name")
                .desired_width(120.0),
        );
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, editable, "Input name")
        });
        let name = inputs.name_text.clone();
        let has_name = !name.trim().is_empty();
        let picked = inputs.selected.is_some();
        let buttons = [
            (
                "Save as",
                has_name,
                InputAction::SaveAs(name.clone()),
                "Save the input under this name",
            ),
            (
                "Rename",
                has_name && picked,
                InputAction::Rename(name),
                "Rename the picked input",
            ),
            (
                "Delete",
                picked,
                InputAction::Delete,
                "Delete the picked input (the editor keeps its text)",
            ),
        ];
        for (label, enabled, chosen, tip) in buttons {
            let button = ui.add_enabled(editable && enabled, egui::Button::new(label).small());
            if button.on_hover_text(tip).clicked() {
                action = Some(chosen);
            }
        }
    });
    let Some(action) = action else {
        return;
    };
    match debugger
        .named_inputs
        .apply(action, &mut debugger.input_text)
    {
        Ok(()) => debugger.message.clear(),
        Err(e) => debugger.message = e,
    }
    debugger.check_input();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("statewright-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn saved(dir: &Path) -> Value {
        let text = std::fs::read_to_string(dir.join("flow.inputs.json")).expect("saved");
        serde_json::from_str(&text).expect("JSON")
    }

    #[test]
    fn save_rename_and_delete_write_the_file_beside_the_workflow_in_order() {
        let dir = temp_dir("crud");
        let flow = dir.join("flow.asl.json");
        assert_eq!(inputs_file(&flow), Some(dir.join("flow.inputs.json")));
        let mut inputs = NamedInputs::load(Some(&flow));
        let mut text = r#"{"amount": 5}"#.to_owned();
        inputs
            .apply(InputAction::SaveAs("small".into()), &mut text)
            .expect("saved");
        text = r#"{"amount": 500}"#.to_owned();
        inputs
            .apply(InputAction::SaveAs(" big ".into()), &mut text)
            .expect("saved");
        inputs.flush();
        assert_eq!(
            saved(&dir),
            json!({"small": {"amount": 5}, "big": {"amount": 500}})
        );
        assert_eq!(inputs.selected.as_deref(), Some("big"));

        // Saving under another input's name is refused; under the picked one's it updates.
        let e = inputs.apply(InputAction::SaveAs("small".into()), &mut text);
        assert!(e.is_err_and(|e| e.starts_with("An input named small exists already")));
        text = r#"{"amount": 501}"#.to_owned();
        inputs
            .apply(InputAction::SaveAs("big".into()), &mut text)
            .expect("updated");
        inputs.flush();
        assert_eq!(saved(&dir)["big"], json!({"amount": 501}));

        inputs
            .apply(InputAction::Select(Some("small".into())), &mut text)
            .expect("ok");
        let e = inputs.apply(InputAction::Rename("big".into()), &mut text);
        assert_eq!(e, Err("An input named big exists already".into()));
        inputs
            .apply(InputAction::Rename("tiny".into()), &mut text)
            .expect("renamed");
        inputs.flush();
        let order: Vec<String> = saved(&dir)
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect();
        assert_eq!(order, ["tiny", "big"]);

        inputs
            .apply(InputAction::Delete, &mut text)
            .expect("deleted");
        inputs.flush();
        assert_eq!(saved(&dir), json!({"big": {"amount": 501}}));
        assert_eq!(inputs.selected, None);
        assert!(
            same_json(&text, &json!({"amount": 5})),
            "the editor keeps its text"
        );
        // A fresh load reads what was written.
        let again = NamedInputs::load(Some(&flow));
        assert_eq!(again.names().collect::<Vec<_>>(), ["big"]);
    }

    #[test]
    fn switching_keeps_unsaved_edits_as_drafts() {
        let dir = temp_dir("drafts");
        let flow = dir.join("flow.asl.json");
        std::fs::write(
            dir.join("flow.inputs.json"),
            r#"{"a": {"n": 1}, "b": {"n": 2}}"#,
        )
        .expect("write");
        let mut inputs = NamedInputs::load(Some(&flow));
        let mut text = "{\"typed\": true".to_owned(); // unnamed, not even valid JSON yet
        inputs
            .apply(InputAction::Select(Some("a".into())), &mut text)
            .expect("ok");
        assert!(same_json(&text, &json!({"n": 1})));
        text = r#"{"n": 10}"#.to_owned();
        assert!(inputs.is_edited(&Some("a".into()), &text));
        inputs
            .apply(InputAction::Select(Some("b".into())), &mut text)
            .expect("ok");
        assert!(same_json(&text, &json!({"n": 2})));
        assert!(
            inputs.is_edited(&Some("a".into()), &text),
            "a keeps a draft"
        );
        assert!(!inputs.is_edited(&Some("b".into()), &text));

        inputs
            .apply(InputAction::Select(Some("a".into())), &mut text)
            .expect("ok");
        assert_eq!(text, r#"{"n": 10}"#);
        inputs
            .apply(InputAction::Select(None), &mut text)
            .expect("ok");
        assert_eq!(
            text, "{\"typed\": true",
            "the unnamed text comes back as typed"
        );
        // Nothing was written: only saving writes.
        inputs.flush();
        assert_eq!(saved(&dir), json!({"a": {"n": 1}, "b": {"n": 2}}));
    }

    #[test]
    fn bad_names_bad_json_broken_files_and_unsaved_workflows_are_refused() {
        let dir = temp_dir("refused");
        let flow = dir.join("flow.asl.json");
        let mut inputs = NamedInputs::load(Some(&flow));
        let mut text = "{".to_owned();
        let e = inputs.apply(InputAction::SaveAs("x".into()), &mut text);
        assert!(e.is_err_and(|e| e.contains("not valid JSON")));
        text = "{}".to_owned();
        let e = inputs.apply(InputAction::SaveAs("  ".into()), &mut text);
        assert_eq!(e, Err("Type a name for the input".into()));
        assert!(inputs.apply(InputAction::Delete, &mut text).is_err());

        std::fs::write(dir.join("flow.inputs.json"), "[1, 2]").expect("write");
        let mut broken = NamedInputs::load(Some(&flow));
        assert!(broken.load_error.is_some());
        assert!(broken
            .apply(InputAction::SaveAs("x".into()), &mut text)
            .is_err());
        broken.flush();
        let left = std::fs::read_to_string(dir.join("flow.inputs.json")).expect("read");
        assert_eq!(left, "[1, 2]", "a broken file is left alone");

        let mut unsaved = NamedInputs::load(None);
        let e = unsaved.apply(InputAction::SaveAs("x".into()), &mut text);
        assert!(e.is_err_and(|e| e.contains("Save the workflow first")));
    }
}
