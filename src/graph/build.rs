//! Definition to diagram: one node per state, Start/End markers per machine, one edge per
//! transition, containers for Parallel branches and Map processors.

use std::collections::HashMap;

use crate::asl::diagnostic::pointer_join;
use crate::asl::{State, StateKind, StateMachine};

use super::label::{catcher_label, choice_rule_label};
use super::model::{
    Edge, EdgeId, EdgeKind, Graph, Machine, MachineId, MachinePath, Node, NodeId, NodeKind,
    StatePath,
};

/// Choices about what the diagram shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphOptions {
    /// Start and End markers inside Parallel branches and Map processors too (the top level
    /// always has them). The console draws none inside containers; off is more compact.
    pub branch_markers: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            branch_markers: true,
        }
    }
}

impl Graph {
    /// Builds the diagram of a definition with default options. Never fails: transitions to
    /// names no state has point at a [`NodeKind::Missing`] node so the break is visible.
    pub fn from_machine(machine: &StateMachine) -> Graph {
        Graph::from_machine_with(machine, &GraphOptions::default())
    }

    /// Builds the diagram of a definition.
    pub fn from_machine_with(machine: &StateMachine, options: &GraphOptions) -> Graph {
        let mut graph = Graph::default();
        let root = MachinePath::root();
        build_machine(&mut graph, options, machine, root, String::new(), None);
        graph
    }
}

fn add_node(graph: &mut Graph, node: Node) -> NodeId {
    let id = NodeId(graph.nodes.len());
    if let Some(m) = graph.machines.get_mut(node.machine.0) {
        m.nodes.push(id);
    }
    graph.nodes.push(node);
    id
}

fn add_edge(graph: &mut Graph, machine: MachineId, edge: Edge) {
    let id = EdgeId(graph.edges.len());
    graph.edges.push(edge);
    if let Some(m) = graph.machines.get_mut(machine.0) {
        m.edges.push(id);
    }
}

fn marker(machine: MachineId, kind: NodeKind, label: &str, key: String) -> Node {
    Node {
        kind,
        label: label.to_owned(),
        machine,
        state: None,
        key,
        children: Vec::new(),
    }
}

/// Adds one machine with its nested machines, returning its id.
fn build_machine(
    graph: &mut Graph,
    options: &GraphOptions,
    machine: &StateMachine,
    path: MachinePath,
    pointer: String,
    parent: Option<NodeId>,
) -> MachineId {
    let id = MachineId(graph.machines.len());
    graph.machines.push(Machine {
        path: path.clone(),
        pointer: pointer.clone(),
        parent,
        nodes: Vec::new(),
        edges: Vec::new(),
        start: None,
        end: None,
    });
    let markers = parent.is_none() || options.branch_markers;
    let start = markers.then(|| {
        add_node(
            graph,
            marker(id, NodeKind::Start, "Start", format!("{pointer}/StartAt")),
        )
    });
    let first_state = graph.nodes.len();
    let states_pointer = format!("{pointer}/States");
    let mut by_name: HashMap<&str, NodeId> = HashMap::with_capacity(machine.states.len());
    for (name, state) in &machine.states {
        let key = pointer_join(&states_pointer, name);
        let node = add_node(
            graph,
            Node {
                kind: NodeKind::State(state.state_type()),
                label: name.clone(),
                machine: id,
                state: Some(StatePath::new(path.clone(), name)),
                key,
                children: Vec::new(),
            },
        );
        // A duplicated name keeps its first node: transitions can only name one of them.
        by_name.entry(name.as_str()).or_insert(node);
    }
    let end = markers.then(|| {
        add_node(
            graph,
            marker(id, NodeKind::End, "End", format!("{pointer}/End")),
        )
    });
    if let Some(m) = graph.machines.get_mut(id.0) {
        m.start = start;
        m.end = end;
    }

    // Nested machines come after this machine's own nodes so ids stay grouped.
    for (offset, (name, state)) in machine.states.iter().enumerate() {
        let node = NodeId(first_state + offset);
        let state_pointer = pointer_join(&states_pointer, name);
        let children = state.kind.children(&state_pointer);
        let mut child_ids = Vec::with_capacity(children.len());
        for (index, (child_pointer, child)) in children.into_iter().enumerate() {
            let child_path = path.child(name, index);
            child_ids.push(build_machine(
                graph,
                options,
                child,
                child_path,
                child_pointer,
                Some(node),
            ));
        }
        if let Some(n) = graph.nodes.get_mut(node.0) {
            n.children = child_ids;
        }
    }

    let mut edges = EdgeBuilder {
        graph,
        machine: id,
        path: &path,
        states_pointer: &states_pointer,
        by_name,
        missing: HashMap::new(),
    };
    if let (Some(start), Some(target)) = (start, &machine.start_at) {
        let to = edges.target(target);
        edges.push(start, to, EdgeKind::Start, None);
    }
    for (offset, state) in machine.states.values().enumerate() {
        edges.state_edges(NodeId(first_state + offset), state, end);
    }
    id
}

/// Adds one machine's edges, creating Missing nodes for unknown targets.
struct EdgeBuilder<'g, 'm> {
    graph: &'g mut Graph,
    machine: MachineId,
    path: &'m MachinePath,
    states_pointer: &'m str,
    by_name: HashMap<&'m str, NodeId>,
    missing: HashMap<String, NodeId>,
}

impl EdgeBuilder<'_, '_> {
    fn target(&mut self, name: &str) -> NodeId {
        if let Some(id) = self.by_name.get(name) {
            return *id;
        }
        if let Some(id) = self.missing.get(name) {
            return *id;
        }
        let id = add_node(
            self.graph,
            Node {
                kind: NodeKind::Missing,
                label: name.to_owned(),
                machine: self.machine,
                state: Some(StatePath::new(self.path.clone(), name)),
                key: pointer_join(self.states_pointer, name),
                children: Vec::new(),
            },
        );
        self.missing.insert(name.to_owned(), id);
        id
    }

    fn push(&mut self, from: NodeId, to: NodeId, kind: EdgeKind, label: Option<String>) {
        let edge = Edge {
            from,
            to,
            kind,
            label,
        };
        add_edge(self.graph, self.machine, edge);
    }

    fn state_edges(&mut self, from: NodeId, state: &State, end: Option<NodeId>) {
        if let StateKind::Choice(choice) = &state.kind {
            for (i, rule) in choice.choices.iter().enumerate() {
                if let Some(next) = &rule.next {
                    let to = self.target(next);
                    let label = choice_rule_label(rule, i);
                    self.push(from, to, EdgeKind::Choice(i), Some(label));
                }
            }
            if let Some(default) = &choice.default {
                let to = self.target(default);
                self.push(from, to, EdgeKind::Default, Some("Default".to_owned()));
            }
        }
        if let Some(next) = &state.next {
            let to = self.target(next);
            self.push(from, to, EdgeKind::Next, None);
        }
        for (i, catcher) in state.catch.iter().flatten().enumerate() {
            if let Some(next) = &catcher.next {
                let to = self.target(next);
                self.push(from, to, EdgeKind::Catch(i), Some(catcher_label(catcher)));
            }
        }
        if let Some(end) = end.filter(|_| state.is_terminal()) {
            self.push(from, end, EdgeKind::End, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::{parse, StateType};

    fn graph_of(text: &str) -> Graph {
        Graph::from_machine(&parse(text.as_bytes(), None).machine.expect("machine"))
    }

    #[test]
    fn states_markers_and_edges() {
        let g = graph_of(
            r#"{"StartAt":"A","States":{
                "A":{"Type":"Task","Resource":"arn:x","Next":"C",
                     "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}]},
                "C":{"Type":"Choice","Choices":[{"Variable":"$.ok","BooleanEquals":true,"Next":"S"}],"Default":"F"},
                "S":{"Type":"Succeed"},
                "F":{"Type":"Fail"}}}"#,
        );
        assert_eq!(g.machines.len(), 1);
        let labels: Vec<&str> = g.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Start", "A", "C", "S", "F", "End"]);
        let edges: Vec<(String, String, EdgeKind, Option<String>)> = g
            .edges
            .iter()
            .map(|e| {
                (
                    g.nodes[e.from.0].label.clone(),
                    g.nodes[e.to.0].label.clone(),
                    e.kind,
                    e.label.clone(),
                )
            })
            .collect();
        let want = [
            ("Start", "A", EdgeKind::Start, None),
            ("A", "C", EdgeKind::Next, None),
            ("A", "F", EdgeKind::Catch(0), Some("States.ALL")),
            ("C", "S", EdgeKind::Choice(0), Some("$.ok == true")),
            ("C", "F", EdgeKind::Default, Some("Default")),
            ("S", "End", EdgeKind::End, None),
            ("F", "End", EdgeKind::End, None),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(a, b, k, l)| (a.to_string(), b.to_string(), *k, l.map(str::to_owned)))
            .collect();
        assert_eq!(edges, want);
        assert!(g.edges[2].is_dashed());
        assert_eq!(g.node_by_key("/States/C"), Some(NodeId(2)));
        assert_eq!(
            g.node_containing_pointer("/States/C/Choices/0/Next"),
            Some(NodeId(2))
        );
    }

    #[test]
    fn containers_hold_their_branches() {
        let g = graph_of(
            r#"{"StartAt":"P","States":{
                "P":{"Type":"Parallel","End":true,"Branches":[
                    {"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true}}},
                    {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                        "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}]}}}"#,
        );
        assert_eq!(g.machines.len(), 4);
        let p = g.node_by_key("/States/P").expect("P");
        assert!(g.nodes[p.0].is_container());
        assert_eq!(g.nodes[p.0].children.len(), 2);
        let inner = g
            .node_by_key("/States/P/Branches/1/States/M/ItemProcessor/States/I")
            .expect("I");
        let m = g.node_by_key("/States/P/Branches/1/States/M").expect("M");
        assert_eq!(g.ancestors(inner), vec![m, p]);
        let path = g.nodes[inner.0].state.clone().expect("path");
        assert_eq!(
            path.machine,
            MachinePath::root().child("P", 1).child("M", 0)
        );
        assert_eq!(g.node_of_state(&path), Some(inner));
        assert_eq!(g.nodes[m.0].kind, NodeKind::State(Some(StateType::Map)));
    }

    #[test]
    fn branch_markers_are_optional() {
        let text = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
            {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}"#;
        let machine = parse(text.as_bytes(), None).machine.expect("machine");
        let with = Graph::from_machine(&machine);
        let without = Graph::from_machine_with(
            &machine,
            &GraphOptions {
                branch_markers: false,
            },
        );
        assert_eq!(with.nodes.len(), 6);
        assert_eq!(without.nodes.len(), 4);
        assert_eq!(without.machines[1].start, None);
        assert!(without.machines[0].start.is_some());
        assert_eq!(without.edges.len(), 2, "Start -> P, P -> End");
    }

    #[test]
    fn unknown_targets_become_missing_nodes() {
        let g = graph_of(
            r#"{"StartAt":"Nope","States":{"A":{"Type":"Pass","Next":"Gone"},"B":{"Type":"Pass","Next":"Gone"}}}"#,
        );
        let missing: Vec<&str> = g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Missing)
            .map(|n| n.label.as_str())
            .collect();
        assert_eq!(missing, ["Nope", "Gone"]);
        assert_eq!(g.edges.len(), 3);
    }
}
