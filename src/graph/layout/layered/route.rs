//! Edge routes: polylines through each edge's dummies. Forward edges leave a box's bottom
//! and enter the next box's top; back edges leave and enter on the right side and climb
//! beside the layers in between; self loops curl on the right.

use super::super::geometry::Point;
use super::{FlatGraph, LayerGraph, Spacing};

/// Ports stay this far inside a box's corners.
const PORT_INSET: f32 = 12.0;

/// Every edge's polyline (in the edge's own direction) and label centre.
pub(super) fn routes(
    lg: &LayerGraph,
    g: &FlatGraph,
    spacing: &Spacing,
) -> (Vec<Vec<Point>>, Vec<Option<Point>>) {
    let mut routes = Vec::with_capacity(g.edges.len());
    let mut labels = Vec::with_capacity(g.edges.len());
    for (edge, chain) in g.edges.iter().zip(&lg.chains) {
        if chain.self_loop {
            let (points, label) = self_loop(lg, edge.from, spacing, edge.label.map(|s| s.w));
            routes.push(points);
            labels.push(label);
            continue;
        }
        let label = chain.label.map(|d| lg.center(d));
        let inner: Vec<Point> = chain
            .nodes
            .iter()
            .skip(1)
            .take(chain.nodes.len().saturating_sub(2))
            .map(|&d| lg.center(d))
            .collect();
        let mut points = Vec::with_capacity(inner.len() + 4);
        if chain.reversed {
            // Chain runs top (edge.to) to bottom (edge.from); the route runs the other way.
            let (top, bottom) = (edge.to, edge.from);
            let bottom_anchor = chain.nodes.last().map(|&a| lg.center(a));
            let top_anchor = chain.nodes.first().map(|&a| lg.center(a));
            let b = lg.center(bottom);
            points.push(Point::new(b.x + half_width(lg, bottom), b.y));
            if let Some(a) = bottom_anchor {
                points.push(Point::new(a.x, b.y));
            }
            points.extend(inner.iter().rev());
            let t = lg.center(top);
            if let Some(a) = top_anchor {
                points.push(Point::new(a.x, t.y));
            }
            points.push(Point::new(t.x + half_width(lg, top), t.y));
        } else {
            let (from, to) = (edge.from, edge.to);
            let f = lg.center(from);
            let t = lg.center(to);
            let first_x = inner.first().map_or(t.x, |p| p.x);
            let last_x = inner.last().map_or(f.x, |p| p.x);
            points.push(Point::new(
                port_x(lg, from, first_x),
                f.y + half_height(lg, from),
            ));
            points.extend(inner);
            points.push(Point::new(
                port_x(lg, to, last_x),
                t.y - half_height(lg, to),
            ));
        }
        routes.push(points);
        labels.push(label);
    }
    (routes, labels)
}

fn half_width(lg: &LayerGraph, v: usize) -> f32 {
    lg.nodes.get(v).map_or(0.0, |n| n.width / 2.0)
}

fn half_height(lg: &LayerGraph, v: usize) -> f32 {
    lg.nodes.get(v).map_or(0.0, |n| n.height / 2.0)
}

/// The x where an edge meets box `v`: straight below/above its neighbour when that lies
/// within the box, else the nearest point inside the corners.
fn port_x(lg: &LayerGraph, v: usize, toward: f32) -> f32 {
    let c = lg.center(v).x;
    let reach = (half_width(lg, v) - PORT_INSET).max(0.0);
    toward.clamp(c - reach, c + reach)
}

fn self_loop(
    lg: &LayerGraph,
    v: usize,
    spacing: &Spacing,
    label_width: Option<f32>,
) -> (Vec<Point>, Option<Point>) {
    let c = lg.center(v);
    let right = c.x + half_width(lg, v);
    let dy = (half_height(lg, v) / 2.0).max(4.0);
    let out = right + spacing.self_loop * 0.75;
    let points = vec![
        Point::new(right, c.y - dy),
        Point::new(out, c.y - dy),
        Point::new(out, c.y + dy),
        Point::new(right, c.y + dy),
    ];
    let label = label_width.map(|w| Point::new(out + w / 2.0 + 2.0, c.y));
    (points, label)
}
