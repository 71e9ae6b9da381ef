//! A quick nesting-depth check, so that well-behaved JSON skips the position scanner.
//!
//! It only counts brackets outside strings. On a well-formed prefix it counts exactly the
//! containers the position scanner would open, so when it stays within [`MAX_DEPTH`] the
//! scanner cannot stop with "too deep" either; when it does not, the caller runs the scanner
//! to find the exact position (malformed text may overcount, never undercount).

use super::limits::MAX_DEPTH;

/// True if brackets outside strings ever nest deeper than [`MAX_DEPTH`].
pub(super) fn may_exceed_max_depth(text: &str) -> bool {
    let mut depth = 0usize;
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => skip_string(&mut bytes),
            _ => {}
        }
    }
    false
}

/// Advances past the closing quote of a string whose opening quote was just read.
fn skip_string(bytes: &mut std::str::Bytes<'_>) {
    while let Some(b) = bytes.next() {
        match b {
            b'"' => return,
            b'\\' => {
                bytes.next();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn counts_containers_up_to_the_limit() {
        assert!(!may_exceed_max_depth(&nested(MAX_DEPTH)));
        assert!(may_exceed_max_depth(&nested(MAX_DEPTH + 1)));
    }

    #[test]
    fn closed_containers_do_not_add_up() {
        let siblings = "[[]]".repeat(MAX_DEPTH * 2);
        assert!(!may_exceed_max_depth(&format!("[{siblings}]")));
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!(r#"{{"a": "{}", "b\"[": "\\"}}"#, "[".repeat(MAX_DEPTH * 2));
        assert!(!may_exceed_max_depth(&text));
        let escaped_quote = format!(r#"["\"{}"]"#, "[".repeat(MAX_DEPTH * 2));
        assert!(!may_exceed_max_depth(&escaped_quote));
    }
}
