//! The run panel: Start / Pause / Continue / Step / Stop, the run's status and legend, the
//! mock test case and the execution input.

use super::{Debugger, RunStatus};
use crate::engine::limits::HISTORY_EVENT_LIMIT;
use crate::engine::PauseReason;
use crate::ui::command::{Command, CommandQueue};
use crate::ui::theme::Palette;

/// Draws the run panel; its buttons record commands.
pub fn run_panel_ui(
    ui: &mut egui::Ui,
    debugger: &mut Debugger,
    commands: &mut CommandQueue,
    palette: &Palette,
) {
    let warnings = debugger.limit_warnings();
    ui.horizontal(|ui| {
        ui.strong("Run");
        controls_ui(ui, debugger, commands);
        super::limit_warnings::limit_badge_ui(ui, &warnings, palette);
    });
    ui.horizontal(|ui| {
        ui.label(run_summary(debugger));
        history_meter_ui(ui, debugger, palette);
    });
    super::limit_warnings::limit_warnings_ui(ui, &warnings, palette);
    super::run_options::run_options_ui(ui, debugger, commands);
    legend_ui(ui, palette);
    if !debugger.message.is_empty() {
        ui.colored_label(palette.error, &debugger.message);
    }
    mock_picker_ui(ui, debugger);
    super::run_config::run_config_ui(ui, debugger);
    ui.label("Execution input (JSON)");
    super::named_inputs::named_inputs_ui(ui, debugger);
    let editable = !debugger.is_running();
    let editor = egui::TextEdit::multiline(&mut debugger.input_text)
        .code_editor()
        .desired_rows(6)
        .desired_width(f32::INFINITY)
        .interactive(editable);
    let response = ui
        .add(editor)
        .on_hover_text("The execution's input; edit it before pressing Start");
    if response.changed() {
        debugger.check_input();
    }
    if let Some(error) = &debugger.input_error {
        ui.colored_label(palette.error, format!("Not valid JSON: {error}"));
    }
}

fn controls_ui(ui: &mut egui::Ui, debugger: &Debugger, commands: &mut CommandQueue) {
    let running = debugger.is_running();
    let paused = debugger.is_paused();
    let start_label = if paused { "Continue" } else { "Start" };
    let buttons = [
        (Command::RunStartOrContinue, start_label, !running || paused),
        (Command::RunPause, "Pause", running && !paused),
        (Command::RunStep, "Step", !running || paused),
        (Command::RunStop, "Stop", running),
        (
            Command::RunRestart,
            "Restart",
            debugger.last_start.is_some(),
        ),
    ];
    for (command, label, enabled) in buttons {
        let mut button = egui::Button::new(label);
        if let Some(s) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui
            .add_enabled(enabled, button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            commands.push(command);
        }
    }
}

/// One line saying what the run is doing.
fn run_summary(debugger: &Debugger) -> String {
    let run = &debugger.run;
    if let Some(result) = &run.result {
        let mut text = format!("Execution {}", result.status.as_str());
        if let Some(error) = &result.error {
            text.push_str(&format!(" · {error}"));
        }
        if let Some(cause) = &result.cause {
            text.push_str(&format!(": {cause}"));
        }
        return text;
    }
    if let Some(p) = &run.paused {
        let why = match p.reason {
            PauseReason::Breakpoint => "breakpoint",
            PauseReason::Step => "step",
            PauseReason::PauseRequested => "pause",
            PauseReason::Error => {
                return format!("Paused after {} failed (break on any error)", p.state);
            }
        };
        return format!("Paused before {} ({why})", p.state);
    }
    if debugger.is_running() {
        return "Running".to_owned();
    }
    "Not started · F5 runs the workflow locally".to_owned()
}

/// History events so far against the 25,000 AWS allows, coloured like the size meters.
fn history_meter_ui(ui: &mut egui::Ui, debugger: &Debugger, palette: &Palette) {
    if !debugger.has_run() {
        return;
    }
    let events = debugger.run.history_events;
    let color = palette.run().meter(events, HISTORY_EVENT_LIMIT);
    ui.colored_label(
        color,
        format!("· {events} of {HISTORY_EVENT_LIMIT} history events"),
    );
}

fn legend_ui(ui: &mut egui::Ui, palette: &Palette) {
    let run = palette.run();
    ui.horizontal_wrapped(|ui| {
        for (status, color) in [
            (RunStatus::Running, run.running),
            (RunStatus::Succeeded, run.succeeded),
            (RunStatus::Failed, run.failed),
            (RunStatus::Caught, run.caught),
        ] {
            swatch_ui(ui, |p, r| {
                p.rect_stroke(
                    r,
                    2.0,
                    egui::Stroke::new(2.0, color),
                    egui::StrokeKind::Inside,
                );
            });
            ui.label(status.label());
        }
        swatch_ui(ui, |p, r| {
            p.rect_filled(r, 2.0, palette.node_stroke);
            p.rect_filled(r, 2.0, run.not_run);
        });
        ui.label("not run");
        swatch_ui(ui, |p, r| {
            p.circle_filled(r.center(), r.width() * 0.45, run.breakpoint);
        });
        ui.label("breakpoint");
    });
}

/// A small painted square before a legend entry (glyphs such as ● are missing from the fonts).
fn swatch_ui(ui: &mut egui::Ui, paint: impl FnOnce(&egui::Painter, egui::Rect)) {
    let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    paint(ui.painter(), r);
}

fn mock_picker_ui(ui: &mut egui::Ui, debugger: &mut Debugger) {
    let cases = debugger.test_cases().to_vec();
    if cases.is_empty() {
        ui.weak("No mock test cases (add NAME.mock.json beside the workflow)");
        return;
    }
    let shown = debugger.test_case.clone().unwrap_or_else(|| "None".into());
    ui.horizontal(|ui| {
        ui.label("Mock test case");
        egui::ComboBox::from_id_salt("mock_test_case")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut debugger.test_case, None, "None");
                for case in cases {
                    ui.selectable_value(&mut debugger.test_case, Some(case.clone()), case);
                }
            });
    });
}
