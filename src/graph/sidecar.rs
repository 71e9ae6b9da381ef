//! Positions the user gave nodes by moving them, kept in a sidecar file next to the
//! definition (`NAME.asl.json` -> `NAME.statewright.json`), never inside the ASL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::layout::{bounds_of, EdgeLayout, Layout, Point, Rect};
use super::model::{Graph, NodeId};

/// The sidecar format version written by this build.
pub const POSITIONS_VERSION: u32 = 1;

/// User-moved node positions: the top-left corner of each moved box, by node key (the
/// state's JSON Pointer; see [`crate::graph::Node::key`]). Sorted, so saves are stable.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Positions {
    #[serde(default = "current_version")]
    pub version: u32,
    #[serde(default)]
    pub nodes: BTreeMap<String, Point>,
    /// Breakpoints set on states, with their conditions (added later: older files have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakpoints: Vec<SavedBreakpoint>,
}

/// A breakpoint saved beside the diagram: a state name and, if set, its condition as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedBreakpoint {
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

fn current_version() -> u32 {
    POSITIONS_VERSION
}

/// Why the sidecar could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a Statewright positions file: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The sidecar path of a definition: every extension replaced by `.statewright.json`
/// (`flows/order.asl.json` -> `flows/order.statewright.json`).
pub fn sidecar_path(definition: &Path) -> PathBuf {
    let name = definition
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A leading dot (".hidden.json") is part of the name, not an extension.
    let stem = match name.get(1..).and_then(|rest| rest.find('.')) {
        Some(i) => &name[..i + 1],
        None => name.as_str(),
    };
    definition.with_file_name(format!("{stem}.statewright.json"))
}

impl Positions {
    /// True if no node was moved and no breakpoint is set (nothing worth a file).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.breakpoints.is_empty()
    }

    /// Replaces only the breakpoints in the sidecar of `definition`, keeping its positions as
    /// saved (an unreadable sidecar is replaced).
    pub fn save_breakpoints_for(
        definition: &Path,
        breakpoints: Vec<SavedBreakpoint>,
    ) -> Result<(), SidecarError> {
        let mut saved = Positions::load_for(definition)
            .ok()
            .flatten()
            .unwrap_or_default();
        saved.breakpoints = breakpoints;
        saved.save_for(definition)
    }

    /// Reads the sidecar of `definition`; `Ok(None)` when there is none.
    pub fn load_for(definition: &Path) -> Result<Option<Positions>, SidecarError> {
        Positions::load(&sidecar_path(definition))
    }

    /// Reads a positions file; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<Positions>, SidecarError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SidecarError::Read {
                    path: path.to_owned(),
                    source,
                })
            }
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| SidecarError::Parse {
                path: path.to_owned(),
                source,
            })
    }

    /// Writes the sidecar of `definition` atomically; with no moved node, removes it instead
    /// so untouched diagrams leave no file behind.
    pub fn save_for(&self, definition: &Path) -> Result<(), SidecarError> {
        let path = sidecar_path(definition);
        if self.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(SidecarError::Write { path, source: e })
                }
                _ => Ok(()),
            };
        }
        self.save(&path)
    }

    /// Writes a positions file atomically (pretty JSON, keys sorted).
    pub fn save(&self, path: &Path) -> Result<(), SidecarError> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| SidecarError::Write {
            path: path.to_owned(),
            source: std::io::Error::other(e),
        })?;
        text.push('\n');
        crate::files::write_atomic(path, text.as_bytes()).map_err(|source| SidecarError::Write {
            path: path.to_owned(),
            source,
        })
    }

    /// Drops positions of nodes the graph no longer has (after deletes and renames).
    pub fn retain_known(&mut self, graph: &Graph) {
        let keys: std::collections::HashSet<&str> =
            graph.nodes.iter().map(|n| n.key.as_str()).collect();
        self.nodes.retain(|k, _| keys.contains(k.as_str()));
    }
}

/// Moves user-placed nodes to their saved positions on top of an auto-layout: a moved
/// container takes its contents along, containers grow to hold moved children, and edges
/// touching a moved node are re-routed as simple polylines.
pub fn apply_positions(graph: &Graph, layout: &mut Layout, positions: &Positions) {
    if positions.nodes.is_empty() {
        return;
    }
    let mut moved = vec![false; graph.nodes.len()];
    // Outer nodes first, so a moved child inside a moved container ends where it was saved.
    let mut order: Vec<usize> = (0..graph.nodes.len()).collect();
    order.sort_by_key(|&i| graph.ancestors(NodeId(i)).len());
    for i in order {
        let (Some(node), Some(rect)) = (graph.nodes.get(i), layout.nodes.get(i).copied()) else {
            continue;
        };
        let Some(target) = positions.nodes.get(&node.key) else {
            continue;
        };
        let (dx, dy) = (target.x - rect.min.x, target.y - rect.min.y);
        if dx == 0.0 && dy == 0.0 {
            continue;
        }
        translate_subtree(graph, layout, NodeId(i), dx, dy, &mut moved);
    }
    grow_containers(graph, layout);
    for (e, edge) in graph.edges.iter().enumerate() {
        let touched = moved.get(edge.from.0).copied().unwrap_or(false)
            || moved.get(edge.to.0).copied().unwrap_or(false);
        if !touched {
            continue;
        }
        let (Some(&from), Some(&to)) = (layout.nodes.get(edge.from.0), layout.nodes.get(edge.to.0))
        else {
            continue;
        };
        if let Some(slot) = layout.edges.get_mut(e) {
            *slot = direct_route(from, to, edge.from == edge.to, slot.label.map(|l| l.size()));
        }
    }
    layout.bounds = bounds_of(layout);
}

/// Moves node `id`, everything inside it, and the routes within it.
fn translate_subtree(
    graph: &Graph,
    layout: &mut Layout,
    id: NodeId,
    dx: f32,
    dy: f32,
    moved: &mut [bool],
) {
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        if let Some(r) = layout.nodes.get_mut(n.0) {
            *r = r.translate(dx, dy);
        }
        if let Some(m) = moved.get_mut(n.0) {
            *m = true;
        }
        let Some(node) = graph.node(n) else { continue };
        for &child in &node.children {
            if let Some(r) = layout.machines.get_mut(child.0) {
                *r = r.translate(dx, dy);
            }
            let Some(machine) = graph.machine(child) else {
                continue;
            };
            for &e in &machine.edges {
                if let Some(el) = layout.edges.get_mut(e.0) {
                    translate_edge(el, dx, dy);
                }
            }
            stack.extend(machine.nodes.iter().copied());
        }
    }
}

fn translate_edge(edge: &mut EdgeLayout, dx: f32, dy: f32) {
    for p in &mut edge.points {
        *p = p.offset(dx, dy);
    }
    edge.label = edge.label.map(|l| l.translate(dx, dy));
}

/// Grows every container (innermost first) to hold its machines' nodes plus padding.
fn grow_containers(graph: &Graph, layout: &mut Layout) {
    const PAD: f32 = 16.0;
    for m in (1..graph.machines.len()).rev() {
        let Some(machine) = graph.machines.get(m) else {
            continue;
        };
        let inner = machine
            .nodes
            .iter()
            .filter_map(|n| layout.nodes.get(n.0))
            .fold(None, |acc: Option<Rect>, r| {
                Some(acc.map_or(*r, |a| a.union(r)))
            });
        let (Some(inner), Some(parent)) = (inner, machine.parent) else {
            continue;
        };
        if let Some(r) = layout.machines.get_mut(m) {
            *r = r.union(&inner);
        }
        if let Some(p) = layout.nodes.get_mut(parent.0) {
            let padded = Rect {
                min: inner.min.offset(-PAD, -PAD),
                max: inner.max.offset(PAD, PAD),
            };
            if !p.contains_rect(&inner, 0.0) {
                *p = p.union(&padded);
            }
        }
    }
}

/// A route for an edge whose end was moved: bottom to top when the target is lower, else
/// side to side; a self loop curls on the right.
fn direct_route(from: Rect, to: Rect, self_loop: bool, label: Option<super::Size>) -> EdgeLayout {
    let points = if self_loop {
        let (c, r) = (from.center(), from.max.x);
        vec![
            Point::new(r, c.y - 8.0),
            Point::new(r + 18.0, c.y - 8.0),
            Point::new(r + 18.0, c.y + 8.0),
            Point::new(r, c.y + 8.0),
        ]
    } else if to.min.y >= from.max.y {
        let (a, b) = (
            Point::new(from.center().x, from.max.y),
            Point::new(to.center().x, to.min.y),
        );
        let mid = (a.y + b.y) / 2.0;
        vec![a, Point::new(a.x, mid), Point::new(b.x, mid), b]
    } else {
        let right = from.max.x.max(to.max.x) + 24.0;
        vec![
            Point::new(from.max.x, from.center().y),
            Point::new(right, from.center().y),
            Point::new(right, to.center().y),
            Point::new(to.max.x, to.center().y),
        ]
    };
    let label = label.map(|size| {
        let a = points.get(1).copied().unwrap_or_default();
        let b = points.get(2).copied().unwrap_or_default();
        Rect::from_center(Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0), size)
    });
    EdgeLayout { points, label }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::parse;
    use crate::graph::layout::{estimate_text_width, layout, LayoutOptions};

    #[test]
    fn sidecar_sits_next_to_the_definition() {
        assert_eq!(
            sidecar_path(Path::new("flows/order.asl.json")),
            Path::new("flows/order.statewright.json")
        );
        assert_eq!(
            sidecar_path(Path::new("order.yaml")),
            Path::new("order.statewright.json")
        );
        assert_eq!(
            sidecar_path(Path::new(".hidden.json")),
            Path::new(".hidden.statewright.json")
        );
    }

    #[test]
    fn save_load_round_trip_and_empty_removes() {
        let dir = std::env::temp_dir().join(format!("statewright-sidecar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let def = dir.join("flow.asl.json");
        assert!(Positions::load_for(&def)
            .expect("no file is fine")
            .is_none());
        let mut p = Positions::default();
        p.nodes.insert("/States/A".into(), Point::new(10.0, 20.5));
        p.save_for(&def).expect("save");
        let text = std::fs::read_to_string(dir.join("flow.statewright.json")).expect("written");
        assert!(text.contains("\"/States/A\""), "{text}");
        assert_eq!(Positions::load_for(&def).expect("load"), Some(p));
        Positions::default().save_for(&def).expect("empty save");
        assert!(!dir.join("flow.statewright.json").exists());
        std::fs::write(dir.join("flow.statewright.json"), "not json").expect("write");
        assert!(matches!(
            Positions::load_for(&def),
            Err(SidecarError::Parse { .. })
        ));
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn breakpoints_round_trip_and_old_files_stay_readable() {
        let dir = std::env::temp_dir().join(format!("statewright-bp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let def = dir.join("flow.asl.json");
        // A file from before breakpoints existed.
        std::fs::write(
            dir.join("flow.statewright.json"),
            r#"{"version": 1, "nodes": {"/States/A": {"x": 1.0, "y": 2.0}}}"#,
        )
        .expect("write");
        let old = Positions::load_for(&def).expect("readable").expect("some");
        assert!(old.breakpoints.is_empty());
        let breakpoints = vec![
            SavedBreakpoint {
                state: "A".into(),
                condition: None,
            },
            SavedBreakpoint {
                state: "B".into(),
                condition: Some("$.amount > 100".into()),
            },
        ];
        Positions::save_breakpoints_for(&def, breakpoints.clone()).expect("save");
        let both = Positions::load_for(&def).expect("load").expect("some");
        assert_eq!(both.breakpoints, breakpoints);
        assert_eq!(both.nodes, old.nodes, "positions kept");
        // Positions alone write no breakpoints key; breakpoints alone keep the file.
        let text = serde_json::to_string(&old).expect("json");
        assert!(!text.contains("breakpoints"), "{text}");
        let only = Positions {
            breakpoints: breakpoints.clone(),
            ..Positions::default()
        };
        only.save_for(&def).expect("save");
        assert!(dir.join("flow.statewright.json").exists());
        Positions::save_breakpoints_for(&def, Vec::new()).expect("clear");
        assert!(!dir.join("flow.statewright.json").exists());
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn moved_nodes_and_containers_take_their_place() {
        let machine = parse(
            br#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Z","Branches":[
                {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]},
                "Z":{"Type":"Succeed"}}}"#,
            None,
        )
        .machine
        .expect("machine");
        let graph = Graph::from_machine(&machine);
        let mut laid = layout(&graph, &LayoutOptions::default(), &estimate_text_width);
        let before = laid.clone();
        let p = graph.node_by_key("/States/P").expect("P");
        let b = graph
            .node_by_key("/States/P/Branches/0/States/B")
            .expect("B");
        let mut positions = Positions::default();
        positions
            .nodes
            .insert("/States/P".into(), Point::new(500.0, 400.0));
        apply_positions(&graph, &mut laid, &positions);
        assert_eq!(laid.nodes[p.0].min, Point::new(500.0, 400.0));
        let dx = laid.nodes[p.0].min.x - before.nodes[p.0].min.x;
        assert!((laid.nodes[b.0].min.x - before.nodes[b.0].min.x - dx).abs() < 1e-3);
        assert!(laid.bounds.contains_rect(&laid.nodes[p.0], 0.0));
        // Moving a child out of its container grows the container.
        positions.nodes.insert(
            "/States/P/Branches/0/States/B".into(),
            Point::new(900.0, 900.0),
        );
        let mut laid = before.clone();
        apply_positions(&graph, &mut laid, &positions);
        assert!(laid.nodes[p.0].contains_rect(&laid.nodes[b.0], 0.0));
        for e in &laid.edges {
            assert!(e.points.len() >= 2);
        }
    }
}
