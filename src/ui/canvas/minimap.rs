//! The minimap: the whole diagram in a corner, with the visible area outlined.

use egui::{CornerRadius, Sense, Stroke, StrokeKind};

use super::geometry::rect;
use crate::graph::Layout;
use crate::ui::theme::Palette;

/// Size of the minimap in screen points.
const SIZE: egui::Vec2 = egui::vec2(160.0, 110.0);

/// Draws the minimap in the lower-right corner of `area`; returns the scene point to centre
/// the view on when the user clicks or drags in it.
pub fn minimap_ui(
    ui: &mut egui::Ui,
    area: egui::Rect,
    layout: &Layout,
    view: egui::Rect,
    palette: &Palette,
) -> Option<egui::Pos2> {
    let diagram = rect(layout.bounds);
    // Everything is in view: the minimap would only hide part of the diagram.
    if view.contains_rect(diagram) {
        return None;
    }
    let bounds = diagram.union(view);
    if !bounds.is_positive() || area.width() < SIZE.x * 2.0 || area.height() < SIZE.y * 2.0 {
        return None;
    }
    let frame = egui::Rect::from_min_size(area.max - SIZE - egui::vec2(10.0, 10.0), SIZE);
    let scale = (frame.width() / bounds.width()).min(frame.height() / bounds.height());
    let offset = frame.center() - bounds.center() * scale;
    let to_map = |p: egui::Pos2| egui::pos2(p.x * scale, p.y * scale) + offset;
    let response = ui.interact(frame, ui.id().with("minimap"), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Other, true, "Minimap"));
    let painter = ui.painter_at(frame);
    painter.rect(
        frame,
        CornerRadius::same(4),
        palette.minimap,
        Stroke::new(1.0, palette.node_stroke),
        StrokeKind::Inside,
    );
    for r in &layout.nodes {
        let r = rect(*r);
        let mapped = egui::Rect::from_min_max(to_map(r.min), to_map(r.max));
        painter.rect_filled(mapped, 1.0, palette.edge.gamma_multiply(0.6));
    }
    let visible = egui::Rect::from_min_max(to_map(view.min), to_map(view.max));
    painter.rect_stroke(
        visible,
        0.0,
        Stroke::new(1.5, palette.selection),
        StrokeKind::Inside,
    );
    let pointer = response.interact_pointer_pos()?;
    if !(response.clicked() || response.dragged()) {
        return None;
    }
    let p = pointer - offset;
    Some(egui::pos2(p.x / scale, p.y / scale))
}
