//! Retry and Catch editors: one row per retrier or catcher, edited as JSON fields.

use serde_json::{json, Map, Value};

use super::fields::{target_ui, Buffers};
use super::form::{item_fields_ui, lookup};
use super::specs::{FieldSpec, CATCHER_DETAILS, RETRIER_DETAILS};

/// What an edit of the Retry or Catch list was: typing or dragging a value (coalesces into
/// one undo step) or a change of the list's structure (a step of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListChange {
    Typing,
    Structure,
}

fn merge(a: Option<ListChange>, b: Option<ListChange>) -> Option<ListChange> {
    match (a, b) {
        (Some(ListChange::Structure), _) | (_, Some(ListChange::Structure)) => {
            Some(ListChange::Structure)
        }
        (Some(x), _) | (_, Some(x)) => Some(x),
        _ => None,
    }
}

/// The Retry list. Returns what changed in `obj`.
pub fn retry_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    lang_and_error: (bool, egui::Color32),
) -> Option<ListChange> {
    let mut list = obj
        .get("Retry")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut changed = None;
    let mut remove = None;
    for (i, retrier) in list.iter_mut().enumerate() {
        let Some(r) = retrier.as_object_mut() else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            if errors_field_ui(ui, buffers, r, &format!("Retry {i} ErrorEquals")) {
                changed = merge(changed, Some(ListChange::Typing));
            }
            for (key, width) in [
                ("IntervalSeconds", 30.0),
                ("MaxAttempts", 30.0),
                ("BackoffRate", 30.0),
            ] {
                ui.label(short(key));
                if number_cell_ui(ui, r, key, width, &format!("Retry {i} {key}")) {
                    changed = merge(changed, Some(ListChange::Typing));
                }
            }
            if ui
                .small_button("✖")
                .on_hover_text("Remove this retrier")
                .clicked()
            {
                remove = Some(i);
            }
        });
        let prefix = format!("Retry {i}");
        if details_ui(ui, buffers, r, RETRIER_DETAILS, &prefix, lang_and_error) {
            changed = merge(changed, Some(ListChange::Typing));
        }
    }
    if let Some(i) = remove {
        list.remove(i);
        changed = Some(ListChange::Structure);
    }
    if ui
        .button("+ Retry")
        .on_hover_text("Retry on errors with backoff")
        .clicked()
    {
        list.push(json!({ "ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0 }));
        changed = Some(ListChange::Structure);
    }
    if changed.is_some() {
        set_list(obj, "Retry", list);
    }
    changed
}

/// The Catch list. Returns what changed in `obj`.
pub fn catch_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    targets: &[String],
    lang_and_error: (bool, egui::Color32),
) -> Option<ListChange> {
    let mut list = obj
        .get("Catch")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut changed = None;
    let mut remove = None;
    for (i, catcher) in list.iter_mut().enumerate() {
        let Some(c) = catcher.as_object_mut() else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            if errors_field_ui(ui, buffers, c, &format!("Catch {i} ErrorEquals")) {
                changed = merge(changed, Some(ListChange::Typing));
            }
            ui.label("then");
            let next = c.get("Next").and_then(Value::as_str).map(str::to_owned);
            if let Some(Some(t)) = target_ui(
                ui,
                &format!("catch_next_{i}"),
                next.as_deref(),
                targets,
                false,
            ) {
                c.insert("Next".into(), Value::String(t));
                changed = Some(ListChange::Structure);
            }
            if ui
                .small_button("✖")
                .on_hover_text("Remove this catcher")
                .clicked()
            {
                remove = Some(i);
            }
        });
        let prefix = format!("Catch {i}");
        if details_ui(ui, buffers, c, CATCHER_DETAILS, &prefix, lang_and_error) {
            changed = merge(changed, Some(ListChange::Typing));
        }
    }
    if let Some(i) = remove {
        list.remove(i);
        changed = Some(ListChange::Structure);
    }
    if let Some(first) = targets.first() {
        if ui
            .button("+ Catch")
            .on_hover_text("Handle errors by moving to another state")
            .clicked()
        {
            list.push(json!({ "ErrorEquals": ["States.ALL"], "Next": first }));
            changed = Some(ListChange::Structure);
        }
    }
    if changed.is_some() {
        set_list(obj, "Catch", list);
    }
    changed
}

/// The rule's other fields, folded unless one of them is set.
fn details_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    rule: &mut Map<String, Value>,
    specs: &[FieldSpec],
    prefix: &str,
    lang_and_error: (bool, egui::Color32),
) -> bool {
    let set = specs.iter().any(|s| lookup(rule, s.path).is_some());
    egui::CollapsingHeader::new(format!("{prefix} details"))
        .id_salt((prefix, "details"))
        .default_open(set)
        .show(ui, |ui| {
            item_fields_ui(ui, buffers, rule, specs, prefix, lang_and_error)
        })
        .body_returned
        .unwrap_or(false)
}

fn set_list(obj: &mut Map<String, Value>, key: &str, list: Vec<Value>) {
    if list.is_empty() {
        obj.remove(key);
    } else {
        obj.insert(key.to_owned(), Value::Array(list));
    }
}

fn short(key: &str) -> &'static str {
    match key {
        "IntervalSeconds" => "interval",
        "MaxAttempts" => "attempts",
        _ => "backoff",
    }
}

/// ErrorEquals as a comma-separated list.
fn errors_field_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    id: &str,
) -> bool {
    let names: Vec<&str> = obj
        .get("ErrorEquals")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let (response, text) = buffers.text_ui(ui, id, names.join(", "), false, 150.0);
    if !response.changed() {
        return false;
    }
    let list: Vec<Value> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect();
    obj.insert("ErrorEquals".into(), Value::Array(list));
    true
}

/// A retry number; when the rule leaves it out, AWS's default is shown and dragging it
/// writes it.
fn number_cell_ui(
    ui: &mut egui::Ui,
    obj: &mut Map<String, Value>,
    key: &str,
    width: f32,
    label: &str,
) -> bool {
    let default = match key {
        "IntervalSeconds" => 1.0,
        "MaxAttempts" => 3.0,
        _ => 2.0,
    };
    let mut n = obj.get(key).and_then(Value::as_f64).unwrap_or(default);
    let response = ui.add_sized(
        [width, 18.0],
        egui::DragValue::new(&mut n)
            .speed(0.1)
            .range(0.0..=99_999.0),
    );
    let label = label.to_owned();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::DragValue, true, &label));
    if !response.changed() {
        return false;
    }
    let value = if n.fract() == 0.0 && key != "BackoffRate" {
        Value::from(n as i64)
    } else {
        json!(n)
    };
    obj.insert(key.to_owned(), value);
    true
}
