//! Injectable randomness, so `States.UUID` and `States.MathRandom` are
//! deterministic in tests and replays.

/// A source of uniformly distributed 64-bit words.
pub trait RandomSource {
    /// The next random word.
    fn next_u64(&mut self) -> u64;
}

/// SplitMix64: tiny, seedable and good enough for ids and MathRandom; not for
/// cryptography.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator seeded from the clock and a stack address; for real runs only.
    pub fn from_entropy() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let local = 0u8;
        let addr = &local as *const u8 as u64;
        Self::new(nanos ^ addr.rotate_left(32))
    }
}

impl RandomSource for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A value in `[0, span)` without modulo bias worth caring about (Lemire's
/// multiply-shift; span is at most 2^32 here, so the bias is below 2^-32).
pub(crate) fn below(rng: &mut dyn RandomSource, span: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(span)) >> 64) as u64
}
