//! Hit-testing and gesture helpers of the canvas: what a drag does, what lies under the
//! pointer, the scene transform, and the diagnostic badges.

use std::collections::BTreeSet;

use egui::Pos2;

use super::geometry::{point, rect};
use super::{Cached, Drag};
use crate::asl::{Diagnostic, Severity, StateType};
use crate::graph::{self, EdgeId, Graph, NodeId, NodeKind, StatePath};

/// The transform `egui::Scene` uses to show `scene_rect` in `outer` (same formula).
pub(super) fn screen_from_scene(
    outer: egui::Rect,
    scene_rect: egui::Rect,
) -> egui::emath::TSTransform {
    let scale = (outer.size() / scene_rect.size()).min_elem();
    if !scale.is_finite() || scale <= 0.0 {
        return egui::emath::TSTransform::IDENTITY;
    }
    let translation = outer.center().to_vec2() - scale * scene_rect.center().to_vec2();
    egui::emath::TSTransform::new(translation, scale)
}

/// Where a box's Next handle (bottom) or catch handle (right) sits.
pub fn handle_pos(r: egui::Rect, catch: bool) -> Pos2 {
    if catch {
        r.right_center()
    } else {
        r.center_bottom()
    }
}

/// What a drag starting at `p` on node `id` does: connect from a handle, else move the node
/// (and the rest of the selection when the node is selected).
pub(super) fn start_drag(
    cached: &Cached,
    id: NodeId,
    p: Pos2,
    selection: &BTreeSet<StatePath>,
) -> Drag {
    let graph = &cached.graph;
    let r = cached
        .layout
        .nodes
        .get(id.0)
        .map_or(egui::Rect::NOTHING, |r| rect(*r));
    let node = graph.node(id);
    let is_box = node.is_some_and(|n| !n.is_container());
    let catches = node.is_some_and(|n| {
        matches!(
            n.kind,
            NodeKind::State(Some(StateType::Task | StateType::Parallel | StateType::Map))
        )
    });
    if is_box && catches && p.distance(handle_pos(r, true)) < 10.0 {
        return Drag::Connect {
            from: id,
            now: p,
            catch: true,
        };
    }
    if is_box && p.y > r.max.y - r.height() * 0.25 {
        return Drag::Connect {
            from: id,
            now: p,
            catch: false,
        };
    }
    let selected = |n: &graph::Node| n.state.as_ref().is_some_and(|s| selection.contains(s));
    let nodes = if node.is_some_and(selected) {
        (0..graph.nodes.len())
            .map(NodeId)
            .filter(|n| graph.node(*n).is_some_and(selected))
            .collect()
    } else {
        vec![id]
    };
    Drag::Move {
        nodes,
        start: p,
        now: p,
    }
}

/// The innermost state box under `p`.
pub(super) fn node_at(cached: &Cached, p: Pos2) -> Option<NodeId> {
    let id = cached.layout.node_at(point(p))?;
    matches!(cached.graph.node(id)?.kind, NodeKind::State(_)).then_some(id)
}

/// The edge passing within a few points of `p`.
pub(super) fn edge_at(cached: &Cached, p: Pos2) -> Option<EdgeId> {
    cached.layout.edge_near(point(p), 12.0)
}

/// The worst diagnostic severity on each node.
pub(super) fn badges(graph: &Graph, diagnostics: &[Diagnostic]) -> Vec<Option<Severity>> {
    let mut out = vec![None; graph.nodes.len()];
    for d in diagnostics {
        let Some(id) = graph.node_containing_pointer(&d.pointer) else {
            continue;
        };
        if let Some(slot) = out.get_mut(id.0) {
            if *slot != Some(Severity::Error) {
                *slot = Some(d.severity);
            }
        }
    }
    out
}
