//! Wait: pauses for a duration or until a timestamp, in one of four forms.

use crate::asl::fields::{NumberField, ObjectReader, ObjectWriter};

/// A Wait state's own fields; exactly one should be set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wait {
    pub seconds: Option<NumberField>,
    pub seconds_path: Option<String>,
    pub timestamp: Option<String>,
    pub timestamp_path: Option<String>,
}

impl Wait {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        Wait {
            seconds: r.number("Seconds"),
            seconds_path: r.string("SecondsPath"),
            timestamp: r.string("Timestamp"),
            timestamp_path: r.string("TimestampPath"),
        }
    }

    pub(crate) fn write_head(&self, w: &mut ObjectWriter) {
        w.number("Seconds", self.seconds.as_ref())
            .string("SecondsPath", self.seconds_path.as_ref())
            .string("Timestamp", self.timestamp.as_ref())
            .string("TimestampPath", self.timestamp_path.as_ref());
    }
}
