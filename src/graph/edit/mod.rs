//! Undoable edits of a definition. Every edit applied returns its inverse: applying the
//! inverse restores the model (and the exported JSON) exactly, so undo/redo is a pair of
//! stacks of [`Edit`]s.
//!
//! Edits check addressing (the state, machine, rule, branch exists) and state-name
//! uniqueness; whether the result is valid ASL is the validator's business, so an edit never
//! refuses to restore what a definition already had.
//!
//! ```
//! use statewright::asl::{parse, StateType};
//! use statewright::graph::edit::{apply, new_state, Design, Edit};
//! use statewright::graph::{MachinePath, StatePath};
//!
//! let text = br#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
//! let mut design = Design::new(parse(text, None).machine.expect("a definition"));
//! let add = Edit::AddState {
//!     machine: MachinePath::root(),
//!     name: "B".into(),
//!     state: Box::new(new_state(StateType::Pass, &design.machine)),
//!     index: None,
//! };
//! let undo = apply(&mut design, add).expect("added").inverse;
//! let rename = Edit::Rename { state: StatePath::top("B"), new_name: "C".into() };
//! let undo_rename = apply(&mut design, rename).expect("renamed").inverse;
//! apply(&mut design, undo_rename).expect("undone");
//! apply(&mut design, undo).expect("undone");
//! assert_eq!(design.machine.states.len(), 1);
//! ```

mod address;
mod defaults;
mod gestures;
mod ops;
#[cfg(test)]
mod tests;

pub use address::unique_name;
pub use defaults::{new_branch, new_catcher, new_choice_rule, new_state};
pub use gestures::{catch_into, connect, insert_on_edge, machine_of, remove_all};

use crate::asl::states::{Catcher, ChoiceRule};
use crate::asl::{State, StateMachine};

use super::layout::Point;
use super::model::{EdgeKind, MachinePath, StatePath};
use super::sidecar::Positions;

/// What edits change: the definition and the user's node positions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Design {
    pub machine: StateMachine,
    pub positions: Positions,
}

impl Design {
    /// A design with no moved nodes.
    pub fn new(machine: StateMachine) -> Self {
        Design {
            machine,
            positions: Positions::default(),
        }
    }
}

/// A transition field of a Choice or a Catcher (`Next` has its own edit, [`Edit::SetNext`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Default,
    Choice(usize),
    Catch(usize),
}

/// One undoable change.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Adds a state at `index` of its machine's `States` (the end when `None`).
    AddState {
        machine: MachinePath,
        name: String,
        state: Box<State>,
        index: Option<usize>,
    },
    /// Removes a state; transitions naming it are kept (and reported in
    /// [`Applied::dangling`]) so nothing is lost silently.
    RemoveState { state: StatePath },
    /// Renames a state and every transition and `StartAt` of its machine naming it.
    Rename { state: StatePath, new_name: String },
    /// Sets a state's `Next` and `End` (connect: `next: Some(t), end: None`).
    SetNext {
        state: StatePath,
        next: Option<String>,
        end: Option<bool>,
    },
    /// Points a Choice rule, `Default` or Catcher at `target`.
    SetTarget {
        state: StatePath,
        slot: Slot,
        target: Option<String>,
    },
    /// Inserts a Choice rule at `index` (appends when `None`).
    AddChoiceRule {
        state: StatePath,
        index: Option<usize>,
        rule: Box<ChoiceRule>,
    },
    /// Removes the Choice rule at `index`.
    RemoveChoiceRule { state: StatePath, index: usize },
    /// Inserts a Catcher at `index` (appends when `None`).
    AddCatcher {
        state: StatePath,
        index: Option<usize>,
        catcher: Box<Catcher>,
    },
    /// Removes the Catcher at `index`; `keep_empty` leaves `"Catch": []` rather than no field.
    RemoveCatcher {
        state: StatePath,
        index: usize,
        keep_empty: bool,
    },
    /// Sets a machine's `StartAt`.
    SetStartAt {
        machine: MachinePath,
        start_at: Option<String>,
    },
    /// Copies a state (nested states get fresh names) and adds it after the original.
    Duplicate { state: StatePath, new_name: String },
    /// Inserts a branch into a Parallel state at `index` (appends when `None`).
    AddBranch {
        state: StatePath,
        index: Option<usize>,
        branch: Box<StateMachine>,
    },
    /// Removes a Parallel state's branch.
    RemoveBranch { state: StatePath, index: usize },
    /// Puts a new state on the edge of kind `edge` leaving `from` (for `EdgeKind::Start`,
    /// `from.name` is ignored and the new state becomes the machine's `StartAt`; for
    /// `EdgeKind::End`, it runs after the terminal state `from` and ends the machine).
    InsertOnEdge {
        from: StatePath,
        edge: EdgeKind,
        name: String,
        state: Box<State>,
    },
    /// Replaces a state's whole definition (inspector and code edits), keeping its name.
    ReplaceState { state: StatePath, new: Box<State> },
    /// Replaces a whole machine (the top level for code-view edits).
    ReplaceMachine {
        machine: MachinePath,
        new: Box<StateMachine>,
    },
    /// Sets (or with `None` clears) saved node positions, by node key.
    MoveNodes { moves: Vec<(String, Option<Point>)> },
    /// Several edits as one undo step, applied in order; all or nothing.
    Batch { label: String, edits: Vec<Edit> },
}

impl Edit {
    /// A short description for the Undo/Redo menu items.
    pub fn label(&self) -> String {
        match self {
            Edit::AddState { name, .. } => format!("Add {name}"),
            Edit::RemoveState { state } => format!("Delete {}", state.name),
            Edit::Rename { state, new_name } => format!("Rename {} to {new_name}", state.name),
            Edit::SetNext { state, .. } => format!("Connect {}", state.name),
            Edit::SetTarget { state, .. } => format!("Retarget {}", state.name),
            Edit::AddChoiceRule { state, .. } => format!("Add rule to {}", state.name),
            Edit::RemoveChoiceRule { state, .. } => format!("Remove rule from {}", state.name),
            Edit::AddCatcher { state, .. } => format!("Add catcher to {}", state.name),
            Edit::RemoveCatcher { state, .. } => format!("Remove catcher from {}", state.name),
            Edit::SetStartAt { .. } => "Set start state".to_owned(),
            Edit::Duplicate { state, .. } => format!("Duplicate {}", state.name),
            Edit::AddBranch { state, .. } => format!("Add branch to {}", state.name),
            Edit::RemoveBranch { state, .. } => format!("Remove branch from {}", state.name),
            Edit::InsertOnEdge { name, .. } => format!("Insert {name}"),
            Edit::ReplaceState { state, .. } => format!("Edit {}", state.name),
            Edit::ReplaceMachine { .. } => "Edit definition".to_owned(),
            Edit::MoveNodes { moves } if moves.len() == 1 => "Move node".to_owned(),
            Edit::MoveNodes { moves } => format!("Move {} nodes", moves.len()),
            Edit::Batch { label, .. } => label.clone(),
        }
    }

    /// Builds a [`Edit::ReplaceState`] from JSON (inspector or code edits). Type problems
    /// in the JSON are returned as diagnostics (pointers relative to the state), not errors:
    /// the model keeps what it could not read, as parsing does.
    pub fn replace_state_json(
        state: StatePath,
        json: &serde_json::Value,
    ) -> Result<(Edit, Vec<crate::asl::Diagnostic>), EditError> {
        let serde_json::Value::Object(map) = json else {
            return Err(EditError::NotAnObject);
        };
        let mut diagnostics = Vec::new();
        let reader =
            crate::asl::fields::ObjectReader::new(map.clone(), String::new(), &mut diagnostics);
        let new = Box::new(State::read(reader));
        Ok((Edit::ReplaceState { state, new }, diagnostics))
    }
}

/// A transition left pointing at a state that no longer exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The JSON Pointer of the field (`/States/A/Next`, `/StartAt`...).
    pub pointer: String,
    /// The state it names.
    pub target: String,
}

/// The result of applying an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// Applying this undoes the edit.
    pub inverse: Edit,
    /// Transitions the edit left dangling (after removing a state): show them as diagnostics.
    pub dangling: Vec<Reference>,
}

/// Why an edit could not be applied; the design is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no machine at {0:?}")]
    NoMachine(MachinePath),
    #[error("no state \"{}\" in that machine", .0.name)]
    NoState(StatePath),
    #[error("a state named \"{0}\" already exists")]
    NameTaken(String),
    #[error("a state name cannot be empty")]
    EmptyName,
    #[error("\"{0}\" is not a {1} state")]
    WrongType(String, &'static str),
    #[error("\"{state}\" has no {what} at index {index}")]
    NoSuchIndex {
        state: String,
        what: &'static str,
        index: usize,
    },
    #[error("a state must be a JSON object")]
    NotAnObject,
    #[error("cannot insert on that edge: {0}")]
    BadEdge(String),
}

/// Applies `edit` to `design`, returning its inverse and any dangling transitions. On error
/// the design is left as it was.
pub fn apply(design: &mut Design, edit: Edit) -> Result<Applied, EditError> {
    ops::apply(design, edit)
}
