//! A payload as the history keeps it: compact JSON text, shared.
//!
//! AWS's history carries payloads as JSON strings, and text does not pin the engine's
//! values: once a state's input is only text in the history, the next stage may change the
//! value in place instead of copying it.

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

/// Compact JSON text of one payload; cloning shares it.
#[derive(Clone, PartialEq, Eq)]
pub struct PayloadText(Arc<str>);

impl PayloadText {
    /// Serializes `value` as compact JSON, the form whose byte length AWS limits.
    pub fn of(value: &Value) -> Self {
        // Straight into bytes: `Value`'s `Display` goes through `fmt::Write` per token,
        // which costs about twice as much. Neither fallback happens for a `Value`.
        let text = match serde_json::to_vec(value).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            _ => value.to_string(),
        };
        PayloadText(Arc::from(text))
    }

    /// The text of this object with the member `key: value` added last to an object that
    /// ends `closing_braces` braces before the end of the text (1: the object itself; 2: its
    /// last member, which is an object; ...), without serializing the rest again. `None` when
    /// the text does not end that way. The caller makes sure `key` is new there: with
    /// `preserve_order` a new key goes last, so this is byte-identical to serializing the
    /// merged object.
    pub fn with_member_appended(
        &self,
        closing_braces: usize,
        key: &str,
        value: &Value,
    ) -> Option<PayloadText> {
        let mut body = self.as_str();
        for _ in 0..closing_braces {
            body = body.strip_suffix('}')?;
        }
        if closing_braces == 0 || !body.starts_with('{') {
            return None;
        }
        // Only the small new parts are serialized; the body is already valid UTF-8, so
        // building a `String` skips validating it again.
        let key = serde_json::to_string(key).ok()?;
        let value = serde_json::to_string(value).ok()?;
        let mut text = String::with_capacity(self.len() + key.len() + value.len() + 2);
        text.push_str(body);
        // No JSON value's text ends with `{`, so only an empty object's body does.
        if !body.ends_with('{') {
            text.push(',');
        }
        text.push_str(&key);
        text.push(':');
        text.push_str(&value);
        text.extend(std::iter::repeat_n('}', closing_braces));
        Some(PayloadText(Arc::from(text)))
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The size in bytes, which is what the payload limit measures.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True only for empty text, which no serialized value is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The payload as a value again, for readers that show or inspect it.
    pub fn parse(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(&self.0)
    }
}

impl fmt::Debug for PayloadText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PayloadText({})", self.as_str())
    }
}

impl fmt::Display for PayloadText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&Value> for PayloadText {
    fn from(value: &Value) -> Self {
        PayloadText::of(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::json_size;
    use serde_json::json;

    #[test]
    fn text_is_compact_json_and_its_length_is_the_limit_size() {
        let value = json!({"a": [1, -2, 3.5, null], "s": "x\n\"é\u{1}", "o": {}});
        let text = PayloadText::of(&value);
        assert_eq!(text.as_str(), value.to_string());
        assert_eq!(text.len(), json_size(&value));
        assert_eq!(text.parse().ok(), Some(value));
    }

    #[test]
    fn an_appended_member_matches_serializing_the_merged_object() {
        let cases = [
            (json!({}), "k", json!(1)),
            (
                json!({"a": [1, {"b": null}], "z": "é"}),
                "key",
                json!({"x": [true]}),
            ),
            (json!({"b": 1}), "a", json!("sorts before b")),
            (json!({"a": 1}), "quote\"and\\slash\n", json!(2.5)),
        ];
        for (object, key, value) in cases {
            let text = PayloadText::of(&object);
            let spliced = text
                .with_member_appended(1, key, &value)
                .expect("an object");
            let mut merged = object.clone();
            if let Value::Object(map) = &mut merged {
                map.insert(key.to_owned(), value.clone());
            }
            assert_eq!(spliced, PayloadText::of(&merged), "{object} + {key}");
        }
    }

    #[test]
    fn a_member_goes_into_the_innermost_of_nested_last_objects() {
        let text = PayloadText::of(&json!({"a": [1], "m": {"x": {"y": 1}, "n": {}}}));
        let into_n = text.with_member_appended(3, "k", &json!(true));
        let expected = json!({"a": [1], "m": {"x": {"y": 1}, "n": {"k": true}}});
        assert_eq!(into_n, Some(PayloadText::of(&expected)));
        let into_m = text.with_member_appended(2, "k", &json!(null));
        let expected = json!({"a": [1], "m": {"x": {"y": 1}, "n": {}, "k": null}});
        assert_eq!(into_m, Some(PayloadText::of(&expected)));
        assert_eq!(text.with_member_appended(4, "k", &json!(1)), None);
        assert_eq!(text.with_member_appended(0, "k", &json!(1)), None);
    }

    #[test]
    fn only_an_object_text_takes_a_member() {
        for value in [json!([1]), json!("}"), json!(null), json!(3), json!([{}])] {
            let text = PayloadText::of(&value);
            assert_eq!(
                text.with_member_appended(1, "k", &json!(1)),
                None,
                "{value}"
            );
        }
    }

    #[test]
    fn clones_share_the_text() {
        let text = PayloadText::of(&json!({"big": "payload"}));
        let copy = text.clone();
        assert!(std::ptr::eq(text.as_str(), copy.as_str()));
    }
}
