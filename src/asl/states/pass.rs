//! Pass: passes its input (or a fixed Result) to its output.

use serde_json::Value;

use crate::asl::fields::ObjectReader;

/// A Pass state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pass {
    pub result: Option<Value>,
}

impl Pass {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        Pass {
            result: r.value("Result"),
        }
    }
}
