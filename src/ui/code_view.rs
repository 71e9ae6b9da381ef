//! The definition as highlighted, editable text, kept in sync with the model.

use std::collections::BTreeSet;

use egui::text::LayoutJob;

use super::document::Document;
use super::theme::{spacing, Palette};
use crate::asl::Format;

/// The code view's own state: the text being edited.
#[derive(Default)]
pub struct CodeView {
    buffer: String,
}

impl CodeView {
    /// Shows the text editor; returns the new text when the user changed it.
    pub fn code_view_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        palette: &Palette,
    ) -> Option<String> {
        if self.buffer != doc.text {
            self.buffer.clone_from(&doc.text);
        }
        let language = match doc.format {
            Format::Json => "json",
            Format::Yaml => "yaml",
        };
        let error_lines: BTreeSet<u32> = doc
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.line > 0)
            .map(|d| d.line)
            .collect();
        status_ui(ui, doc, palette);
        let theme = egui_extras::syntax_highlighting::CodeTheme::from_style(ui.style())
            .with_font_size(spacing::CODE_FONT_SIZE);
        let error_bg = palette.error_line;
        let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            let mut job = egui_extras::syntax_highlighting::highlight(
                ui.ctx(),
                ui.style(),
                &theme,
                text.as_str(),
                language,
            );
            mark_lines(&mut job, &error_lines, error_bg);
            job.wrap.max_width = f32::INFINITY;
            let _ = wrap_width;
            ui.fonts_mut(|f| f.layout_job(job))
        };
        let before = self.buffer.clone();
        egui::ScrollArea::both()
            .id_salt("code_view")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.buffer)
                        .id_salt("code_editor")
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .desired_rows(30)
                        .lock_focus(true)
                        .layouter(&mut layouter),
                )
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Definition code")
                });
            });
        (self.buffer != before).then(|| self.buffer.clone())
    }
}

fn status_ui(ui: &mut egui::Ui, doc: &Document, palette: &Palette) {
    if doc.text_valid {
        ui.label("The diagram follows this text as you type.");
        return;
    }
    let first = doc.diagnostics.iter().find(|d| d.is_error());
    let text = match first {
        Some(d) => format!(
            "Line {}: {} (the diagram shows the last valid version)",
            d.line, d.message
        ),
        None => "The text does not parse (the diagram shows the last valid version)".into(),
    };
    ui.colored_label(palette.error, text);
}

/// Paints the background of every section on the given (1-based) lines.
fn mark_lines(job: &mut LayoutJob, lines: &BTreeSet<u32>, color: egui::Color32) {
    if lines.is_empty() {
        return;
    }
    let mut ranges = Vec::new();
    let mut line = 1u32;
    let mut start = 0usize;
    for (i, b) in job.text.bytes().enumerate() {
        if b == b'\n' {
            if lines.contains(&line) {
                ranges.push(start..i + 1);
            }
            line += 1;
            start = i + 1;
        }
    }
    if lines.contains(&line) {
        ranges.push(start..job.text.len());
    }
    for section in &mut job.sections {
        let s = section.byte_range.start.0;
        if ranges.iter().any(|r| r.contains(&s)) {
            section.format.background = color;
        }
    }
}
