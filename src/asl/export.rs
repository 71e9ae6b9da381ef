//! Canonical export: fields in the order AWS documents them, 2-space JSON or YAML.

use serde_json::Value;

use super::machine::StateMachine;
use super::text::Format;

/// The definition as a JSON value in canonical field order.
pub fn to_value(machine: &StateMachine) -> Value {
    machine.write()
}

/// Canonical JSON: 2-space indent, trailing newline.
pub fn to_json(machine: &StateMachine) -> String {
    value_to_json(&to_value(machine))
}

/// Pretty JSON of any value in the canonical layout.
pub fn value_to_json(value: &Value) -> String {
    // Serializing a Value to a String cannot fail: keys are strings and numbers are finite.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Errors that can occur while writing YAML.
#[derive(Debug, thiserror::Error)]
#[error("cannot write YAML: {0}")]
pub struct ExportError(String);

/// Canonical YAML (block style, strings quoted where YAML would read them as another type).
pub fn to_yaml(machine: &StateMachine) -> Result<String, ExportError> {
    value_to_yaml(&to_value(machine))
}

/// YAML of any value.
pub fn value_to_yaml(value: &Value) -> Result<String, ExportError> {
    serde_saphyr::to_string(value).map_err(|e| ExportError(e.to_string()))
}

/// The definition in the given format.
pub fn to_format(machine: &StateMachine, format: Format) -> Result<String, ExportError> {
    match format {
        Format::Json => Ok(to_json(machine)),
        Format::Yaml => to_yaml(machine),
    }
}
