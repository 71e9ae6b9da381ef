//! Where the debugger meets the app: per-frame polling, its panel, and its commands.

use std::sync::Arc;

use crate::engine::Waker;
use crate::ui::app::StatewrightApp;
use crate::ui::command::Command;

impl StatewrightApp {
    /// Loads the workflow's run defaults and folds the engine's new events (never blocks).
    pub(in crate::ui) fn poll_debugger(&mut self, ctx: &egui::Context) {
        let switched = !self
            .debugger
            .is_synced_with(self.doc.path.as_deref(), &self.doc.title);
        self.debugger
            .sync_document(self.doc.path.as_deref(), &self.doc.title);
        if self.debugger.poll() {
            // More events than one frame folds: come back right away.
            ctx.request_repaint();
        }
        if switched {
            self.load_saved_breakpoints();
        }
    }

    /// The debugger panel: run controls on the left, the selected state's step on the right.
    pub(in crate::ui) fn debugger_ui(&mut self, ui: &mut egui::Ui) {
        let palette = self.settings.theme.palette();
        let selected = (self.selection.len() == 1)
            .then(|| self.selection.first().cloned())
            .flatten();
        ui.columns(2, |columns| {
            if let [left, right] = columns {
                egui::ScrollArea::vertical()
                    .id_salt("run_panel_scroll")
                    .show(left, |ui| {
                        super::run_panel::run_panel_ui(
                            ui,
                            &mut self.debugger,
                            &mut self.commands,
                            &palette,
                        );
                    });
                egui::ScrollArea::vertical()
                    .id_salt("step_details_scroll")
                    .show(right, |ui| {
                        super::step_details::step_details_ui(
                            ui,
                            &self.debugger,
                            selected.as_ref(),
                            &mut self.commands,
                            &palette,
                        );
                    });
            }
        });
    }

    /// Applies a debugger command.
    pub(in crate::ui) fn run_debugger(&mut self, ctx: &egui::Context, command: Command) {
        let repaint = ctx.clone();
        let waker: Waker = Arc::new(move || repaint.request_repaint());
        let can_run = self.doc.text_valid && self.doc.error_count() == 0;
        let starts = !self.debugger.is_running()
            && matches!(command, Command::RunStartOrContinue | Command::RunStep);
        if starts && !can_run {
            self.debugger.message = format!(
                "Fix the {} problems in the definition before running it",
                self.doc.error_count().max(1)
            );
            return;
        }
        match command {
            Command::RunStartOrContinue => self
                .debugger
                .start_or_continue(&self.doc.design.machine, waker),
            Command::RunStep => self.debugger.step(&self.doc.design.machine, waker),
            Command::RunPause => self.debugger.pause(),
            Command::RunStop => self.debugger.stop(),
            Command::ToggleBreakpoint => {
                let single = (self.selection.len() == 1)
                    .then(|| self.selection.first().map(|s| s.name.clone()))
                    .flatten();
                match single {
                    Some(name) => {
                        self.debugger.toggle_breakpoint(&name);
                        self.save_breakpoints();
                    }
                    None => self.status = "Select one state to toggle its breakpoint".into(),
                }
            }
            _ => {}
        }
    }
}
