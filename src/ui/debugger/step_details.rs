//! Step details of the selected state: the data after every stage the engine reports, each
//! with its byte size against the payload limit, as a collapsible JSON tree with a copy button.

use egui_json_tree::{DefaultExpand, JsonTree};

use super::Debugger;
use crate::engine::StageData;
use crate::graph::StatePath;
use crate::ui::command::CommandQueue;
use crate::ui::theme::Palette;

/// Draws the step details of `selected` (in the picked iteration, for states inside a Map).
pub fn step_details_ui(
    ui: &mut egui::Ui,
    debugger: &Debugger,
    selected: Option<&StatePath>,
    commands: &mut CommandQueue,
    palette: &Palette,
) {
    ui.strong("Step details");
    let Some(path) = selected else {
        ui.weak("Select a state to see its input, output and every stage.");
        return;
    };
    let name = path.name.as_str();
    super::iteration_picker::iteration_picker_ui(ui, debugger, path, commands);
    super::step_actions::breakpoint_ui(ui, debugger, name, commands, palette);
    super::step_actions::paused_input_ui(ui, debugger, path, palette);
    super::step_actions::run_from_ui(ui, debugger, path, commands);
    retries_ui(ui, debugger, path, palette);
    let Some(record) = debugger.view().record(path) else {
        ui.weak(format!("{name} has not finished in this run."));
        return;
    };
    if !record.scope.is_empty() {
        ui.label(format!("In branch or iteration {}", record.scope));
    }
    ui.label(format!("State {name}"));
    if debugger.replay.is_some() {
        ui.weak("Replayed from a history file: it records the state's input and output only; the stages in between are unknown.");
    }
    if let Some(error) = &record.error {
        ui.colored_label(
            palette.error,
            format!(
                "Error {}: {}",
                error.error.as_deref().unwrap_or("(none)"),
                error.cause.as_deref().unwrap_or("")
            ),
        );
    }
    let limit = debugger.payload_limit_bytes();
    for (i, stage) in record.stages.iter().enumerate() {
        stage_ui(ui, name, i, stage, limit, palette);
    }
    if !record.variables.is_empty() {
        let variables = serde_json::Value::Object(record.variables.clone());
        egui::CollapsingHeader::new(format!("Variables ({})", record.variables.len()))
            .id_salt(("variables", name))
            .show(ui, |ui| {
                JsonTree::new(("variables_tree", name), &variables)
                    .default_expand(DefaultExpand::ToLevel(0))
                    .show(ui);
            });
    }
}

/// Each failed attempt the state's Retry repeated, with its error and backoff.
fn retries_ui(ui: &mut egui::Ui, debugger: &Debugger, path: &StatePath, palette: &Palette) {
    let Some(attempts) = debugger.view().retries(path) else {
        return;
    };
    for a in attempts {
        ui.colored_label(
            palette.warning,
            format!(
                "Retry {}: {} ({}) · backoff {} ms",
                a.attempt,
                a.error.error.as_deref().unwrap_or("(no error)"),
                a.error.cause.as_deref().unwrap_or(""),
                a.delay_ms
            ),
        );
    }
}

fn stage_ui(
    ui: &mut egui::Ui,
    state: &str,
    index: usize,
    stage: &StageData,
    limit: usize,
    palette: &Palette,
) {
    let label = stage.stage.label();
    ui.horizontal(|ui| {
        size_meter_ui(ui, label, stage.size_bytes, limit, palette);
        if ui
            .small_button("Copy")
            .on_hover_text(format!("Copy the data after {label} as JSON"))
            .clicked()
        {
            let text = serde_json::to_string_pretty(&*stage.value).unwrap_or_default();
            ui.ctx().copy_text(text);
        }
    });
    egui::CollapsingHeader::new(format!("{label} data"))
        .id_salt(("stage", state, index))
        .default_open(index == 0)
        .show(ui, |ui| {
            JsonTree::new(("stage_tree", state, index), &*stage.value)
                .default_expand(DefaultExpand::ToLevel(1))
                .show(ui);
        });
}

/// "Input: 1234 bytes (0.5% of 262144)", coloured green, amber over half, red over 90%.
pub(super) fn size_meter_ui(
    ui: &mut egui::Ui,
    label: &str,
    size: usize,
    limit: usize,
    palette: &Palette,
) {
    let run = palette.run();
    let fraction = size as f32 / limit.max(1) as f32;
    let color = run.meter(size, limit);
    let text = format!(
        "{label}: {size} bytes ({:.1}% of {limit})",
        fraction * 100.0
    );
    ui.colored_label(color, text);
    ui.add(
        egui::ProgressBar::new(fraction.min(1.0))
            .desired_width(80.0)
            .fill(color),
    );
}
