//! JSON reading: serde_json for the value, our scanner for depth errors and (later, when
//! asked) positions.

use super::deferred::DeferredPositions;
use super::depth::may_exceed_max_depth;
use super::json_positions::{scan, ScanStop};
use super::limits::MAX_DEPTH;
use super::source_map::Position;
use super::{position_at, DeferredDocument, Format, TextError, TextErrorKind};

/// Reads `text` (BOM already removed) as JSON.
///
/// `looks_like_json` is false when the caller forced JSON on text that does not start with
/// `{` or `[`, so the message can suggest YAML.
pub(super) fn read(text: &str, looks_like_json: bool) -> Result<DeferredDocument, TextError> {
    // Depth is checked first so that deep nesting is reported by us, with a position, and
    // never reaches serde_json's recursive descent. Only text that may be too deep pays for
    // the full scanner, which finds the exact position. (Judging depth from the parsed
    // value instead would miss a deep subtree under a duplicate key, which serde_json
    // drops.)
    if may_exceed_max_depth(text) {
        if let Err(ScanStop::TooDeep(position)) = scan(text) {
            return Err(TextError::new(
                TextErrorKind::TooDeep,
                format!("nesting deeper than {MAX_DEPTH} levels"),
                position,
            ));
        }
    }
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return Err(syntax_error(text, &e, looks_like_json)),
    };
    Ok(DeferredDocument {
        value,
        format: Format::Json,
        positions: DeferredPositions::json(text),
    })
}

fn syntax_error(text: &str, e: &serde_json::Error, looks_like_json: bool) -> TextError {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let reason = full.strip_suffix(&suffix).unwrap_or(&full);
    let hint = if looks_like_json {
        ""
    } else {
        " (the text does not start with '{' or '['; is it YAML?)"
    };
    TextError::new(
        TextErrorKind::Syntax,
        format!("invalid JSON: {reason}{hint}"),
        json_error_position(text, e.line(), e.column()),
    )
}

/// Converts serde_json's line and byte column into our line and character column.
fn json_error_position(text: &str, line: usize, byte_column: usize) -> Position {
    let Some(line_start) = line_start_offset(text, line) else {
        return position_at(text, text.len());
    };
    let line_text = text.get(line_start..).unwrap_or_default();
    let line_len = line_text.find('\n').unwrap_or(line_text.len());
    // serde_json counts the offending byte itself, so the column is the count of characters
    // up to and including the byte it names.
    let mut end = byte_column.min(line_len);
    while !line_text.is_char_boundary(end) {
        end += 1;
    }
    let column = line_text.get(..end).unwrap_or_default().chars().count();
    Position::new(line, column)
}

fn line_start_offset(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn nesting_past_the_limit_is_reported_with_its_position_parsed_or_not() {
        assert!(read(&nested(MAX_DEPTH), true).is_ok());
        // Within serde_json's own limit (128) it parses; past it, it fails: both are ours.
        for levels in [MAX_DEPTH + 1, 127, 129, 400] {
            let err = read(&nested(levels), true)
                .err()
                .map(|e| (e.kind, e.position));
            let expected = Some((TextErrorKind::TooDeep, Position::new(1, MAX_DEPTH + 1)));
            assert_eq!(err, expected, "{levels}");
        }
        let object = format!(
            "{}1{}",
            r#"{"a":"#.repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        let err = read(&object, true).err().map(|e| e.kind);
        assert_eq!(err, Some(TextErrorKind::TooDeep));
        // A deep subtree under a key that a later duplicate replaces still counts.
        let hidden = format!(r#"{{"a": {}, "a": 1}}"#, nested(MAX_DEPTH + 10));
        let err = read(&hidden, true).err().map(|e| e.kind);
        assert_eq!(err, Some(TextErrorKind::TooDeep));
        // A syntax error within the limit stays a syntax error.
        let err = read("[[1,]]", true).err().map(|e| e.kind);
        assert_eq!(err, Some(TextErrorKind::Syntax));
    }
}
