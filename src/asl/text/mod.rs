//! Reading definition text (JSON or YAML) safely into a `serde_json::Value` with positions.
//!
//! Invariant: hostile input (huge, deeply nested, binary, alias bombs) never panics and never
//! overflows the stack; it returns a [`TextError`] with a one-line message and a position.

mod deferred;
mod depth;
mod json;
mod json_positions;
mod limits;
mod source_map;
mod yaml;
mod yaml_positions;

#[cfg(test)]
mod tests;

pub use deferred::DeferredPositions;
pub use limits::{MAX_DEPTH, MAX_INPUT_BYTES, MAX_YAML_ALIAS_REPLAYED_EVENTS};
pub use source_map::{escape_pointer_segment, Position, SourceMap};

use std::io::Read;
use std::path::Path;

/// The text format of a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON (RFC 8259).
    Json,
    /// YAML 1.2, core schema.
    Yaml,
}

/// A parsed definition: its value, the format it was read as, and where each node was.
#[derive(Clone, Debug)]
pub struct Document {
    /// The definition as a JSON value, keys in source order.
    pub value: serde_json::Value,
    /// The format the text was read as.
    pub format: Format,
    /// Where each node of `value` starts in the text.
    pub positions: SourceMap,
}

/// A parsed definition whose positions are computed only when first needed.
#[derive(Clone, Debug)]
pub struct DeferredDocument {
    /// The definition as a JSON value, keys in source order.
    pub value: serde_json::Value,
    /// The format the text was read as.
    pub format: Format,
    /// Where each node of `value` starts in the text, once asked.
    pub positions: DeferredPositions,
}

impl From<Document> for DeferredDocument {
    fn from(d: Document) -> Self {
        DeferredDocument {
            value: d.value,
            format: d.format,
            positions: DeferredPositions::ready(d.positions),
        }
    }
}

/// What kind of problem stopped the text from being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextErrorKind {
    /// The input has no content (empty, whitespace or comments only).
    Empty,
    /// The input exceeds [`MAX_INPUT_BYTES`].
    TooLarge,
    /// The input is not UTF-8 text.
    Encoding,
    /// Objects/arrays nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The text is not well-formed JSON or YAML.
    Syntax,
    /// Well-formed YAML that has no JSON equivalent (complex keys, several documents, ...).
    Unsupported,
    /// A resource budget (alias expansion, event count) was exceeded.
    Budget,
    /// The file could not be read (or a reader thread could not be started).
    Io,
}

/// Why a text could not be read: a one-line message and where it happened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct TextError {
    /// What kind of problem this is, for callers that map errors to diagnostic codes.
    pub kind: TextErrorKind,
    /// A one-line, human-readable description.
    pub message: String,
    /// Where the problem was found (1-based).
    pub position: Position,
}

impl TextError {
    /// Builds an error, flattening the message onto one line.
    pub(crate) fn new(kind: TextErrorKind, message: impl Into<String>, position: Position) -> Self {
        let message: String = message.into();
        let message = if message.contains(['\n', '\r']) {
            message.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            message
        };
        TextError {
            kind,
            message,
            position,
        }
    }
}

/// Reads a definition from `bytes`; `hint` forces a format, otherwise it is detected.
///
/// Detection: after an optional UTF-8 byte-order mark and whitespace, `{` or `[` means JSON,
/// anything else YAML.
pub fn read_document(bytes: &[u8], hint: Option<Format>) -> Result<Document, TextError> {
    let d = read_document_deferred(bytes, hint)?;
    Ok(Document {
        value: d.value,
        format: d.format,
        positions: d.positions.into_map(),
    })
}

/// [`read_document`], leaving JSON positions to be scanned only if a caller asks for one.
/// Every error is the same as [`read_document`]'s.
pub fn read_document_deferred(
    bytes: &[u8],
    hint: Option<Format>,
) -> Result<DeferredDocument, TextError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = decode_utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first) = text.trim_start().chars().next() else {
        return Err(TextError::new(
            TextErrorKind::Empty,
            "the definition is empty",
            Position::START,
        ));
    };
    let looks_like_json = first == '{' || first == '[';
    match hint {
        Some(Format::Json) => json::read(text, looks_like_json),
        Some(Format::Yaml) => yaml::read(text).map(DeferredDocument::from),
        None if looks_like_json => json::read(text, true),
        None => yaml::read(text).map(DeferredDocument::from),
    }
}

/// Reads a definition file, refusing files above [`MAX_INPUT_BYTES`] before reading them.
pub fn read_file(path: &Path, hint: Option<Format>) -> Result<Document, TextError> {
    let io_error = |e: std::io::Error| {
        TextError::new(
            TextErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
            Position::START,
        )
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let len = file.metadata().map_err(io_error)?.len();
    if len > MAX_INPUT_BYTES as u64 {
        return Err(too_large(len));
    }
    // The length can change between the check and the read, so the read is capped as well.
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    read_document(&bytes, hint)
}

fn too_large(len: u64) -> TextError {
    TextError::new(
        TextErrorKind::TooLarge,
        format!(
            "the input is {len} bytes; the most this tool reads is {MAX_INPUT_BYTES} bytes ({} MiB)",
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
        Position::START,
    )
}

fn decode_utf8(bytes: &[u8]) -> Result<&str, TextError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        // The prefix is valid UTF-8 by construction, so this never falls back in practice.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        TextError::new(
            TextErrorKind::Encoding,
            format!(
                "the input is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
            position_at(prefix, prefix.len()),
        )
    })
}

/// The position of byte `offset` of `text` (clamped to the text and to a character start).
pub(crate) fn position_at(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    Position::new(line, column)
}
