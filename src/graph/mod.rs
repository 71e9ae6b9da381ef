//! The diagram: definition to nodes and edges, layered auto-layout, saved positions, and
//! undoable edit operations. No egui types: geometry is plain `f32` in diagram units.
//!
//! How the canvas uses it, each time the model changes (not each frame):
//! 1. [`Graph::from_machine`] builds nodes (states, Start/End markers, Missing targets),
//!    edges (with kinds and labels) and machines (top level, branches, processors).
//! 2. [`layout()`] places them, measuring text through the caller's function; then
//!    [`apply_positions`] moves the nodes the user dragged (from the [`Positions`] sidecar).
//! 3. The canvas draws `layout.nodes[id.0]`, `layout.edges[id.0]` (polyline + label box) and
//!    hit-tests with [`Layout::node_at`] / [`Layout::edge_near`].
//!
//! Gestures become [`edit::Edit`]s applied with [`edit::apply`] to an [`edit::Design`]
//! (the model plus positions); each returns its inverse for the undo stack.
//!
//! ```
//! use statewright::asl::{parse, StateType};
//! use statewright::graph::edit::{self, Design, Edit};
//! use statewright::graph::{apply_positions, estimate_text_width, layout, Graph};
//! use statewright::graph::{LayoutOptions, Point, StatePath};
//!
//! let text = br#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
//! let mut design = Design::new(parse(text, None).machine.expect("a definition"));
//! let mut undo: Vec<Edit> = Vec::new();
//!
//! // Drop a Task from the palette after A, then connect A to it.
//! let name = edit::unique_name(&design.machine, "Task");
//! let task = edit::new_state(StateType::Task, &design.machine);
//! let add = Edit::AddState { machine: Default::default(), name: name.clone(),
//!                            state: Box::new(task), index: None };
//! undo.push(edit::apply(&mut design, add).expect("added").inverse);
//! let connect = edit::connect(&design, &StatePath::top("A"), &name).expect("A exists");
//! undo.push(edit::apply(&mut design, connect).expect("connected").inverse);
//!
//! // Drag the task somewhere: positions are edits too.
//! let graph = Graph::from_machine(&design.machine);
//! let key = graph.nodes[graph.node_of_state(&StatePath::top(&name)).expect("drawn").0].key.clone();
//! let moved = Edit::MoveNodes { moves: vec![(key, Some(Point::new(300.0, 40.0)))] };
//! undo.push(edit::apply(&mut design, moved).expect("moved").inverse);
//!
//! let mut laid_out = layout(&graph, &LayoutOptions::default(), &estimate_text_width);
//! apply_positions(&graph, &mut laid_out, &design.positions);
//! assert_eq!(laid_out.nodes.len(), graph.nodes.len());
//!
//! // Undo everything.
//! while let Some(inverse) = undo.pop() {
//!     edit::apply(&mut design, inverse).expect("undo");
//! }
//! assert_eq!(design.machine.states.len(), 1);
//! ```

mod build;
pub use build::GraphOptions;
pub mod edit;
pub mod label;
pub mod layout;
mod model;
pub mod sidecar;

pub use layout::{
    bounds_of, estimate_text_width, layout, EdgeLayout, Layout, LayoutOptions, Point, Rect, Size,
    TextRole,
};
pub use model::{
    Branch, Edge, EdgeId, EdgeKind, Graph, Machine, MachineId, MachinePath, Node, NodeId, NodeKind,
    StatePath,
};
pub use sidecar::{apply_positions, sidecar_path, Positions, SavedBreakpoint, SidecarError};
