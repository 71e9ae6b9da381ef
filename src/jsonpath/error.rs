//! The one error type of the JSONPath module.

use thiserror::Error;

/// Why a path could not be parsed, evaluated or written through; `Display` is one line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PathError {
    /// The text is not a JSONPath of the AWS dialect.
    #[error("invalid path '{path}': {reason}")]
    Syntax { path: String, reason: String },
    /// The text is a valid path but not a reference path (it could select several nodes).
    #[error("'{path}' is not a reference path: {reason}")]
    NotReference { path: String, reason: String },
    /// A definite path (or reference path) selected nothing.
    #[error("path '{path}' matched nothing: {reason}")]
    NotFound { path: String, reason: String },
    /// The path reads a workflow variable that has no value.
    #[error("path '{path}' reads variable '{name}', which is not defined")]
    UnknownVariable { path: String, name: String },
    /// ResultPath could not be applied to the state input.
    #[error("cannot apply ResultPath '{path}': {reason}")]
    ResultPathMatchFailure { path: String, reason: String },
}

impl PathError {
    /// The AWS error name this failure raises at run time (what a Catch would match).
    pub fn aws_error_name(&self) -> &'static str {
        match self {
            PathError::ResultPathMatchFailure { .. } => "States.ResultPathMatchFailure",
            _ => "States.Runtime",
        }
    }

    pub(crate) fn syntax(path: &str, reason: impl Into<String>) -> Self {
        PathError::Syntax {
            path: path.to_owned(),
            reason: one_line(reason.into()),
        }
    }
}

/// Keeps messages on one line: some come from serde_json_path and may hold newlines.
fn one_line(text: String) -> String {
    if text.contains(['\n', '\r']) {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text
    }
}
