//! The headless command line: validate, export, fmt, templates, run. Never imports the UI.

mod answers;
mod args;
mod config_paths;
mod export;
mod fmt;
mod load;
mod run;
mod templates;
mod validate;

pub use args::{Cli, Command, OutputFormat, RunArgs};
pub use load::format_from_extension;
// The debugger reads the same run configuration files.
#[cfg_attr(not(feature = "gui"), allow(unused_imports))]
pub(crate) use config_paths::config_folder;
pub(crate) use run::apply_run_config;

use std::process::ExitCode;

/// Exit code when a definition has errors (or is not canonical, for `fmt --check`).
pub const EXIT_ERRORS: u8 = 1;
/// Exit code when an input file cannot be read at all.
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs one subcommand and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Validate(args) => validate::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Templates(args) => templates::run(&args),
        Command::Run(args) => run::run(&args),
    };
    ExitCode::from(code)
}
