//! Source positions built only when something asks for one.
//!
//! Most definitions that are run or validated have no diagnostic to locate, and scanning a
//! large JSON text for the position of every node cost as much as parsing it.

use std::sync::OnceLock;

use super::json_positions::scan;
use super::source_map::{Position, SourceMap};

/// The positions of a document's nodes: ready (YAML, which gets them while reading) or
/// scanned from the JSON text the first time one is asked for.
#[derive(Clone, Debug)]
pub struct DeferredPositions {
    /// The JSON text still to scan; `None` when the map came ready.
    json: Option<Box<str>>,
    map: OnceLock<SourceMap>,
}

impl DeferredPositions {
    /// Positions already known.
    pub(super) fn ready(map: SourceMap) -> Self {
        DeferredPositions {
            json: None,
            map: OnceLock::from(map),
        }
    }

    /// Positions to be scanned from JSON `text` (already read successfully) when first asked.
    pub(super) fn json(text: &str) -> Self {
        DeferredPositions {
            json: Some(text.into()),
            map: OnceLock::new(),
        }
    }

    /// The map, scanning the text the first time.
    pub fn map(&self) -> &SourceMap {
        self.map
            .get_or_init(|| self.json.as_deref().map(scan_read_json).unwrap_or_default())
    }

    /// The map, taken out.
    pub fn into_map(self) -> SourceMap {
        let DeferredPositions { json, map } = self;
        match (map.into_inner(), json) {
            (Some(map), _) => map,
            (None, Some(text)) => scan_read_json(&text),
            (None, None) => SourceMap::default(),
        }
    }

    /// 1-based line and column of the node at `pointer` (see [`SourceMap::locate`]).
    pub fn locate(&self, pointer: &str) -> Position {
        self.map().locate(pointer)
    }

    /// True once the map exists (for tests of the laziness itself).
    pub fn is_built(&self) -> bool {
        self.map.get().is_some()
    }
}

/// Scans text that serde_json already accepted and whose depth was already checked, so the
/// scanner cannot fail; if it ever did, every pointer would resolve to the start.
fn scan_read_json(text: &str) -> SourceMap {
    scan(text).unwrap_or_default()
}
