//! Entry point: parse arguments, then run a CLI subcommand or open the app.

use std::process::ExitCode;

use clap::Parser;
use statewright::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => open_app(args.file),
    }
}

#[cfg(feature = "gui")]
fn open_app(file: Option<std::path::PathBuf>) -> ExitCode {
    statewright::ui::run(file)
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!("statewright: built without the desktop app (feature \"gui\"); see --help for the subcommands");
    ExitCode::from(2)
}
