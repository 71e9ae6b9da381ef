//! Run options in the run panel: "break on any error", asking for unanswered tasks and the
//! Wait time scale.

use super::{Debugger, TimeScale};
use crate::ui::command::{Command, CommandQueue};

/// One row: the break-on-error and ask-for-tasks switches and the time-scale choice; all
/// record commands.
pub fn run_options_ui(ui: &mut egui::Ui, debugger: &Debugger, commands: &mut CommandQueue) {
    ui.horizontal(|ui| {
        let mut on = debugger.break_on_error;
        let toggle = Command::ToggleBreakOnError;
        if ui
            .checkbox(&mut on, toggle.label())
            .on_hover_text(toggle.tooltip())
            .changed()
        {
            commands.push(toggle);
        }
        let mut ask = !debugger.fail_unanswered_tasks;
        let toggle = Command::ToggleAskForUnansweredTasks;
        if ui
            .checkbox(&mut ask, "Ask for unanswered tasks")
            .on_hover_text(toggle.tooltip())
            .changed()
        {
            commands.push(toggle);
        }
        ui.separator();
        ui.label("Waits");
        egui::ComboBox::from_id_salt("wait_time_scale")
            .selected_text(debugger.time_scale.label())
            .show_ui(ui, |ui| {
                for (scale, label) in TimeScale::CHOICES {
                    let chosen = debugger.time_scale.0 == scale;
                    if ui.selectable_label(chosen, label).clicked() && !chosen {
                        commands.push(Command::SetTimeScale(scale));
                    }
                }
            })
            .response
            .on_hover_text("How fast Wait states and retry backoffs pass (next run)");
    });
}
