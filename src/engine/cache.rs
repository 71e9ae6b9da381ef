//! Parsed paths and intrinsic calls, cached per execution: a loop or a Map runs the same
//! state thousands of times, and parsing its paths each time would dominate the bookkeeping.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};

use super::template_move::MovePlan;
use crate::intrinsics::{self, Call, IntrinsicError};
use crate::jsonpath::{Path, PathError, ReferencePath};

/// A word-at-a-time multiplicative hash (as rustc's FxHash): the keys are short paths and
/// addresses from the definition, not attacker-chosen, and SipHash's DoS resistance, or even
/// FNV's multiply per byte, cost a visible share of every state's bookkeeping.
#[derive(Default)]
struct WordHash(u64);

impl WordHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits poorly mixed (an aligned address has three zero
        // bits), and the table picks buckets by them.
        self.0.rotate_left(20)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHash>>;

/// What the interpreter keeps per state for the execution.
#[derive(Debug, Clone)]
pub struct StateInfo {
    /// The state's name, shared by every history event that names it.
    pub name: Arc<str>,
    /// Whether any field of the state may read the context object.
    pub reads_context: bool,
}

impl StateInfo {
    fn new(name: &str, reads_context: bool) -> Self {
        StateInfo {
            name: Arc::from(name),
            reads_context,
        }
    }
}

/// Parse results by source text. Failures are not cached: they end the state anyway.
#[derive(Debug, Default)]
pub struct ParseCache {
    paths: Mutex<FastMap<String, Arc<Path>>>,
    references: Mutex<FastMap<String, Arc<ReferencePath>>>,
    calls: Mutex<FastMap<String, Arc<Call>>>,
    /// Per state (by address, stable for the execution): its shared name and whether it
    /// reads the context object.
    states: Mutex<FastMap<usize, StateInfo>>,
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

    /// What every visit of the state at `address` called `name` needs, computed once: its
    /// name shared by all its history events, and whether it reads the context (`compute`).
    pub fn state_info(
        &self,
        address: usize,
        name: &str,
        compute: impl FnOnce() -> bool,
    ) -> StateInfo {
        let Ok(mut states) = self.states.lock() else {
            return StateInfo::new(name, compute());
        };
        match states.get(&address) {
            // The name check guards against another state at a reused address.
            Some(info) if &*info.name == name => info.clone(),
            _ => {
                let info = StateInfo::new(name, compute());
                states.insert(address, info.clone());
                info
            }
        }
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
    fn the_hash_separates_similar_texts_and_aligned_addresses() {
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<WordHash>::default();
        let texts = [
            "",
            "a",
            "a\0",
            "$.a",
            "$.b",
            "$.data.items[0]",
            "$.data.items[1]",
            "$.data.items[0]x",
            "abcdefgh",
            "abcdefgh\0",
        ];
        let hashes: Vec<u64> = texts.iter().map(|t| build.hash_one(t)).collect();
        for (i, a) in hashes.iter().enumerate() {
            for b in &hashes[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // Aligned addresses must not all land in the same few buckets.
        let buckets: std::collections::HashSet<u64> = (0..64usize)
            .map(|i| build.hash_one(0x7f00_0000_1000usize + i * 8) & 63)
            .collect();
        assert!(buckets.len() > 32, "{}", buckets.len());
        let cache = ParseCache::default();
        let a = cache.path("$.data.items[0]").expect("valid");
        let b = cache.path("$.data.items[1]").expect("valid");
        assert_eq!(a.as_str(), "$.data.items[0]");
        assert_eq!(b.as_str(), "$.data.items[1]");
    }

    #[test]
    fn state_info_is_computed_once_per_state_and_again_for_another_name() {
        let cache = ParseCache::default();
        let mut computed = 0;
        let mut info = |name: &str, reads: bool| {
            cache.state_info(7, name, || {
                computed += 1;
                reads
            })
        };
        let first = info("A", true);
        let again = info("A", false);
        assert!(Arc::ptr_eq(&first.name, &again.name));
        assert!(again.reads_context);
        let other = info("B", false);
        assert_eq!((&*other.name, other.reads_context), ("B", false));
        assert_eq!(computed, 2);
    }

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
