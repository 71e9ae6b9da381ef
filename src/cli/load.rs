//! Reading a definition file, or the state machines inside a template file.

use std::path::Path;

use crate::asl::template::{self, DefinitionSource, TemplateMachine};
use crate::asl::{check, Format, Parsed};

/// One definition read from disk and checked.
pub struct Loaded {
    /// What to call it in messages: the path, plus `#LogicalId` for a template resource.
    pub label: String,
    pub parsed: Parsed,
}

/// Why a file could not be loaded.
pub enum LoadError {
    /// The file could not be read at all (exit 2).
    Unreadable(String),
    /// A template without a usable definition (exit 1).
    Template(String),
}

/// The format a file's extension promises, if any.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "json" => Some(Format::Json),
        "yaml" | "yml" => Some(Format::Yaml),
        _ => None,
    }
}

/// Reads and checks a definition, or the chosen (default: every) state machine of a template.
pub fn load(
    path: &Path,
    resource: Option<&str>,
    every_resource: bool,
) -> Result<Vec<Loaded>, LoadError> {
    let bytes = std::fs::read(path)
        .map_err(|e| LoadError::Unreadable(format!("{}: {e}", path.display())))?;
    let label = path.display().to_string();
    let parsed = check(&bytes, format_from_extension(path));
    if !looks_like_template(&parsed) {
        if resource.is_some() {
            return Err(LoadError::Template(format!(
                "{label}: --resource given, but this is not a template"
            )));
        }
        return Ok(vec![Loaded { label, parsed }]);
    }
    let machines = template::list_state_machines(&bytes)
        .map_err(|e| LoadError::Template(format!("{label}: {e}")))?;
    let chosen: Vec<&TemplateMachine> = if every_resource && resource.is_none() {
        if machines.is_empty() {
            return Err(LoadError::Template(format!(
                "{label}: the template has no state machine resource"
            )));
        }
        machines.iter().collect()
    } else {
        vec![template::select(&machines, resource)
            .map_err(|e| LoadError::Template(format!("{label}: {e}")))?]
    };
    let mut loaded = Vec::new();
    for m in chosen {
        let resource_label = format!("{label}#{}", m.logical_id);
        if let DefinitionSource::External(uri) = &m.source {
            loaded.extend(load_external(
                path,
                uri,
                &resource_label,
                every_resource && resource.is_none(),
            )?);
            continue;
        }
        let (text, format) = template::definition_text(m)
            .map_err(|e| LoadError::Template(format!("{label}: {e}")))?;
        loaded.push(Loaded {
            label: resource_label,
            parsed: check(text.as_bytes(), Some(format)),
        });
    }
    Ok(loaded)
}

/// A `DefinitionUri` usually names a file next to the template: read it from there. When
/// checking every resource, one that cannot be read is skipped with a note.
fn load_external(
    template_path: &Path,
    uri: &str,
    label: &str,
    skip_unreadable: bool,
) -> Result<Option<Loaded>, LoadError> {
    let file = template_path.parent().unwrap_or(Path::new(".")).join(uri);
    match std::fs::read(&file) {
        Ok(bytes) => Ok(Some(Loaded {
            label: format!("{label} ({})", file.display()),
            parsed: check(&bytes, format_from_extension(&file)),
        })),
        Err(e) if skip_unreadable => {
            eprintln!(
                "statewright: note: {label}: skipped, its definition {} cannot be read: {e}",
                file.display()
            );
            Ok(None)
        }
        Err(e) => Err(LoadError::Template(format!(
            "{label}: cannot read {}: {e}",
            file.display()
        ))),
    }
}

/// A template reads as a machine with no States but a Resources (or stepFunctions) object.
fn looks_like_template(parsed: &Parsed) -> bool {
    parsed.machine.as_ref().is_some_and(|m| {
        m.states.is_empty()
            && m.start_at.is_none()
            && (m.extra.get("Resources").is_some_and(|r| r.is_object())
                || m.extra.get("stepFunctions").is_some_and(|r| r.is_object()))
    })
}
