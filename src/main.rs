//! Entry point: parse arguments, then run a CLI subcommand or open the app.

use std::process::ExitCode;

use clap::Parser;
use statewright::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => statewright::ui::run(args.file),
    }
}
