//! The diagnostics panel: every problem of the definition; a click selects its state.

use super::document::Document;
use super::theme::Palette;
use crate::asl::Severity;

/// Lists the diagnostics; returns the JSON Pointer of the one clicked.
pub fn diagnostics_ui(ui: &mut egui::Ui, doc: &Document, palette: &Palette) -> Option<String> {
    let errors = doc.error_count();
    let warnings = doc.diagnostics.len() - errors;
    ui.horizontal(|ui| {
        ui.strong("Problems");
        ui.colored_label(palette.error, format!("{errors} errors"));
        ui.colored_label(palette.warning, format!("{warnings} warnings"));
    });
    if doc.diagnostics.is_empty() {
        ui.label("No problems found.");
        return None;
    }
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("diagnostics")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for d in &doc.diagnostics {
                let color = match d.severity {
                    Severity::Error => palette.error,
                    Severity::Warning => palette.warning,
                };
                let text = format!(
                    "{}:{}  {}  {}",
                    d.line,
                    d.column,
                    d.code.as_str(),
                    d.message
                );
                let label = egui::Label::new(egui::RichText::new(text).color(color))
                    .sense(egui::Sense::click())
                    .truncate();
                let response = ui.add(label).on_hover_text(&d.pointer);
                if response.clicked() {
                    clicked = Some(d.pointer.clone());
                }
            }
        });
    clicked
}
