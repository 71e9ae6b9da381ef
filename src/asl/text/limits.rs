//! Hard limits that keep hostile definition text cheap to reject.
//!
//! AWS caps a definition at 1 MiB; these limits are far above that so that the caller,
//! not the reader, decides what to say about large but valid definitions.

/// Largest input, in bytes, that [`super::read_document`] will look at.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// Deepest nesting of objects/arrays (mappings/sequences) accepted in either format.
///
/// Kept below serde_json's own recursion limit (127 levels) so that our message, with its
/// position, is the one the user sees.
pub const MAX_DEPTH: usize = 100;

/// Most values that YAML aliases may replay in one document (billion-laughs guard).
pub const MAX_YAML_ALIAS_REPLAYED_EVENTS: usize = 100_000;

/// Most YAML parser events in one document; a real definition needs one or two per byte.
pub(super) const MAX_YAML_EVENTS: usize = MAX_INPUT_BYTES;
