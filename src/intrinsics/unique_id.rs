//! States.UUID.

use serde_json::Value;

use super::random::RandomSource;

/// A version 4 UUID built from 128 bits of the injected random source, so runs
/// with a seeded source are reproducible.
pub(crate) fn uuid_v4(rng: &mut dyn RandomSource) -> Value {
    let mut bytes = [0u8; 16];
    let (high, low) = bytes.split_at_mut(8);
    high.copy_from_slice(&rng.next_u64().to_be_bytes());
    low.copy_from_slice(&rng.next_u64().to_be_bytes());
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
    // Encoded into a stack buffer: `to_string` goes through the formatting machinery.
    let mut text = uuid::Uuid::encode_buffer();
    Value::String(id.hyphenated().encode_lower(&mut text).to_owned())
}
