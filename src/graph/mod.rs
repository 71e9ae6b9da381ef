//! The diagram: definition to nodes and edges, layered auto-layout, saved positions, and
//! undoable edit operations. No egui types: geometry is plain `f32`.
//!
//! ```
//! use statewright::asl::parse;
//! use statewright::graph::{layout, estimate_text_width, Graph, LayoutOptions};
//!
//! let text = br#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
//! let machine = parse(text, None).machine.expect("a definition");
//! let graph = Graph::from_machine(&machine);
//! let laid_out = layout(&graph, &LayoutOptions::default(), &estimate_text_width);
//! assert_eq!(laid_out.nodes.len(), graph.nodes.len());
//! ```

mod build;
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
pub use sidecar::{apply_positions, sidecar_path, Positions, SidecarError};
