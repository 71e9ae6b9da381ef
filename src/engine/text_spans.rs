//! Where a member or element lies inside a payload's compact JSON text.
//!
//! A payload's text is serde_json's compact serialization of its value, so the text of any
//! node is a contiguous slice of it, byte for byte what serializing that node would give.
//! Finding the slice by scanning is cheaper than serializing the node again.

use std::ops::Range;

/// The span of the value starting at `start`; `None` if `text` is not compact JSON there.
pub fn value_span(text: &[u8], start: usize) -> Option<Range<usize>> {
    let end = match text.get(start)? {
        b'"' => string_end(text, start)?,
        b'{' | b'[' => container_end(text, start)?,
        _ => {
            let len = text
                .get(start..)?
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']'))
                .unwrap_or(text.len() - start);
            start + len
        }
    };
    (end > start).then_some(start..end)
}

/// The span of member `quoted_key` (the key as serde_json writes it, quotes included) of the
/// object at `object`.
pub fn member_span(text: &[u8], object: Range<usize>, quoted_key: &[u8]) -> Option<Range<usize>> {
    if text.get(object.start) != Some(&b'{') {
        return None;
    }
    let mut at = object.start + 1;
    while at < object.end && text.get(at) != Some(&b'}') {
        let key_end = string_end(text, at)?;
        let key = text.get(at..key_end)?;
        if text.get(key_end) != Some(&b':') {
            return None;
        }
        let value = value_span(text, key_end + 1)?;
        if key == quoted_key {
            return Some(value);
        }
        at = match text.get(value.end)? {
            b',' => value.end + 1,
            _ => value.end,
        };
    }
    None
}

/// The span of element `index` of the array at `array`.
pub fn element_span(text: &[u8], array: Range<usize>, index: usize) -> Option<Range<usize>> {
    if text.get(array.start) != Some(&b'[') {
        return None;
    }
    let mut at = array.start + 1;
    let mut position = 0;
    while at < array.end && text.get(at) != Some(&b']') {
        let value = value_span(text, at)?;
        if position == index {
            return Some(value);
        }
        position += 1;
        at = match text.get(value.end)? {
            b',' => value.end + 1,
            _ => value.end,
        };
    }
    None
}

/// One past the closing quote of the string starting at `start`.
fn string_end(text: &[u8], start: usize) -> Option<usize> {
    if text.get(start) != Some(&b'"') {
        return None;
    }
    let mut at = start + 1;
    loop {
        let rest = text.get(at..)?;
        let stop = rest.iter().position(|b| matches!(b, b'"' | b'\\'))?;
        at += stop;
        match text.get(at)? {
            b'"' => return Some(at + 1),
            // An escape: the next byte is never the closing quote.
            _ => at += 2,
        }
    }
}

/// One past the bracket closing the object or array at `start`, skipping strings.
fn container_end(text: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(&b) = text.get(at) {
        match b {
            b'"' => {
                at = string_end(text, at)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn text_of(value: &Value) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    fn quoted(key: &str) -> String {
        serde_json::to_string(key).unwrap_or_default()
    }

    /// Every member and element found by scanning is the node's own serialization.
    fn check_all(text: &str, span: Range<usize>, node: &Value) {
        let bytes = text.as_bytes();
        assert_eq!(text.get(span.clone()), Some(text_of(node).as_str()));
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let found = member_span(bytes, span.clone(), quoted(key).as_bytes());
                    let found = found.unwrap_or_else(|| panic!("member {key} in {text}"));
                    check_all(text, found, child);
                }
                assert_eq!(member_span(bytes, span, b"\"absent\""), None);
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let found = element_span(bytes, span.clone(), index);
                    let found = found.unwrap_or_else(|| panic!("[{index}] in {text}"));
                    check_all(text, found, child);
                }
                assert_eq!(element_span(bytes, span, items.len()), None);
            }
            _ => {}
        }
    }

    #[test]
    fn every_node_is_found_with_its_exact_text() {
        let values = [
            json!({"n": 5000, "data": {"label": "x", "w": [3, 1, 4], "o": {"t": "c", "id": 7}}}),
            json!({"s": "quote\" brace} bracket] comma, colon:", "e": "\\", "u": "é\u{1}\n"}),
            json!({"k\"ey": {"}": "]"}, "": [], "o": {}, "neg": -1.5e-7, "t": true, "z": null}),
            json!([[], {}, [[1]], "[", {"a": [{"b": "\\\""}]}]),
            json!({"only": "one"}),
            json!({}),
        ];
        for value in values {
            let text = text_of(&value);
            let span = value_span(text.as_bytes(), 0);
            assert_eq!(span, Some(0..text.len()), "{text}");
            check_all(&text, 0..text.len(), &value);
        }
    }

    #[test]
    fn text_that_is_not_json_gives_none_not_a_panic() {
        for text in ["", "{", "{\"a\"", "{\"a\":", "[1,", "\"open", "{\"a\":1", "}", "\"\\"] {
            let bytes = text.as_bytes();
            let whole = 0..bytes.len();
            let _ = value_span(bytes, 0);
            let _ = member_span(bytes, whole.clone(), b"\"a\"");
            let _ = element_span(bytes, whole, 1);
        }
        assert_eq!(value_span(b"{\"a\":1", 0), None);
        assert_eq!(member_span(b"[1]", 0..3, b"\"a\""), None);
        assert_eq!(element_span(b"{}", 0..2, 0), None);
    }
}
