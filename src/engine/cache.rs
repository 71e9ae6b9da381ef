//! Parsed paths and intrinsic calls, cached per execution: a loop or a Map runs the same
//! state thousands of times, and parsing its paths each time would dominate the bookkeeping.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};

use super::template_move::MovePlan;
use crate::intrinsics::{self, Call, IntrinsicError};
use crate::jsonpath::{Path, PathError, ReferencePath};

/// FNV-1a: the keys are short paths from the definition, not attacker-chosen, and SipHash's
/// DoS resistance cost a visible share of every state's bookkeeping.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0;
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Parse results by source text. Failures are not cached: they end the state anyway.
#[derive(Debug, Default)]
pub struct ParseCache {
    paths: Mutex<FastMap<String, Arc<Path>>>,
    references: Mutex<FastMap<String, Arc<ReferencePath>>>,
    calls: Mutex<FastMap<String, Arc<Call>>>,
    /// Per state (by address, stable for the execution): does it read the context object?
    reads_context: Mutex<FastMap<usize, bool>>,
    /// Per Parameters template (by address, stable for the execution): which fields may
    /// move their value out of the input.
    move_plans: Mutex<FastMap<usize, Arc<MovePlan>>>,
}

fn cached<T, E>(
    map: &Mutex<FastMap<String, Arc<T>>>,
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

    /// The move plan of the template at `address`, computed once.
    pub(crate) fn move_plan(
        &self,
        address: usize,
        compute: impl FnOnce() -> MovePlan,
    ) -> Arc<MovePlan> {
        if let Some(hit) = self
            .move_plans
            .lock()
            .ok()
            .and_then(|m| m.get(&address).cloned())
        {
            return hit;
        }
        let plan = Arc::new(compute());
        if let Ok(mut m) = self.move_plans.lock() {
            m.insert(address, Arc::clone(&plan));
        }
        plan
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

    #[test]
    fn a_move_plan_is_computed_once_per_address() {
        let cache = ParseCache::default();
        let first = cache.move_plan(8, MovePlan::default);
        let again = cache.move_plan(8, || unreachable!("computed again"));
        assert!(Arc::ptr_eq(&first, &again));
    }
}
