//! Source positions built only when something asks for one.
//!
//! Most definitions that are run or validated have no diagnostic to locate, and scanning a
//! large JSON text for the position of every node cost as much as parsing it.

use super::json_positions::scan;
use super::source_map::{Position, SourceMap};

/// The positions of a document's nodes: ready (YAML, which gets them while reading) or still
/// to be scanned from the JSON text.
#[derive(Clone, Debug)]
pub struct DeferredPositions {
    state: State,
}

#[derive(Clone, Debug)]
enum State {
    Ready(SourceMap),
    Json(Box<str>),
}

impl DeferredPositions {
    /// Positions already known.
    pub(super) fn ready(map: SourceMap) -> Self {
        DeferredPositions {
            state: State::Ready(map),
        }
    }

    /// Positions to be scanned from JSON `text` (already read successfully) when first asked.
    pub(super) fn json(text: &str) -> Self {
        DeferredPositions {
            state: State::Json(text.into()),
        }
    }

    /// The map, scanning the text the first time.
    pub fn map(&mut self) -> &SourceMap {
        if let State::Json(text) = &self.state {
            self.state = State::Ready(scan_read_json(text));
        }
        match &self.state {
            State::Ready(map) => map,
            // Replaced just above.
            State::Json(_) => &EMPTY,
        }
    }

    /// The map, taken out.
    pub fn into_map(self) -> SourceMap {
        match self.state {
            State::Ready(map) => map,
            State::Json(text) => scan_read_json(&text),
        }
    }

    /// 1-based line and column of the node at `pointer` (see [`SourceMap::locate`]).
    pub fn locate(&mut self, pointer: &str) -> Position {
        self.map().locate(pointer)
    }

    /// True once the map exists (for tests of the laziness itself).
    pub fn is_built(&self) -> bool {
        matches!(self.state, State::Ready(_))
    }
}

static EMPTY: SourceMap = SourceMap::empty();

/// Scans text that serde_json already accepted and whose depth was already checked, so the
/// scanner cannot fail; if it ever did, every pointer would resolve to the start.
fn scan_read_json(text: &str) -> SourceMap {
    scan(text).unwrap_or_default()
}
