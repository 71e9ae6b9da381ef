//! YAML reading: granit events for positions and structure, serde-saphyr for the value.

use serde_saphyr::options::{AliasLimits, DuplicateKeyPolicy, MergeKeyPolicy};
use serde_saphyr::{DefaultMessageFormatter, Error as SaphyrError, MessageFormatter, Options};

use super::limits::{MAX_DEPTH, MAX_INPUT_BYTES, MAX_YAML_ALIAS_REPLAYED_EVENTS, MAX_YAML_EVENTS};
use super::source_map::Position;
use super::{yaml_positions, Document, Format, TextError, TextErrorKind};

/// Reads `text` (BOM already removed) as a single YAML 1.2 document.
pub(super) fn read(text: &str) -> Result<Document, TextError> {
    // The event pass runs first: it is cheap (aliases are not expanded), iterative, and gives
    // depth, document-count and key-shape errors a precise position.
    let positions = yaml_positions::scan(text)?;
    let value = parse_value(text)?;
    Ok(Document {
        value,
        format: Format::Yaml,
        positions,
    })
}

/// Stack for serde-saphyr's recursive descent, which needs up to ~20 KiB per nesting level in
/// unoptimised builds: far more than the 2 MiB of a test or tokio worker thread allows.
const PARSE_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Builds the value on a thread with a known, large stack, whatever thread the caller is on.
fn parse_value(text: &str) -> Result<serde_json::Value, TextError> {
    let parse = || -> Result<serde_json::Value, TextError> {
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| value_error(&e))
    };
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("yaml-reader".into())
            .stack_size(PARSE_STACK_BYTES)
            .spawn_scoped(scope, parse);
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(TextError::new(
                    TextErrorKind::Syntax,
                    "internal error: the YAML parser failed on this text",
                    Position::START,
                ))
            }),
            // Parsing here instead could overflow a small caller stack; refuse rather than abort.
            Err(e) => Err(TextError::new(
                TextErrorKind::Io,
                format!("cannot start the YAML reader thread: {e}"),
                Position::START,
            )),
        }
    })
}

fn options() -> Options {
    serde_saphyr::options! {
        // YAML 1.2 core schema: a state named `Yes` or a value `on` stays a string.
        strict_booleans: true,
        // Comments carry no data here; buffering them can fail on long comment blocks.
        emit_comments: false,
        // Same as serde_json for JSON input: the last of duplicate keys wins.
        duplicate_keys: DuplicateKeyPolicy::LastWins,
        // `<<` is a YAML 1.1 feature; in ASL it is just a (strange) key.
        merge_keys: MergeKeyPolicy::AsOrdinary,
        // An unquoted AWS account id such as 012345678901 keeps its leading zero.
        leading_zero_numbers_as_strings: true,
        // `1_000` is a number only in YAML 1.1; 1.2's core schema reads it as a string.
        underscored_numbers_as_strings: true,
        // A `null` or `~` key becomes the string "null"/"~" instead of an error.
        null_as_string: true,
        alias_limits: alias_limits(),
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH + 1,
            max_events: MAX_YAML_EVENTS,
            max_nodes: MAX_YAML_EVENTS,
            max_total_scalar_bytes: MAX_INPUT_BYTES,
            max_reader_input_bytes: Some(MAX_INPUT_BYTES),
        },
    }
}

fn alias_limits() -> AliasLimits {
    serde_saphyr::alias_limits! {
        max_total_replayed_events: MAX_YAML_ALIAS_REPLAYED_EVENTS,
        max_replay_stack_depth: MAX_DEPTH,
    }
}

fn value_error(e: &SaphyrError) -> TextError {
    let position = e.location().map_or(Position::START, |l| {
        Position::new(
            usize::try_from(l.line()).unwrap_or(usize::MAX),
            usize::try_from(l.column()).unwrap_or(usize::MAX),
        )
    });
    let inner = original_error(e);
    let (kind, prefix) = match inner {
        SaphyrError::Budget { .. }
        | SaphyrError::AliasReplayCounterOverflow { .. }
        | SaphyrError::AliasReplayLimitExceeded { .. }
        | SaphyrError::AliasReplayStackDepthExceeded { .. } => {
            (TextErrorKind::Budget, "YAML exceeds a safety limit")
        }
        _ => (TextErrorKind::Syntax, "invalid YAML"),
    };
    // The formatter gives the bare message; the position is reported separately.
    let message = DefaultMessageFormatter.format_message(inner);
    TextError::new(kind, format!("{prefix}: {message}"), position)
}

/// Unwraps the alias and snippet wrappers around the error that actually happened.
fn original_error(mut e: &SaphyrError) -> &SaphyrError {
    while let SaphyrError::AliasError { error, .. } | SaphyrError::WithSnippet { error, .. } = e {
        e = error;
    }
    e
}
