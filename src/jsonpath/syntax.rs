//! The parsed shape of an AWS-dialect path, and its rendering as RFC 9535 for serde_json_path.

use std::fmt::Write;

use super::roots::Root;

/// A parsed path: where it starts and the segments that follow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    pub root: Root,
    pub segments: Vec<Segment>,
}

/// One step of a path: applied to the current nodes (`.x`, `[..]`) or to all descendants (`..x`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    Child(Selector),
    Descendant(Selector),
}

/// What a segment selects.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Selector {
    /// `.name` or `['name']`.
    Name(String),
    /// `[3]` or `[-1]` (from the end).
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[start:end]`; Jayway has no step.
    Slice(Option<i64>, Option<i64>),
    /// `['a','b']` or `[0,2]`.
    Union(Vec<Selector>),
    /// `[?(expr)]`, holding `(expr)` verbatim: RFC 9535 reads it as a parenthesised expression.
    Filter(String),
}

impl Parsed {
    /// The expressions of every filter in the path, e.g. `(@.a > 1)`.
    pub fn filters(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Child(Selector::Filter(expr))
            | Segment::Descendant(Selector::Filter(expr)) => Some(expr.as_str()),
            _ => None,
        })
    }

    /// The same path in RFC 9535 syntax, rooted at `$` whatever the AWS root was.
    pub fn to_rfc9535(&self) -> String {
        let mut out = String::from("$");
        for segment in &self.segments {
            let selector = match segment {
                Segment::Child(selector) => selector,
                Segment::Descendant(selector) => {
                    out.push_str("..");
                    selector
                }
            };
            out.push('[');
            write_selector(&mut out, selector);
            out.push(']');
        }
        out
    }
}

fn write_selector(out: &mut String, selector: &Selector) {
    match selector {
        Selector::Name(name) => write_quoted(out, name),
        Selector::Index(index) => {
            let _ = write!(out, "{index}");
        }
        Selector::Wildcard => out.push('*'),
        Selector::Slice(start, end) => {
            if let Some(start) = start {
                let _ = write!(out, "{start}");
            }
            out.push(':');
            if let Some(end) = end {
                let _ = write!(out, "{end}");
            }
        }
        Selector::Union(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_selector(out, item);
            }
        }
        Selector::Filter(expr) => {
            out.push('?');
            out.push_str(expr);
        }
    }
}

/// Writes `name` as an RFC 9535 single-quoted string literal.
pub(crate) fn write_quoted(out: &mut String, name: &str) {
    out.push('\'');
    for c in name.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}
