//! The eframe app: a state list and the diagnostics of the loaded workflow.

use egui::{Color32, RichText};

use super::document::Document;
use crate::asl::{Severity, StateMachine};

/// The Statewright window.
pub struct StatewrightApp {
    document: Document,
}

impl StatewrightApp {
    /// An app showing `document`.
    pub fn new(document: Document) -> Self {
        StatewrightApp { document }
    }
}

impl eframe::App for StatewrightApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("title").show(ui, |ui| {
            ui.heading(format!("Statewright — {}", self.document.title));
        });
        egui::Panel::bottom("diagnostics")
            .resizable(true)
            .show(ui, |ui| {
                diagnostics_ui(ui, &self.document);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| match &self.document.machine {
                Some(machine) => machine_ui(ui, machine, 0),
                None => {
                    ui.label("The definition could not be read; see the diagnostics below.");
                }
            });
        });
    }
}

fn machine_ui(ui: &mut egui::Ui, machine: &StateMachine, depth: usize) {
    for (name, state) in &machine.states {
        let kind = state.state_type().map_or("Unknown", |t| t.as_str());
        let start = machine.start_at.as_deref() == Some(name.as_str());
        let mut text = format!("{}{name}  ({kind})", "    ".repeat(depth));
        if start {
            text.push_str("  ← start");
        }
        if state.is_terminal() {
            text.push_str("  → end");
        }
        ui.label(RichText::new(text).monospace());
        for (_, child) in state.kind.children("") {
            machine_ui(ui, child, depth + 1);
        }
    }
}

fn diagnostics_ui(ui: &mut egui::Ui, document: &Document) {
    if document.diagnostics.is_empty() {
        ui.label("No problems found.");
        return;
    }
    for d in &document.diagnostics {
        let color = match d.severity {
            Severity::Error => Color32::from_rgb(220, 80, 80),
            Severity::Warning => Color32::from_rgb(220, 170, 60),
        };
        ui.label(
            RichText::new(format!("{}:{} {} {}", d.line, d.column, d.code, d.message)).color(color),
        );
    }
}
