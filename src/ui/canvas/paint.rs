//! Painting the diagram: containers, edges with labels, state boxes, markers and badges.

use egui::{Align2, Color32, CornerRadius, FontId, Painter, Shape, Stroke, StrokeKind};

use super::geometry::{pos, rect};
use crate::asl::{Severity, StateType};
use crate::graph::{Edge, EdgeLayout, Graph, Layout, Node, NodeKind};
use crate::ui::theme::Palette;

/// Font size of state names at zoom 1.
const NODE_FONT: f32 = 13.0;
/// Font size of edge labels and type names.
const SMALL_FONT: f32 = 11.0;

/// How one node is drawn this frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeLook {
    /// The node is selected.
    pub selected: bool,
    /// The pointer is over it.
    pub hovered: bool,
    /// The worst diagnostic on it, if any.
    pub badge: Option<Severity>,
    /// Zoomed in enough for text to be readable (level of detail).
    pub detail: bool,
}

/// Text, unless zoomed out too far to read it.
fn text_if(
    detail: bool,
    painter: &Painter,
    pos: egui::Pos2,
    align: Align2,
    text: impl ToString,
    font: FontId,
    color: Color32,
) {
    if detail {
        painter.text(pos, align, text, font, color);
    }
}

/// Paints a Parallel/Map container: its band with the title and a frame per branch.
pub fn container(
    painter: &Painter,
    graph: &Graph,
    layout: &Layout,
    node: &Node,
    r: egui::Rect,
    look: NodeLook,
    palette: &Palette,
) {
    let fill = palette.container;
    let stroke_color = if look.selected {
        palette.selection
    } else {
        palette.container_stroke
    };
    painter.rect(
        r,
        CornerRadius::same(8),
        fill,
        Stroke::new(1.5, stroke_color),
        StrokeKind::Inside,
    );
    let band = egui::Rect::from_min_max(r.min, egui::pos2(r.max.x, r.min.y + 26.0));
    let ty = match node.kind {
        NodeKind::State(t) => t,
        _ => None,
    };
    painter.rect_filled(
        band.shrink(1.5),
        CornerRadius {
            nw: 7,
            ne: 7,
            sw: 0,
            se: 0,
        },
        palette.state_fill(ty),
    );
    let type_name = ty.map_or("?", |t| t.as_str());
    text_if(
        look.detail,
        painter,
        band.left_center() + egui::vec2(10.0, 0.0),
        Align2::LEFT_CENTER,
        &node.label,
        FontId::proportional(NODE_FONT),
        palette.node_text,
    );
    text_if(
        look.detail,
        painter,
        band.right_center() - egui::vec2(10.0, 0.0),
        Align2::RIGHT_CENTER,
        type_name,
        FontId::proportional(SMALL_FONT),
        palette.node_subtext,
    );
    for child in &node.children {
        if let Some(area) = layout.machines.get(child.0) {
            let stroke = Stroke::new(1.0, palette.container_stroke.gamma_multiply(0.6));
            dashed_rect(painter, rect(*area), stroke);
        }
    }
    let _ = graph;
    badge(painter, r, look.badge, palette);
}

/// Paints a state box or a Start/End marker.
pub fn node(painter: &Painter, node: &Node, r: egui::Rect, look: NodeLook, palette: &Palette) {
    match node.kind {
        NodeKind::Start | NodeKind::End => {
            let stroke = Stroke::new(1.5, palette.marker);
            painter.rect(
                r,
                CornerRadius::same(u8::MAX),
                palette.canvas,
                stroke,
                StrokeKind::Inside,
            );
            text_if(
                look.detail,
                painter,
                r.center(),
                Align2::CENTER_CENTER,
                &node.label,
                FontId::proportional(SMALL_FONT),
                palette.marker,
            );
        }
        NodeKind::Missing => {
            dashed_rect(painter, r, Stroke::new(1.5, palette.error));
            text_if(
                look.detail,
                painter,
                r.center(),
                Align2::CENTER_CENTER,
                format!("{} (missing)", node.label),
                FontId::proportional(SMALL_FONT),
                palette.error,
            );
        }
        NodeKind::State(ty) => {
            let stroke = if look.selected {
                Stroke::new(2.5, palette.selection)
            } else if look.hovered {
                Stroke::new(1.5, palette.selection.gamma_multiply(0.7))
            } else {
                Stroke::new(1.0, palette.node_stroke)
            };
            painter.rect(
                r,
                CornerRadius::same(6),
                palette.state_fill(ty),
                stroke,
                StrokeKind::Inside,
            );
            let name_pos = r.center() - egui::vec2(0.0, 5.0);
            text_if(
                look.detail,
                painter,
                name_pos,
                Align2::CENTER_CENTER,
                &node.label,
                FontId::proportional(NODE_FONT),
                palette.node_text,
            );
            let type_name = ty.map_or("Unknown type", |t| t.as_str());
            text_if(
                look.detail,
                painter,
                r.center() + egui::vec2(0.0, 10.0),
                Align2::CENTER_CENTER,
                type_name,
                FontId::proportional(SMALL_FONT - 1.0),
                palette.node_subtext,
            );
            badge(painter, r, look.badge, palette);
        }
    }
}

fn badge(painter: &Painter, r: egui::Rect, severity: Option<Severity>, palette: &Palette) {
    let Some(severity) = severity else { return };
    let color = match severity {
        Severity::Error => palette.error,
        Severity::Warning => palette.warning,
    };
    let center = r.right_top() + egui::vec2(-2.0, 2.0);
    painter.circle_filled(center, 7.5, color);
    painter.text(
        center,
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(11.0),
        Color32::WHITE,
    );
}

/// Paints one edge: its route (dashed for Catch), its arrow head and its label.
pub fn edge(
    painter: &Painter,
    edge: &Edge,
    route: &EdgeLayout,
    highlighted: bool,
    detail: bool,
    clip: egui::Rect,
    palette: &Palette,
) {
    if route.points.len() < 2 {
        return;
    }
    let points: Vec<egui::Pos2> = route.points.iter().map(|p| pos(*p)).collect();
    let runs = visible_runs(&points, clip);
    let base = if edge.is_dashed() {
        palette.catch_edge
    } else {
        palette.edge
    };
    let color = if highlighted { palette.selection } else { base };
    let stroke = Stroke::new(if highlighted { 2.0 } else { 1.3 }, color);
    for run in runs {
        if edge.is_dashed() && detail {
            painter.extend(Shape::dashed_line(&run, stroke, 6.0, 4.0));
        } else {
            painter.add(Shape::line(run, stroke));
        }
    }
    if let [.., a, b] = points.as_slice() {
        arrow_head(painter, *a, *b, color);
    }
    let label = route.label.filter(|_| detail);
    if let (Some(label), Some(text)) = (label, &edge.label) {
        let r = rect(label);
        painter.rect(
            r,
            CornerRadius::same(3),
            palette.edge_label_bg,
            Stroke::new(0.8, base),
            StrokeKind::Inside,
        );
        painter.text(
            r.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(SMALL_FONT),
            palette.edge_label,
        );
    }
}

/// The parts of a polyline that pass through `clip`: long routes (a Catch edge across a
/// 500-state diagram) would otherwise cost thousands of off-screen dashes each frame.
fn visible_runs(points: &[egui::Pos2], clip: egui::Rect) -> Vec<Vec<egui::Pos2>> {
    let mut runs = Vec::new();
    let mut run: Vec<egui::Pos2> = Vec::new();
    for w in points.windows(2) {
        let &[a, b] = w else { continue };
        if clip.intersects(egui::Rect::from_two_pos(a, b)) {
            if run.is_empty() {
                run.push(a);
            }
            run.push(b);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn arrow_head(painter: &Painter, from: egui::Pos2, tip: egui::Pos2, color: Color32) {
    let dir = (tip - from).normalized();
    if !dir.is_finite() {
        return;
    }
    let normal = egui::vec2(-dir.y, dir.x);
    let back = tip - dir * 8.0;
    let shape = Shape::convex_polygon(
        vec![tip, back + normal * 4.0, back - normal * 4.0],
        color,
        Stroke::NONE,
    );
    painter.add(shape);
}

/// A rectangle outlined with dashes.
pub fn dashed_rect(painter: &Painter, r: egui::Rect, stroke: Stroke) {
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(Shape::dashed_line(&corners, stroke, 5.0, 4.0));
}

/// The connection handles of a hovered or selected box: Next (bottom) and, for states that
/// can catch errors, Catch (right).
pub fn handles(painter: &Painter, node: &Node, r: egui::Rect, palette: &Palette) {
    let NodeKind::State(ty) = node.kind else {
        return;
    };
    if node.is_container() {
        return;
    }
    let stroke = Stroke::new(1.5, palette.canvas);
    painter.circle(r.center_bottom(), 5.0, palette.selection, stroke);
    if matches!(
        ty,
        Some(StateType::Task | StateType::Parallel | StateType::Map)
    ) {
        painter.circle(r.right_center(), 5.0, palette.catch_edge, stroke);
    }
}
