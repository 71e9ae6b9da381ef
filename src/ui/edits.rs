//! Selection, view and model edits coming from the canvas, the inspector and commands.
//! Every model change goes through `graph::edit`, so each is one undoable step.

use super::app::StatewrightApp;
use super::canvas::svg::to_svg;
use super::canvas::CanvasEvent;
use super::command::Command;
use super::inspector::{find_state, InspectorEdit};
use crate::asl::{StateKind, StateType};
use crate::graph::edit::{
    self as gestures, catch_into, connect, machine_of, new_branch, new_state, remove_all,
    unique_name, Edit,
};
use crate::graph::{EdgeId, EdgeKind, MachinePath, NodeKind, Point, StatePath};

impl StatewrightApp {
    /// Applies an editing or view command.
    pub(super) fn run_edit(&mut self, command: Command) {
        match command {
            Command::Find => self.focus_search = true,
            Command::FitView => self.canvas.fit(),
            Command::GoToState(name) => match self.state_named(&name) {
                Some(path) => self.select_and_focus(path),
                None => self.status = format!("No state named {name}"),
            },
            Command::AddState(ty) => {
                let after = self.single_selection();
                self.add_state(ty, after, None);
            }
            Command::Delete => self.delete_selection(),
            Command::ClearSelection => self.selection.clear(),
            Command::Duplicate => {
                if let Some(state) = self.single_selection() {
                    let new_name = unique_name(self.doc.machine(), &state.name);
                    let machine = state.machine.clone();
                    if self.edit(Edit::Duplicate {
                        state,
                        new_name: new_name.clone(),
                    }) {
                        self.select_only(StatePath::new(machine, &new_name));
                    }
                }
            }
            Command::SetStartAt => {
                if let Some(state) = self.single_selection() {
                    self.edit(Edit::SetStartAt {
                        machine: state.machine,
                        start_at: Some(state.name),
                    });
                }
            }
            other => self.status = format!("{} is not available here", other.label()),
        }
    }

    /// Applies what the canvas, inspector and diagnostics panel recorded this frame.
    pub(super) fn apply_view_events(&mut self) {
        if let Some(pointer) = self.select_pointer.take() {
            let path = self.canvas.cached().and_then(|c| {
                let node = c.graph.node_containing_pointer(&pointer)?;
                c.graph.node(node)?.state.clone()
            });
            if let Some(path) = path {
                self.select_and_focus(path);
            }
        }
        for event in std::mem::take(&mut self.canvas_events) {
            self.canvas_event(event);
        }
        for edit in std::mem::take(&mut self.inspector_edits) {
            self.inspector_edit(edit);
        }
    }

    fn canvas_event(&mut self, event: CanvasEvent) {
        match event {
            CanvasEvent::Select { state, additive } => {
                if !additive {
                    self.selection.clear();
                }
                if !self.selection.remove(&state) || !additive {
                    self.selection.insert(state);
                }
            }
            CanvasEvent::SelectOnly(states) => self.selection = states.into_iter().collect(),
            CanvasEvent::ClearSelection => self.selection.clear(),
            CanvasEvent::Moved { keys, delta } => self.move_nodes(&keys, delta),
            CanvasEvent::Command { state, command } => {
                if !self.selection.contains(&state) {
                    self.select_only(state);
                }
                self.commands.push(command);
            }
            CanvasEvent::Connect { from, to, catch } => self.connect(from, to, catch),
            CanvasEvent::Drop { ty, at, edge, onto } => match (edge, onto) {
                (_, Some(onto)) => self.add_state(ty, Some(onto), None),
                (Some(edge), None) => self.insert_on_edge(ty, edge),
                (None, None) => {
                    self.add_state(ty, None, Some(Point::new(at.x - 60.0, at.y - 20.0)));
                }
            },
        }
    }

    fn inspector_edit(&mut self, edit: InspectorEdit) {
        match edit {
            InspectorEdit::Replace {
                path,
                state,
                field,
                coalesce,
            } => match Edit::replace_state_json(path.clone(), &state) {
                Ok((edit, _)) => {
                    let key = coalesce.then(|| format!("inspector:{}:{field}", path.name));
                    if let Err(e) = self.doc.apply(edit, key.as_deref()) {
                        self.status = e.to_string();
                    }
                }
                Err(e) => self.status = e.to_string(),
            },
            InspectorEdit::Rename { path, to } => {
                let renamed = StatePath::new(path.machine.clone(), &to);
                if self.edit(Edit::Rename {
                    state: path,
                    new_name: to,
                }) {
                    self.select_only(renamed);
                }
            }
            InspectorEdit::SetStartAt(path) => {
                self.edit(Edit::SetStartAt {
                    machine: path.machine,
                    start_at: Some(path.name),
                });
            }
            InspectorEdit::AddBranch(state) => {
                let branch = Box::new(new_branch(self.doc.machine()));
                self.edit(Edit::AddBranch {
                    state,
                    index: None,
                    branch,
                });
            }
            InspectorEdit::RemoveBranch(state, index) => {
                self.edit(Edit::RemoveBranch { state, index });
            }
            InspectorEdit::ReplaceMachine {
                machine,
                field,
                coalesce,
            } => {
                let edit = Edit::ReplaceMachine {
                    machine: MachinePath::root(),
                    new: machine,
                };
                let key = coalesce.then(|| format!("inspector:workflow:{field}"));
                if let Err(e) = self.doc.apply(edit, key.as_deref()) {
                    self.status = e.to_string();
                }
            }
        }
    }

    /// Applies one edit as an undo step; reports failures in the status bar.
    fn edit(&mut self, edit: Edit) -> bool {
        let label = edit.label();
        match self.doc.apply(edit, None) {
            Ok(0) => {
                self.status = label;
                true
            }
            Ok(dangling) => {
                self.status = format!(
                    "{label}: {dangling} transitions now name a missing state (see Problems)"
                );
                true
            }
            Err(e) => {
                self.status = format!("{label}: {e}");
                false
            }
        }
    }

    /// Adds a state of type `ty`: after `after` when given (on its outgoing Next/End edge),
    /// else unconnected in the top-level machine, placed at `at` when given.
    fn add_state(&mut self, ty: StateType, after: Option<StatePath>, at: Option<Point>) {
        let name = unique_name(self.doc.machine(), ty.as_str());
        let state = Box::new(new_state(ty, self.doc.machine()));
        let edge = after.as_ref().and_then(|a| {
            let (_, s) = find_state(self.doc.machine(), a)?;
            let terminal = s.end == Some(true);
            let chains = !matches!(
                s.kind,
                StateKind::Choice(_) | StateKind::Succeed | StateKind::Fail(_)
            );
            match (chains, terminal, s.next.is_some()) {
                (true, true, _) => Some(EdgeKind::End),
                (true, _, true) => Some(EdgeKind::Next),
                _ => None,
            }
        });
        let (edit, machine) = match (after, edge) {
            (Some(from), Some(edge)) => {
                let machine = from.machine.clone();
                (
                    Edit::InsertOnEdge {
                        from,
                        edge,
                        name: name.clone(),
                        state,
                    },
                    machine,
                )
            }
            (after, _) => {
                let machine = after.map(|a| a.machine).unwrap_or_default();
                (
                    Edit::AddState {
                        machine: machine.clone(),
                        name: name.clone(),
                        state,
                        index: None,
                    },
                    machine,
                )
            }
        };
        let added = StatePath::new(machine.clone(), &name);
        let edit = match at {
            Some(p) => Edit::Batch {
                label: format!("Add {name}"),
                edits: vec![
                    edit,
                    Edit::MoveNodes {
                        moves: vec![(top_level_key(&name), Some(p))],
                    },
                ],
            },
            None => edit,
        };
        if self.edit(edit) {
            self.select_only(added);
        }
    }

    fn insert_on_edge(&mut self, ty: StateType, edge: EdgeId) {
        let Some(cached) = self.canvas.cached() else {
            return;
        };
        let name = unique_name(self.doc.machine(), ty.as_str());
        let state = new_state(ty, self.doc.machine());
        let machine = cached
            .graph
            .edge(edge)
            .and_then(|e| machine_of(&cached.graph, e.from));
        let Some(edit) = gestures::insert_on_edge(&cached.graph, edge, &name, state) else {
            self.status = "Cannot insert on that edge".into();
            return;
        };
        if self.edit(edit) {
            self.select_only(StatePath::new(machine.unwrap_or_default(), &name));
        }
    }

    fn connect(&mut self, from: StatePath, to: StatePath, catch: bool) {
        if from.machine != to.machine {
            self.status = "Transitions stay inside one machine (branch)".into();
            return;
        }
        let edit = if catch {
            Ok(catch_into(&from, &to.name))
        } else {
            connect(&self.doc.design, &from, &to.name)
        };
        match edit {
            Ok(edit) => {
                self.edit(edit);
            }
            Err(e) => self.status = e.to_string(),
        }
    }

    fn move_nodes(&mut self, keys: &[String], delta: Point) {
        let Some(cached) = self.canvas.cached() else {
            return;
        };
        let moves = keys
            .iter()
            .filter_map(|k| {
                let id = cached.graph.node_by_key(k)?;
                let r = cached.layout.nodes.get(id.0)?;
                Some((
                    k.clone(),
                    Some(Point::new(r.min.x + delta.x, r.min.y + delta.y)),
                ))
            })
            .collect::<Vec<_>>();
        if !moves.is_empty() {
            self.edit(Edit::MoveNodes { moves });
        }
    }

    fn delete_selection(&mut self) {
        let states: Vec<StatePath> = self.selection.iter().cloned().collect();
        if states.is_empty() {
            return;
        }
        if self.edit(remove_all(&states)) {
            self.selection.clear();
        }
    }

    fn single_selection(&self) -> Option<StatePath> {
        (self.selection.len() == 1)
            .then(|| self.selection.first().cloned())
            .flatten()
    }

    fn select_only(&mut self, path: StatePath) {
        self.selection.clear();
        self.selection.insert(path);
    }

    fn select_and_focus(&mut self, path: StatePath) {
        self.select_only(path.clone());
        self.canvas.focus(path);
    }

    /// The state called `name` (the first one, if a broken definition repeats names).
    pub(super) fn state_named(&self, name: &str) -> Option<StatePath> {
        let cached = self.canvas.cached()?;
        cached
            .graph
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::State(_)))
            .find_map(|n| n.state.clone().filter(|s| s.name == name))
    }

    /// The diagram as SVG, if there is one.
    pub(super) fn diagram_svg(&self) -> Option<String> {
        let cached = self.canvas.cached()?;
        Some(to_svg(
            &cached.graph,
            &cached.layout,
            &self.settings.theme.palette(),
        ))
    }
}

/// The node key (JSON Pointer) of a top-level state, as the graph builds it.
fn top_level_key(name: &str) -> String {
    crate::asl::diagnostic::pointer_join("/States", name)
}
