//! Applying commands, background results and prompt answers to the app.

use std::path::PathBuf;
use std::time::Duration;

use super::app::StatewrightApp;
use super::command::Command;
use super::document::Document;
use super::io::{IoEvent, Purpose};
use super::prompts::{Answer, Prompt};
use crate::asl::Format;
use crate::graph::Positions;

/// A dialog that answers `None` faster than this had no backend to show.
const NO_BACKEND: Duration = Duration::from_millis(400);

impl StatewrightApp {
    /// Applies one command (after the frame that recorded it).
    pub(super) fn run(&mut self, ctx: &egui::Context, command: Command) {
        let guarded = matches!(
            command,
            Command::New | Command::Open | Command::OpenPath(_) | Command::Quit
        );
        if guarded && self.doc.dirty {
            self.prompt = Some(Prompt::Unsaved { then: command });
            return;
        }
        self.run_unguarded(ctx, command);
    }

    fn run_unguarded(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.replace_document(Document::new_empty()),
            Command::Open => self.io.pick(Purpose::Open, ""),
            Command::OpenPath(path) => self.io.load(path, false),
            Command::Save => match self.doc.path.clone() {
                Some(path) => self.write_document(path),
                None => self.pick(Purpose::SaveAs),
            },
            Command::SaveAs => self.pick(Purpose::SaveAs),
            Command::ExportJson => self.pick(Purpose::ExportJson),
            Command::ExportYaml => self.pick(Purpose::ExportYaml),
            Command::ExportSvg => self.pick(Purpose::ExportSvg),
            Command::ExportPng => self.pick(Purpose::ExportPng),
            Command::Undo => {
                if !self.doc.undo() {
                    self.status = "Nothing to undo".into();
                }
            }
            Command::Redo => {
                if !self.doc.redo() {
                    self.status = "Nothing to redo".into();
                }
            }
            Command::Validate => {
                self.doc.revalidate();
                self.status = format!("{} problems", self.doc.diagnostics.len());
            }
            Command::ToggleTheme => {
                self.settings.theme = self.settings.theme.toggled();
                self.settings.theme.apply(ctx);
            }
            Command::ToggleCodeView => self.settings.show_code = !self.settings.show_code,
            Command::CommandPalette => self.palette.show(),
            Command::Quit => {
                self.allow_close = true;
                self.recovery.clear();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            c @ (Command::RunRestart
            | Command::RunFromSelected
            | Command::ToggleBreakOnError
            | Command::ToggleAskForUnansweredTasks
            | Command::SetBreakpointCondition { .. }
            | Command::PickIteration { .. }
            | Command::SetTimeScale(_)) => {
                if matches!(c, Command::RunRestart | Command::RunFromSelected) {
                    self.layout.open_run_dock();
                }
                self.run_debugger_more(ctx, c);
            }
            c @ (Command::RunStartOrContinue
            | Command::RunPause
            | Command::RunStep
            | Command::RunStop
            | Command::ToggleBreakpoint) => {
                if matches!(c, Command::RunStartOrContinue | Command::RunStep) {
                    self.layout.open_run_dock();
                }
                self.run_debugger(ctx, c);
            }
            Command::ExportHistory => self.pick(Purpose::ExportHistory),
            Command::ImportHistory => self.io.pick(Purpose::ImportHistory, ""),
            other => self.run_edit(other),
        }
    }

    fn pick(&mut self, purpose: Purpose) {
        let stem = self
            .doc
            .path
            .as_deref()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or("workflow")
            .to_owned();
        let name = match purpose {
            Purpose::ExportYaml => format!("{stem}.asl.yaml"),
            Purpose::ExportSvg => format!("{stem}.svg"),
            Purpose::ExportPng => format!("{stem}.png"),
            Purpose::ExportHistory => format!("{stem}.history.json"),
            _ => format!("{stem}.asl.json"),
        };
        self.io.pick(purpose, &name);
    }

    /// The typed-path field's starting text: the suggested file beside the open document
    /// (nothing for Open).
    fn suggested_path(&self, purpose: Purpose, name: &str) -> String {
        if purpose == Purpose::Open || name.is_empty() {
            return String::new();
        }
        let dir = self.doc.path.as_deref().and_then(std::path::Path::parent);
        match dir {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(name).display().to_string(),
            _ => name.to_owned(),
        }
    }

    /// Acts on a chosen path (from a dialog or the typed-path field).
    pub(super) fn path_chosen(&mut self, purpose: Purpose, path: PathBuf) {
        match purpose {
            Purpose::Open => self.io.load(path, false),
            Purpose::SaveAs => self.write_document(path),
            Purpose::ExportJson => self.export_to(path, Format::Json),
            Purpose::ExportYaml => self.export_to(path, Format::Yaml),
            Purpose::ExportSvg => match self.diagram_svg() {
                Some(svg) => self.io.write(path, svg, true, None),
                None => self.status = "Nothing to export".into(),
            },
            Purpose::ExportPng => self.start_png_export(path),
            Purpose::ExportHistory => self.export_history(path),
            Purpose::ImportHistory => {
                let machine = &self.doc.design.machine;
                self.debugger.import_history(path, machine);
            }
        }
    }

    fn write_document(&mut self, path: PathBuf) {
        if let Some(format) = crate::cli::format_from_extension(&path) {
            self.doc.format = format;
        }
        let text = self.doc.text_for_save();
        let positions = self.doc.design.positions.clone();
        self.io.write(path, text, false, Some(positions));
    }

    fn export_to(&mut self, path: PathBuf, format: Format) {
        match self.doc.export(format) {
            Ok(text) => self.io.write(path, text, true, None),
            Err(e) => self.prompt = Some(Prompt::Message(format!("Cannot export: {e}"))),
        }
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.selection.clear();
        self.io.watch(self.doc.path.as_deref());
        self.recovery.clear();
    }

    /// Applies the results of background work.
    pub(super) fn poll_io(&mut self) {
        for event in self.io.poll() {
            self.handle_io(event);
        }
    }

    fn handle_io(&mut self, event: IoEvent) {
        match event {
            IoEvent::Picked {
                purpose,
                path: Some(path),
                ..
            } => self.path_chosen(purpose, path),
            IoEvent::Picked {
                purpose,
                open_for,
                suggested_name,
                ..
            } => {
                if open_for < NO_BACKEND {
                    let text = self.suggested_path(purpose, &suggested_name);
                    self.prompt = Some(Prompt::Path { purpose, text });
                }
            }
            IoEvent::Loaded {
                path,
                reload,
                result,
            } => self.handle_loaded(path, reload, result),
            IoEvent::Written {
                path,
                text,
                export,
                result,
            } => self.handle_written(path, text, export, result),
            IoEvent::Changed(path) => {
                if self.doc.path.as_deref() == Some(path.as_path()) {
                    self.io.load(path, true);
                }
            }
        }
    }

    fn handle_loaded(
        &mut self,
        path: PathBuf,
        reload: bool,
        result: Result<(Vec<u8>, Option<Positions>), String>,
    ) {
        let (bytes, positions) = match result {
            Ok(bytes) => bytes,
            Err(e) if reload => {
                self.status = format!("{} is gone from disk: {e}", path.display());
                return;
            }
            Err(e) => {
                self.prompt = Some(Prompt::Message(format!(
                    "Cannot open {}: {e}",
                    path.display()
                )));
                return;
            }
        };
        if !reload {
            self.replace_document(Document::from_file(&path, &bytes, positions));
            self.remember_recent(path);
            self.status = "Opened".into();
            return;
        }
        if bytes == self.doc.saved_text.as_bytes() {
            return;
        }
        if self.doc.dirty {
            self.prompt = Some(Prompt::ExternalChange { bytes });
        } else {
            self.reload(bytes);
        }
    }

    fn reload(&mut self, bytes: Vec<u8>) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let positions = Some(self.doc.design.positions.clone());
        self.replace_document(Document::from_file(&path, &bytes, positions));
        self.status = "Reloaded: the file changed on disk".into();
    }

    fn handle_written(
        &mut self,
        path: PathBuf,
        text: String,
        export: bool,
        result: Result<(), String>,
    ) {
        if let Err(e) = result {
            self.after_save = None;
            self.prompt = Some(Prompt::Message(format!(
                "Cannot write {}: {e}",
                path.display()
            )));
            return;
        }
        self.status = format!("Wrote {}", path.display());
        if export {
            return;
        }
        self.doc.mark_saved(path.clone(), text);
        self.io.watch(Some(&path));
        self.remember_recent(path);
        self.recovery.clear();
        if let Some(then) = self.after_save.take() {
            self.commands.push(then);
        }
    }

    /// Applies the user's answer to a prompt.
    pub fn answer(&mut self, answer: Answer) {
        match answer {
            Answer::SaveThen(then) => {
                self.after_save = Some(then);
                self.commands.push(Command::Save);
            }
            Answer::DiscardThen(then) => {
                self.doc.dirty = false;
                self.recovery.clear();
                self.commands.push(then);
            }
            Answer::Reload(bytes) => self.reload(bytes),
            Answer::Restore(snapshot) => {
                let mut doc = match &snapshot.path {
                    Some(path) => Document::open(path),
                    None => Document::seed_sample(),
                };
                doc.set_text(snapshot.text);
                self.doc = doc;
                self.io.watch(self.doc.path.as_deref());
                self.status = "Restored unsaved edits".into();
            }
            Answer::DiscardRecovery => self.recovery.clear(),
            Answer::PathChosen(purpose, path) => self.path_chosen(purpose, path),
            Answer::Dismiss => self.after_save = None,
        }
    }
}
