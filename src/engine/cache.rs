//! Parsed paths and intrinsic calls, cached per execution: a loop or a Map runs the same
//! state thousands of times, and parsing its paths each time would dominate the bookkeeping.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::intrinsics::{self, Call, IntrinsicError};
use crate::jsonpath::{Path, PathError, ReferencePath};

/// Parse results by source text. Failures are not cached: they end the state anyway.
#[derive(Debug, Default)]
pub struct ParseCache {
    paths: Mutex<HashMap<String, Arc<Path>>>,
    references: Mutex<HashMap<String, Arc<ReferencePath>>>,
    calls: Mutex<HashMap<String, Arc<Call>>>,
    /// Per state (by address, stable for the execution): does it read the context object?
    reads_context: Mutex<HashMap<usize, bool>>,
}

fn cached<T, E>(
    map: &Mutex<HashMap<String, Arc<T>>>,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Arc<T>, E> {
    if let Some(hit) = map.lock().ok().and_then(|m| m.get(text).cloned()) {
        return Ok(hit);
    }
    let parsed = Arc::new(parse(text)?);
    if let Ok(mut m) = map.lock() {
        m.insert(text.to_owned(), Arc::clone(&parsed));
    }
    Ok(parsed)
}

impl ParseCache {
    /// A JSONPath, parsed once.
    pub fn path(&self, text: &str) -> Result<Arc<Path>, PathError> {
        cached(&self.paths, text, Path::parse)
    }

    /// A reference path (ResultPath), parsed once.
    pub fn reference(&self, text: &str) -> Result<Arc<ReferencePath>, PathError> {
        cached(&self.references, text, ReferencePath::parse)
    }

    /// Whether the state at `address` reads the context, computed once.
    pub fn reads_context(&self, address: usize, compute: impl FnOnce() -> bool) -> bool {
        if let Some(hit) = self
            .reads_context
            .lock()
            .ok()
            .and_then(|m| m.get(&address).copied())
        {
            return hit;
        }
        let value = compute();
        if let Ok(mut m) = self.reads_context.lock() {
            m.insert(address, value);
        }
        value
    }

    /// An intrinsic call, parsed once.
    pub fn call(&self, text: &str) -> Result<Arc<Call>, IntrinsicError> {
        cached(&self.calls, text, intrinsics::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_once_and_reports_errors_each_time() {
        let cache = ParseCache::default();
        let a = cache.path("$.a").expect("valid");
        let b = cache.path("$.a").expect("valid");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(cache.path("$.[").is_err());
        assert!(cache.reference("$..a").is_err());
        assert!(cache.call("States.Nope()").is_err());
    }
}
