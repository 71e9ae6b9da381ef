//! The desktop app (the only module that uses egui/eframe).
//!
//! Until the designer lands this is a minimal window: it lists the loaded workflow's states
//! and its diagnostics.

mod app;
mod document;

pub use app::StatewrightApp;
pub use document::Document;

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the app window with `file`, or the built-in seed sample when none is given.
pub fn run(file: Option<PathBuf>) -> ExitCode {
    let document = match file {
        Some(path) => Document::open(&path),
        None => Document::seed_sample(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Statewright")
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Statewright",
        options,
        Box::new(move |_cc| Ok(Box::new(StatewrightApp::new(document)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("statewright: cannot open a window: {e}");
            eprintln!(
                "hint: the subcommands (validate, export, fmt, templates) work without a display"
            );
            ExitCode::from(1)
        }
    }
}
