//! The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`
//! with a seed, `$uuid`, `$parse`) and the one it takes away (`$eval`).
//!
//! Host functions get no signature checking from jsonata-core, so each checks its own
//! arguments. As with JSONata's built-ins, an undefined main argument gives an undefined result.

use std::cell::RefCell;
use std::rc::Rc;

use jsonata_core::evaluator::{Evaluator, EvaluatorError};
use jsonata_core::value::JValue;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

type HostResult = Result<JValue, EvaluatorError>;

/// `States.ArrayRange` documents this cap; `$range` replaces it.
pub(super) const MAX_RANGE_ITEMS: i128 = 1_000;

/// Random numbers drawn from the injected source before evaluation, for `$random` and `$uuid`.
#[derive(Debug)]
pub(super) struct RandomPool {
    draws: Vec<u64>,
    next: usize,
    ran_dry: bool,
}

impl RandomPool {
    /// A pool handing out `draws` in order.
    pub(super) fn new(draws: Vec<u64>) -> Self {
        RandomPool {
            draws,
            next: 0,
            ran_dry: false,
        }
    }

    /// Whether an expression asked for more numbers than the pool held.
    pub(super) fn ran_dry(&self) -> bool {
        self.ran_dry
    }

    fn draw(&mut self) -> Result<u64, EvaluatorError> {
        match self.draws.get(self.next) {
            Some(&n) => {
                self.next += 1;
                Ok(n)
            }
            None => {
                self.ran_dry = true;
                Err(failure("the random number pool ran dry".to_owned()))
            }
        }
    }
}

/// Registers Step Functions' functions on `evaluator`, drawing randomness from `pool`.
pub(super) fn register(
    evaluator: &mut Evaluator,
    pool: &Rc<RefCell<RandomPool>>,
) -> Result<(), EvaluatorError> {
    evaluator.register_fn("partition", partition)?;
    evaluator.register_fn("range", range)?;
    evaluator.register_fn("hash", hash)?;
    evaluator.register_fn("parse", parse)?;
    let for_uuid = Rc::clone(pool);
    evaluator.register_fn("uuid", move |args: &[JValue]| {
        uuid(args, &mut for_uuid.borrow_mut())
    })?;
    let for_random = Rc::clone(pool);
    evaluator.register_fn_override("random", move |args: &[JValue]| {
        random(args, &mut for_random.borrow_mut())
    })?;
    evaluator.register_fn_override("eval", |_: &[JValue]| {
        Err(failure(
            "$eval is not available in Step Functions; use $parse to read JSON text".to_owned(),
        ))
    })?;
    Ok(())
}

fn failure(message: String) -> EvaluatorError {
    EvaluatorError::EvaluationError(message)
}

/// Fails when fewer than `min` arguments are given. Surplus ones are ignored: `$map` and its
/// kin pass a host function (value, index, array), and `$map(texts, $parse)` must work.
fn check_arity(name: &str, args: &[JValue], min: usize, usage: &str) -> Result<(), EvaluatorError> {
    if args.len() >= min {
        Ok(())
    } else {
        Err(failure(format!(
            "T0410: ${name} takes {usage}, but was given {}",
            args.len()
        )))
    }
}

/// A number argument, truncated towards zero as AWS does for sizes and bounds.
fn integer(name: &str, what: &str, value: &JValue) -> Result<i128, EvaluatorError> {
    match value.as_f64() {
        Some(n) if n.is_finite() && n.abs() < 9.2e18 => Ok(n.trunc() as i128),
        Some(_) => Err(failure(format!("${name}: the {what} is out of range"))),
        None => Err(failure(format!(
            "T0410: ${name}: the {what} must be a number, not {}",
            type_name(value)
        ))),
    }
}

fn type_name(value: &JValue) -> &'static str {
    match value {
        JValue::Null => "null",
        JValue::Undefined => "nothing (undefined)",
        JValue::Bool(_) => "a boolean",
        JValue::Number(_) => "a number",
        JValue::String(_) => "a string",
        JValue::Array(_) => "an array",
        JValue::Object(_) => "an object",
        _ => "a function",
    }
}

/// `$partition(array, size)`: the array cut into chunks of `size` items, the last one shorter.
fn partition(args: &[JValue]) -> HostResult {
    check_arity("partition", args, 2, "2 arguments (array, chunk size)")?;
    let items: Vec<JValue> = match &args[0] {
        JValue::Undefined => return Ok(JValue::Undefined),
        JValue::Array(items) => items.iter().cloned().collect(),
        // JSONata treats a single value as an array of one.
        other => vec![other.clone()],
    };
    let size = integer("partition", "chunk size", &args[1])?;
    if size < 1 {
        return Err(failure(format!(
            "D3137: $partition: the chunk size must be a positive integer, not {size}"
        )));
    }
    if items.is_empty() {
        return Ok(JValue::Undefined);
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let chunks = items
        .chunks(size)
        .map(|chunk| JValue::array(chunk.to_vec()))
        .collect();
    Ok(JValue::array(chunks))
}

/// `$range(start, end, step)`: from `start` to `end` inclusive, `step` apart.
fn range(args: &[JValue]) -> HostResult {
    check_arity("range", args, 3, "3 arguments (start, end, step)")?;
    if args.iter().any(JValue::is_undefined) {
        return Ok(JValue::Undefined);
    }
    let start = integer("range", "start", &args[0])?;
    let end = integer("range", "end", &args[1])?;
    let step = integer("range", "step", &args[2])?;
    if step == 0 {
        return Err(failure(
            "D3137: $range: the step must not be zero".to_owned(),
        ));
    }
    let count = if (end - start).signum() * step.signum() < 0 {
        0
    } else {
        (end - start) / step + 1
    };
    if count > MAX_RANGE_ITEMS {
        return Err(failure(format!(
            "D3137: $range: the result would have {count} items; Step Functions allows at most {MAX_RANGE_ITEMS}"
        )));
    }
    if count == 0 {
        // An empty result is "nothing" in JSONata.
        return Ok(JValue::Undefined);
    }
    let items = (0..count)
        .map(|i| JValue::from_i64((start + i * step) as i64))
        .collect();
    Ok(JValue::array(items))
}

/// `$hash(data, algorithm)`: the lowercase hex digest of the string's UTF-8 bytes.
fn hash(args: &[JValue]) -> HostResult {
    check_arity("hash", args, 2, "2 arguments (data, algorithm)")?;
    let data = match &args[0] {
        JValue::Undefined => return Ok(JValue::Undefined),
        JValue::String(s) => s.as_bytes(),
        other => {
            return Err(failure(format!(
                "T0410: $hash: the data must be a string, not {}",
                type_name(other)
            )))
        }
    };
    let digest = match args[1].as_str() {
        Some("MD5") => hex(&Md5::digest(data)),
        Some("SHA-1") => hex(&Sha1::digest(data)),
        Some("SHA-256") => hex(&Sha256::digest(data)),
        Some("SHA-384") => hex(&Sha384::digest(data)),
        Some("SHA-512") => hex(&Sha512::digest(data)),
        _ => {
            return Err(failure(format!(
                "D3137: $hash: the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, not {}",
                match args[1].as_str() {
                    Some(s) => format!("'{s}'"),
                    None => type_name(&args[1]).to_owned(),
                }
            )))
        }
    };
    Ok(JValue::from(digest))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `$parse(text)`: the JSON value the string holds.
fn parse(args: &[JValue]) -> HostResult {
    check_arity("parse", args, 1, "1 argument (a JSON string)")?;
    let text = match &args[0] {
        JValue::Undefined => return Ok(JValue::Undefined),
        JValue::String(s) => s,
        other => {
            return Err(failure(format!(
                "T0410: $parse: the argument must be a string, not {}",
                type_name(other)
            )))
        }
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => Ok(JValue::from(value)),
        Err(e) => Err(failure(format!("D3137: $parse: invalid JSON: {e}"))),
    }
}

/// `$uuid()`: a version 4 UUID built from two draws.
fn uuid(_args: &[JValue], pool: &mut RandomPool) -> HostResult {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&pool.draw()?.to_be_bytes());
    bytes[8..].copy_from_slice(&pool.draw()?.to_be_bytes());
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
    Ok(JValue::from(id.hyphenated().to_string()))
}

/// `$random()` draws from the injected source; `$random(seed)` is the first double of
/// `java.util.Random` seeded with it, so a seed gives the same number AWS gives.
fn random(args: &[JValue], pool: &mut RandomPool) -> HostResult {
    match args.first() {
        None | Some(JValue::Undefined) => {
            let bits = pool.draw()? >> 11;
            Ok(JValue::Number(bits as f64 / (1u64 << 53) as f64))
        }
        Some(seed) => {
            let seed = integer("random", "seed", seed)?;
            Ok(JValue::Number(java_next_double(seed as i64)))
        }
    }
}

/// `new java.util.Random(seed).nextDouble()`: a 48-bit linear congruential generator.
pub(super) fn java_next_double(seed: i64) -> f64 {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;
    let mut state = (seed as u64 ^ MULTIPLIER) & MASK;
    let mut next = |bits: u32| {
        state = (state.wrapping_mul(MULTIPLIER).wrapping_add(0xB)) & MASK;
        state >> (48 - bits)
    };
    let high = next(26);
    let low = next(27);
    ((high << 27) + low) as f64 / (1u64 << 53) as f64
}
