//! Table-driven tests of the text reader; each case is named in its assert message.

mod deferred;
mod hostile;
mod positions;
mod values;

use super::{read_document, Document, Format, Position, TextError, TextErrorKind};

/// Reads `text`, panicking with the case name if it fails.
fn read_ok(case: &str, text: &str, hint: Option<Format>) -> Document {
    match read_document(text.as_bytes(), hint) {
        Ok(doc) => doc,
        Err(e) => panic!("{case}: expected Ok, got {e}"),
    }
}

/// Reads `bytes`, panicking with the case name if it succeeds.
fn read_err(case: &str, bytes: &[u8], hint: Option<Format>) -> TextError {
    match read_document(bytes, hint) {
        Ok(doc) => panic!("{case}: expected Err, got Ok({})", doc.value),
        Err(e) => e,
    }
}

fn pos(line: u32, column: u32) -> Position {
    Position { line, column }
}

/// Checks that an error is of `kind`, mentions `needle`, and fits on one line.
fn assert_error(case: &str, e: &TextError, kind: TextErrorKind, needle: &str) {
    assert_eq!(e.kind, kind, "{case}: kind of {e}");
    assert!(
        e.message.contains(needle),
        "{case}: message {:?} should contain {needle:?}",
        e.message
    );
    assert!(!e.message.contains('\n'), "{case}: message is one line");
    assert!(
        e.position.line >= 1 && e.position.column >= 1,
        "{case}: 1-based position"
    );
}
