//! States.Format and States.StringSplit.

use serde_json::Value;

use super::ast::ArgValue;
use super::eval::Args;
use super::IntrinsicError;

/// One part of a States.Format template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal text, escapes resolved.
    Text(String),
    /// A `{}` placeholder.
    Hole,
}

/// Splits a template into text and `{}` holes. With `escapes` (a literal
/// template as written) `\{`, `\}`, `\'` and `\\` are literal characters; an
/// unescaped brace that is not part of `{}` is an error, as on AWS.
pub(crate) fn template_pieces(text: &str, escapes: bool) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escapes => {
                if let Some(escaped) = chars.next() {
                    current.push(escaped);
                }
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !current.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut current)));
                }
                pieces.push(Piece::Hole);
            }
            '{' | '}' => {
                return Err(format!(
                    "the template has an unmatched '{c}'; write \\{c} for a literal brace"
                ))
            }
            other => current.push(other),
        }
    }
    if !current.is_empty() {
        pieces.push(Piece::Text(current));
    }
    Ok(pieces)
}

/// The template pieces of a Format call's first argument, when that argument
/// is a literal (used by `check` before any data exists).
pub(crate) fn literal_template(first: &ArgValue) -> Option<Result<Vec<Piece>, String>> {
    match first {
        ArgValue::String(s) => Some(template_pieces(&s.raw, true)),
        _ => None,
    }
}

/// `States.Format(template, args...)`: each `{}` replaced by the next argument.
pub(crate) fn format(args: &Args) -> Result<Value, IntrinsicError> {
    let pieces = match args.call.args.first().map(|a| &a.value) {
        Some(first @ ArgValue::String(_)) => literal_template(first),
        _ => None,
    };
    let pieces = match pieces {
        Some(pieces) => pieces,
        None => template_pieces(args.string(0, "the template")?, false),
    }
    .map_err(|detail| args.invalid(0, detail))?;
    let holes = pieces.iter().filter(|p| **p == Piece::Hole).count();
    let fillers = args.values.get(1..).unwrap_or_default();
    if holes != fillers.len() {
        return Err(args.invalid(
            0,
            format!(
                "number of arguments do not match the occurrences of {{}} ({holes} placeholders, {} arguments)",
                fillers.len()
            ),
        ));
    }
    let mut out = String::new();
    let mut next = fillers.iter();
    for piece in &pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Hole => {
                if let Some(value) = next.next() {
                    render(value, &mut out);
                }
            }
        }
    }
    Ok(Value::String(out))
}

/// How States.Format prints a value: strings bare, scalars as JSON, and arrays
/// and objects the way Java prints collections (`[a, 1]`, `{k=v}`), which is
/// what AWS's Java implementation produces (LocalStack matches it in its
/// AWS-verified snapshots).
fn render(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push('=');
                render(item, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// `States.StringSplit(string, delimiters)`: every character of the second
/// argument is a delimiter, and empty parts are dropped (AWS's example splits
/// "This.is+a,test=string" on ".+,=" into five words).
pub(crate) fn split(args: &Args) -> Result<Value, IntrinsicError> {
    let text = args.string(0, "the string to split")?;
    let delimiters: Vec<char> = args.string(1, "the delimiter")?.chars().collect();
    let parts = text
        .split(|c| delimiters.contains(&c))
        .filter(|part| !part.is_empty())
        .map(|part| Value::String(part.to_string()))
        .collect();
    Ok(Value::Array(parts))
}
