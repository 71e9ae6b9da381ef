//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use statewright::asl::{check, export, parse, Code, Diagnostic, Format, StateMachine};

/// The tests/data directory.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// The sample-workflows directory.
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-workflows")
}

/// Files in `dir` whose names end with `suffix`, sorted.
pub fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    out.sort();
    out
}

/// Every diagnostic of a JSON definition text.
pub fn diagnostics_of(text: &str) -> Vec<Diagnostic> {
    check(text.as_bytes(), None).diagnostics
}

/// The codes of every diagnostic of a JSON definition text.
pub fn codes_of(text: &str) -> Vec<Code> {
    diagnostics_of(text).into_iter().map(|d| d.code).collect()
}

/// Only the error diagnostics, formatted for assertion messages.
pub fn errors_of(bytes: &[u8]) -> Vec<String> {
    check(bytes, None)
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| {
            format!(
                "{}:{} {} {} ({})",
                d.line, d.column, d.code, d.message, d.pointer
            )
        })
        .collect()
}

/// Parses text that must parse.
pub fn model_of(bytes: &[u8], label: &str) -> StateMachine {
    let parsed = parse(bytes, None);
    parsed
        .machine
        .unwrap_or_else(|| panic!("{label}: did not parse: {:?}", parsed.diagnostics))
}

/// Exports `machine` to JSON and YAML and asserts both read back as the same model and the
/// same JSON value.
pub fn assert_round_trips(machine: &StateMachine, label: &str) {
    let value = export::to_value(machine);
    for format in [Format::Json, Format::Yaml] {
        let text = export::to_format(machine, format)
            .unwrap_or_else(|e| panic!("{label}: export {format:?}: {e}"));
        let back = parse(text.as_bytes(), Some(format));
        let back_machine = back.machine.unwrap_or_else(|| {
            panic!(
                "{label}: {format:?} export does not parse: {:?}\n{text}",
                back.diagnostics
            )
        });
        assert_eq!(
            &back_machine, machine,
            "{label}: {format:?} export reads back as a different model"
        );
        assert_eq!(
            export::to_value(&back_machine),
            value,
            "{label}: {format:?} export changes the JSON value"
        );
    }
}
