//! The definition as highlighted, editable text, kept in sync with the model.

use std::collections::BTreeSet;

use egui::text::LayoutJob;

use super::document::Document;
use super::theme::{spacing, Palette};
use crate::asl::Format;

/// The code view's own state: the text being edited and its last laid-out galley.
#[derive(Default)]
pub struct CodeView {
    buffer: String,
    cache: Option<Cached>,
}

/// A laid-out text, reused while nothing that shapes it changes: highlighting and laying out
/// a 500-state definition every frame would cost milliseconds.
struct Cached {
    text: String,
    error_lines: BTreeSet<u32>,
    dark: bool,
    pixels_per_point: f32,
    galley: std::sync::Arc<egui::Galley>,
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
        let dark = ui.visuals().dark_mode;
        let cache = &mut self.cache;
        let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, _wrap_width: f32| {
            let ppp = ui.ctx().pixels_per_point();
            if let Some(c) = cache.as_ref() {
                let same = c.text == text.as_str()
                    && c.error_lines == error_lines
                    && c.dark == dark
                    && c.pixels_per_point == ppp;
                if same {
                    return c.galley.clone();
                }
            }
            let mut job = egui_extras::syntax_highlighting::highlight(
                ui.ctx(),
                ui.style(),
                &theme,
                text.as_str(),
                language,
            );
            mark_lines(&mut job, &error_lines, error_bg);
            job.wrap.max_width = f32::INFINITY;
            let galley = ui.fonts_mut(|f| f.layout_job(job));
            *cache = Some(Cached {
                text: text.as_str().to_owned(),
                error_lines: error_lines.clone(),
                dark,
                pixels_per_point: ppp,
                galley: galley.clone(),
            });
            galley
        };
        let changed = egui::ScrollArea::both()
            .id_salt("code_view")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let response = ui.add(
                    egui::TextEdit::multiline(&mut self.buffer)
                        .id_salt("code_editor")
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .desired_rows(30)
                        .lock_focus(true)
                        .layouter(&mut layouter),
                );
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Definition code")
                });
                response.changed()
            })
            .inner;
        changed.then(|| self.buffer.clone())
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
