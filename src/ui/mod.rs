//! The desktop app (the only module that uses egui/eframe).

mod actions;
mod app;
pub mod canvas;
mod code_view;
mod command;
mod command_palette;
pub mod debugger;
mod diagnostics;
mod document;
mod edits;
mod history;
pub mod inspector;
mod io;
pub mod layout;
mod menus;
mod png_export;
mod prompts;
mod recovery;
pub mod theme;

pub use app::{all_state_names, AppConfig, Settings, StatewrightApp};
pub use command::Command;
pub use document::{Document, SEED_SAMPLE};
pub use io::Purpose;
pub use prompts::{Answer, Prompt};
pub use recovery::Snapshot;

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the app window with `file`, or the built-in seed sample when none is given.
pub fn run(file: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Statewright")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        persist_window: true,
        ..Default::default()
    };
    let config = AppConfig {
        file,
        recovery_dir: None,
    };
    let result = eframe::run_native(
        "Statewright",
        options,
        Box::new(move |cc| Ok(Box::new(StatewrightApp::from_creation_context(cc, config)))),
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
