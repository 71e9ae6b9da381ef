//! How each edit changes the design, and the inverse it returns.

use crate::asl::{State, StateKind, StateMachine};

use super::address::{
    all_names, machine, machine_mut, machine_pointer, set_site, site_pointer, sites_naming, state,
    state_mut, state_pointer, unique_among, Site,
};
use super::{Applied, Design, Edit, EditError, Reference, Slot};
use crate::graph::model::{EdgeKind, MachinePath, StatePath};

fn done(inverse: Edit) -> Result<Applied, EditError> {
    Ok(Applied {
        inverse,
        dangling: Vec::new(),
    })
}

pub(super) fn apply(design: &mut Design, edit: Edit) -> Result<Applied, EditError> {
    match edit {
        Edit::AddState {
            machine,
            name,
            state,
            index,
        } => add_state(design, machine, name, *state, index),
        Edit::RemoveState { state } => remove_state(design, state),
        Edit::Rename { state, new_name } => rename(design, state, new_name),
        Edit::SetNext { state, next, end } => {
            let s = state_mut(&mut design.machine, &state)?;
            let old_next = std::mem::replace(&mut s.next, next);
            let old_end = std::mem::replace(&mut s.end, end);
            done(Edit::SetNext {
                state,
                next: old_next,
                end: old_end,
            })
        }
        Edit::SetTarget {
            state,
            slot,
            target,
        } => {
            let field = target_field(&mut design.machine, &state, slot)?;
            let old = std::mem::replace(field, target);
            done(Edit::SetTarget {
                state,
                slot,
                target: old,
            })
        }
        Edit::AddChoiceRule { state, index, rule } => {
            let choices = choices_mut(&mut design.machine, &state)?;
            let at = index.unwrap_or(choices.len()).min(choices.len());
            choices.insert(at, *rule);
            done(Edit::RemoveChoiceRule { state, index: at })
        }
        Edit::RemoveChoiceRule { state, index } => {
            let choices = choices_mut(&mut design.machine, &state)?;
            if index >= choices.len() {
                return Err(no_index(&state, "Choice rule", index));
            }
            let rule = choices.remove(index);
            done(Edit::AddChoiceRule {
                state,
                index: Some(index),
                rule: Box::new(rule),
            })
        }
        Edit::AddCatcher {
            state,
            index,
            catcher,
        } => {
            let s = state_mut(&mut design.machine, &state)?;
            let keep_empty = s.catch.is_some();
            let list = s.catch.get_or_insert_with(Vec::new);
            let at = index.unwrap_or(list.len()).min(list.len());
            list.insert(at, *catcher);
            done(Edit::RemoveCatcher {
                state,
                index: at,
                keep_empty,
            })
        }
        Edit::RemoveCatcher {
            state,
            index,
            keep_empty,
        } => {
            let s = state_mut(&mut design.machine, &state)?;
            let Some(list) = s.catch.as_mut().filter(|l| index < l.len()) else {
                return Err(no_index(&state, "Catcher", index));
            };
            let catcher = list.remove(index);
            if list.is_empty() && !keep_empty {
                s.catch = None;
            }
            done(Edit::AddCatcher {
                state,
                index: Some(index),
                catcher: Box::new(catcher),
            })
        }
        Edit::SetStartAt {
            machine: path,
            start_at,
        } => {
            let m = machine_mut(&mut design.machine, &path)?;
            let old = std::mem::replace(&mut m.start_at, start_at);
            done(Edit::SetStartAt {
                machine: path,
                start_at: old,
            })
        }
        Edit::Duplicate { state, new_name } => duplicate(design, state, new_name),
        Edit::AddBranch {
            state,
            index,
            branch,
        } => {
            let branches = branches_mut(&mut design.machine, &state)?;
            let at = index.unwrap_or(branches.len()).min(branches.len());
            branches.insert(at, *branch);
            done(Edit::RemoveBranch { state, index: at })
        }
        Edit::RemoveBranch { state, index } => {
            let branches = branches_mut(&mut design.machine, &state)?;
            if index >= branches.len() {
                return Err(no_index(&state, "branch", index));
            }
            let branch = branches.remove(index);
            done(Edit::AddBranch {
                state,
                index: Some(index),
                branch: Box::new(branch),
            })
        }
        Edit::InsertOnEdge {
            from,
            edge,
            name,
            state,
        } => {
            let batch = insert_on_edge(design, from, edge, name, *state)?;
            apply(design, batch)
        }
        Edit::ReplaceState { state, new } => {
            let s = state_mut(&mut design.machine, &state)?;
            let old = std::mem::replace(s, *new);
            done(Edit::ReplaceState {
                state,
                new: Box::new(old),
            })
        }
        Edit::ReplaceMachine { machine: path, new } => {
            let m = machine_mut(&mut design.machine, &path)?;
            let old = std::mem::replace(m, *new);
            done(Edit::ReplaceMachine {
                machine: path,
                new: Box::new(old),
            })
        }
        Edit::MoveNodes { moves } => {
            let mut inverse = Vec::with_capacity(moves.len());
            for (key, position) in moves {
                let old = match position {
                    Some(p) => design.positions.nodes.insert(key.clone(), p),
                    None => design.positions.nodes.remove(&key),
                };
                inverse.push((key, old));
            }
            inverse.reverse();
            done(Edit::MoveNodes { moves: inverse })
        }
        Edit::Batch { label, edits } => batch(design, label, edits),
    }
}

fn no_index(state: &StatePath, what: &'static str, index: usize) -> EditError {
    EditError::NoSuchIndex {
        state: state.name.clone(),
        what,
        index,
    }
}

fn check_new_name(root: &StateMachine, name: &str) -> Result<(), EditError> {
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    if all_names(root).contains(name) {
        return Err(EditError::NameTaken(name.to_owned()));
    }
    Ok(())
}

fn add_state(
    design: &mut Design,
    path: MachinePath,
    name: String,
    state: State,
    index: Option<usize>,
) -> Result<Applied, EditError> {
    check_new_name(&design.machine, &name)?;
    let m = machine_mut(&mut design.machine, &path)?;
    let at = index.unwrap_or(m.states.len()).min(m.states.len());
    m.states.shift_insert(at, name.clone(), state);
    done(Edit::RemoveState {
        state: StatePath::new(path, &name),
    })
}

fn remove_state(design: &mut Design, path: StatePath) -> Result<Applied, EditError> {
    let pointer = machine_pointer(&design.machine, &path.machine).unwrap_or_default();
    let m = machine_mut(&mut design.machine, &path.machine)?;
    let Some((index, _, removed)) = m.states.shift_remove_full(&path.name) else {
        return Err(EditError::NoState(path));
    };
    let dangling = sites_naming(m, &path.name)
        .iter()
        .map(|site| Reference {
            pointer: site_pointer(&pointer, site),
            target: path.name.clone(),
        })
        .collect();
    Ok(Applied {
        inverse: Edit::AddState {
            machine: path.machine,
            name: path.name,
            state: Box::new(removed),
            index: Some(index),
        },
        dangling,
    })
}

fn rename(design: &mut Design, path: StatePath, new_name: String) -> Result<Applied, EditError> {
    check_new_name(&design.machine, &new_name)?;
    let old_pointer = state_pointer(&design.machine, &path);
    let m = machine_mut(&mut design.machine, &path.machine)?;
    let Some(index) = m.states.get_index_of(&path.name) else {
        return Err(EditError::NoState(path));
    };
    // Fields already naming the new name (broken references) must keep it on undo.
    let rename_site = |site: Site| match site {
        Site::Next(s) if s == path.name => Site::Next(new_name.clone()),
        Site::Default(s) if s == path.name => Site::Default(new_name.clone()),
        Site::Choice(s, i) if s == path.name => Site::Choice(new_name.clone(), i),
        Site::Catch(s, i) if s == path.name => Site::Catch(new_name.clone(), i),
        other => other,
    };
    let already: Vec<Site> = sites_naming(m, &new_name)
        .into_iter()
        .map(rename_site)
        .collect();
    let referring = sites_naming(m, &path.name);
    if let Some((_, state)) = m.states.shift_remove_index(index) {
        m.states.shift_insert(index, new_name.clone(), state);
    }
    for site in referring.into_iter().map(rename_site) {
        set_site(m, &site, &new_name);
    }
    let new_path = StatePath::new(path.machine.clone(), &new_name);
    let new_pointer = state_pointer(&design.machine, &new_path);
    if let (Some(old), Some(new)) = (old_pointer, new_pointer) {
        move_position_keys(design, &old, &new);
    }
    let back = Edit::Rename {
        state: new_path.clone(),
        new_name: path.name.clone(),
    };
    if already.is_empty() {
        return done(back);
    }
    let mut edits = vec![back];
    edits.extend(
        already
            .into_iter()
            .map(|site| restore_site(&path.machine, &path.name, &new_name, site, &design.machine)),
    );
    done(Edit::Batch {
        label: format!("Rename {new_name} to {}", path.name),
        edits,
    })
}

/// The edit pointing `site` back at `target` once a rename is undone (state names in
/// `site` are post-rename; `old_name` is what the state is called after undo).
fn restore_site(
    machine_path: &MachinePath,
    old_name: &str,
    new_name: &str,
    site: Site,
    root: &StateMachine,
) -> Edit {
    let at = |s: &str| {
        let name = if s == new_name { old_name } else { s };
        StatePath::new(machine_path.clone(), name)
    };
    let target = Some(new_name.to_owned());
    match site {
        Site::StartAt => Edit::SetStartAt {
            machine: machine_path.clone(),
            start_at: target,
        },
        Site::Next(s) => {
            let end = machine(root, machine_path)
                .ok()
                .and_then(|m| m.states.get(&s))
                .and_then(|st| st.end);
            Edit::SetNext {
                state: at(&s),
                next: target,
                end,
            }
        }
        Site::Default(s) => Edit::SetTarget {
            state: at(&s),
            slot: Slot::Default,
            target,
        },
        Site::Choice(s, i) => Edit::SetTarget {
            state: at(&s),
            slot: Slot::Choice(i),
            target,
        },
        Site::Catch(s, i) => Edit::SetTarget {
            state: at(&s),
            slot: Slot::Catch(i),
            target,
        },
    }
}

/// Saved positions follow a renamed state (and everything nested in it).
fn move_position_keys(design: &mut Design, old: &str, new: &str) {
    let moved: Vec<String> = design
        .positions
        .nodes
        .keys()
        .filter(|k| *k == old || k.strip_prefix(old).is_some_and(|r| r.starts_with('/')))
        .cloned()
        .collect();
    for key in moved {
        if let Some(p) = design.positions.nodes.remove(&key) {
            design
                .positions
                .nodes
                .insert(format!("{new}{}", &key[old.len()..]), p);
        }
    }
}

fn target_field<'a>(
    root: &'a mut StateMachine,
    path: &StatePath,
    slot: Slot,
) -> Result<&'a mut Option<String>, EditError> {
    let s = state_mut(root, path)?;
    match slot {
        Slot::Default | Slot::Choice(_) => {
            let StateKind::Choice(c) = &mut s.kind else {
                return Err(EditError::WrongType(path.name.clone(), "Choice"));
            };
            match slot {
                Slot::Choice(i) => c
                    .choices
                    .get_mut(i)
                    .map(|r| &mut r.next)
                    .ok_or_else(|| no_index(path, "Choice rule", i)),
                _ => Ok(&mut c.default),
            }
        }
        Slot::Catch(i) => s
            .catch
            .as_mut()
            .and_then(|l| l.get_mut(i))
            .map(|c| &mut c.next)
            .ok_or_else(|| no_index(path, "Catcher", i)),
    }
}

fn choices_mut<'a>(
    root: &'a mut StateMachine,
    path: &StatePath,
) -> Result<&'a mut Vec<crate::asl::states::ChoiceRule>, EditError> {
    match &mut state_mut(root, path)?.kind {
        StateKind::Choice(c) => Ok(&mut c.choices),
        _ => Err(EditError::WrongType(path.name.clone(), "Choice")),
    }
}

fn branches_mut<'a>(
    root: &'a mut StateMachine,
    path: &StatePath,
) -> Result<&'a mut Vec<StateMachine>, EditError> {
    match &mut state_mut(root, path)?.kind {
        StateKind::Parallel(p) => Ok(&mut p.branches),
        _ => Err(EditError::WrongType(path.name.clone(), "Parallel")),
    }
}

fn duplicate(design: &mut Design, path: StatePath, new_name: String) -> Result<Applied, EditError> {
    check_new_name(&design.machine, &new_name)?;
    let original = state(&design.machine, &path)?;
    let mut copy = original.clone();
    let mut taken = all_names(&design.machine);
    taken.insert(new_name.clone());
    for child in copy.kind.children_mut() {
        rename_all(child, &mut taken);
    }
    let index = machine(&design.machine, &path.machine)?
        .states
        .get_index_of(&path.name)
        .map(|i| i + 1);
    add_state(design, path.machine, new_name, copy, index)
}

/// Gives every state of `m` (and nested) a fresh name, fixing references in each machine.
fn rename_all(m: &mut StateMachine, taken: &mut std::collections::HashSet<String>) {
    let names: Vec<String> = m.states.keys().cloned().collect();
    for old in names {
        let new = unique_among(taken, &format!("{old} copy"));
        taken.insert(new.clone());
        for site in sites_naming(m, &old) {
            set_site(m, &site, &new);
        }
        if let Some(i) = m.states.get_index_of(&old) {
            if let Some((_, s)) = m.states.shift_remove_index(i) {
                m.states.shift_insert(i, new, s);
            }
        }
    }
    for state in m.states.values_mut() {
        for child in state.kind.children_mut() {
            rename_all(child, taken);
        }
    }
}

/// The batch that puts `new` between `from` and the target of its `edge`.
fn insert_on_edge(
    design: &Design,
    from: StatePath,
    edge: EdgeKind,
    name: String,
    mut new: State,
) -> Result<Edit, EditError> {
    let root = &design.machine;
    let m = machine(root, &from.machine)?;
    let source = || {
        m.states
            .get(&from.name)
            .ok_or_else(|| EditError::NoState(from.clone()))
    };
    let (old_target, rewire, index) = match edge {
        EdgeKind::Start => {
            let edit = Edit::SetStartAt {
                machine: from.machine.clone(),
                start_at: Some(name.clone()),
            };
            (m.start_at.clone(), edit, Some(0))
        }
        EdgeKind::End => {
            let s = source()?;
            if matches!(s.kind, StateKind::Succeed | StateKind::Fail(_)) {
                return Err(EditError::BadEdge(format!(
                    "\"{}\" is a Succeed or Fail state and cannot have a next state",
                    from.name
                )));
            }
            let edit = Edit::SetNext {
                state: from.clone(),
                next: Some(name.clone()),
                end: None,
            };
            (None, edit, None)
        }
        EdgeKind::Next => {
            let edit = Edit::SetNext {
                state: from.clone(),
                next: Some(name.clone()),
                end: None,
            };
            (source()?.next.clone(), edit, None)
        }
        EdgeKind::Default | EdgeKind::Choice(_) | EdgeKind::Catch(_) => {
            let slot = match edge {
                EdgeKind::Default => Slot::Default,
                EdgeKind::Choice(i) => Slot::Choice(i),
                EdgeKind::Catch(i) => Slot::Catch(i),
                _ => Slot::Default,
            };
            let s = source()?;
            let target = match (&s.kind, slot) {
                (StateKind::Choice(c), Slot::Default) => c.default.clone(),
                (StateKind::Choice(c), Slot::Choice(i)) => {
                    c.choices.get(i).and_then(|r| r.next.clone())
                }
                (_, Slot::Catch(i)) => s.catch.iter().flatten().nth(i).and_then(|c| c.next.clone()),
                _ => {
                    return Err(EditError::BadEdge(format!(
                        "\"{}\" has no such edge",
                        from.name
                    )))
                }
            };
            let edit = Edit::SetTarget {
                state: from.clone(),
                slot,
                target: Some(name.clone()),
            };
            (target, edit, None)
        }
    };
    let index = index.or_else(|| m.states.get_index_of(&from.name).map(|i| i + 1));
    if matches!(
        new.kind,
        StateKind::Choice(_) | StateKind::Succeed | StateKind::Fail(_)
    ) {
        // These cannot carry Next; the old target stays reachable through the source only.
    } else if let Some(target) = old_target {
        new.next = Some(target);
        new.end = None;
    } else {
        new.next = None;
        new.end = Some(true);
    }
    Ok(Edit::Batch {
        label: format!("Insert {name}"),
        edits: vec![
            Edit::AddState {
                machine: from.machine.clone(),
                name,
                state: Box::new(new),
                index,
            },
            rewire,
        ],
    })
}

fn batch(design: &mut Design, label: String, edits: Vec<Edit>) -> Result<Applied, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    let mut dangling = Vec::new();
    for edit in edits {
        match apply(design, edit) {
            Ok(applied) => {
                inverses.push(applied.inverse);
                dangling.extend(applied.dangling);
            }
            Err(e) => {
                // All or nothing: undo what this batch already did.
                for inverse in inverses.into_iter().rev() {
                    let _ = apply(design, inverse);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(Applied {
        inverse: Edit::Batch {
            label,
            edits: inverses,
        },
        dangling,
    })
}
