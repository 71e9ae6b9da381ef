//! Finding machines and states by path, names across a definition, and reference sites.

use std::collections::HashSet;

use crate::asl::diagnostic::pointer_join;
use crate::asl::{State, StateKind, StateMachine};

use super::EditError;
use crate::graph::model::{MachinePath, StatePath};

/// The machine at `path`.
pub(super) fn machine<'a>(
    root: &'a StateMachine,
    path: &MachinePath,
) -> Result<&'a StateMachine, EditError> {
    let mut m = root;
    for step in &path.0 {
        let state = m
            .states
            .get(&step.state)
            .ok_or_else(|| EditError::NoMachine(path.clone()))?;
        let children = state.kind.children("");
        m = children
            .into_iter()
            .nth(step.index)
            .map(|(_, c)| c)
            .ok_or_else(|| EditError::NoMachine(path.clone()))?;
    }
    Ok(m)
}

/// The machine at `path`, mutably.
pub(super) fn machine_mut<'a>(
    root: &'a mut StateMachine,
    path: &MachinePath,
) -> Result<&'a mut StateMachine, EditError> {
    let mut m = root;
    for step in &path.0 {
        let state = m
            .states
            .get_mut(&step.state)
            .ok_or_else(|| EditError::NoMachine(path.clone()))?;
        m = state
            .kind
            .children_mut()
            .into_iter()
            .nth(step.index)
            .ok_or_else(|| EditError::NoMachine(path.clone()))?;
    }
    Ok(m)
}

/// The state at `path`, mutably.
pub(super) fn state_mut<'a>(
    root: &'a mut StateMachine,
    path: &StatePath,
) -> Result<&'a mut State, EditError> {
    machine_mut(root, &path.machine)?
        .states
        .get_mut(&path.name)
        .ok_or_else(|| EditError::NoState(path.clone()))
}

/// The state at `path`.
pub(super) fn state<'a>(root: &'a StateMachine, path: &StatePath) -> Result<&'a State, EditError> {
    machine(root, &path.machine)?
        .states
        .get(&path.name)
        .ok_or_else(|| EditError::NoState(path.clone()))
}

/// The JSON Pointer of the machine at `path` ("" for the top level).
pub(crate) fn machine_pointer(root: &StateMachine, path: &MachinePath) -> Option<String> {
    let mut m = root;
    let mut pointer = String::new();
    for step in &path.0 {
        let state_pointer = pointer_join(&format!("{pointer}/States"), &step.state);
        let state = m.states.get(&step.state)?;
        let (child_pointer, child) = state
            .kind
            .children(&state_pointer)
            .into_iter()
            .nth(step.index)?;
        pointer = child_pointer;
        m = child;
    }
    Some(pointer)
}

/// The JSON Pointer of the state at `path`.
pub(crate) fn state_pointer(root: &StateMachine, path: &StatePath) -> Option<String> {
    let m = machine_pointer(root, &path.machine)?;
    Some(pointer_join(&format!("{m}/States"), &path.name))
}

/// Every state name in the definition, nested ones included.
pub(crate) fn all_names(root: &StateMachine) -> HashSet<String> {
    let mut names = HashSet::new();
    root.walk_states("", &mut |name, _, _| {
        names.insert(name.to_owned());
    });
    names
}

/// `base` if no state has that name, else `base 2`, `base 3`, ...
pub fn unique_name(root: &StateMachine, base: &str) -> String {
    unique_among(&all_names(root), base)
}

pub(crate) fn unique_among(taken: &HashSet<String>, base: &str) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_owned())
}

/// A field of one machine that names a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Site {
    StartAt,
    Next(String),
    Default(String),
    Choice(String, usize),
    Catch(String, usize),
}

/// Every field of machine `m` (not of nested machines: transitions never leave their
/// machine) that names `target`.
pub(super) fn sites_naming(m: &StateMachine, target: &str) -> Vec<Site> {
    let mut out = Vec::new();
    if m.start_at.as_deref() == Some(target) {
        out.push(Site::StartAt);
    }
    for (name, state) in &m.states {
        if state.next.as_deref() == Some(target) {
            out.push(Site::Next(name.clone()));
        }
        if let StateKind::Choice(c) = &state.kind {
            for (i, rule) in c.choices.iter().enumerate() {
                if rule.next.as_deref() == Some(target) {
                    out.push(Site::Choice(name.clone(), i));
                }
            }
            if c.default.as_deref() == Some(target) {
                out.push(Site::Default(name.clone()));
            }
        }
        for (i, catcher) in state.catch.iter().flatten().enumerate() {
            if catcher.next.as_deref() == Some(target) {
                out.push(Site::Catch(name.clone(), i));
            }
        }
    }
    out
}

/// Points the field at `site` of machine `m` to `target`.
pub(super) fn set_site(m: &mut StateMachine, site: &Site, target: &str) {
    let value = Some(target.to_owned());
    match site {
        Site::StartAt => m.start_at = value,
        Site::Next(s) => {
            if let Some(st) = m.states.get_mut(s) {
                st.next = value;
            }
        }
        Site::Default(s) => {
            if let Some(StateKind::Choice(c)) = m.states.get_mut(s).map(|st| &mut st.kind) {
                c.default = value;
            }
        }
        Site::Choice(s, i) => {
            if let Some(StateKind::Choice(c)) = m.states.get_mut(s).map(|st| &mut st.kind) {
                if let Some(rule) = c.choices.get_mut(*i) {
                    rule.next = value;
                }
            }
        }
        Site::Catch(s, i) => {
            if let Some(c) = m
                .states
                .get_mut(s)
                .and_then(|st| st.catch.as_mut())
                .and_then(|l| l.get_mut(*i))
            {
                c.next = value;
            }
        }
    }
}

/// The JSON Pointer of the field at `site`, given the machine's pointer.
pub(super) fn site_pointer(machine_pointer: &str, site: &Site) -> String {
    let state = |s: &str| pointer_join(&format!("{machine_pointer}/States"), s);
    match site {
        Site::StartAt => format!("{machine_pointer}/StartAt"),
        Site::Next(s) => format!("{}/Next", state(s)),
        Site::Default(s) => format!("{}/Default", state(s)),
        Site::Choice(s, i) => format!("{}/Choices/{i}/Next", state(s)),
        Site::Catch(s, i) => format!("{}/Catch/{i}/Next", state(s)),
    }
}
