//! The workflow's own fields (Comment, QueryLanguage, TimeoutSeconds, Version), shown when
//! no state is selected.

use serde_json::{Map, Number, Value};

use super::fields::Buffers;
use super::form::item_fields_ui;
use super::specs::MACHINE;
use super::InspectorEdit;
use crate::asl::{NumberField, QueryLanguage, StateMachine};

/// The workflow's fields as a JSON object.
fn fields_of(machine: &StateMachine) -> Map<String, Value> {
    let mut obj = Map::new();
    if let Some(c) = &machine.comment {
        obj.insert("Comment".into(), Value::String(c.clone()));
    }
    if let Some(q) = machine.query_language {
        obj.insert("QueryLanguage".into(), Value::String(q.as_str().to_owned()));
    }
    match &machine.timeout_seconds {
        Some(NumberField::Number(n)) => {
            obj.insert("TimeoutSeconds".into(), Value::Number(n.clone()));
        }
        Some(NumberField::Text(t)) => {
            obj.insert("TimeoutSeconds".into(), Value::String(t.clone()));
        }
        None => {}
    }
    if let Some(v) = &machine.version {
        obj.insert("Version".into(), Value::String(v.clone()));
    }
    obj
}

/// `machine` with its fields taken from `obj` (states untouched).
fn with_fields(machine: &StateMachine, obj: &Map<String, Value>) -> StateMachine {
    let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut out = machine.clone();
    out.comment = text("Comment");
    out.query_language = text("QueryLanguage").and_then(|q| QueryLanguage::from_name(&q));
    out.timeout_seconds = match obj.get("TimeoutSeconds") {
        Some(Value::Number(n)) => Some(NumberField::Number(Number::clone(n))),
        Some(Value::String(s)) => Some(NumberField::Text(s.clone())),
        _ => None,
    };
    out.version = text("Version");
    out
}

/// Draws the workflow form; returns the edit made this frame.
pub fn machine_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    machine: &StateMachine,
    error: egui::Color32,
) -> Option<InspectorEdit> {
    ui.heading("Workflow");
    ui.label("Select a state to edit it; these fields belong to the whole workflow.");
    ui.separator();
    let mut obj = fields_of(machine);
    let before = obj.clone();
    let jsonata = machine.query_language == Some(QueryLanguage::Jsonata);
    if !item_fields_ui(ui, buffers, &mut obj, MACHINE, "Workflow", (jsonata, error)) {
        return None;
    }
    // The one field that changed, for undo: typing coalesces, a pick is its own step.
    let field = MACHINE
        .iter()
        .map(|s| s.id())
        .find(|k| obj.get(k) != before.get(k))?;
    let coalesce = field != "QueryLanguage";
    Some(InspectorEdit::ReplaceMachine {
        machine: Box::new(with_fields(machine, &obj)),
        field,
        coalesce,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_and_the_states_stay() {
        let parsed = crate::asl::check(
            br#"{"Comment": "c", "TimeoutSeconds": 60, "Version": "1.0",
                "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
            None,
        );
        let machine = parsed.machine.expect("machine");
        let mut obj = fields_of(&machine);
        assert_eq!(with_fields(&machine, &obj), machine);
        obj.insert("TimeoutSeconds".into(), Value::from(90));
        obj.insert("QueryLanguage".into(), Value::String("JSONata".into()));
        obj.remove("Comment");
        let edited = with_fields(&machine, &obj);
        assert_eq!(edited.timeout_seconds.and_then(|t| t.as_u64()), Some(90));
        assert_eq!(edited.query_language, Some(QueryLanguage::Jsonata));
        assert_eq!(edited.comment, None);
        assert_eq!(edited.states, machine.states);
    }
}
