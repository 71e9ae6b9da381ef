//! The workflow shown in the window: its source, parsed model and diagnostics.

use std::path::{Path, PathBuf};

use crate::asl::{check, Diagnostic, StateMachine};

/// The built-in sample opened when no file is given.
pub const SEED_SAMPLE: &str = include_str!("../../sample-workflows/demo-submission.asl.json");

/// A loaded workflow.
pub struct Document {
    pub path: Option<PathBuf>,
    pub title: String,
    pub machine: Option<StateMachine>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Parses definition text.
    pub fn from_text(title: String, path: Option<PathBuf>, bytes: &[u8]) -> Self {
        let parsed = check(
            bytes,
            path.as_deref().and_then(crate::cli::format_from_extension),
        );
        Document {
            path,
            title,
            machine: parsed.machine,
            diagnostics: parsed.diagnostics,
        }
    }

    /// Opens a file; an unreadable file becomes an empty document with the error shown.
    pub fn open(path: &Path) -> Self {
        let title = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => Document::from_text(title, Some(path.to_owned()), &bytes),
            Err(e) => Document {
                path: Some(path.to_owned()),
                title: title.clone(),
                machine: None,
                diagnostics: vec![Diagnostic::new(
                    crate::asl::Code::SyntaxError,
                    "",
                    format!("cannot read {title}: {e}"),
                )],
            },
        }
    }

    /// The built-in demo-submission sample.
    pub fn seed_sample() -> Self {
        Document::from_text(
            "demo-submission (sample)".to_owned(),
            None,
            SEED_SAMPLE.as_bytes(),
        )
    }
}
