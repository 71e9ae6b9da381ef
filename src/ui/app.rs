//! The eframe app: lays out the panels each frame, then applies the commands they recorded.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::canvas::{Canvas, CanvasEvent};
use super::code_view::CodeView;
use super::command::{Command, CommandQueue};
use super::command_palette::CommandPalette;
use super::debugger::Debugger;
use super::document::Document;
use super::inspector::{Inspector, InspectorEdit};
use super::io::Io;
use super::layout::Layout;
use super::png_export::PngExport;
use super::prompts::Prompt;
use super::recovery::{Recovery, Snapshot};
use super::theme::{spacing, ThemeChoice};
use super::{diagnostics, menus};
use crate::graph::StatePath;

/// What the app is started with.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// The file to open; the seed sample when `None`.
    pub file: Option<PathBuf>,
    /// Where the recovery file lives; the user's state directory when `None`.
    pub recovery_dir: Option<PathBuf>,
}

/// Settings remembered between sessions (eframe persistence).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Dark or light.
    pub theme: ThemeChoice,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Whether the code view is shown.
    pub show_code: bool,
    /// Folders whose run-configuration runners the user trusted (or limited to mocks).
    pub runner_trust: std::collections::BTreeMap<PathBuf, super::debugger::trust::TrustDecision>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeChoice::Dark,
            recent: Vec::new(),
            show_code: true,
            runner_trust: Default::default(),
        }
    }
}

/// Key of the settings in eframe's storage.
const SETTINGS_KEY: &str = "statewright_settings";

/// Recent files kept.
const MAX_RECENT: usize = 10;

/// The Statewright window.
pub struct StatewrightApp {
    /// The workflow being edited.
    pub doc: Document,
    /// The selected states.
    pub selection: BTreeSet<StatePath>,
    /// Remembered settings.
    pub settings: Settings,
    /// The open question, if any.
    pub prompt: Option<Prompt>,
    /// Last status-bar message.
    pub status: String,
    pub(super) commands: CommandQueue,
    pub(super) code_view: CodeView,
    /// The diagram.
    pub canvas: Canvas,
    /// The local run: input, mocks, breakpoints, statuses and step records.
    pub debugger: Debugger,
    pub(super) inspector: Inspector,
    pub(super) layout: Layout,
    pub(super) canvas_events: Vec<CanvasEvent>,
    pub(super) inspector_edits: Vec<InspectorEdit>,
    pub(super) select_pointer: Option<String>,
    /// A PNG export capturing the diagram tile by tile.
    pub(super) png_export: Option<PngExport>,
    pub(super) palette: CommandPalette,
    pub(super) io: Io,
    pub(super) recovery: Recovery,
    pub(super) after_save: Option<Command>,
    pub(super) allow_close: bool,
    pub(super) pending_text: Option<String>,
    pub(super) search: String,
    pub(super) focus_search: bool,
    title_shown: String,
}

impl StatewrightApp {
    /// An app with `config`, without persisted settings (tests use this).
    pub fn new(ctx: &egui::Context, config: AppConfig) -> Self {
        Self::with_settings(ctx, config, Settings::default())
    }

    /// The app as eframe creates it: settings restored from storage.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        Self::with_settings(&cc.egui_ctx, config, settings)
    }

    fn with_settings(ctx: &egui::Context, config: AppConfig, settings: Settings) -> Self {
        settings.theme.apply(ctx);
        let mut io = Io::default();
        io.set_context(ctx);
        let doc = match &config.file {
            Some(path) => Document::open(path),
            None => Document::seed_sample(),
        };
        io.watch(doc.path.as_deref());
        let recovery = Recovery::new(config.recovery_dir.unwrap_or_else(Recovery::default_dir));
        let prompt = recovery.leftover().map(Prompt::Recover);
        let mut app = StatewrightApp {
            doc,
            selection: BTreeSet::new(),
            settings,
            prompt,
            status: String::new(),
            commands: CommandQueue::default(),
            code_view: CodeView::default(),
            canvas: Canvas::default(),
            debugger: Debugger::default(),
            inspector: Inspector::default(),
            layout: Layout::default(),
            canvas_events: Vec::new(),
            inspector_edits: Vec::new(),
            select_pointer: None,
            png_export: None,
            palette: CommandPalette::default(),
            io,
            recovery,
            after_save: None,
            allow_close: false,
            pending_text: None,
            search: String::new(),
            focus_search: false,
            title_shown: String::new(),
        };
        if let Some(path) = config.file {
            app.remember_recent(path);
        }
        app
    }

    /// Records a command, as a menu click would.
    pub fn queue(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Adds `path` to the front of the recent files.
    pub(super) fn remember_recent(&mut self, path: PathBuf) {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        self.settings.recent.retain(|p| *p != path);
        self.settings.recent.insert(0, path);
        self.settings.recent.truncate(MAX_RECENT);
    }

    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let palette = self.settings.theme.palette();
        egui::Panel::top("menu_bar").show(ui, |ui| menus::menu_bar_ui(self, ui));
        egui::Panel::top("toolbar").show(ui, |ui| menus::toolbar_ui(self, ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| menus::status_bar_ui(self, ui));
        egui::Panel::bottom("diagnostics")
            .resizable(true)
            .default_size(spacing::DIAGNOSTICS_HEIGHT)
            .show(ui, |ui| {
                if let Some(pointer) = diagnostics::diagnostics_ui(ui, &self.doc, &palette) {
                    self.select_pointer = Some(pointer);
                }
            });
        self.run_dock_ui(ui);
        egui::Panel::left("state_palette")
            .resizable(true)
            .default_size(spacing::PALETTE_WIDTH)
            .show(ui, |ui| menus::state_palette_ui(self, ui));
        if self.settings.show_code {
            egui::Panel::right("code")
                .resizable(true)
                .default_size(spacing::SIDE_WIDTH)
                .show(ui, |ui| self.side_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| menus::diagram_ui(self, ui));
    }

    fn overlays_ui(&mut self, ctx: &egui::Context) {
        let states: Vec<String> = all_state_names(&self.doc);
        if let Some(c) = self.palette.palette_ui(ctx, &self.settings.recent, &states) {
            self.commands.push(c);
        }
        if let Some(prompt) = &mut self.prompt {
            if let Some(answer) = prompt.prompt_ui(ctx) {
                self.prompt = None;
                self.answer(answer);
            }
        }
    }

    fn close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        if self.doc.dirty {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.prompt = Some(Prompt::Unsaved {
                then: Command::Quit,
            });
        } else {
            self.allow_close = true;
        }
    }

    fn after_frame(&mut self, ctx: &egui::Context) {
        if let Some(text) = self.pending_text.take() {
            self.doc.set_text(text);
        }
        self.apply_view_events();
        for command in self.commands.drain() {
            self.run(ctx, command);
        }
        let snapshot = self.doc.dirty.then(|| Snapshot {
            path: self.doc.path.clone(),
            text: self.doc.text.clone(),
        });
        self.recovery.update(snapshot, Instant::now());
        if self.recovery.is_pending() {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        self.png_export_frame(ctx);
        let title = format!(
            "{}{} — Statewright",
            if self.doc.dirty { "● " } else { "" },
            self.doc.title
        );
        if title != self.title_shown {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
    }
}

impl eframe::App for StatewrightApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_io();
        self.poll_debugger(&ctx);
        // The palette and prompts own the keyboard (Escape closes them) while open.
        if self.prompt.is_none() && !self.palette.open {
            self.commands.shortcuts(&ctx);
        }
        self.panels_ui(ui);
        self.overlays_ui(&ctx);
        self.close_request(&ctx);
        self.after_frame(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.doc.dirty {
            self.recovery.clear();
        }
    }
}

/// Every state name, nested ones included, in definition order.
pub fn all_state_names(doc: &Document) -> Vec<String> {
    let mut names = Vec::new();
    doc.design
        .machine
        .walk_states("", &mut |name, _, _| names.push(name.to_owned()));
    names
}
