//! Parallel: runs branches concurrently.

use serde_json::Value;

use crate::asl::fields::{ObjectReader, ObjectWriter};
use crate::asl::machine::StateMachine;

/// A Parallel state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parallel {
    pub branches: Vec<StateMachine>,
}

impl Parallel {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        Parallel {
            branches: r
                .object_list("Branches", StateMachine::read)
                .unwrap_or_default(),
        }
    }

    pub(crate) fn write_head(&self, w: &mut ObjectWriter) {
        let branches = self.branches.iter().map(StateMachine::write).collect();
        w.owned("Branches", Some(Value::Array(branches)));
    }
}
