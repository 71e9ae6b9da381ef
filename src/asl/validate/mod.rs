//! Static rules over the model: every problem AWS would reject, plus warnings, each with a
//! stable code and a JSON Pointer. Runs on the model alone, so the designer can validate
//! in-memory edits; positions are added afterwards from the source text when there is one.

mod expressions;
mod fields;
mod memo;
mod rules;
mod structure;
mod values;

use std::collections::HashMap;

use super::diagnostic::{Code, Diagnostic};
use super::machine::StateMachine;
use super::states::QueryLanguage;

/// Validates a whole definition.
pub fn validate(machine: &StateMachine) -> Vec<Diagnostic> {
    let mut v = Validator::new(machine);
    let language = machine.query_language.unwrap_or(QueryLanguage::JsonPath);
    v.machine(machine, "", language, Scope::Top);
    v.diagnostics
}

/// Where a machine sits, which decides the fields it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Top,
    Branch,
    Processor,
}

pub(crate) struct Validator {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// How many states carry each name anywhere in the machine.
    pub(crate) name_counts: HashMap<String, usize>,
    pub(crate) top_language: QueryLanguage,
    /// Expression verdicts by text, so a path repeated in many states is parsed once.
    pub(crate) checked: memo::CheckedExpressions,
}

impl Validator {
    fn new(machine: &StateMachine) -> Self {
        let mut name_counts: HashMap<String, usize> = HashMap::with_capacity(machine.states.len());
        count_names(machine, &mut name_counts);
        Validator {
            diagnostics: Vec::new(),
            name_counts,
            top_language: machine.query_language.unwrap_or(QueryLanguage::JsonPath),
            checked: memo::CheckedExpressions::default(),
        }
    }

    pub(crate) fn report(
        &mut self,
        code: Code,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::new(code, pointer, message));
    }

    /// Validates one machine (top level, branch or processor) and everything inside it.
    pub(crate) fn machine(
        &mut self,
        m: &StateMachine,
        pointer: &str,
        language: QueryLanguage,
        scope: Scope,
    ) {
        self.machine_fields(m, pointer, scope);
        let language = match scope {
            Scope::Top => language,
            _ => m.query_language.unwrap_or(language),
        };
        self.structure(m, pointer);
        let states_pointer = format!("{pointer}/States");
        for (name, state) in &m.states {
            let state_pointer = super::diagnostic::pointer_join(&states_pointer, name);
            self.state(name, state, &state_pointer, language);
            let state_language = state.query_language.unwrap_or(language);
            for (child_pointer, child) in state.kind.children(&state_pointer) {
                let child_scope = if child_pointer.ends_with("/Iterator")
                    || child_pointer.ends_with("/ItemProcessor")
                {
                    Scope::Processor
                } else {
                    Scope::Branch
                };
                self.machine(child, &child_pointer, state_language, child_scope);
            }
        }
    }
}

/// Counts every state name in `m` and its nested machines.
fn count_names(m: &StateMachine, counts: &mut HashMap<String, usize>) {
    for (name, state) in &m.states {
        match counts.get_mut(name) {
            Some(count) => *count += 1,
            None => {
                counts.insert(name.clone(), 1);
            }
        }
        for child in state.kind.child_machines() {
            count_names(child, counts);
        }
    }
}
