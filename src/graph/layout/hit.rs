//! Hit-testing a layout: which node or edge lies under a point.

use super::geometry::{Point, Rect};
use super::Layout;
use crate::graph::model::{EdgeId, NodeId};

impl Layout {
    /// The innermost node whose box holds `p` (a state inside a container wins over the
    /// container).
    pub fn node_at(&self, p: Point) -> Option<NodeId> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, r)| r.contains(p))
            .min_by(|(_, a), (_, b)| area(a).total_cmp(&area(b)))
            .map(|(i, _)| NodeId(i))
    }

    /// Every node whose box overlaps `area` (box selection).
    pub fn nodes_in(&self, area: &Rect) -> Vec<NodeId> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, r)| area.contains_rect(r, 0.0))
            .map(|(i, _)| NodeId(i))
            .collect()
    }

    /// The edge passing nearest `p`, if one passes within `tolerance` (or its label holds `p`).
    pub fn edge_near(&self, p: Point, tolerance: f32) -> Option<EdgeId> {
        let mut best: Option<(f32, usize)> = None;
        for (i, e) in self.edges.iter().enumerate() {
            let on_label = e.label.is_some_and(|l| l.contains(p));
            let d = if on_label {
                0.0
            } else {
                e.points
                    .windows(2)
                    .map(|w| distance_to_segment(p, w[0], w[1]))
                    .fold(f32::INFINITY, f32::min)
            };
            if d <= tolerance && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        best.map(|(_, i)| EdgeId(i))
    }
}

fn area(r: &Rect) -> f32 {
    r.width() * r.height()
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.x + t * dx, a.y + t * dy);
    ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::parse;
    use crate::graph::{estimate_text_width, layout, Graph, LayoutOptions};

    #[test]
    fn innermost_node_and_nearest_edge() {
        let machine = parse(
            br#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}"#,
            None,
        )
        .machine
        .expect("parses");
        let graph = Graph::from_machine(&machine);
        let laid = layout(&graph, &LayoutOptions::default(), &estimate_text_width);
        let b = graph
            .node_by_key("/States/P/Branches/0/States/B")
            .expect("B");
        let p = graph.node_by_key("/States/P").expect("P");
        assert_eq!(laid.node_at(laid.nodes[b.0].center()), Some(b));
        let title = laid.nodes[p.0].min.offset(4.0, 4.0);
        assert_eq!(laid.node_at(title), Some(p));
        let edge = &laid.edges[0];
        let mid = edge.points[0];
        assert_eq!(laid.edge_near(mid.offset(2.0, 0.0), 4.0), Some(EdgeId(0)));
        assert_eq!(laid.edge_near(Point::new(-500.0, -500.0), 4.0), None);
        assert!(laid.nodes_in(&laid.bounds).len() == graph.nodes.len());
    }
}
