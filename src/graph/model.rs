//! The diagram's view of a definition: nodes (states, Start/End markers), edges
//! (transitions) and the nested machines (Parallel branches, Map processors) that hold them.

use crate::asl::StateType;

/// Index of a node in [`Graph::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub usize);

/// Index of an edge in [`Graph::edges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeId(pub usize);

/// Index of a machine (the top level, a Parallel branch or a Map processor) in
/// [`Graph::machines`]; the top level is always `MachineId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MachineId(pub usize);

/// One step down into a nested machine: the Parallel or Map state holding it, and which of
/// its children (a Parallel branch index; 0 for a Map's processor).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Branch {
    pub state: String,
    pub index: usize,
}

/// Where a machine sits in the definition: empty for the top level.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MachinePath(pub Vec<Branch>);

impl MachinePath {
    /// The top-level machine.
    pub fn root() -> Self {
        MachinePath(Vec::new())
    }

    /// This path extended by one branch of the state `state`.
    pub fn child(&self, state: &str, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Branch {
            state: state.to_owned(),
            index,
        });
        MachinePath(steps)
    }

    /// True for the top-level machine.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

/// A state addressed by its machine and name (names are only unique within a definition
/// when it is valid, so the machine is part of the address).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatePath {
    pub machine: MachinePath,
    pub name: String,
}

impl StatePath {
    /// A state of the top-level machine.
    pub fn top(name: &str) -> Self {
        StatePath {
            machine: MachinePath::root(),
            name: name.to_owned(),
        }
    }

    /// A state of the machine `machine`.
    pub fn new(machine: MachinePath, name: &str) -> Self {
        StatePath {
            machine,
            name: name.to_owned(),
        }
    }
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A state; its type is `None` when the definition's `Type` is missing or unknown.
    State(Option<StateType>),
    /// The Start marker of a machine.
    Start,
    /// The End marker of a machine.
    End,
    /// A name that transitions point at but no state has: drawn so broken references show.
    Missing,
}

/// One box of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The text drawn in the box (the state name, "Start", "End").
    pub label: String,
    /// The machine the node belongs to.
    pub machine: MachineId,
    /// The state this node shows (`None` for markers).
    pub state: Option<StatePath>,
    /// A stable key: the state's JSON Pointer (as diagnostics use), or the machine's pointer
    /// plus `/StartAt` or `/End` for markers. Positions are saved under this key.
    pub key: String,
    /// Nested machines drawn inside this node (Parallel branches, Map processor).
    pub children: Vec<MachineId>,
}

impl Node {
    /// True for Parallel and Map states, which are drawn as containers.
    pub fn is_container(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::State(Some(StateType::Parallel | StateType::Map))
        )
    }
}

/// Which field of a state a transition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// From the Start marker to `StartAt`.
    Start,
    /// A state's `Next`.
    Next,
    /// From a terminal state (Succeed, Fail, `End: true`) to the End marker.
    End,
    /// The Choice rule at this index of `Choices`.
    Choice(usize),
    /// A Choice state's `Default`.
    Default,
    /// The Catcher at this index of `Catch`.
    Catch(usize),
}

/// One arrow of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: EdgeKind,
    /// Text drawn on the edge: a Choice rule summary, "Default", or the caught error names.
    pub label: Option<String>,
}

impl Edge {
    /// Catch edges are drawn dashed, as the console does.
    pub fn is_dashed(&self) -> bool {
        matches!(self.kind, EdgeKind::Catch(_))
    }
}

/// One machine of the definition: the top level, a Parallel branch or a Map processor.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    pub path: MachinePath,
    /// The machine's JSON Pointer ("" for the top level).
    pub pointer: String,
    /// The container node holding this machine (`None` for the top level).
    pub parent: Option<NodeId>,
    /// Every node of this machine (not of nested ones), markers included.
    pub nodes: Vec<NodeId>,
    /// Every edge between this machine's nodes.
    pub edges: Vec<EdgeId>,
    /// The Start marker (`None` in a branch when branch markers are off).
    pub start: Option<NodeId>,
    /// The End marker (`None` in a branch when branch markers are off).
    pub end: Option<NodeId>,
}

/// The whole diagram: nodes, edges and machines, all indexed by their ids.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub machines: Vec<Machine>,
}

impl Graph {
    /// The node with this id, if any.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0)
    }

    /// The edge with this id, if any.
    pub fn edge(&self, id: EdgeId) -> Option<&Edge> {
        self.edges.get(id.0)
    }

    /// The machine with this id, if any.
    pub fn machine(&self, id: MachineId) -> Option<&Machine> {
        self.machines.get(id.0)
    }

    /// The node whose key (JSON Pointer) is `key`: maps a diagnostic's pointer to its node
    /// when the pointer names a state exactly.
    pub fn node_by_key(&self, key: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.key == key).map(NodeId)
    }

    /// The node of the state at `path`.
    pub fn node_of_state(&self, path: &StatePath) -> Option<NodeId> {
        self.nodes
            .iter()
            .position(|n| n.state.as_ref() == Some(path) && n.kind != NodeKind::Missing)
            .map(NodeId)
    }

    /// The innermost state node a JSON Pointer falls inside (a diagnostic on a field of a
    /// state, or on a state nested in a container): for badges and click-to-select.
    pub fn node_containing_pointer(&self, pointer: &str) -> Option<NodeId> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.kind, NodeKind::State(_)))
            .filter(|(_, n)| {
                pointer == n.key
                    || pointer
                        .strip_prefix(n.key.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(_, n)| n.key.len())
            .map(|(i, _)| NodeId(i))
    }

    /// Ids of every edge leaving `node`.
    pub fn edges_from(&self, node: NodeId) -> impl Iterator<Item = EdgeId> + '_ {
        self.edges
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.from == node)
            .map(|(i, _)| EdgeId(i))
    }

    /// Ids of every edge arriving at `node`.
    pub fn edges_to(&self, node: NodeId) -> impl Iterator<Item = EdgeId> + '_ {
        self.edges
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.to == node)
            .map(|(i, _)| EdgeId(i))
    }

    /// The chain of container nodes around `node`, innermost first.
    pub fn ancestors(&self, node: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut machine = self.node(node).map(|n| n.machine);
        while let Some(m) = machine.and_then(|m| self.machine(m)) {
            let Some(parent) = m.parent else { break };
            out.push(parent);
            machine = self.node(parent).map(|n| n.machine);
        }
        out
    }
}
