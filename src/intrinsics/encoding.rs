//! States.Base64Encode, States.Base64Decode and States.Hash.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use md5::Md5;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::eval::{java_len, Args};
use super::signature::HASH_ALGORITHMS;
use super::IntrinsicError;

/// AWS limits the input of Base64Encode, Base64Decode and Hash to this many
/// characters.
pub const MAX_INPUT_CHARS: usize = 10_000;

/// `States.Base64Encode(string)`: standard alphabet with padding, over UTF-8.
pub(crate) fn base64_encode(args: &Args) -> Result<Value, IntrinsicError> {
    let text = limited_string(args, "the data to encode")?;
    Ok(Value::String(STANDARD.encode(text.as_bytes())))
}

/// `States.Base64Decode(string)`: at most 10,000 input characters, so at most
/// 7,500 decoded bytes. Decoding is lenient like Java's MIME decoder, which AWS
/// is observed to use: characters outside the alphabet are skipped, decoding
/// stops at the first `=`, and missing padding is fine. Bytes that are not
/// UTF-8 become U+FFFD, as Java's `new String(bytes, UTF_8)` does.
pub(crate) fn base64_decode(args: &Args) -> Result<Value, IntrinsicError> {
    let text = limited_string(args, "the data to decode")?;
    let cleaned: String = text
        .chars()
        .take_while(|c| *c != '=')
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    let lenient = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = lenient
        .decode(cleaned.as_bytes())
        .map_err(|e| args.invalid(0, format!("the input is not valid Base64 ({e})")))?;
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

/// `States.Hash(data, algorithm)`: lower-case hex digest of the UTF-8 bytes.
/// AWS hashes non-string data by its JSON text, so this does too.
pub(crate) fn hash(args: &Args) -> Result<Value, IntrinsicError> {
    let data = match args.get(0)? {
        Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
        other => std::borrow::Cow::Owned(crate::json_text::to_string(other)),
    };
    let length = java_len(&data);
    if length > MAX_INPUT_CHARS {
        return Err(args.invalid(
            0,
            format!("the data to hash has {length} characters; the limit is {MAX_INPUT_CHARS}"),
        ));
    }
    let algorithm = args.string(1, "the hash algorithm")?;
    let digest = hex_digest(algorithm, data.as_bytes()).ok_or_else(|| {
        args.invalid(
            1,
            format!(
                "unsupported hash algorithm '{algorithm}'; use one of {}",
                HASH_ALGORITHMS.join(", ")
            ),
        )
    })?;
    Ok(Value::String(digest))
}

/// The digest of `bytes` with the AWS-named algorithm, or `None` if unknown.
fn hex_digest(algorithm: &str, bytes: &[u8]) -> Option<String> {
    let raw: Vec<u8> = match algorithm {
        "MD5" => Md5::digest(bytes).to_vec(),
        "SHA-1" => Sha1::digest(bytes).to_vec(),
        "SHA-256" => Sha256::digest(bytes).to_vec(),
        "SHA-384" => Sha384::digest(bytes).to_vec(),
        "SHA-512" => Sha512::digest(bytes).to_vec(),
        _ => return None,
    };
    Some(lower_hex(&raw))
}

/// Lower-case hex, two digits a byte (without a `format!` per byte: hashing runs per item).
fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Argument 0 as a string of at most [`MAX_INPUT_CHARS`] characters.
fn limited_string<'a>(args: &'a Args, what: &str) -> Result<&'a str, IntrinsicError> {
    let text = args.string(0, what)?;
    let length = java_len(text);
    if length > MAX_INPUT_CHARS {
        return Err(args.invalid(
            0,
            format!("{what} has {length} characters; the limit is {MAX_INPUT_CHARS}"),
        ));
    }
    Ok(text)
}
