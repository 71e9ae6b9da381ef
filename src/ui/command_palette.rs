//! The Ctrl+K command palette: search commands, recent files and states by name.

use super::command::Command;
use super::theme::spacing;

/// The palette's state while open.
#[derive(Default)]
pub struct CommandPalette {
    /// Whether the palette is shown.
    pub open: bool,
    query: String,
    focus_requested: bool,
}

impl CommandPalette {
    /// Opens the palette with an empty query.
    pub fn show(&mut self) {
        self.open = true;
        self.query.clear();
        self.focus_requested = true;
    }

    /// Draws the palette; returns the command picked.
    pub fn palette_ui(
        &mut self,
        ctx: &egui::Context,
        recent: &[std::path::PathBuf],
        states: &[String],
    ) -> Option<Command> {
        if !self.open {
            return None;
        }
        let candidates = candidates(recent, states);
        let query = self.query.to_lowercase();
        let matches: Vec<&Command> = candidates
            .iter()
            .filter(|c| query.is_empty() || c.label().to_lowercase().contains(&query))
            .take(30)
            .collect();
        let mut picked = None;
        egui::Window::new("Command palette")
            .title_bar(false)
            .fixed_size([spacing::COMMAND_PALETTE_WIDTH, 0.0])
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .show(ctx, |ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Type a command or a state name…")
                        .desired_width(f32::INFINITY),
                );
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Command search")
                });
                if self.focus_requested {
                    field.request_focus();
                    self.focus_requested = false;
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if enter {
                    picked = matches.first().map(|c| (*c).clone());
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for command in &matches {
                            let text = command.label_with_shortcut(ui.ctx());
                            if ui
                                .selectable_label(false, text)
                                .on_hover_text(command.tooltip())
                                .clicked()
                            {
                                picked = Some((*command).clone());
                            }
                        }
                    });
            });
        if picked.is_some() || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
        }
        picked
    }
}

fn candidates(recent: &[std::path::PathBuf], states: &[String]) -> Vec<Command> {
    let mut all: Vec<Command> = Command::PALETTE.to_vec();
    all.extend(
        crate::asl::StateType::ALL
            .into_iter()
            .filter(|t| !matches!(t, crate::asl::StateType::Pass | crate::asl::StateType::Task))
            .map(Command::AddState),
    );
    all.extend(recent.iter().cloned().map(Command::OpenPath));
    all.extend(states.iter().cloned().map(Command::GoToState));
    all
}
