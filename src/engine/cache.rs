//! Parsed paths and intrinsic calls, cached per execution: a loop or a Map runs the same
//! state thousands of times, and parsing its paths each time would dominate the bookkeeping.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use super::definition_texts;
use super::states;
use super::template_move::MovePlan;
use crate::asl::{State, StateMachine};
use crate::intrinsics::{self, ArgValue, Call, IntrinsicError};
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
            // The length keeps "a" and "a\0" apart.
            self.add(tail_word(rest) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
}

/// The 1 to 7 bytes after the last whole word, as one word, read in at most two loads: copying
/// them into a stack buffer first made the next load wait for the copy, and most keys are
/// short paths that end there.
fn tail_word(rest: &[u8]) -> u64 {
    let len = rest.len();
    let word_at = |at: usize| -> u64 {
        rest.get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    if len >= 4 {
        // Two overlapping 4-byte reads cover 4 to 7 bytes.
        word_at(0) | word_at(len - 4) << 32
    } else {
        let byte = |at: usize| u64::from(rest.get(at).copied().unwrap_or(0));
        byte(0) | byte(len / 2) << 8 | byte(len.saturating_sub(1)) << 16
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

/// Parse results by source text.
///
/// Two tiers. Texts the definition holds are keyed before the run ([`ParseCache::for_machine`])
/// and parsed on first use into their slot, failures included: a look-up takes no lock and
/// lends a reference. A loop looks up several paths per state, and the lock plus the
/// reference count's increment and decrement were most of each look-up's time. Anything else
/// goes through the locked maps below, which keep only successes (a failure ends its state).
#[derive(Debug, Default)]
pub struct ParseCache {
    frozen: Frozen,
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

/// The tier keyed before the run; only its slots' contents change afterwards.
#[derive(Debug, Default)]
struct Frozen {
    paths: FastMap<Box<str>, OnceLock<Result<Path, PathError>>>,
    references: FastMap<Box<str>, OnceLock<Result<ReferencePath, PathError>>>,
    /// Parsed while keying, so their path arguments are keyed too.
    calls: FastMap<Box<str>, Result<Call, IntrinsicError>>,
    states: FastMap<usize, StateInfo>,
    move_plans: FastMap<usize, OnceLock<MovePlan>>,
}

/// A parse result from either tier of the [`ParseCache`].
#[derive(Debug)]
pub enum Parsed<'a, T> {
    Frozen(&'a T),
    Shared(Arc<T>),
}

impl<T> Deref for Parsed<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Parsed::Frozen(t) => t,
            Parsed::Shared(t) => t,
        }
    }
}

fn cached<'a, T, E>(
    map: &Mutex<FastMap<String, Arc<T>>>,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Parsed<'a, T>, E> {
    if let Some(hit) = map.lock().ok().and_then(|m| m.get(text).cloned()) {
        return Ok(Parsed::Shared(hit));
    }
    let parsed = Arc::new(parse(text)?);
    if let Ok(mut m) = map.lock() {
        m.insert(text.to_owned(), Arc::clone(&parsed));
    }
    Ok(Parsed::Shared(parsed))
}

/// The frozen slot for `text`, parsed on first use; `None` when `text` has no slot.
fn frozen<'a, T: 'a, E: Clone + 'a>(
    map: &'a FastMap<Box<str>, OnceLock<Result<T, E>>>,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<Result<Parsed<'a, T>, E>> {
    let slot = map.get(text)?;
    Some(match slot.get_or_init(|| parse(text)) {
        Ok(parsed) => Ok(Parsed::Frozen(parsed)),
        Err(e) => Err(e.clone()),
    })
}

impl ParseCache {
    /// A cache with every path, reference path, intrinsic call, state and Parameters
    /// template of `machine` keyed up front. The machine must not change while the cache is
    /// used (states and templates are keyed by address, as in the locked tier).
    pub(crate) fn for_machine(machine: &StateMachine) -> ParseCache {
        let texts = definition_texts::collect(machine);
        let mut frozen = Frozen::default();
        for text in texts.calls {
            let call = intrinsics::parse(text);
            if let Ok(call) = &call {
                add_call_paths(call, &mut frozen.paths);
            }
            frozen.calls.insert(text.into(), call);
        }
        for text in texts.paths {
            frozen.paths.entry(text.into()).or_default();
        }
        for text in texts.references {
            frozen.references.entry(text.into()).or_default();
        }
        for (name, state) in texts.states {
            let info = StateInfo::new(name, states::mentions_context(state));
            frozen.states.insert(state as *const State as usize, info);
        }
        for template in texts.parameters {
            let address = template as *const Value as usize;
            frozen.move_plans.insert(address, OnceLock::new());
        }
        ParseCache {
            frozen,
            ..ParseCache::default()
        }
    }

    /// A JSONPath, parsed once.
    pub fn path(&self, text: &str) -> Result<Parsed<'_, Path>, PathError> {
        frozen(&self.frozen.paths, text, Path::parse)
            .unwrap_or_else(|| cached(&self.paths, text, Path::parse))
    }

    /// A reference path (ResultPath), parsed once.
    pub fn reference(&self, text: &str) -> Result<Parsed<'_, ReferencePath>, PathError> {
        frozen(&self.frozen.references, text, ReferencePath::parse)
            .unwrap_or_else(|| cached(&self.references, text, ReferencePath::parse))
    }

    /// An intrinsic call, parsed once.
    pub fn call(&self, text: &str) -> Result<Parsed<'_, Call>, IntrinsicError> {
        match self.frozen.calls.get(text) {
            Some(Ok(call)) => Ok(Parsed::Frozen(call)),
            Some(Err(e)) => Err(e.clone()),
            None => cached(&self.calls, text, intrinsics::parse),
        }
    }

    /// What every visit of the state at `address` called `name` needs, computed once: its
    /// name shared by all its history events, and whether it reads the context (`compute`).
    pub fn state_info(
        &self,
        address: usize,
        name: &str,
        compute: impl FnOnce() -> bool,
    ) -> StateInfo {
        // The name check guards against another state at a reused address.
        let same_state = |info: &&StateInfo| &*info.name == name;
        if let Some(info) = self.frozen.states.get(&address).filter(same_state) {
            return info.clone();
        }
        let Ok(mut states) = self.states.lock() else {
            return StateInfo::new(name, compute());
        };
        match states.get(&address).filter(same_state) {
            Some(info) => info.clone(),
            None => {
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
    ) -> Parsed<'_, MovePlan> {
        if let Some(slot) = self.frozen.move_plans.get(&address) {
            return Parsed::Frozen(slot.get_or_init(compute));
        }
        if let Some(hit) = self
            .move_plans
            .lock()
            .ok()
            .and_then(|m| m.get(&address).cloned())
        {
            return Parsed::Shared(hit);
        }
        let plan = Arc::new(compute());
        if let Ok(mut m) = self.move_plans.lock() {
            m.insert(address, Arc::clone(&plan));
        }
        Parsed::Shared(plan)
    }
}

/// Keys the path arguments of `call` and of the calls nested in it.
fn add_call_paths(call: &Call, paths: &mut FastMap<Box<str>, OnceLock<Result<Path, PathError>>>) {
    for arg in &call.args {
        match &arg.value {
            ArgValue::Path(p) => {
                paths.entry(p.text.as_str().into()).or_default();
            }
            ArgValue::Call(inner) => add_call_paths(inner, paths),
            _ => {}
        }
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
            "$.ab",
            "$.ba",
            "$.abcd",
            "$.abce",
            "$.xbcd",
            "$.user.name",
            "$.user.nama",
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
        assert!(std::ptr::eq(&*a, &*b));
        assert!(cache.path("$.[").is_err());
        assert!(cache.reference("$..a").is_err());
        assert!(cache.call("States.Nope()").is_err());
    }

    #[test]
    fn a_move_plan_is_computed_once_per_address() {
        let cache = ParseCache::default();
        let first = cache.move_plan(8, MovePlan::default);
        let again = cache.move_plan(8, || unreachable!("computed again"));
        assert!(std::ptr::eq(&*first, &*again));
    }

    /// A definition with a valid and a broken text of each kind.
    fn keyed_cache() -> (StateMachine, ParseCache) {
        let machine = crate::engine::tests::machine(serde_json::json!({
            "StartAt": "P",
            "States": {
                "P": {"Type": "Pass", "ResultPath": "$.r",
                      "Parameters": {"a.$": "$.a", "c.$": "States.Array($.b, States.Array($.d))"},
                      "Next": "Q"},
                "Q": {"Type": "Pass", "InputPath": "$.[", "End": true}
            }
        }));
        let cache = ParseCache::for_machine(&machine);
        (machine, cache)
    }

    #[test]
    fn texts_of_the_definition_come_from_the_keyed_tier() {
        let (machine, cache) = keyed_cache();
        for text in ["$.a", "$.b", "$.d"] {
            let first = cache.path(text).expect("valid");
            assert!(matches!(first, Parsed::Frozen(_)), "{text}");
            assert_eq!(first.as_str(), text);
            let again = cache.path(text).expect("valid");
            assert!(std::ptr::eq(&*first, &*again), "{text}");
        }
        assert!(matches!(cache.reference("$.r"), Ok(Parsed::Frozen(_))));
        let call = cache.call("States.Array($.b, States.Array($.d))");
        assert!(matches!(call, Ok(Parsed::Frozen(_))));
        // A text the definition does not hold still parses, in the locked tier.
        assert!(matches!(cache.path("$.other"), Ok(Parsed::Shared(_))));
        // A broken keyed text fails every time, as the locked tier does.
        let bad = cache.path("$.[").map(|_| ()).unwrap_err();
        assert_eq!(cache.path("$.[").map(|_| ()).unwrap_err(), bad);
        assert_eq!(Some(&bad), Path::parse("$.[").err().as_ref());
        let states = &machine.states;
        let (name, state) = states.get_index(0).expect("P");
        let address = state as *const State as usize;
        let info = cache.state_info(address, name, || unreachable!("keyed up front"));
        assert_eq!(&*info.name, "P");
        let template = state.parameters.as_ref().expect("Parameters");
        let address = template as *const Value as usize;
        let plan = cache.move_plan(address, MovePlan::default);
        assert!(matches!(plan, Parsed::Frozen(_)));
        let again = cache.move_plan(address, || unreachable!("computed again"));
        assert!(std::ptr::eq(&*plan, &*again));
    }

    #[test]
    fn a_keyed_address_with_another_name_is_computed_again() {
        let (machine, cache) = keyed_cache();
        let state = machine.states.get_index(0).map(|(_, s)| s).expect("P");
        let address = state as *const State as usize;
        let info = cache.state_info(address, "Renamed", || true);
        assert_eq!((&*info.name, info.reads_context), ("Renamed", true));
    }
}
