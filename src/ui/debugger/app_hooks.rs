//! Where the debugger meets the app: per-frame polling, its panel, and its commands.

use std::sync::Arc;

use crate::engine::Waker;
use crate::ui::app::StatewrightApp;
use crate::ui::command::Command;

use super::trust::{TrustAnswer, TrustDecision};

impl StatewrightApp {
    /// Loads the workflow's run defaults and folds the engine's new events (never blocks).
    pub(in crate::ui) fn poll_debugger(&mut self, ctx: &egui::Context) {
        let switched = !self
            .debugger
            .is_synced_with(self.doc.path.as_deref(), &self.doc.title);
        self.debugger
            .sync_document(self.doc.path.as_deref(), &self.doc.title);
        // The run panel shows the folder's decision; small, so copied every frame.
        self.debugger
            .runner_trust
            .clone_from(&self.settings.runner_trust);
        self.debugger.set_repaint(|| {
            let repaint = ctx.clone();
            Arc::new(move || repaint.request_repaint())
        });
        let doc_key = self
            .doc
            .path
            .as_ref()
            .map_or_else(|| self.doc.title.clone(), |p| p.display().to_string());
        self.debugger
            .refresh_estimate(&self.doc.design.machine, &doc_key, self.doc.revision);
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
        let state_names = crate::ui::all_state_names(&self.doc);
        ui.columns(2, |columns| {
            if let [left, right] = columns {
                super::tabs::debugger_tabs_ui(
                    left,
                    &mut self.debugger,
                    &mut self.commands,
                    &palette,
                    &state_names,
                );
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
        super::task_prompt::task_prompts_ui(ui.ctx(), &mut self.debugger, &palette);
        self.trust_prompt_ui(ui.ctx());
    }

    /// Applies a debugger command.
    pub(in crate::ui) fn run_debugger(&mut self, ctx: &egui::Context, command: Command) {
        let repaint = ctx.clone();
        let waker: Waker = Arc::new(move || repaint.request_repaint());
        self.debugger.runner_trust = self.settings.runner_trust.clone();
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

impl StatewrightApp {
    /// Asks whether to trust a folder's runners; the answer is remembered in the settings and
    /// the run that asked starts (or not).
    fn trust_prompt_ui(&mut self, ctx: &egui::Context) {
        if let Some(folder) = self.debugger.forget_trust.take() {
            self.settings.runner_trust.remove(&folder);
        }
        let Some(request) = self.debugger.trust_request.clone() else {
            return;
        };
        let Some(answer) = super::trust::trust_prompt_ui(ctx, &request) else {
            return;
        };
        self.debugger.trust_request = None;
        let decision = match answer {
            TrustAnswer::Trust => TrustDecision::Trusted,
            TrustAnswer::MocksOnly => TrustDecision::MocksOnly,
            TrustAnswer::Cancel => {
                self.debugger.message = "Run cancelled".into();
                return;
            }
        };
        self.settings
            .runner_trust
            .insert(request.folder.clone(), decision);
        self.commands.push(if request.paused {
            Command::RunStep
        } else {
            Command::RunStartOrContinue
        });
    }

    /// Writes the last run's (or the imported) history to `path`, serialized off the UI thread.
    pub(in crate::ui) fn export_history(&mut self, path: std::path::PathBuf) {
        match self.debugger.history_for_export() {
            Some(source) => self
                .io
                .write_generated(path, move || super::history_io::history_text(&source)),
            None => self.status = "Run the workflow or import a history first".into(),
        }
    }
}
