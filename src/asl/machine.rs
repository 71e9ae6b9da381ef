//! The state machine: the top level of a definition, and the shape shared by Parallel
//! branches and Map processors.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::diagnostic::{Code, Diagnostic};
use super::fields::{NumberField, ObjectReader, ObjectWriter};
use super::states::{QueryLanguage, State};

/// States by name, in the order the definition lists them.
pub type States = IndexMap<String, State>;

/// A state machine (or a Parallel branch / Map processor, which have the same shape).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateMachine {
    pub comment: Option<String>,
    pub query_language: Option<QueryLanguage>,
    pub start_at: Option<String>,
    pub states: States,
    pub timeout_seconds: Option<NumberField>,
    pub version: Option<String>,
    /// Fields the model does not know, kept verbatim.
    pub extra: Map<String, Value>,
}

impl StateMachine {
    /// Reads a machine (or branch) object, reporting every type error.
    pub fn read(mut r: ObjectReader<'_>) -> Self {
        let comment = r.string("Comment");
        let query_language = QueryLanguage::read(&mut r);
        let start_at = r.string("StartAt");
        let states = match r.object("States") {
            Some(map) => {
                let base = r.field_pointer("States");
                read_states(map, &base, r.diagnostics())
            }
            None => States::new(),
        };
        let timeout_seconds = r.number("TimeoutSeconds");
        let version = r.string("Version");
        StateMachine {
            comment,
            query_language,
            start_at,
            states,
            timeout_seconds,
            version,
            extra: r.finish(),
        }
    }

    /// Writes the machine in canonical field order.
    pub fn write(&self) -> Value {
        let mut w = ObjectWriter::new();
        self.write_into(&mut w);
        w.finish()
    }

    /// Writes the machine's fields into `w` (Map processors prepend ProcessorConfig).
    pub fn write_into(&self, w: &mut ObjectWriter) {
        w.string("Comment", self.comment.as_ref())
            .owned(
                "QueryLanguage",
                self.query_language.map(QueryLanguage::to_value),
            )
            .string("StartAt", self.start_at.as_ref());
        let states = self
            .states
            .iter()
            .map(|(name, s)| (name.clone(), s.write()))
            .collect();
        w.owned("States", Some(Value::Object(states)));
        w.number("TimeoutSeconds", self.timeout_seconds.as_ref())
            .string("Version", self.version.as_ref())
            .extra(&self.extra);
    }

    /// Every state of this machine and of its nested branches and processors, depth first,
    /// with the JSON Pointer of each.
    pub fn walk_states(&self, base: &str, visit: &mut dyn FnMut(&str, &State, &str)) {
        let states = format!("{base}/States");
        for (name, state) in &self.states {
            let pointer = super::diagnostic::pointer_join(&states, name);
            visit(name, state, &pointer);
            for (child_pointer, child) in state.kind.children(&pointer) {
                child.walk_states(&child_pointer, visit);
            }
        }
    }
}

fn read_states(map: Map<String, Value>, base: &str, diagnostics: &mut Vec<Diagnostic>) -> States {
    let mut states = States::with_capacity(map.len());
    for (name, value) in map {
        let pointer = super::diagnostic::pointer_join(base, &name);
        match value {
            Value::Object(obj) => {
                let state = State::read(ObjectReader::new(obj, pointer, diagnostics));
                states.insert(name, state);
            }
            other => {
                diagnostics.push(Diagnostic::new(
                    Code::InvalidType,
                    pointer,
                    format!(
                        "state \"{name}\" must be an object, found {}",
                        super::fields::type_name(&other)
                    ),
                ));
                states.insert(name, State::invalid(other));
            }
        }
    }
    states
}
