//! File work off the UI thread: dialogs, reads, atomic writes and watching the open file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::RecursiveMode;

use crate::graph::Positions;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// Why a file dialog was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open a definition.
    Open,
    /// Save the definition under a new path.
    SaveAs,
    /// Export ASL JSON.
    ExportJson,
    /// Export ASL YAML.
    ExportYaml,
    /// Export the diagram as SVG.
    ExportSvg,
    /// Export the diagram as PNG.
    ExportPng,
    /// Export the execution history as get-execution-history JSON.
    ExportHistory,
    /// Import an execution history to replay.
    ImportHistory,
}

impl Purpose {
    /// Title of the dialog and of the in-app path field.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open definition",
            Purpose::SaveAs => "Save definition as",
            Purpose::ExportJson => "Export ASL JSON",
            Purpose::ExportYaml => "Export ASL YAML",
            Purpose::ExportSvg => "Export diagram SVG",
            Purpose::ExportPng => "Export diagram PNG",
            Purpose::ExportHistory => "Export execution history",
            Purpose::ImportHistory => "Import execution history",
        }
    }
}

/// A finished piece of background work.
#[derive(Debug)]
pub enum IoEvent {
    /// A dialog closed; `path` is `None` when cancelled or when no dialog backend exists.
    Picked {
        purpose: Purpose,
        path: Option<PathBuf>,
        /// How long the dialog was open: an instant `None` means there is no backend.
        open_for: Duration,
        /// The file name the dialog suggested, for the typed-path fallback.
        suggested_name: String,
    },
    /// A file (and its positions sidecar) was read for opening or reloading.
    Loaded {
        path: PathBuf,
        reload: bool,
        result: Result<(Vec<u8>, Option<Positions>), String>,
    },
    /// A file was written.
    Written {
        path: PathBuf,
        text: String,
        export: bool,
        result: Result<(), String>,
    },
    /// The watched file changed on disk.
    Changed(PathBuf),
}

type Watcher = Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>;

/// The app's file worker: spawns a thread per job and collects the answers.
pub struct Io {
    tx: Sender<IoEvent>,
    rx: Receiver<IoEvent>,
    ctx: Option<egui::Context>,
    watcher: Option<(PathBuf, Watcher)>,
}

impl Default for Io {
    fn default() -> Self {
        let (tx, rx) = channel();
        Io {
            tx,
            rx,
            ctx: None,
            watcher: None,
        }
    }
}

impl Io {
    /// Sets the context woken when background work finishes.
    pub fn set_context(&mut self, ctx: &egui::Context) {
        self.ctx = Some(ctx.clone());
    }

    /// Opens a native file dialog on its own thread.
    pub fn pick(&self, purpose: Purpose, suggested_name: &str) {
        let name = suggested_name.to_owned();
        self.spawn(move || {
            let started = Instant::now();
            let dialog = rfd::FileDialog::new().set_title(purpose.title());
            let path = match purpose {
                Purpose::Open => dialog
                    .add_filter("ASL definition", &["json", "yaml", "yml"])
                    .pick_file(),
                Purpose::ImportHistory => dialog
                    .add_filter("Execution history", &["json"])
                    .pick_file(),
                _ => dialog.set_file_name(&name).save_file(),
            };
            IoEvent::Picked {
                purpose,
                path,
                open_for: started.elapsed(),
                suggested_name: name,
            }
        });
    }

    /// Reads a file on a background thread.
    pub fn load(&self, path: PathBuf, reload: bool) {
        self.spawn(move || {
            let result = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .map(|bytes| {
                    // An unreadable sidecar only loses positions: the auto-layout takes over.
                    (bytes, Positions::load_for(&path).ok().flatten())
                });
            IoEvent::Loaded {
                result,
                path,
                reload,
            }
        });
    }

    /// Writes `text` atomically on a background thread, and the positions sidecar if given.
    pub fn write(&self, path: PathBuf, text: String, export: bool, positions: Option<Positions>) {
        self.spawn(move || {
            let mut result =
                crate::files::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string());
            if let (Ok(()), Some(positions)) = (&result, positions) {
                result = positions.save_for(&path).map_err(|e| e.to_string());
            }
            IoEvent::Written {
                result,
                path,
                text,
                export,
            }
        });
    }

    /// Makes the text with `make` and writes it atomically, both on a background thread (an
    /// export too large to serialize during a frame).
    pub fn write_generated(&self, path: PathBuf, make: impl FnOnce() -> String + Send + 'static) {
        self.spawn(move || {
            let text = make();
            let result =
                crate::files::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string());
            IoEvent::Written {
                result,
                path,
                text: String::new(),
                export: true,
            }
        });
    }

    /// Encodes `image` as PNG and writes it atomically on a background thread.
    pub fn write_png(&self, path: PathBuf, image: std::sync::Arc<egui::ColorImage>) {
        self.spawn(move || {
            let result = encode_png(&image).and_then(|bytes| {
                crate::files::write_atomic(&path, &bytes).map_err(|e| e.to_string())
            });
            IoEvent::Written {
                result,
                path,
                text: String::new(),
                export: true,
            }
        });
    }

    /// Every finished job since the last call.
    pub fn poll(&self) -> Vec<IoEvent> {
        self.rx.try_iter().collect()
    }

    /// Watches `path` for external changes (replacing the previous watch).
    pub fn watch(&mut self, path: Option<&Path>) {
        if self.watcher.as_ref().map(|(p, _)| Some(p.as_path())) == Some(path) {
            return;
        }
        self.watcher = None;
        let Some(path) = path else { return };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let target = path.to_owned();
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let watched = target.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let hit = events
                .iter()
                .any(|e| e.paths.iter().any(|p| p.file_name() == watched.file_name()));
            if hit && tx.send(IoEvent::Changed(watched.clone())).is_ok() {
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            }
        };
        let Ok(mut debouncer) = new_debouncer(Duration::from_millis(300), None, handler) else {
            return;
        };
        if debouncer.watch(&dir, RecursiveMode::NonRecursive).is_ok() {
            self.watcher = Some((target, debouncer));
        }
    }

    fn spawn(&self, job: impl FnOnce() -> IoEvent + Send + 'static) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            if tx.send(job()).is_ok() {
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            }
        });
    }
}

fn encode_png(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let (Ok(w), Ok(h)) = (u32::try_from(w), u32::try_from(h)) else {
        return Err("image too large".into());
    };
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(image.as_raw())
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
