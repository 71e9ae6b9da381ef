//! A payload as the history keeps it: compact JSON text, shared.
//!
//! AWS's history carries payloads as JSON strings, and text does not pin the engine's
//! values: once a state's input is only text in the history, the next stage may change the
//! value in place instead of copying it.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::json_text;

/// Compact JSON text of one payload; cloning shares it.
///
/// A text spliced from another (a ResultPath write at the end of its input's text) shares the
/// input's text as its prefix and owns only what follows, so a 200 KB payload that gains one
/// small member per state is neither copied nor written to fresh pages each time.
#[derive(Clone)]
pub struct PayloadText {
    /// Shared text whose first `keep` bytes begin this payload's text.
    base: Arc<str>,
    keep: usize,
    /// The rest of the text after that prefix; `None` for a text that is all `base`.
    tail: Option<Arc<Tail>>,
}

struct Tail {
    text: Box<str>,
    /// The whole text in one piece, joined on the first [`PayloadText::as_str`].
    joined: OnceLock<Box<str>>,
}

impl PayloadText {
    /// Serializes `value` as compact JSON, the form whose byte length AWS limits.
    pub fn of(value: &Value) -> Self {
        // Written into a reused buffer, then copied once into the shared text.
        PayloadText::whole(json_text::with_text(value, |text| Arc::from(text)))
    }

    fn whole(base: Arc<str>) -> Self {
        PayloadText {
            keep: base.len(),
            base,
            tail: None,
        }
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
        if closing_braces == 0 || self.first_byte() != Some(b'{') {
            return None;
        }
        let body = self.len().checked_sub(closing_braces)?;
        if !self.ends_with_braces(closing_braces) {
            return None;
        }
        // Only the small new parts are serialized; the rest is shared or copied as is.
        let mut key_text = String::with_capacity(key.len() + 2);
        json_text::write_string(key, &mut key_text);
        let value = json_text::to_string(value);
        // No JSON value's text ends with `{`, so only an empty object's body does.
        let separator = if self.byte_at(body.checked_sub(1)?)? == b'{' {
            ""
        } else {
            ","
        };
        let braces = "}".repeat(closing_braces);
        Some(self.replace_end(
            closing_braces,
            &[separator, &key_text, ":", &value, &braces],
        ))
    }

    /// The text with the value of the last member of an object that ends `closing_braces`
    /// braces before the end of the text replaced by `value`; `old_len` is the byte length
    /// of the old value's compact text. `None` when the text does not end that way. The
    /// caller makes sure that member is the last one at each level, so this is
    /// byte-identical to serializing the changed object.
    pub fn with_last_value_replaced(
        &self,
        closing_braces: usize,
        old_len: usize,
        value: &Value,
    ) -> Option<PayloadText> {
        if closing_braces == 0 || self.first_byte() != Some(b'{') {
            return None;
        }
        let cut = closing_braces.checked_add(old_len)?;
        let before = self.len().checked_sub(cut)?.checked_sub(1)?;
        if !self.ends_with_braces(closing_braces) || self.byte_at(before)? != b':' {
            return None;
        }
        let value = json_text::to_string(value);
        let braces = "}".repeat(closing_braces);
        Some(self.replace_end(cut, &[&value, &braces]))
    }

    /// This text without its last `cut` bytes, followed by `parts`. The cut always ends
    /// right after an ASCII byte (`:`, `,`, `{` or a value's last byte before `}`), so it is a
    /// character boundary.
    fn replace_end(&self, cut: usize, parts: &[&str]) -> PayloadText {
        let (head, old_tail) = self.pieces();
        let added: usize = parts.iter().map(|p| p.len()).sum();
        let (keep, kept_tail) = match old_tail.len().checked_sub(cut) {
            Some(tail_len) => (head.len(), old_tail.get(..tail_len).unwrap_or_default()),
            None => ((head.len() + old_tail.len()).saturating_sub(cut), ""),
        };
        let mut text = String::with_capacity(kept_tail.len() + added);
        // A prefix under half of its base would pin mostly dead text: start a new base.
        let own_base = keep < self.base.len() / 2;
        if own_base {
            text.reserve(keep);
            text.push_str(self.base.get(..keep).unwrap_or_default());
        }
        text.push_str(kept_tail);
        parts.iter().for_each(|p| text.push_str(p));
        if own_base {
            return PayloadText::whole(Arc::from(text));
        }
        PayloadText {
            base: Arc::clone(&self.base),
            keep,
            tail: Some(Arc::new(Tail {
                text: text.into_boxed_str(),
                joined: OnceLock::new(),
            })),
        }
    }

    /// The two pieces whose concatenation is the text.
    fn pieces(&self) -> (&str, &str) {
        let head = self.base.get(..self.keep).unwrap_or_default();
        (head, self.tail.as_ref().map_or("", |t| &t.text))
    }

    fn byte_at(&self, index: usize) -> Option<u8> {
        let (head, tail) = self.pieces();
        match index.checked_sub(head.len()) {
            None => head.as_bytes().get(index).copied(),
            Some(i) => tail.as_bytes().get(i).copied(),
        }
    }

    fn first_byte(&self) -> Option<u8> {
        self.byte_at(0)
    }

    fn ends_with_braces(&self, count: usize) -> bool {
        let len = self.len();
        len >= count && (len - count..len).all(|i| self.byte_at(i) == Some(b'}'))
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        let (head, tail) = self.pieces();
        match &self.tail {
            None => head,
            Some(t) => t
                .joined
                .get_or_init(|| [head, tail].concat().into_boxed_str()),
        }
    }

    /// The size in bytes, which is what the payload limit measures.
    pub fn len(&self) -> usize {
        self.keep + self.tail.as_ref().map_or(0, |t| t.text.len())
    }

    /// True only for empty text, which no serialized value is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The payload as a value again, for readers that show or inspect it.
    pub fn parse(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(self.as_str())
    }
}

impl PartialEq for PayloadText {
    fn eq(&self, other: &Self) -> bool {
        let same = Arc::ptr_eq(&self.base, &other.base)
            && self.keep == other.keep
            && match (&self.tail, &other.tail) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            };
        same || (self.len() == other.len() && self.as_str() == other.as_str())
    }
}

impl Eq for PayloadText {}

impl fmt::Debug for PayloadText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PayloadText({self})")
    }
}

impl fmt::Display for PayloadText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, tail) = self.pieces();
        f.write_str(head)?;
        f.write_str(tail)
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
    fn a_last_value_is_replaced_like_serializing_the_changed_object() {
        let input = json!({"a": [1], "m": {"x": 1, "last": {"idx": -1, "s": "é"}}});
        let text = PayloadText::of(&input);
        let old_len = PayloadText::of(&input["m"]["last"]).len();
        let new = json!({"idx": 7, "from": "x\"y"});
        let replaced = text.with_last_value_replaced(2, old_len, &new);
        let mut expected = input.clone();
        expected["m"]["last"] = new.clone();
        assert_eq!(replaced, Some(PayloadText::of(&expected)));
        let old_m = PayloadText::of(&input["m"]).len();
        let replaced_m = text.with_last_value_replaced(1, old_m, &json!(null));
        assert_eq!(
            replaced_m,
            Some(PayloadText::of(&json!({"a": [1], "m": null})))
        );
        // The length must lead to the `:` before the old value.
        assert_eq!(text.with_last_value_replaced(2, old_len + 1, &new), None);
        assert_eq!(text.with_last_value_replaced(0, old_len, &new), None);
        assert_eq!(text.with_last_value_replaced(2, 10_000, &new), None);
    }

    #[test]
    fn chained_splices_share_the_first_text_and_read_as_one() {
        let mut value = json!({"blob": ["x".repeat(300)], "meta": {}});
        let first = PayloadText::of(&value);
        let mut text = first.clone();
        for step in 0..20 {
            let key = format!("s{step}");
            let member = json!({"step": step, "pick": "é\n"});
            text = match text.with_member_appended(2, &key, &member) {
                Some(next) => next,
                None => panic!("append {step}"),
            };
            value["meta"][&key] = member;
            if step % 3 == 0 {
                let old_len = PayloadText::of(&value["meta"][&key]).len();
                let changed = json!([step]);
                text = match text.with_last_value_replaced(2, old_len, &changed) {
                    Some(next) => next,
                    None => panic!("replace {step}"),
                };
                value["meta"][&key] = changed;
            }
            let expected = PayloadText::of(&value);
            assert_eq!(text.len(), expected.len(), "{step}");
            assert_eq!(text.to_string(), expected.as_str(), "{step}");
            assert_eq!(text.as_str(), expected.as_str(), "{step}");
            assert!(Arc::ptr_eq(&text.base, &first.base), "{step}");
        }
        assert_eq!(text.parse().ok(), Some(value));
    }

    #[test]
    fn a_short_prefix_of_a_long_text_gets_its_own_text() {
        let input = json!({"a": 1, "big": "x".repeat(1000)});
        let text = PayloadText::of(&input);
        let old_len = PayloadText::of(&input["big"]).len();
        let replaced = text.with_last_value_replaced(1, old_len, &json!(2));
        let expected = PayloadText::of(&json!({"a": 1, "big": 2}));
        assert_eq!(replaced, Some(expected.clone()));
        let replaced = replaced.map(|t| t.base.len());
        assert_eq!(replaced, Some(expected.len()));
    }

    #[test]
    fn clones_share_the_text() {
        let text = PayloadText::of(&json!({"big": "payload"}));
        let copy = text.clone();
        assert!(std::ptr::eq(text.as_str(), copy.as_str()));
    }
}
