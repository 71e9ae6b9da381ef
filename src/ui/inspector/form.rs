//! The field form of a state, drawn from the field specs: top-level fields in one grid,
//! nested objects (ItemReader, ItemBatcher, ResultWriter, ProcessorConfig) in sections.

use serde_json::{Map, Value};

use super::fields::{
    choice_ui, is_jsonata_expression, json_ui, list_ui, number_ui, string_checked_ui, string_ui,
    Buffers,
};
use super::specs::{specs_for, FieldSpec, Kind};
use crate::asl::StateType;

/// Draws every field of `ty`'s form that fits the query language, plus any field of the
/// other language the state already has (so nothing in the definition is hidden). Returns
/// the id of the field the user changed.
pub fn form_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    ty: Option<StateType>,
    jsonata: bool,
    error: egui::Color32,
) -> Option<String> {
    let specs: Vec<FieldSpec> = specs_for(ty)
        .into_iter()
        .filter(|s| s.lang.fits(jsonata) || lookup(obj, s.path).is_some())
        .collect();
    let mut changed = None;
    egui::Grid::new("inspector_fields")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for spec in specs.iter().filter(|s| s.path.len() == 1) {
                if field_ui(ui, buffers, obj, spec, jsonata, error) {
                    changed = Some(spec.id());
                }
            }
        });
    if let Some(field) = other_fields_ui(ui, buffers, obj, &specs_for(ty), error) {
        changed = Some(field);
    }
    let mut sections: Vec<&str> = Vec::new();
    for spec in specs.iter().filter(|s| s.path.len() > 1) {
        if !sections.contains(&spec.path[0]) {
            sections.push(spec.path[0]);
        }
    }
    for section in sections {
        // ProcessorConfig lives inside ItemProcessor, which the canvas creates with its states.
        if section == "ItemProcessor" && !obj.contains_key(section) {
            continue;
        }
        egui::CollapsingHeader::new(section)
            .id_salt(("inspector_section", section))
            .default_open(obj.contains_key(section))
            .show(ui, |ui| {
                egui::Grid::new(("inspector_section_grid", section))
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for spec in specs.iter().filter(|s| s.path.len() > 1) {
                            if spec.path[0] == section
                                && nested_field_ui(ui, buffers, obj, spec, jsonata, error)
                            {
                                changed = Some(spec.id());
                            }
                        }
                    });
            });
    }
    changed
}

/// Keys with editors of their own, outside the form.
const OWN_EDITORS: [&str; 10] = [
    "Type",
    "Next",
    "End",
    "Choices",
    "Default",
    "Retry",
    "Catch",
    "Branches",
    "ItemProcessor",
    "Iterator",
];

/// Fields the state has that its type does not use (or the model does not know), as JSON
/// editors, so every field of the definition can be seen, fixed or removed here.
fn other_fields_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    specs: &[FieldSpec],
    error: egui::Color32,
) -> Option<String> {
    let others: Vec<String> = obj
        .keys()
        .filter(|k| !OWN_EDITORS.contains(&k.as_str()))
        .filter(|k| !specs.iter().any(|s| s.path.first() == Some(&k.as_str())))
        .cloned()
        .collect();
    if others.is_empty() {
        return None;
    }
    let mut changed = None;
    ui.label("Fields this state type does not use (see Problems):");
    egui::Grid::new("inspector_other_fields")
        .num_columns(2)
        .show(ui, |ui| {
            for key in others {
                let hint = "Not a field of this state type; clear it to remove it";
                if json_ui(ui, buffers, obj, (&key, &key), hint, error) {
                    changed = Some(key);
                }
            }
        });
    changed
}

/// A field below the state object: edits a copy of its parent object, then stores it back
/// (creating the parents on the first value, removing them when they become empty).
fn nested_field_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    spec: &FieldSpec,
    jsonata: bool,
    error: egui::Color32,
) -> bool {
    let Some((_, parents)) = spec.path.split_last() else {
        return false;
    };
    let mut parent = match lookup(obj, parents) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    if !field_ui(ui, buffers, &mut parent, spec, jsonata, error) {
        return false;
    }
    store(obj, parents, parent);
    true
}

/// One field of `obj` (the object holding the field's last key).
fn field_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    spec: &FieldSpec,
    jsonata: bool,
    error: egui::Color32,
) -> bool {
    field_with_id_ui(ui, buffers, obj, spec, &spec.id(), (jsonata, error))
}

/// Draws the `specs` of a list item (a retrier, a catcher) that fit the query language or
/// are set, in a grid whose ids start with `prefix`. Returns true when `obj` changed.
pub fn item_fields_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    specs: &[FieldSpec],
    prefix: &str,
    (jsonata, error): (bool, egui::Color32),
) -> bool {
    let mut changed = false;
    egui::Grid::new((prefix, "item_fields"))
        .num_columns(2)
        .show(ui, |ui| {
            for spec in specs {
                if !spec.lang.fits(jsonata) && lookup(obj, spec.path).is_none() {
                    continue;
                }
                let id = format!("{prefix} {}", spec.id());
                changed |= field_with_id_ui(ui, buffers, obj, spec, &id, (jsonata, error));
            }
        });
    changed
}

/// One field of `obj`, with `id` as its buffer id and accessible label.
fn field_with_id_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    obj: &mut Map<String, Value>,
    spec: &FieldSpec,
    id: &str,
    (jsonata, error): (bool, egui::Color32),
) -> bool {
    let Some(key) = spec.path.last() else {
        return false;
    };
    let field = (*key, id);
    match spec.kind {
        Kind::Text => string_ui(ui, buffers, obj, field, spec.hint),
        Kind::Path => {
            let reference = *key == "ResultPath";
            let check = move |text: &str| check_path(text, reference);
            string_checked_ui(ui, buffers, obj, field, spec.hint, Some((&check, error)))
        }
        Kind::Timestamp => {
            let check = move |text: &str| check_timestamp(text, jsonata);
            string_checked_ui(ui, buffers, obj, field, spec.hint, Some((&check, error)))
        }
        Kind::Number => number_ui(ui, buffers, obj, field, spec.hint, (jsonata, error)),
        Kind::Json => json_ui(ui, buffers, obj, field, spec.hint, error),
        Kind::List => list_ui(ui, buffers, obj, field, spec.hint),
        Kind::Choice(options) => choice_ui(ui, obj, field, spec.hint, options),
    }
}

/// Checks a Wait timestamp as typed: ASL's strict RFC 3339 form, a JSONata expression under
/// JSONata, or a template placeholder.
fn check_timestamp(text: &str, jsonata: bool) -> Result<(), String> {
    if text.contains("${") || (jsonata && is_jsonata_expression(text.trim())) {
        return Ok(());
    }
    match crate::asl::timestamp::parse_timestamp(text) {
        Some(_) => Ok(()),
        None => Err("Not an ASL timestamp (e.g. 2026-01-01T00:00:00Z)".into()),
    }
}

/// Checks a path field as typed; template placeholders (`${...}`) are left to the validator.
fn check_path(text: &str, reference: bool) -> Result<(), String> {
    if text.contains("${") {
        return Ok(());
    }
    let result = if reference {
        crate::jsonpath::check_reference_path(text)
    } else {
        crate::jsonpath::check_path(text)
    };
    result.map_err(|e| format!("Invalid path: {e}"))
}

/// The value at `path` inside `obj`.
pub fn lookup<'a>(obj: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let value = obj.get(*first)?;
    if rest.is_empty() {
        return Some(value);
    }
    lookup(value.as_object()?, rest)
}

/// Stores `value` at `path` inside `obj`; an empty object removes the key, and a parent
/// left empty by that is removed too.
fn store(obj: &mut Map<String, Value>, path: &[&str], value: Map<String, Value>) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        if value.is_empty() {
            obj.remove(*first);
        } else {
            obj.insert((*first).to_owned(), Value::Object(value));
        }
        return;
    }
    let mut child = match obj.get(*first) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    store(&mut child, rest, value);
    if child.is_empty() {
        obj.remove(*first);
    } else {
        obj.insert((*first).to_owned(), Value::Object(child));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn storing_a_nested_value_creates_its_parents() {
        let mut obj = object(json!({"Type": "Map"}));
        store(
            &mut obj,
            &["ItemReader", "ReaderConfig"],
            object(json!({"MaxItems": 5})),
        );
        assert_eq!(
            Value::Object(obj),
            json!({"Type": "Map", "ItemReader": {"ReaderConfig": {"MaxItems": 5}}})
        );
    }

    #[test]
    fn emptying_a_nested_object_removes_the_parents_it_empties() {
        let mut obj = object(json!({
            "ItemReader": {"ReaderConfig": {"MaxItems": 5}},
            "ItemBatcher": {"MaxItemsPerBatch": 2}
        }));
        store(&mut obj, &["ItemReader", "ReaderConfig"], Map::new());
        assert_eq!(
            Value::Object(obj.clone()),
            json!({"ItemBatcher": {"MaxItemsPerBatch": 2}})
        );
        let mut kept =
            object(json!({"ItemReader": {"Resource": "r", "ReaderConfig": {"MaxItems": 5}}}));
        store(&mut kept, &["ItemReader", "ReaderConfig"], Map::new());
        assert_eq!(
            Value::Object(kept),
            json!({"ItemReader": {"Resource": "r"}})
        );
    }

    #[test]
    fn timestamps_are_checked_as_asl_writes_them() {
        assert!(check_timestamp("2026-01-01T00:00:00Z", false).is_ok());
        assert!(check_timestamp("2026-01-01t00:00:00z", false).is_err());
        assert!(check_timestamp("tomorrow", false).is_err());
        assert!(check_timestamp("{% $states.input.when %}", true).is_ok());
        assert!(check_timestamp("{% $states.input.when %}", false).is_err());
    }

    #[test]
    fn path_checks_flag_bad_paths_and_leave_placeholders() {
        assert!(check_path("$.items", false).is_ok());
        assert!(check_path("$.a[", false).is_err());
        assert!(check_path("$.a[*]", true).is_err(), "not a reference path");
        assert!(check_path("${ItemsPath}", false).is_ok());
    }
}
