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

/// One step of reading a States.Format template.
enum Part {
    /// A literal character, escapes resolved.
    Char(char),
    /// A `{}` placeholder.
    Hole,
}

/// Reads a template part by part. With `escapes` (a literal template as written) `\{`,
/// `\}`, `\'` and `\\` are literal characters; an unescaped brace that is not part of `{}`
/// is an error, as on AWS.
fn read_template(text: &str, escapes: bool, mut part: impl FnMut(Part)) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escapes => {
                if let Some(escaped) = chars.next() {
                    part(Part::Char(escaped));
                }
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                part(Part::Hole);
            }
            '{' | '}' => {
                return Err(format!(
                    "the template has an unmatched '{c}'; write \\{c} for a literal brace"
                ))
            }
            other => part(Part::Char(other)),
        }
    }
    Ok(())
}

/// Splits a template into text and `{}` holes (see [`read_template`]).
pub(crate) fn template_pieces(text: &str, escapes: bool) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    read_template(text, escapes, |part| match part {
        Part::Char(c) => current.push(c),
        Part::Hole => {
            if !current.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut current)));
            }
            pieces.push(Piece::Hole);
        }
    })?;
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
    // A literal template is read as written (with its escapes), a template from a path as
    // plain text.
    let (template, escapes) = match args.call.args.first().map(|a| &a.value) {
        Some(ArgValue::String(s)) => (s.raw.as_str(), true),
        _ => (args.string(0, "the template")?, false),
    };
    let mut holes = 0;
    read_template(template, escapes, |part| {
        if let Part::Hole = part {
            holes += 1;
        }
    })
    .map_err(|detail| args.invalid(0, detail))?;
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
    // Text and holes go straight into the result: no list of pieces per call.
    let mut out = String::with_capacity(template.len() + 16 * holes);
    let mut next = fillers.iter();
    let filled = read_template(template, escapes, |part| match part {
        Part::Char(c) => out.push(c),
        Part::Hole => {
            if let Some(value) = next.next() {
                render(value, &mut out);
            }
        }
    });
    filled.map_err(|detail| args.invalid(0, detail))?;
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
        scalar => crate::json_text::write_value(scalar, out),
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
