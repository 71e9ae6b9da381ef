//! Fail: stops the machine with an error and a cause.

use crate::asl::fields::{ObjectReader, ObjectWriter};

/// A Fail state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fail {
    pub error: Option<String>,
    pub error_path: Option<String>,
    pub cause: Option<String>,
    pub cause_path: Option<String>,
}

impl Fail {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        Fail {
            error: r.string("Error"),
            error_path: r.string("ErrorPath"),
            cause: r.string("Cause"),
            cause_path: r.string("CausePath"),
        }
    }

    pub(crate) fn write_head(&self, w: &mut ObjectWriter) {
        w.string("Error", self.error.as_ref())
            .string("ErrorPath", self.error_path.as_ref())
            .string("Cause", self.cause.as_ref())
            .string("CausePath", self.cause_path.as_ref());
    }
}
