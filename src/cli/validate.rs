//! `statewright validate`: human or JSON diagnostics, exit 1 on errors, 2 on unreadable files.

use serde_json::{json, Value};

use super::args::ValidateArgs;
use super::load::{load, LoadError};
use super::{EXIT_ERRORS, EXIT_UNREADABLE};
use crate::asl::{Diagnostic, Severity};

pub(super) fn run(args: &ValidateArgs) -> u8 {
    let mut files = Vec::new();
    let (mut errors, mut warnings, mut unreadable) = (0usize, 0usize, false);
    for path in &args.files {
        match load(path, args.resource.as_deref(), true) {
            Ok(loaded) => {
                for l in loaded {
                    errors += l
                        .parsed
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .count();
                    warnings += l
                        .parsed
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .count();
                    if !args.json {
                        for d in &l.parsed.diagnostics {
                            println!("{}", human_line(&l.label, d));
                        }
                    }
                    files.push(file_json(&l.label, &l.parsed.diagnostics, None));
                }
            }
            Err(LoadError::Unreadable(message)) => {
                unreadable = true;
                report_failure(args.json, &message, &mut files, path);
            }
            Err(LoadError::Template(message)) => {
                errors += 1;
                report_failure(args.json, &message, &mut files, path);
            }
        }
    }
    if args.json {
        let out = json!({ "files": files, "errors": errors, "warnings": warnings });
        println!("{out}");
    } else {
        eprintln!("{}", summary(errors, warnings, args.files.len()));
    }
    if unreadable {
        EXIT_UNREADABLE
    } else if errors > 0 {
        EXIT_ERRORS
    } else {
        0
    }
}

fn report_failure(json: bool, message: &str, files: &mut Vec<Value>, path: &std::path::Path) {
    if !json {
        eprintln!("statewright: {message}");
    }
    files.push(file_json(&path.display().to_string(), &[], Some(message)));
}

/// `file:line:col: CODE: message`.
pub(super) fn human_line(label: &str, d: &Diagnostic) -> String {
    format!("{label}:{}:{}: {}: {}", d.line, d.column, d.code, d.message)
}

fn file_json(label: &str, diagnostics: &[Diagnostic], failure: Option<&str>) -> Value {
    let list: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "pointer": d.pointer,
                "line": d.line,
                "column": d.column,
                "message": d.message,
            })
        })
        .collect();
    let valid = failure.is_none() && !diagnostics.iter().any(Diagnostic::is_error);
    let mut out = json!({ "file": label, "valid": valid, "diagnostics": list });
    if let Some(message) = failure {
        out["failure"] = Value::String(message.to_owned());
    }
    out
}

fn summary(errors: usize, warnings: usize, files: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )
}
