//! The iteration picker: for each Map around the selected state (and the state itself when it
//! is a Map), pick one iteration whose path the diagram then shows, or go back to the latest.
//! Stepping by index and jumping between failed iterations keeps 10,000 iterations usable.

use super::scopes::ContainerRun;
use super::Debugger;
use crate::engine::ContainerKind;
use crate::graph::StatePath;
use crate::ui::command::{Command, CommandQueue};

/// Draws one picker row per Map visit on the way to `state`.
pub fn iteration_picker_ui(
    ui: &mut egui::Ui,
    debugger: &Debugger,
    state: &StatePath,
    commands: &mut CommandQueue,
) {
    let view = debugger.view();
    let scopes = &debugger.run.scopes;
    let mut keys = scopes.maps_on_path(&state.machine, &debugger.picks);
    if let Some(own) = view.container_key(state) {
        match scopes.container(&own) {
            Some(c) if c.kind == ContainerKind::Map => keys.push(own),
            Some(c) => {
                ui.label(format!("{}: {}", c.state, c.summary()));
            }
            None => {}
        }
    }
    for key in keys {
        if let Some(container) = scopes.container(&key) {
            picker_row_ui(
                ui,
                &key,
                container,
                debugger.picks.get(&key).copied(),
                commands,
            );
        }
    }
}

fn picker_row_ui(
    ui: &mut egui::Ui,
    key: &str,
    container: &ContainerRun,
    picked: Option<usize>,
    commands: &mut CommandQueue,
) {
    let pick = |index: Option<usize>| Command::PickIteration {
        container: key.to_owned(),
        index,
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{} ({})", key, container.summary()));
        let last = container.children.saturating_sub(1);
        match picked {
            None => {
                ui.weak("showing the latest iteration");
                if container.children > 0 && ui.button("Pick iteration").clicked() {
                    let first = container.failed.iter().next().copied().unwrap_or(0);
                    commands.push(pick(Some(first)));
                }
            }
            Some(index) => {
                let mut shown = index.min(last);
                // Indexes count from 0, as `$$.Map.Item.Index` and the AWS console do.
                ui.label("Iteration index");
                let response = ui.add(egui::DragValue::new(&mut shown).range(0..=last));
                if response.changed() {
                    commands.push(pick(Some(shown)));
                }
                ui.label(format!("(0 to {last})"));
                if ui
                    .add_enabled(index > 0, egui::Button::new("Previous iteration"))
                    .clicked()
                {
                    commands.push(pick(Some(index.saturating_sub(1))));
                }
                if ui
                    .add_enabled(index < last, egui::Button::new("Next iteration"))
                    .clicked()
                {
                    commands.push(pick(Some(index + 1)));
                }
                if ui.button("Show latest").clicked() {
                    commands.push(pick(None));
                }
            }
        }
        let before = picked.and_then(|i| container.failed.range(..i).next_back().copied());
        let after = match picked {
            Some(i) => container.failed.range(i + 1..).next().copied(),
            None => container.failed.iter().next().copied(),
        };
        if ui
            .add_enabled(before.is_some(), egui::Button::new("Previous failed"))
            .clicked()
        {
            commands.push(pick(before));
        }
        if ui
            .add_enabled(after.is_some(), egui::Button::new("Next failed"))
            .clicked()
        {
            commands.push(pick(after));
        }
    });
}
