//! Definition text to model, collecting every problem with its position.

use serde_json::Value;

use super::diagnostic::{Code, Diagnostic};
use super::fields::{type_name, ObjectReader};
use super::machine::StateMachine;
use super::text::{self, DeferredPositions, Format, SourceMap};
use super::validate;

/// AWS's limit on the size of a state machine definition.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// The result of parsing: the model (when the text was readable), every diagnostic, and the
/// positions needed to locate later diagnostics.
#[derive(Debug)]
pub struct Parsed {
    pub machine: Option<StateMachine>,
    pub diagnostics: Vec<Diagnostic>,
    pub format: Option<Format>,
    /// Built on first use: only a diagnostic to locate needs them.
    pub positions: Option<DeferredPositions>,
}

impl Parsed {
    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Fills in line and column of every diagnostic from the source positions.
    pub fn locate(&mut self) {
        if !self.diagnostics.iter().any(|d| d.line == 0) {
            return;
        }
        if let Some(positions) = &self.positions {
            locate_all(&mut self.diagnostics, positions.map());
        }
    }
}

/// Sets line:column on diagnostics from their JSON Pointers.
pub fn locate_all(diagnostics: &mut [Diagnostic], positions: &SourceMap) {
    for d in diagnostics.iter_mut().filter(|d| d.line == 0) {
        let p = positions.locate(&d.pointer);
        d.line = p.line;
        d.column = p.column;
    }
}

/// Parses definition text (JSON or YAML; `hint` forces one) into the model. Never panics;
/// reports syntax and type problems, not semantic ones (see [`check`]).
pub fn parse(bytes: &[u8], hint: Option<Format>) -> Parsed {
    let mut diagnostics = Vec::new();
    if bytes.len() > MAX_DEFINITION_BYTES {
        diagnostics.push(Diagnostic::new(
            Code::DefinitionTooLarge,
            "",
            format!(
                "definition is {} bytes, over AWS's limit of {MAX_DEFINITION_BYTES} bytes",
                bytes.len()
            ),
        ));
    }
    let document = match text::read_document_deferred(bytes, hint) {
        Ok(d) => d,
        Err(e) => {
            let mut d = Diagnostic::new(Code::SyntaxError, "", e.message);
            d.line = e.position.line;
            d.column = e.position.column;
            diagnostics.push(d);
            return Parsed {
                machine: None,
                diagnostics,
                format: None,
                positions: None,
            };
        }
    };
    let machine = match document.value {
        Value::Object(map) => Some(StateMachine::read(ObjectReader::new(
            map,
            String::new(),
            &mut diagnostics,
        ))),
        other => {
            diagnostics.push(Diagnostic::new(
                Code::InvalidType,
                "",
                format!(
                    "a state machine definition must be an object, found {}",
                    type_name(&other)
                ),
            ));
            None
        }
    };
    let mut parsed = Parsed {
        machine,
        diagnostics,
        format: Some(document.format),
        positions: Some(document.positions),
    };
    parsed.locate();
    parsed
}

/// Parses and validates: every syntax, type and semantic diagnostic, located and sorted by
/// position.
pub fn check(bytes: &[u8], hint: Option<Format>) -> Parsed {
    let mut parsed = parse(bytes, hint);
    if let Some(machine) = &parsed.machine {
        parsed.diagnostics.extend(validate::validate(machine));
    }
    parsed.locate();
    parsed
        .diagnostics
        .sort_by_key(|d| (d.line, d.column, d.code));
    parsed
}
