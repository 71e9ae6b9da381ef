//! Menu bar, toolbar, status bar and the state-type palette, all reading from `Command`.

use super::app::StatewrightApp;
use super::command::Command;
use crate::asl::StateType;
use crate::graph::{apply_positions, layout, LayoutOptions, TextRole};

/// The File / Edit / View menus.
pub fn menu_bar_ui(app: &mut StatewrightApp, ui: &mut egui::Ui) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            for c in [Command::New, Command::Open] {
                app.commands.button_ui(ui, c);
            }
            ui.menu_button("Open Recent", |ui| {
                if app.settings.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in app.settings.recent.clone() {
                    app.commands.button_ui(ui, Command::OpenPath(path));
                }
            });
            ui.separator();
            for c in [Command::Save, Command::SaveAs] {
                app.commands.button_ui(ui, c);
            }
            ui.separator();
            for c in [
                Command::ExportJson,
                Command::ExportYaml,
                Command::ExportSvg,
                Command::ExportPng,
            ] {
                app.commands.button_ui(ui, c);
            }
            ui.separator();
            app.commands.button_ui(ui, Command::Quit);
        });
        ui.menu_button("Edit", |ui| {
            for c in [
                Command::Undo,
                Command::Redo,
                Command::Delete,
                Command::Duplicate,
                Command::SetStartAt,
                Command::Find,
                Command::Validate,
            ] {
                app.commands.button_ui(ui, c);
            }
        });
        ui.menu_button("Run", |ui| {
            for c in [
                Command::RunStartOrContinue,
                Command::RunPause,
                Command::RunStep,
                Command::RunStop,
                Command::ToggleBreakpoint,
                Command::RunRestart,
                Command::RunFromSelected,
                Command::ToggleBreakOnError,
                Command::ToggleAskForUnansweredTasks,
            ] {
                app.commands.button_ui(ui, c);
            }
            ui.separator();
            for c in [Command::ImportHistory, Command::ExportHistory] {
                app.commands.button_ui(ui, c);
            }
        });
        ui.menu_button("View", |ui| {
            for c in [
                Command::FitView,
                Command::ToggleCodeView,
                Command::ToggleTheme,
                Command::CommandPalette,
            ] {
                app.commands.button_ui(ui, c);
            }
        });
    });
}

/// The toolbar: the most used commands and the state search.
pub fn toolbar_ui(app: &mut StatewrightApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        for c in [
            Command::New,
            Command::Open,
            Command::Save,
            Command::Undo,
            Command::Redo,
            Command::Validate,
            Command::FitView,
        ] {
            let label = c.label();
            let label = label.trim_end_matches('…');
            if ui.button(label).on_hover_text(c.tooltip()).clicked() {
                app.commands.push(c);
            }
        }
        ui.separator();
        search_ui(app, ui);
    });
}

fn search_ui(app: &mut StatewrightApp, ui: &mut egui::Ui) {
    let id = egui::Id::new("state_search");
    let response = ui.add(
        egui::TextEdit::singleline(&mut app.search)
            .id(id)
            .hint_text("Go to state…")
            .desired_width(180.0),
    );
    if std::mem::take(&mut app.focus_search) {
        response.request_focus();
    }
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !enter || app.search.trim().is_empty() {
        return;
    }
    let query = app.search.trim().to_lowercase();
    let names = super::app::all_state_names(&app.doc);
    let found = names
        .iter()
        .find(|n| n.to_lowercase() == query)
        .or_else(|| names.iter().find(|n| n.to_lowercase().contains(&query)));
    match found {
        Some(name) => app.commands.push(Command::GoToState(name.clone())),
        None => app.status = format!("No state matches \"{}\"", app.search.trim()),
    }
}

/// The status bar: file, unsaved marker, problem counts, last message.
pub fn status_bar_ui(app: &mut StatewrightApp, ui: &mut egui::Ui) {
    let palette = app.settings.theme.palette();
    ui.horizontal(|ui| {
        if app.doc.dirty {
            ui.colored_label(palette.warning, "Unsaved changes");
        } else {
            ui.label("Saved");
        }
        ui.separator();
        ui.label(&app.doc.title);
        ui.separator();
        let errors = app.doc.error_count();
        let color = if errors > 0 {
            palette.error
        } else {
            ui.visuals().text_color()
        };
        ui.colored_label(color, format!("{errors} errors"));
        ui.separator();
        ui.label(&app.status);
    });
}

/// The diagram area.
pub fn diagram_ui(app: &mut StatewrightApp, ui: &mut egui::Ui) {
    let palette = app.settings.theme.palette();
    let ctx = ui.ctx().clone();
    let measure = move |text: &str, role: TextRole| text_width(&ctx, text, role);
    let doc = &app.doc;
    let positions = &doc.design.positions;
    let layout_of = |g: &crate::graph::Graph| {
        let mut laid_out = layout(g, &LayoutOptions::default(), &measure);
        apply_positions(g, &mut laid_out, positions);
        laid_out
    };
    app.canvas.update(
        &doc.design.machine,
        doc.revision,
        &doc.diagnostics,
        &layout_of,
    );
    let overlay = app.debugger.overlay();
    let events = app
        .canvas
        .canvas_ui(ui, &app.selection, &palette, Some(&overlay));
    app.canvas_events.extend(events);
}

/// The width of `text` in the canvas's fonts.
fn text_width(ctx: &egui::Context, text: &str, role: TextRole) -> f32 {
    let size = match role {
        TextRole::Node | TextRole::Title => 13.0,
        TextRole::EdgeLabel => 11.0,
    };
    let font = egui::FontId::proportional(size);
    ctx.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// The palette of state types: click to add after the selection, or drag onto the canvas.
pub fn state_palette_ui(app: &mut StatewrightApp, ui: &mut egui::Ui) {
    ui.strong("States");
    ui.label("Click to add after the selection, or drag onto the diagram.");
    ui.add_space(4.0);
    let palette = app.settings.theme.palette();
    for ty in StateType::ALL {
        let button = egui::Button::new(ty.as_str())
            .fill(palette.state_fill(Some(ty)))
            .min_size(egui::vec2(ui.available_width(), 26.0))
            .sense(egui::Sense::click_and_drag());
        let response = ui
            .add(button)
            .on_hover_text(format!("Add a {} state", ty.as_str()));
        let label = format!("Add a {} state", ty.as_str());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &label));
        response.dnd_set_drag_payload(ty);
        if response.clicked() {
            app.commands.push(Command::AddState(ty));
        }
    }
}
