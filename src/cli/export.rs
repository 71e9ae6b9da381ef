//! `statewright export`: canonical JSON or YAML to stdout or a file.

use std::io::Write;

use super::args::{ExportArgs, OutputFormat};
use super::load::{load, LoadError};
use super::validate::human_line;
use super::{EXIT_ERRORS, EXIT_UNREADABLE};
use crate::asl::{export, Format};
use crate::files::write_atomic;

pub(super) fn run(args: &ExportArgs) -> u8 {
    let loaded = match load(&args.file, args.resource.as_deref(), false) {
        Ok(mut l) if l.len() == 1 => l.remove(0),
        Ok(_) => return fail("expected exactly one definition", EXIT_ERRORS),
        Err(LoadError::Unreadable(m)) => return fail(&m, EXIT_UNREADABLE),
        Err(LoadError::Template(m)) => return fail(&m, EXIT_ERRORS),
    };
    let Some(machine) = &loaded.parsed.machine else {
        for d in &loaded.parsed.diagnostics {
            eprintln!("{}", human_line(&loaded.label, d));
        }
        return fail(
            &format!(
                "{}: cannot export a definition that does not parse",
                loaded.label
            ),
            EXIT_ERRORS,
        );
    };
    let errors = loaded
        .parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    if errors > 0 {
        eprintln!(
            "statewright: warning: {} has {errors} validation error(s); exporting anyway",
            loaded.label
        );
    }
    let format = match args.to {
        OutputFormat::Json => Format::Json,
        OutputFormat::Yaml => Format::Yaml,
    };
    let text = match export::to_format(machine, format) {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string(), EXIT_ERRORS),
    };
    let written = match &args.output {
        Some(path) => {
            write_atomic(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
        }
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string()),
    };
    match written {
        Ok(()) => 0,
        Err(e) => fail(&e, EXIT_UNREADABLE),
    }
}

fn fail(message: &str, code: u8) -> u8 {
    eprintln!("statewright: {message}");
    code
}
