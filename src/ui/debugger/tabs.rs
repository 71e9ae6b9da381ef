//! The debugger panel's left side as tabs: run controls, the events table and the timeline,
//! so the events get room without crowding the canvas.

use super::events_table::events_table_ui;
use super::timeline::timeline_ui;
use super::Debugger;
use crate::ui::command::{Command, CommandQueue};
use crate::ui::theme::Palette;

/// Which tab is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DebuggerTab {
    #[default]
    Run,
    Events,
    Timeline,
}

/// Draws the tab bar and the chosen tab; a clicked event or timeline row selects its state.
pub fn debugger_tabs_ui(
    ui: &mut egui::Ui,
    debugger: &mut Debugger,
    commands: &mut CommandQueue,
    palette: &Palette,
    state_names: &[String],
) {
    ui.horizontal(|ui| {
        let events = format!("Events ({})", debugger.events.len());
        for (tab, label) in [
            (DebuggerTab::Run, "Run".to_owned()),
            (DebuggerTab::Events, events),
            (DebuggerTab::Timeline, "Timeline".to_owned()),
        ] {
            ui.selectable_value(&mut debugger.tab, tab, label);
        }
        if let Some(replay) = &debugger.replay {
            ui.separator();
            ui.weak(format!("Replay of {}", replay.path.display()));
        }
    });
    ui.separator();
    let clicked = match debugger.tab {
        DebuggerTab::Run => {
            egui::ScrollArea::vertical()
                .id_salt("run_panel_scroll")
                // Keep the panel's height when the run panel is short (no mocks, no input).
                .auto_shrink(false)
                .show(ui, |ui| {
                    super::run_panel::run_panel_ui(ui, debugger, commands, palette);
                });
            None
        }
        DebuggerTab::Events => {
            events_table_ui(ui, &mut debugger.events_view, &debugger.events, state_names)
        }
        DebuggerTab::Timeline => {
            debugger.timeline.update(&debugger.events);
            timeline_ui(ui, &debugger.timeline, palette)
        }
    };
    if let Some(state) = clicked {
        commands.push(Command::GoToState(state));
    }
}
