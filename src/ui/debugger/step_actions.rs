//! What the step details offer besides the data: the breakpoint's condition, the input a
//! paused state waits with, and "Run from here".

use egui_json_tree::{DefaultExpand, JsonTree};

use super::Debugger;
use crate::engine::{json_size, PauseReason};
use crate::graph::StatePath;
use crate::ui::command::{Command, CommandQueue};
use crate::ui::theme::Palette;

/// The condition of the breakpoint on `state` (only when it has one), with its error.
pub fn breakpoint_ui(
    ui: &mut egui::Ui,
    debugger: &Debugger,
    state: &str,
    commands: &mut CommandQueue,
    palette: &Palette,
) {
    if !debugger.breakpoints.contains(state) {
        return;
    }
    let entry = debugger.conditions.get(state);
    let mut text = entry.map(|e| e.text.clone()).unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label("Breakpoint condition");
        let edit = egui::TextEdit::singleline(&mut text)
            .hint_text("$.amount > 100")
            .desired_width(220.0)
            .id_salt(("breakpoint_condition", state));
        let response = ui.add(edit).labelled_by(label.id).on_hover_text(
            "A JSONPath on the state's input, optionally compared with a JSON value \
             (==, !=, <, <=, >, >=). Empty: always pause.",
        );
        if response.changed() {
            commands.push(Command::SetBreakpointCondition {
                state: state.to_owned(),
                condition: text.clone(),
            });
        }
    });
    if let Some(error) = entry.and_then(|e| e.error()) {
        ui.colored_label(
            palette.error,
            format!("Invalid condition: {error}. The breakpoint pauses every time until fixed."),
        );
    }
}

/// While the run waits at `state`: why, and the state's input.
pub fn paused_input_ui(
    ui: &mut egui::Ui,
    debugger: &Debugger,
    state: &StatePath,
    palette: &Palette,
) {
    let Some(paused) = debugger
        .run
        .paused
        .as_ref()
        .filter(|p| p.state == state.name)
    else {
        return;
    };
    let text = match paused.reason {
        PauseReason::Error => format!(
            "Paused after {} failed: Continue (F5) applies its Retry and Catch.",
            state.name
        ),
        _ => format!(
            "Paused before {}: Step (F10) runs it and shows its stages.",
            state.name
        ),
    };
    ui.label(text);
    if !paused.scope.is_empty() {
        ui.weak(format!("in {}", paused.scope));
    }
    let size = json_size(&paused.input);
    super::step_details::size_meter_ui(
        ui,
        "Paused input",
        size,
        debugger.payload_limit_bytes(),
        palette,
    );
    egui::CollapsingHeader::new("Paused input data")
        .id_salt(("paused_input", &state.name))
        .default_open(true)
        .show(ui, |ui| {
            JsonTree::new(("paused_input_tree", &state.name), &*paused.input)
                .default_expand(DefaultExpand::ToLevel(1))
                .show(ui);
        });
}

/// "Run from here": enabled for a top-level state whose input is known, else says why not.
pub fn run_from_ui(
    ui: &mut egui::Ui,
    debugger: &Debugger,
    state: &StatePath,
    commands: &mut CommandQueue,
) {
    let command = Command::RunFromSelected;
    let offered = debugger.run_from_input(state);
    let button = ui.add_enabled(offered.is_ok(), egui::Button::new(command.label()));
    let button = match &offered {
        Ok(_) => button.on_hover_text(command.tooltip()),
        Err(why) => button.on_disabled_hover_text(why.as_str()),
    };
    if button.clicked() {
        commands.push(command);
    }
    if let Err(why) = offered {
        if !state.machine.is_root() {
            ui.weak(why);
        }
    }
}
