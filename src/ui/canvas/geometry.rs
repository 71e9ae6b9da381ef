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

/// Distance from `p` to the polyline `points`.
pub fn distance_to_polyline(p: egui::Pos2, points: &[graph::Point]) -> f32 {
    points
        .windows(2)
        .map(|w| distance_to_segment(p, pos(w[0]), pos(w[1])))
        .fold(f32::INFINITY, f32::min)
}

fn distance_to_segment(p: egui::Pos2, a: egui::Pos2, b: egui::Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_to_a_polyline_is_to_its_nearest_segment() {
        let line = [
            graph::Point::new(0.0, 0.0),
            graph::Point::new(10.0, 0.0),
            graph::Point::new(10.0, 10.0),
        ];
        assert_eq!(distance_to_polyline(egui::pos2(5.0, 3.0), &line), 3.0);
        assert_eq!(distance_to_polyline(egui::pos2(12.0, 5.0), &line), 2.0);
    }
}
