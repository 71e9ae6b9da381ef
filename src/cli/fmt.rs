//! `statewright fmt`: rewrite definitions in canonical form, or check that they are.

use super::args::FmtArgs;
use super::load::format_from_extension;
use super::validate::human_line;
use super::{EXIT_ERRORS, EXIT_UNREADABLE};
use crate::asl::{export, parse, Format};
use crate::files::write_atomic;

pub(super) fn run(args: &FmtArgs) -> u8 {
    let mut status = 0;
    for path in &args.files {
        let code = format_one(path, args.check);
        status = status.max(code);
    }
    status
}

fn format_one(path: &std::path::Path, check: bool) -> u8 {
    let label = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("statewright: {label}: {e}");
            return EXIT_UNREADABLE;
        }
    };
    let parsed = parse(&bytes, format_from_extension(path));
    let (Some(machine), Some(format)) = (&parsed.machine, parsed.format) else {
        for d in &parsed.diagnostics {
            eprintln!("{}", human_line(&label, d));
        }
        eprintln!("statewright: {label}: not formatted: the file does not parse");
        return EXIT_ERRORS;
    };
    let canonical = match export::to_format(machine, format) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("statewright: {label}: {e}");
            return EXIT_ERRORS;
        }
    };
    if canonical.as_bytes() == bytes.as_slice() {
        return 0;
    }
    if check {
        println!("{label}: not in canonical form (run `statewright fmt {label}`)");
        return EXIT_ERRORS;
    }
    // Never rewrite a file unless the canonical text reads back as the same definition.
    let reparsed = parse(canonical.as_bytes(), Some(format));
    if reparsed.machine.as_ref() != Some(machine) {
        eprintln!(
            "statewright: {label}: not formatted: canonical form would change the definition"
        );
        return EXIT_ERRORS;
    }
    match write_atomic(path, canonical.as_bytes()) {
        Ok(()) => {
            let what = if format == Format::Yaml {
                "YAML"
            } else {
                "JSON"
            };
            eprintln!("formatted {label} ({what})");
            0
        }
        Err(e) => {
            eprintln!("statewright: {label}: {e}");
            EXIT_UNREADABLE
        }
    }
}
