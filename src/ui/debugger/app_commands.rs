//! The debugger commands added with iterations, conditions and re-runs: applied after the
//! frame like every command.

use std::sync::Arc;

use super::TimeScale;
use crate::engine::Waker;
use crate::ui::app::StatewrightApp;
use crate::ui::command::Command;

impl StatewrightApp {
    /// Applies Restart, Run from here, break on error, a condition, an iteration pick or the
    /// time scale.
    pub(in crate::ui) fn run_debugger_more(&mut self, ctx: &egui::Context, command: Command) {
        let repaint = ctx.clone();
        let waker: Waker = Arc::new(move || repaint.request_repaint());
        let starts = matches!(command, Command::RunRestart | Command::RunFromSelected);
        if starts && !(self.doc.text_valid && self.doc.error_count() == 0) {
            self.debugger.message = format!(
                "Fix the {} problems in the definition before running it",
                self.doc.error_count().max(1)
            );
            return;
        }
        match command {
            Command::RunRestart => self.debugger.restart(&self.doc.design.machine, waker),
            Command::RunFromSelected => {
                let single = (self.selection.len() == 1)
                    .then(|| self.selection.first().cloned())
                    .flatten();
                match single {
                    Some(state) => self
                        .debugger
                        .run_from(&self.doc.design.machine, waker, &state),
                    None => self.status = "Select one state to run from".into(),
                }
            }
            Command::ToggleBreakOnError => self.debugger.toggle_break_on_error(),
            Command::ToggleAskForUnansweredTasks => {
                self.debugger.fail_unanswered_tasks = !self.debugger.fail_unanswered_tasks;
            }
            Command::SetBreakpointCondition { state, condition } => {
                self.debugger.set_condition(&state, &condition);
                self.save_breakpoints();
            }
            Command::PickIteration { container, index } => match index {
                Some(i) => {
                    self.debugger.picks.insert(container, i);
                }
                None => {
                    // Deeper picks inside this container no longer apply.
                    let prefix = format!("{container}/");
                    self.debugger
                        .picks
                        .retain(|k, _| k != &container && !k.starts_with(&prefix));
                }
            },
            Command::SetTimeScale(scale) => self.debugger.time_scale = TimeScale::clamped(scale),
            _ => {}
        }
    }

    /// Restores the breakpoints saved with the document just opened.
    pub(in crate::ui) fn load_saved_breakpoints(&mut self) {
        let saved = self.doc.design.positions.breakpoints.clone();
        self.debugger.load_breakpoints(&saved);
    }

    /// Keeps the breakpoints in the document's sidecar data (written on Save) and writes them
    /// to the sidecar file now, so they persist without saving the definition.
    pub(in crate::ui) fn save_breakpoints(&mut self) {
        self.doc.design.positions.breakpoints = self.debugger.saved_breakpoints();
        self.debugger.persist_breakpoints(self.doc.path.as_deref());
    }
}
