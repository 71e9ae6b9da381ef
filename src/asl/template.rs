//! State machine definitions embedded in CloudFormation and SAM templates.

use serde_json::{Map, Value};

use super::export::value_to_json;
use super::text::{self, Format};

/// The resource types that hold a state machine definition.
pub const STATE_MACHINE_TYPES: [&str; 2] = [
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::StateMachine",
];

/// One state machine resource found in a template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateMachine {
    /// The resource's logical id (its key under `Resources`).
    pub logical_id: String,
    pub resource_type: String,
    pub source: DefinitionSource,
}

/// Where a resource keeps its definition.
#[derive(Debug, Clone, PartialEq)]
pub enum DefinitionSource {
    /// `Definition`: the definition as an object.
    Inline(Value),
    /// `DefinitionString`: JSON text, possibly built with `Fn::Sub` or `Fn::Join`.
    Text(String),
    /// `DefinitionUri` / `DefinitionS3Location`: a file or S3 object outside the template.
    External(String),
    /// No definition the importer can read.
    Missing(String),
}

/// Problems reading a template.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TemplateError {
    #[error("{0}")]
    Unreadable(String),
    #[error("the template has no \"Resources\" object")]
    NoResources,
    #[error("no state machine resource named \"{0}\"")]
    NoSuchResource(String),
    #[error("{0}")]
    NoDefinition(String),
}

/// True if the document looks like a CloudFormation/SAM template rather than a definition.
pub fn is_template(value: &Value) -> bool {
    (value.get("Resources").is_some_and(Value::is_object)
        || value.get("stepFunctions").is_some_and(Value::is_object))
        && value.get("States").is_none()
}

/// Lists the state machine resources of a template (JSON or YAML text).
pub fn list_state_machines(bytes: &[u8]) -> Result<Vec<TemplateMachine>, TemplateError> {
    let mut document = text::read_document(bytes, None).map_err(|e| {
        TemplateError::Unreadable(format!(
            "{}:{}: {}",
            e.position.line, e.position.column, e.message
        ))
    })?;
    restore_short_forms(
        &mut document.value,
        document.positions.cloudformation_tags(),
    );
    machines_in(&document.value)
}

/// Turns YAML short forms back into CloudFormation's long form (`!Ref X` becomes
/// `{"Ref": "X"}`, `!GetAtt A.B` becomes `{"Fn::GetAtt": ["A", "B"]}`), innermost first so
/// outer pointers stay valid.
fn restore_short_forms(value: &mut Value, tags: &[(String, String)]) {
    for (pointer, name) in tags.iter().rev() {
        let Some(node) = value.pointer_mut(pointer) else {
            continue;
        };
        let inner = node.take();
        *node = match (name.as_str(), inner) {
            ("GetAtt", Value::String(s)) => {
                let parts: Vec<Value> = match s.split_once('.') {
                    Some((resource, attribute)) => vec![resource.into(), attribute.into()],
                    None => vec![s.into()],
                };
                single("Fn::GetAtt", Value::Array(parts))
            }
            ("Ref" | "Condition", inner) => single(name, inner),
            (_, inner) => single(&format!("Fn::{name}"), inner),
        };
    }
}

fn single(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.to_owned(), value);
    Value::Object(map)
}

/// Lists the state machine resources of a parsed template: CloudFormation/SAM `Resources`,
/// or a Serverless Framework file's `stepFunctions.stateMachines`.
pub fn machines_in(template: &Value) -> Result<Vec<TemplateMachine>, TemplateError> {
    if let Some(machines) = template
        .pointer("/stepFunctions/stateMachines")
        .and_then(Value::as_object)
    {
        return Ok(serverless_machines(machines));
    }
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .ok_or(TemplateError::NoResources)?;
    Ok(resources
        .iter()
        .filter_map(|(id, resource)| {
            let resource_type = resource.get("Type")?.as_str()?;
            STATE_MACHINE_TYPES
                .contains(&resource_type)
                .then(|| TemplateMachine {
                    logical_id: id.clone(),
                    resource_type: resource_type.to_owned(),
                    source: definition_source(
                        resource.get("Properties").and_then(Value::as_object),
                    ),
                })
        })
        .collect())
}

/// The resource type shown for Serverless Framework state machines.
pub const SERVERLESS_TYPE: &str = "serverless-step-functions";

fn serverless_machines(machines: &Map<String, Value>) -> Vec<TemplateMachine> {
    machines
        .iter()
        .map(|(id, machine)| TemplateMachine {
            logical_id: id.clone(),
            resource_type: SERVERLESS_TYPE.to_owned(),
            source: match machine.get("definition") {
                Some(Value::String(text)) => DefinitionSource::Text(text.clone()),
                Some(definition) => DefinitionSource::Inline(definition.clone()),
                None => DefinitionSource::Missing("the state machine has no definition".to_owned()),
            },
        })
        .collect()
}

fn definition_source(properties: Option<&Map<String, Value>>) -> DefinitionSource {
    let Some(props) = properties else {
        return DefinitionSource::Missing("the resource has no Properties".to_owned());
    };
    if let Some(definition) = props.get("Definition") {
        return DefinitionSource::Inline(definition.clone());
    }
    if let Some(string) = props.get("DefinitionString") {
        return match intrinsic_text(string) {
            Some(text) => DefinitionSource::Text(text),
            None => DefinitionSource::Missing(
                "DefinitionString uses an intrinsic function the importer cannot expand".to_owned(),
            ),
        };
    }
    for key in ["DefinitionUri", "DefinitionS3Location"] {
        if let Some(uri) = props.get(key) {
            let shown = match uri {
                Value::String(s) => s.clone(),
                other => value_to_json(other).trim_end().to_owned(),
            };
            return DefinitionSource::External(shown);
        }
    }
    DefinitionSource::Missing("the resource has no Definition or DefinitionString".to_owned())
}

/// The text of a DefinitionString: a plain string, `Fn::Sub` (its `${...}` placeholders kept
/// as they are), or `Fn::Join` whose non-string parts become `${...}` placeholders.
fn intrinsic_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) if map.len() == 1 => {
            let (name, arg) = map.iter().next()?;
            match name.as_str() {
                "Fn::Sub" => match arg {
                    Value::String(s) => Some(s.clone()),
                    Value::Array(parts) => parts.first()?.as_str().map(str::to_owned),
                    _ => None,
                },
                "Fn::Join" => {
                    let parts = arg.as_array()?;
                    let separator = parts.first()?.as_str()?;
                    let items = parts.get(1)?.as_array()?;
                    let texts: Option<Vec<String>> = items.iter().map(join_part).collect();
                    Some(texts?.join(separator))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// One part of an `Fn::Join`: strings as they are, `Ref`/`Fn::GetAtt` as placeholders.
fn join_part(part: &Value) -> Option<String> {
    match part {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) if map.len() == 1 => {
            let (name, arg) = map.iter().next()?;
            match (name.as_str(), arg) {
                ("Ref", Value::String(id)) => Some(format!("${{{id}}}")),
                ("Fn::GetAtt", Value::Array(a)) => {
                    let names: Option<Vec<&str>> = a.iter().map(Value::as_str).collect();
                    Some(format!("${{{}}}", names?.join(".")))
                }
                ("Fn::GetAtt", Value::String(s)) => Some(format!("${{{s}}}")),
                _ => intrinsic_text(part),
            }
        }
        _ => None,
    }
}

/// The definition text of one resource, ready for [`super::parse`]: inline definitions are
/// written as canonical JSON; DefinitionString text is returned as written.
pub fn definition_text(machine: &TemplateMachine) -> Result<(String, Format), TemplateError> {
    match &machine.source {
        DefinitionSource::Inline(v) => {
            Ok((value_to_json(&intrinsics_as_placeholders(v)), Format::Json))
        }
        DefinitionSource::Text(t) => Ok((t.clone(), Format::Json)),
        DefinitionSource::External(uri) => Err(TemplateError::NoDefinition(format!(
            "\"{}\" keeps its definition in {uri}; open that file instead",
            machine.logical_id
        ))),
        DefinitionSource::Missing(why) => Err(TemplateError::NoDefinition(format!(
            "\"{}\": {why}",
            machine.logical_id
        ))),
    }
}

/// Replaces CloudFormation intrinsics inside an inline definition with the `${...}`
/// placeholder they stand for (`{"Fn::GetAtt": ["Fn", "Arn"]}` becomes `"${Fn.Arn}"`), so
/// the definition reads as ASL with substitutions, as with `DefinitionSubstitutions`.
pub fn intrinsics_as_placeholders(value: &Value) -> Value {
    match value {
        Value::Object(map) if is_intrinsic(map) => Value::String(placeholder_text(value)),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), intrinsics_as_placeholders(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(intrinsics_as_placeholders).collect()),
        other => other.clone(),
    }
}

fn is_intrinsic(map: &Map<String, Value>) -> bool {
    map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::"))
}

/// The text an intrinsic becomes: its expansion where it is text already, else `${...}`.
fn placeholder_text(value: &Value) -> String {
    if let Some(text) = join_part(value) {
        return text;
    }
    let name = value
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_default();
    format!("${{{name}}}")
}

/// Finds a resource by logical id, or the only one when `logical_id` is `None`.
pub fn select<'a>(
    machines: &'a [TemplateMachine],
    logical_id: Option<&str>,
) -> Result<&'a TemplateMachine, TemplateError> {
    match logical_id {
        Some(id) => machines
            .iter()
            .find(|m| m.logical_id == id)
            .ok_or_else(|| TemplateError::NoSuchResource(id.to_owned())),
        None => match machines {
            [only] => Ok(only),
            [] => Err(TemplateError::NoDefinition(
                "the template has no state machine resource".to_owned(),
            )),
            _ => Err(TemplateError::NoDefinition(format!(
                "the template has {} state machines ({}); choose one with --resource",
                machines.len(),
                machines
                    .iter()
                    .map(|m| m.logical_id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
    }
}
