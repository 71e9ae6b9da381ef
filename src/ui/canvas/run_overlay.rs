//! The debugger's marks on the diagram: run status outlines, the not-run veil and breakpoint
//! dots. The canvas only reads these maps; the debugger owns them.

use std::collections::{BTreeMap, BTreeSet};

use egui::{Align2, CornerRadius, FontId, Painter, Stroke, StrokeKind};

use crate::graph::StatePath;
use crate::ui::debugger::{IterationView, RunStatus};
use crate::ui::theme::Palette;

/// What the diagram shows of the debugger this frame.
#[derive(Debug, Clone, Copy)]
pub struct RunOverlay<'a> {
    /// Status by state name; `None` before the first run (nothing is veiled then).
    pub statuses: Option<&'a BTreeMap<String, RunStatus>>,
    /// States with a breakpoint.
    pub breakpoints: &'a BTreeSet<String>,
    /// Output bytes of each finished state.
    pub output_bytes: &'a BTreeMap<String, usize>,
    /// The payload limit the sizes are measured against.
    pub payload_limit_bytes: usize,
    /// Statuses per picked Map iteration or Parallel branch, and container progress; `None`
    /// shows every state's latest visit from the maps above.
    pub iterations: Option<IterationView<'a>>,
}

impl RunOverlay<'_> {
    fn status_of(&self, state: &StatePath) -> Option<RunStatus> {
        match &self.iterations {
            Some(view) => view.status(state),
            None => self.statuses.and_then(|s| s.get(&state.name).copied()),
        }
    }

    fn output_bytes_of(&self, state: &StatePath) -> Option<usize> {
        match &self.iterations {
            Some(view) => view.output_bytes(state),
            None => self.output_bytes.get(&state.name).copied(),
        }
    }
}

/// Paints one state's status and breakpoint over its box.
pub fn paint_state(
    painter: &Painter,
    state: &StatePath,
    r: egui::Rect,
    overlay: &RunOverlay<'_>,
    palette: &Palette,
) {
    let run = palette.run();
    let name = state.name.as_str();
    if overlay.statuses.is_some() {
        match overlay.status_of(state).as_ref() {
            None => {
                painter.rect_filled(r, CornerRadius::same(6), run.not_run);
            }
            Some(status) => {
                let color = match status {
                    RunStatus::Running | RunStatus::Paused => run.running,
                    RunStatus::Succeeded => run.succeeded,
                    RunStatus::Failed => run.failed,
                    RunStatus::Caught => run.caught,
                };
                let width = if matches!(status, RunStatus::Running | RunStatus::Paused) {
                    4.0
                } else {
                    3.0
                };
                painter.rect_stroke(
                    r.expand(2.0),
                    CornerRadius::same(8),
                    Stroke::new(width, color),
                    StrokeKind::Outside,
                );
                if *status == RunStatus::Paused {
                    painter.text(
                        r.right_bottom() + egui::vec2(-4.0, -3.0),
                        Align2::RIGHT_BOTTOM,
                        "⏸",
                        FontId::proportional(12.0),
                        color,
                    );
                }
            }
        }
    }
    if let Some(bytes) = overlay.output_bytes_of(state) {
        painter.text(
            r.left_bottom() + egui::vec2(5.0, -2.0),
            Align2::LEFT_BOTTOM,
            format_bytes(bytes),
            FontId::proportional(9.0),
            run.meter(bytes, overlay.payload_limit_bytes),
        );
    }
    if overlay.breakpoints.contains(name) {
        let center = r.left_top() + egui::vec2(8.0, 8.0);
        painter.circle(
            center,
            5.5,
            run.breakpoint,
            Stroke::new(1.0, palette.canvas),
        );
    }
}

/// A Parallel or Map state's progress ("3 of 10 iterations · 1 failed") on a small plate just
/// above the right end of its title band, where it does not cover the title.
pub fn paint_progress(
    painter: &Painter,
    state: &StatePath,
    band: egui::Rect,
    overlay: &RunOverlay<'_>,
    palette: &Palette,
) {
    let Some(progress) = overlay.iterations.and_then(|v| v.progress(state)) else {
        return;
    };
    let run = palette.run();
    let color = if progress.failed.is_empty() {
        run.running
    } else {
        run.failed
    };
    let galley = painter.layout_no_wrap(progress.summary(), FontId::proportional(10.0), color);
    let size = galley.size() + egui::vec2(8.0, 2.0);
    let plate = egui::Rect::from_min_size(
        egui::pos2(band.right() - size.x, band.top() - size.y - 3.0),
        size,
    );
    painter.rect(
        plate,
        CornerRadius::same(3),
        palette.canvas,
        Stroke::new(1.0, color),
        StrokeKind::Inside,
    );
    painter.galley(plate.min + egui::vec2(4.0, 1.0), galley, color);
}

/// "683 B", "12.4 KB", "256.0 KB": short enough for a node's corner.
pub fn format_bytes(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_short() {
        assert_eq!(format_bytes(683), "683 B");
        assert_eq!(format_bytes(262_144), "256.0 KB");
    }

    #[test]
    fn meters_turn_amber_over_half_and_red_over_ninety_percent() {
        let run = Palette::DARK.run();
        assert_eq!(run.meter(50, 100), run.meter_ok);
        assert_eq!(run.meter(51, 100), run.meter_warn);
        assert_eq!(run.meter(90, 100), run.meter_warn);
        assert_eq!(run.meter(91, 100), run.meter_danger);
    }
}
