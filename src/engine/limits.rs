//! Payload and history limits, and byte sizes computed without serializing.

use serde_json::Value;

use super::error::{StateError, DATA_LIMIT_EXCEEDED};

/// AWS's payload limit: 256 KiB.
pub const PAYLOAD_LIMIT_BYTES: usize = 262_144;
/// The limit before AWS raised it (32 KB), for testing old workflows.
pub const LEGACY_PAYLOAD_LIMIT_BYTES: usize = 32_768;
/// AWS's limit on history events per execution.
pub const HISTORY_EVENT_LIMIT: usize = 25_000;

/// The limits an execution enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub payload_bytes: usize,
    pub history_events: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            payload_bytes: PAYLOAD_LIMIT_BYTES,
            history_events: HISTORY_EVENT_LIMIT,
        }
    }
}

impl Limits {
    /// Fails with `States.DataLimitExceeded` when `value` is over the payload limit; returns its size.
    pub fn check_payload(&self, value: &Value, what: &str) -> Result<usize, StateError> {
        self.check_size(json_size(value), what)
    }

    /// [`Limits::check_payload`] for a payload whose compact-JSON size is already known
    /// (the length of its serialized text).
    pub fn check_size(&self, size: usize, what: &str) -> Result<usize, StateError> {
        if size > self.payload_bytes {
            return Err(StateError::new(
                DATA_LIMIT_EXCEEDED,
                format!(
                    "The state/task '{what}' returned a result with a size exceeding the \
                     maximum number of bytes service limit ({size} > {} bytes).",
                    self.payload_bytes
                ),
            ));
        }
        Ok(size)
    }
}

/// The UTF-8 byte length of `value` as compact JSON (what serde_json writes), by walking it.
pub fn json_size(value: &Value) -> usize {
    match value {
        Value::Null => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => number_len(n),
        Value::String(s) => string_size(s),
        Value::Array(items) => {
            let inner: usize = items.iter().map(json_size).sum();
            2 + inner + items.len().saturating_sub(1)
        }
        Value::Object(map) => {
            let inner: usize = map
                .iter()
                .map(|(k, v)| string_size(k) + 1 + json_size(v))
                .sum();
            2 + inner + map.len().saturating_sub(1)
        }
    }
}

fn number_len(n: &serde_json::Number) -> usize {
    if let Some(u) = n.as_u64() {
        return decimal_len(u);
    }
    if let Some(i) = n.as_i64() {
        return 1 + decimal_len(i.unsigned_abs());
    }
    // Floats are rare in payloads; formatting one is cheap compared with a deep copy.
    n.to_string().len()
}

fn decimal_len(mut u: u64) -> usize {
    let mut len = 1;
    while u >= 10 {
        u /= 10;
        len += 1;
    }
    len
}

/// Extra bytes serde_json writes for each byte of a string: `\"`-style escapes add one,
/// `\u00XX` escapes five. A table, as every payload string passes through here.
const ESCAPE_EXTRA: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = 5;
        b += 1;
    }
    table[b'"' as usize] = 1;
    table[b'\\' as usize] = 1;
    table[b'\n' as usize] = 1;
    table[b'\r' as usize] = 1;
    table[b'\t' as usize] = 1;
    table[0x08] = 1;
    table[0x0c] = 1;
    table
};

fn string_size(s: &str) -> usize {
    let escapes: usize = s
        .bytes()
        .map(|b| usize::from(ESCAPE_EXTRA[usize::from(b)]))
        .sum();
    2 + s.len() + escapes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn size_equals_serialized_length() {
        let samples = [
            json!(null),
            json!({"a": [1, -20, 3.5, true, false, null], "b\"": "x\ny\u{1}é"}),
            json!([]),
            json!({}),
            json!(12345678901u64),
            json!(-7),
            json!("日本"),
            json!("\u{0}\u{7}\u{8}\u{c}\u{1f}\"\\/\t\r\n\u{7f}"),
        ];
        for v in samples {
            assert_eq!(json_size(&v), v.to_string().len(), "{v}");
        }
    }

    #[test]
    fn payload_over_limit_is_data_limit_exceeded() {
        let limits = Limits {
            payload_bytes: 10,
            history_events: 10,
        };
        assert!(limits.check_payload(&json!("short"), "S").is_ok());
        let err = limits
            .check_payload(&json!("much too long"), "S")
            .unwrap_err();
        assert_eq!(err.name(), DATA_LIMIT_EXCEEDED);
    }
}
