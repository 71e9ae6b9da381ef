//! The documents a path can start from: state input (`$`), context object (`$$`) and variables.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

use serde_json::{Map, Value};

/// Which document a path reads: `$…` the state input, `$$…` the context object, `$name…` a variable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Root {
    /// `$`, `$.a`, `$[0]`: the state input (or the effective input of the current stage).
    Input,
    /// `$$`, `$$.Execution.Id`: the context object.
    Context,
    /// `$name`, `$name.a[0]`: a workflow variable set by `Assign`.
    Variable(String),
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Root::Input => f.write_str("$"),
            Root::Context => f.write_str("$$"),
            Root::Variable(name) => write!(f, "${name}"),
        }
    }
}

/// Looks up workflow variables (set by `Assign`) by name.
pub trait Variables {
    /// The variable's current value, or `None` when it was never assigned.
    fn variable(&self, name: &str) -> Option<&Value>;
}

/// No variables at all: every `$name` path fails with `UnknownVariable`.
impl Variables for () {
    fn variable(&self, _name: &str) -> Option<&Value> {
        None
    }
}

impl Variables for Map<String, Value> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl<S: BuildHasher> Variables for HashMap<String, Value, S> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

/// The three documents a path is evaluated against.
#[derive(Clone, Copy)]
pub struct Roots<'a> {
    /// What `$` means: the state input at the current stage.
    pub input: &'a Value,
    /// What `$$` means: the context object.
    pub context: &'a Value,
    /// What `$name` means: the workflow variables in scope.
    pub variables: &'a dyn Variables,
}

impl<'a> Roots<'a> {
    /// Roots without variables.
    pub fn new(input: &'a Value, context: &'a Value) -> Self {
        Roots {
            input,
            context,
            variables: &(),
        }
    }

    /// The same roots with variables in scope.
    pub fn with_variables(self, variables: &'a dyn Variables) -> Self {
        Roots { variables, ..self }
    }

    /// The document `root` names; `path` is only used in the error message.
    pub(crate) fn document(&self, root: &Root, path: &str) -> Result<&'a Value, super::PathError> {
        match root {
            Root::Input => Ok(self.input),
            Root::Context => Ok(self.context),
            Root::Variable(name) => {
                self.variables
                    .variable(name)
                    .ok_or_else(|| super::PathError::UnknownVariable {
                        path: path.to_owned(),
                        name: name.clone(),
                    })
            }
        }
    }
}
