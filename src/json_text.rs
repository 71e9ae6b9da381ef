//! Compact JSON text of a value, byte for byte what `serde_json::to_string` writes.
//!
//! The engine keeps every state's payload as text (the history's form and the size the
//! payload limit measures), so this runs once per state and was a fifth of a small-payload
//! run's work through serde's generic serializer: a call per token and a `memcpy` per quote.
//! Writing straight into a `String` takes about a third of that.

use std::cell::RefCell;

use serde_json::{Number, Value};

/// The compact JSON text of `value`.
pub fn to_string(value: &Value) -> String {
    let mut out = String::with_capacity(128);
    write_value(value, &mut out);
    out
}

/// Writes the compact JSON text of `value` into a scratch buffer reused by this thread and
/// passes it to `f`: callers that copy the text anyway (into an `Arc<str>`) skip growing a
/// fresh buffer for every payload.
pub fn with_text<T>(value: &Value, f: impl FnOnce(&str) -> T) -> T {
    thread_local! {
        static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            write_value(value, &mut buffer);
            let result = f(&buffer);
            // One huge payload should not pin its buffer for the thread's life.
            if buffer.capacity() > SCRATCH_KEEP_BYTES {
                *buffer = String::new();
            }
            result
        }
        // Only reached if `f` serializes again: give the inner call its own buffer.
        Err(_) => f(&to_string(value)),
    })
}

/// The largest scratch buffer kept between payloads.
const SCRATCH_KEEP_BYTES: usize = 1 << 20;

/// Appends the compact JSON text of `value` to `out`.
pub fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            let mut first = true;
            for item in items {
                if !first {
                    out.push(',');
                }
                first = false;
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            let mut first = true;
            for (key, item) in map {
                if !first {
                    out.push(',');
                }
                first = false;
                write_string(key, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

fn write_number(n: &Number, out: &mut String) {
    let mut digits = itoa::Buffer::new();
    if let Some(u) = n.as_u64() {
        out.push_str(digits.format(u));
    } else if let Some(i) = n.as_i64() {
        out.push_str(digits.format(i));
    } else {
        // Floats are rare in payloads; serde_json's own formatting (ryu) keeps them exact.
        out.push_str(&n.to_string());
    }
}

/// Writes `s` quoted, escaping as serde_json does: `"`, `\`, the short forms `\b \f \n \r
/// \t`, and any other control character as `\u00XX` with lowercase hex.
pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut plain_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_escape(b) {
            continue;
        }
        // `i` is at an ASCII byte, so both slice ends are character boundaries.
        out.push_str(s.get(plain_from..i).unwrap_or_default());
        plain_from = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
    out.push_str(s.get(plain_from..).unwrap_or_default());
    out.push('"');
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn same_as_serde(value: &Value) {
        let expected = serde_json::to_string(value).unwrap_or_default();
        assert_eq!(to_string(value), expected);
        with_text(value, |text| assert_eq!(text, expected));
    }

    #[test]
    fn every_kind_of_value_matches_serde_json() {
        let values = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(7),
            json!(-1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1.5),
            json!(-0.0),
            json!(1e300),
            json!(2.5e-8),
            json!(""),
            json!("plain"),
            json!("q\"b\\s/n\nr\rt\tb\u{8}f\u{c}c\u{1}\u{1f}\u{7f}é😀"),
            json!([]),
            json!({}),
            json!([1, [2, [3, {}]], {"a": []}]),
            json!({"z": 1, "a": {"k\"ey": [null, "v"]}, "": 0}),
        ];
        for value in &values {
            same_as_serde(value);
        }
    }

    #[test]
    fn a_nested_call_gets_its_own_buffer() {
        let outer = json!({"a": [1, 2]});
        let inner = json!("inner");
        let both = with_text(&outer, |o| with_text(&inner, |i| format!("{o}{i}")));
        assert_eq!(both, r#"{"a":[1,2]}"inner""#);
    }

    #[test]
    fn a_huge_payload_does_not_stay_in_the_scratch_buffer() {
        let big = json!("x".repeat(SCRATCH_KEEP_BYTES + 10));
        with_text(&big, |t| assert_eq!(t.len(), SCRATCH_KEEP_BYTES + 12));
        same_as_serde(&json!({"after": "big"}));
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|f| json!(f)),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_matches_serde_json(value in arb_value()) {
            let expected = serde_json::to_string(&value).unwrap_or_default();
            prop_assert_eq!(to_string(&value), expected);
        }
    }
}
