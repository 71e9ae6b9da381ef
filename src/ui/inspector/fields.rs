//! Form fields bound to one key of a state's JSON object, with inline syntax checks.
//!
//! A field keeps the user's text while it has focus (so half-typed JSON is not lost) and
//! refreshes from the model otherwise.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// The text of every field being edited, by field id.
#[derive(Default)]
pub struct Buffers {
    texts: HashMap<String, String>,
}

impl Buffers {
    /// Forgets every buffer (another state was selected).
    pub fn clear(&mut self) {
        self.texts.clear();
    }

    /// A text field that keeps its text while focused; returns its response and text.
    pub fn text_ui(
        &mut self,
        ui: &mut egui::Ui,
        id: &str,
        current: String,
        multiline: bool,
        width: f32,
    ) -> (egui::Response, String) {
        let buffer = self
            .texts
            .entry(id.to_owned())
            .or_insert_with(|| current.clone());
        let edit = if multiline {
            egui::TextEdit::multiline(buffer)
                .code_editor()
                .desired_rows(2)
        } else {
            egui::TextEdit::singleline(buffer)
        };
        let response = ui.add(edit.desired_width(width).id_salt(id));
        if !response.has_focus() && !response.changed() && *buffer != current {
            buffer.clone_from(&current);
        }
        let label = id.to_owned();
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, &label));
        (response, buffer.clone())
    }
}

/// The label column of a form row.
fn label_ui(ui: &mut egui::Ui, label: &str, hint: &str) {
    ui.label(label).on_hover_text(hint);
}

/// A string field; empty removes the key. Returns true when `obj` changed.
pub fn string_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    key: &str,
    hint: &str,
) -> bool {
    label_ui(ui, key, hint);
    let current = obj
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let (response, text) = buffers.text_ui(ui, key, current, false, f32::INFINITY);
    ui.end_row();
    if !response.changed() {
        return false;
    }
    if text.is_empty() {
        obj.remove(key);
    } else {
        obj.insert(key.to_owned(), Value::String(text));
    }
    true
}

/// A number field; empty removes the key, text that is not a number is flagged.
pub fn number_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    key: &str,
    hint: &str,
    error: egui::Color32,
) -> bool {
    label_ui(ui, key, hint);
    let current = obj.get(key).map(|v| v.to_string()).unwrap_or_default();
    let (response, text) = buffers.text_ui(ui, key, current, false, f32::INFINITY);
    ui.end_row();
    let trimmed = text.trim();
    let parsed = if trimmed.is_empty() {
        Ok(None)
    } else {
        parse_number(trimmed).map(Some)
    };
    if let Err(message) = &parsed {
        ui.label("");
        ui.colored_label(error, message.as_str());
        ui.end_row();
    }
    response.changed() && apply_parsed(obj, key, parsed)
}

/// Stores an edited field: empty text removes it, a valid value replaces it, an invalid one
/// changes nothing (its error is shown instead). True if the object changed.
fn apply_parsed<E>(
    obj: &mut Map<String, Value>,
    key: &str,
    parsed: Result<Option<Value>, E>,
) -> bool {
    match parsed {
        Ok(None) => obj.remove(key).is_some(),
        Ok(Some(v)) => {
            obj.insert(key.to_owned(), v);
            true
        }
        Err(_) => false,
    }
}

fn parse_number(text: &str) -> Result<Value, String> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::from(i));
    }
    match text
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        Some(n) => Ok(Value::Number(n)),
        None => Err(format!("\"{text}\" is not a number")),
    }
}

/// A JSON field (Parameters, Result, Arguments, ...); invalid JSON is flagged and not applied.
pub fn json_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    key: &str,
    hint: &str,
    error: egui::Color32,
) -> bool {
    label_ui(ui, key, hint);
    let current = obj.get(key).map(pretty).unwrap_or_default();
    let (response, text) = buffers.text_ui(ui, key, current, true, f32::INFINITY);
    ui.end_row();
    let parsed = if text.trim().is_empty() {
        Ok(None)
    } else {
        serde_json::from_str::<Value>(&text).map(Some)
    };
    if let Err(e) = &parsed {
        ui.label("");
        ui.colored_label(error, format!("Invalid JSON: {e}"));
        ui.end_row();
    }
    response.changed() && apply_parsed(obj, key, parsed)
}

/// A transition field: a drop-down of the machine's states (and "End" where allowed).
pub fn target_ui(
    ui: &mut egui::Ui,
    id: &str,
    current: Option<&str>,
    targets: &[String],
    allow_end: bool,
) -> Option<Option<String>> {
    let shown = current
        .unwrap_or(if allow_end { "(End)" } else { "(none)" })
        .to_owned();
    let mut picked = None;
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(200.0)
        .show_ui(ui, |ui| {
            if allow_end && ui.selectable_label(current.is_none(), "(End)").clicked() {
                picked = Some(None);
            }
            for t in targets {
                if ui
                    .selectable_label(current == Some(t.as_str()), t)
                    .clicked()
                {
                    picked = Some(Some(t.clone()));
                }
            }
        });
    picked
}

/// Compact JSON on one line, for summaries.
pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
