//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Design, validate and debug AWS Step Functions state machines.
#[derive(Debug, Parser)]
#[command(
    name = "statewright",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A definition (.asl.json, .asl.yaml) or template to open in the app.
    pub file: Option<PathBuf>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check definitions against the ASL rules; exit 1 on errors, 2 on unreadable files.
    Validate(ValidateArgs),
    /// Write a definition as canonical JSON or YAML.
    Export(ExportArgs),
    /// Rewrite a definition in canonical form (or check that it is).
    Fmt(FmtArgs),
    /// List the state machines in a CloudFormation or SAM template.
    Templates(TemplatesArgs),
    /// Execute a definition locally; `--json` prints `{"status","output","error","cause"}`.
    Run(RunArgs),
}

/// `statewright validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Definition or template files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print one JSON object instead of `file:line:col: CODE: message` lines.
    #[arg(long)]
    pub json: bool,
    /// In a template, the logical id of the state machine to check (default: all of them).
    #[arg(long)]
    pub resource: Option<String>,
}

/// Output formats for export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Yaml,
}

/// `statewright export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Definition or template file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub to: OutputFormat,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// In a template, the logical id of the state machine to export.
    #[arg(long)]
    pub resource: Option<String>,
}

/// `statewright fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Definition files to format in place (JSON stays JSON, YAML stays YAML).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 if a file is not in canonical form.
    #[arg(long)]
    pub check: bool,
}

/// `statewright templates`.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// A CloudFormation or SAM template (JSON or YAML).
    pub file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `statewright run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Definition file (.asl.json, .asl.yaml).
    pub file: PathBuf,
    /// Execution input as JSON text (default `{}`).
    #[arg(long, conflicts_with = "input_file")]
    pub input: Option<String>,
    /// Read the execution input from this file.
    #[arg(long)]
    pub input_file: Option<PathBuf>,
    /// A MockConfigFile.json (AWS Step Functions Local format) answering Task states.
    #[arg(long, requires = "test_case")]
    pub mock_config: Option<PathBuf>,
    /// The test case of the mock config to use.
    #[arg(long, requires = "mock_config")]
    pub test_case: Option<String>,
    /// A run configuration file (JSON): payloadLimitBytes ("legacy" for 32 KB),
    /// historyEventLimit, seed, timeScale, tasks ({"StateOrArn": {"command": [...]}}).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Write the execution history (get-execution-history JSON) to this file.
    #[arg(long)]
    pub history_out: Option<PathBuf>,
    /// How fast waits and retries pass: 1 is real time, 0.1 ten times faster, 0 skips them.
    #[arg(long)]
    pub time_scale: Option<f64>,
    /// Print exactly one JSON object instead of each step.
    #[arg(long)]
    pub json: bool,
}
