//! How the side column and the run dock share the window, so both stay usable on a small
//! screen: the right column shows the inspector or the definition as tabs, and the run dock
//! (run panel and step details) folds to one line until a run starts.

use super::app::StatewrightApp;
use super::command::Command;
use super::theme::spacing;
use crate::graph::StatePath;

/// Below this window height the run dock starts folded: unfolded it would leave the diagram
/// and the side column too little room.
pub const FOLD_RUN_DOCK_BELOW_HEIGHT: f32 = 900.0;

/// The tabs of the right column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTab {
    /// The selected state's form.
    Inspector,
    /// The definition as text.
    Definition,
}

impl SideTab {
    fn label(self) -> &'static str {
        match self {
            SideTab::Inspector => "Inspector",
            SideTab::Definition => "Definition",
        }
    }
}

/// Layout choices that persist between frames.
#[derive(Debug, Default)]
pub struct Layout {
    /// The tab picked in the right column.
    pub side_tab: Option<SideTab>,
    /// Whether the run dock is unfolded; decided from the window height on the first frame.
    pub run_dock_open: Option<bool>,
    /// The single selected state last frame: selecting another one shows the inspector.
    last_selected: Option<StatePath>,
}

impl Layout {
    /// Unfolds the run dock (a run was started or stepped).
    pub fn open_run_dock(&mut self) {
        self.run_dock_open = Some(true);
    }
}

impl StatewrightApp {
    /// The right column: tabs for the inspector (when one state is selected) and the
    /// definition.
    pub(super) fn side_ui(&mut self, ui: &mut egui::Ui) {
        let single = (self.selection.len() == 1)
            .then(|| self.selection.first().cloned())
            .flatten();
        if single.is_some() && single != self.layout.last_selected {
            self.layout.side_tab = Some(SideTab::Inspector);
        }
        // Clearing the selection goes back to the text; the Inspector tab then shows the
        // workflow's own fields.
        if single.is_none() && self.layout.last_selected.is_some() {
            self.layout.side_tab = Some(SideTab::Definition);
        }
        self.layout.last_selected.clone_from(&single);
        let tab = self.layout.side_tab.unwrap_or(SideTab::Definition);
        ui.horizontal(|ui| {
            for candidate in [SideTab::Inspector, SideTab::Definition] {
                let button = egui::Button::selectable(tab == candidate, candidate.label());
                let hint = match candidate {
                    SideTab::Inspector => "The selected state's fields (the workflow's when none)",
                    SideTab::Definition => "The definition as text",
                };
                if ui.add(button).on_hover_text(hint).clicked() {
                    self.layout.side_tab = Some(candidate);
                }
            }
        });
        ui.separator();
        match (tab, single) {
            (SideTab::Inspector, Some(path)) => self.inspector_tab_ui(ui, &path),
            (SideTab::Inspector, None) => self.workflow_tab_ui(ui),
            (SideTab::Definition, _) => self.definition_tab_ui(ui),
        }
    }

    /// The Inspector tab with no single state selected: the workflow's own fields.
    fn workflow_tab_ui(&mut self, ui: &mut egui::Ui) {
        let palette = self.settings.theme.palette();
        egui::ScrollArea::both()
            .id_salt("inspector_scroll")
            .show(ui, |ui| {
                let machine = &self.doc.design.machine;
                if let Some(e) = self.inspector.machine_ui(ui, machine, &palette) {
                    self.inspector_edits.push(e);
                }
            });
    }

    fn inspector_tab_ui(&mut self, ui: &mut egui::Ui, path: &StatePath) {
        let palette = self.settings.theme.palette();
        // Both ways: a wide form scrolls instead of widening the column.
        egui::ScrollArea::both()
            .id_salt("inspector_scroll")
            .show(ui, |ui| {
                let machine = &self.doc.design.machine;
                if let Some(e) = self.inspector.inspector_ui(ui, machine, path, &palette) {
                    self.inspector_edits.push(e);
                }
                if let Some(e) = self.inspector.branches_ui(ui, machine, path) {
                    self.inspector_edits.push(e);
                }
            });
    }

    fn definition_tab_ui(&mut self, ui: &mut egui::Ui) {
        let palette = self.settings.theme.palette();
        if let Some(text) = self.code_view.code_view_ui(ui, &self.doc, &palette) {
            self.pending_text = Some(text);
        }
    }

    /// The run dock at the bottom: one line with Start when folded, the run panel and step
    /// details when unfolded. Starting a run unfolds it (see `Layout::open_run_dock`).
    pub(super) fn run_dock_ui(&mut self, ui: &mut egui::Ui) {
        let open = *self
            .layout
            .run_dock_open
            .get_or_insert_with(|| ui.ctx().content_rect().height() >= FOLD_RUN_DOCK_BELOW_HEIGHT);
        if open {
            egui::Panel::bottom("debugger")
                .resizable(true)
                .default_size(spacing::DEBUGGER_HEIGHT)
                .show(ui, |ui| {
                    if fold_button_ui(ui, true) {
                        self.layout.run_dock_open = Some(false);
                    }
                    self.debugger_ui(ui);
                });
        } else {
            egui::Panel::bottom("debugger_folded").show(ui, |ui| {
                ui.horizontal(|ui| {
                    if fold_button_ui(ui, false) {
                        self.layout.run_dock_open = Some(true);
                    }
                    self.commands.button_ui(ui, Command::RunStartOrContinue);
                    ui.weak("Open the run panel to edit the input or pick a mock test case.");
                });
            });
        }
    }
}

/// The fold/unfold toggle of the run dock; true when clicked.
fn fold_button_ui(ui: &mut egui::Ui, open: bool) -> bool {
    let (text, hint) = if open {
        ("⏷ Run panel", "Fold the run panel to one line")
    } else {
        ("⏵ Run panel", "Show the run panel and step details")
    };
    ui.add(egui::Button::new(text).frame(false))
        .on_hover_text(hint)
        .clicked()
}
