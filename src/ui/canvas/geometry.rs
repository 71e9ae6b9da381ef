//! Conversions between the graph's plain geometry and egui's.

use crate::graph;

/// An egui point from a graph point.
pub fn pos(p: graph::Point) -> egui::Pos2 {
    egui::pos2(p.x, p.y)
}

/// An egui rectangle from a graph rectangle.
pub fn rect(r: graph::Rect) -> egui::Rect {
    egui::Rect::from_min_max(pos(r.min), pos(r.max))
}

/// A graph point from an egui point.
pub fn point(p: egui::Pos2) -> graph::Point {
    graph::Point::new(p.x, p.y)
}
