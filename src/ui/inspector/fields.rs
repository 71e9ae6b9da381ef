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

/// A string field; empty removes the key. `id` names the field's buffer and its accessible
/// label (the key's path from the state). Returns true when `obj` changed.
pub fn string_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    (key, id): (&str, &str),
    hint: &str,
) -> bool {
    string_checked_ui(ui, buffers, obj, (key, id), hint, None)
}

/// Checks a field's text; `Err` carries the message shown under the field.
pub type TextCheck = dyn Fn(&str) -> Result<(), String>;

/// A string field whose text `check` may reject (the message is shown, the model keeps its
/// value).
pub fn string_checked_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    (key, id): (&str, &str),
    hint: &str,
    check: Option<(&TextCheck, egui::Color32)>,
) -> bool {
    label_ui(ui, key, hint);
    let current = obj
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let (response, text) = buffers.text_ui(ui, id, current, false, f32::INFINITY);
    ui.end_row();
    let parsed = match check {
        Some((check, error)) if !text.is_empty() => match check(&text) {
            Ok(()) => Ok(Some(Value::String(text))),
            Err(message) => {
                ui.label("");
                ui.colored_label(error, message);
                ui.end_row();
                Err(())
            }
        },
        _ if text.is_empty() => Ok(None),
        _ => Ok(Some(Value::String(text))),
    };
    response.changed() && apply_parsed(obj, key, parsed)
}

/// A list of strings typed as comma-separated text (CSVHeaders); empty removes the key.
pub fn list_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    (key, id): (&str, &str),
    hint: &str,
) -> bool {
    label_ui(ui, key, hint);
    let names: Vec<&str> = obj
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let (response, text) = buffers.text_ui(ui, id, names.join(", "), false, f32::INFINITY);
    ui.end_row();
    let list: Vec<Value> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect();
    let parsed: Result<_, ()> = Ok((!list.is_empty()).then_some(Value::Array(list)));
    response.changed() && apply_parsed(obj, key, parsed)
}

/// One of a fixed set of names (Mode, InputType...), or none; a value outside the set is
/// shown as it is and kept until another is picked.
pub fn choice_ui(
    ui: &mut egui::Ui,
    obj: &mut Map<String, Value>,
    (key, id): (&str, &str),
    hint: &str,
    options: &[&str],
) -> bool {
    label_ui(ui, key, hint);
    let current = obj.get(key).map(|v| match v {
        Value::String(s) => s.clone(),
        other => compact(other),
    });
    let mut picked: Option<Option<&str>> = None;
    let response = egui::ComboBox::from_id_salt(id)
        .selected_text(current.as_deref().unwrap_or("(not set)"))
        .width(200.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), "(not set)")
                .clicked()
            {
                picked = Some(None);
            }
            for option in options {
                if ui
                    .selectable_label(current.as_deref() == Some(option), *option)
                    .clicked()
                {
                    picked = Some(Some(option));
                }
            }
        })
        .response;
    let label = id.to_owned();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, &label));
    ui.end_row();
    let Some(picked) = picked else {
        return false;
    };
    if picked == current.as_deref() {
        return false;
    }
    let parsed: Result<_, ()> = Ok(picked.map(|p| Value::String(p.to_owned())));
    apply_parsed(obj, key, parsed)
}

/// A number field; empty removes the key, text that is not a number is flagged. Under
/// JSONata a `{% expression %}` is accepted in place of the number, as AWS allows.
pub fn number_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    (key, id): (&str, &str),
    hint: &str,
    (jsonata, error): (bool, egui::Color32),
) -> bool {
    label_ui(ui, key, hint);
    let current = match obj.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let (response, text) = buffers.text_ui(ui, id, current, false, f32::INFINITY);
    ui.end_row();
    let trimmed = text.trim();
    let parsed = if trimmed.is_empty() {
        Ok(None)
    } else if jsonata && is_jsonata_expression(trimmed) {
        Ok(Some(Value::String(trimmed.to_owned())))
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

/// True for a whole-field JSONata expression, `{% ... %}`.
pub fn is_jsonata_expression(text: &str) -> bool {
    text.starts_with("{%") && text.ends_with("%}") && text.len() >= 4
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
    (key, id): (&str, &str),
    hint: &str,
    error: egui::Color32,
) -> bool {
    label_ui(ui, key, hint);
    let current = obj.get(key).map(pretty).unwrap_or_default();
    let (response, text) = buffers.text_ui(ui, id, current, true, f32::INFINITY);
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
