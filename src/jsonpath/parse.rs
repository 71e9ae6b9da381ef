//! Parser for the AWS (Jayway-style) JSONPath dialect into [`Parsed`].

use super::error::PathError;
use super::filter;
use super::quotes::Quotes;
use super::roots::Root;
use super::syntax::{Parsed, Segment, Selector};

/// AWS limits variable names to 80 characters.
const MAX_VARIABLE_NAME_CHARS: usize = 80;

/// Parses `text`; the error names the first problem and its 1-based character position.
pub(crate) fn parse(text: &str) -> Result<Parsed, PathError> {
    let mut parser = Parser { text, pos: 0 };
    let root = parser.root()?;
    let mut segments = Vec::new();
    while let Some(c) = parser.peek() {
        let segment = match c {
            '.' => parser.dot()?,
            '[' => Segment::Child(parser.bracket()?),
            _ => return Err(parser.error(format!("unexpected '{c}', expected '.' or '['"))),
        };
        segments.push(segment);
    }
    Ok(Parsed { root, segments })
}

struct Parser<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    /// An error at the current position.
    fn error(&self, reason: impl Into<String>) -> PathError {
        self.error_at(self.pos, reason)
    }

    fn error_at(&self, byte: usize, reason: impl Into<String>) -> PathError {
        let column = self.text.get(..byte).map_or(0, |s| s.chars().count()) + 1;
        PathError::syntax(
            self.text,
            format!("{} (at character {column})", reason.into()),
        )
    }

    /// `$$` (context), `$name` (variable) or `$` (input).
    fn root(&mut self) -> Result<Root, PathError> {
        if self.peek() != Some('$') {
            return Err(self.error("a path must start with '$'"));
        }
        self.bump();
        match self.peek() {
            Some('$') => {
                self.bump();
                Ok(Root::Context)
            }
            Some(c) if is_identifier_start(c) => {
                let start = self.pos;
                while self.peek().is_some_and(is_identifier_continue) {
                    self.bump();
                }
                let name = self.text.get(start..self.pos).unwrap_or_default();
                if name.chars().count() > MAX_VARIABLE_NAME_CHARS {
                    return Err(self.error_at(start, "variable names are at most 80 characters"));
                }
                Ok(Root::Variable(name.to_owned()))
            }
            _ => Ok(Root::Input),
        }
    }

    /// `.name`, `.*`, `.['name']`, `..name`, `..*`, `..[…]`.
    fn dot(&mut self) -> Result<Segment, PathError> {
        self.bump();
        let descendant = self.peek() == Some('.');
        if descendant {
            self.bump();
        }
        let selector = match self.peek() {
            // Jayway accepts `$.abc.['def ghi']`, and the AWS docs use that form.
            Some('[') => self.bracket()?,
            Some('*') => {
                self.bump();
                Selector::Wildcard
            }
            _ => Selector::Name(self.member_name()?),
        };
        Ok(if descendant {
            Segment::Descendant(selector)
        } else {
            Segment::Child(selector)
        })
    }

    /// A dot-notation member name: Jayway reads up to the next `.` or `[`, so `$.detail-type` works.
    fn member_name(&mut self) -> Result<String, PathError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                '.' | '[' => break,
                '(' => {
                    return Err(self.error("functions such as length() are not supported"));
                }
                c if c.is_whitespace() || "])'\",*?@$".contains(c) => {
                    return Err(self.error(format!(
                        "'{c}' is not allowed in a dot-notation name; use bracket notation ['…']"
                    )));
                }
                _ => self.bump(),
            }
        }
        match self.text.get(start..self.pos) {
            Some(name) if !name.is_empty() => Ok(name.to_owned()),
            _ => Err(self.error("expected a member name after '.'")),
        }
    }

    /// `[…]`: names, indexes, a slice, `*` or a filter.
    fn bracket(&mut self) -> Result<Selector, PathError> {
        let open = self.pos;
        let close =
            matching_bracket(self.text, open).map_err(|reason| self.error_at(open, reason))?;
        let inner = self.text.get(open + 1..close).unwrap_or_default().trim();
        self.pos = close + 1;
        bracket_selector(inner).map_err(|reason| self.error_at(open, reason))
    }
}

/// Byte offset of the `]` closing the `[` at `open`, skipping quoted strings.
fn matching_bracket(text: &str, open: usize) -> Result<usize, &'static str> {
    let mut depth = 0usize;
    let mut quotes = Quotes::default();
    for (i, c) in text.get(open..).unwrap_or_default().char_indices() {
        if quotes.quoted(c) {
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(open + i);
                }
            }
            _ => {}
        }
    }
    Err(if quotes.is_open() {
        "unterminated quoted name"
    } else {
        "unclosed '['"
    })
}

/// The selector written between brackets (already trimmed).
fn bracket_selector(inner: &str) -> Result<Selector, String> {
    if inner.is_empty() {
        return Err("empty brackets".into());
    }
    if let Some(expr) = inner.strip_prefix('?') {
        return filter::filter_expression(expr).map(Selector::Filter);
    }
    if inner == "*" {
        return Ok(Selector::Wildcard);
    }
    let items = if inner.starts_with(['\'', '"']) {
        quoted_names(inner)?
            .into_iter()
            .map(Selector::Name)
            .collect()
    } else {
        index_items(inner)?
    };
    Ok(single_or_union(items))
}

fn single_or_union(mut items: Vec<Selector>) -> Selector {
    if items.len() == 1 {
        if let Some(item) = items.pop() {
            return item;
        }
    }
    Selector::Union(items)
}

/// `0`, `-1`, `0, 2`, `1:3`, `:2`, `-2:`.
fn index_items(inner: &str) -> Result<Vec<Selector>, String> {
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let mut items = Vec::with_capacity(parts.len());
    for part in &parts {
        if part.starts_with(['\'', '"']) {
            return Err("names and indexes cannot be mixed in one bracket".into());
        }
        if part.contains(':') {
            if parts.len() > 1 {
                return Err("a slice cannot be combined with other indexes".into());
            }
            items.push(slice(part)?);
        } else {
            items.push(Selector::Index(integer(part)?));
        }
    }
    Ok(items)
}

fn slice(text: &str) -> Result<Selector, String> {
    let bounds: Vec<&str> = text.split(':').map(str::trim).collect();
    let [start, end] = bounds.as_slice() else {
        return Err("slice steps ([start:end:step]) are not supported".into());
    };
    let bound = |s: &str| {
        if s.is_empty() {
            Ok(None)
        } else {
            integer(s).map(Some)
        }
    };
    Ok(Selector::Slice(bound(start)?, bound(end)?))
}

fn integer(text: &str) -> Result<i64, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if text.is_empty() {
            "expected an index".into()
        } else {
            format!("'{text}' is not an integer index; quote member names, as in ['{text}']")
        });
    }
    text.parse()
        .map_err(|_| format!("index '{text}' is out of range"))
}

/// `'a'`, `"a"`, `'a', 'b'`, with JSON-style backslash escapes.
fn quoted_names(inner: &str) -> Result<Vec<String>, String> {
    let mut chars = inner.chars().peekable();
    let mut names = Vec::new();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let quote = match chars.next() {
            Some(q @ ('\'' | '"')) => q,
            _ => return Err("expected a quoted member name".into()),
        };
        let mut name = String::new();
        loop {
            match chars.next() {
                None => return Err("unterminated quoted name".into()),
                Some(c) if c == quote => break,
                Some('\\') => name.push(escape(&mut chars)?),
                Some(c) => name.push(c),
            }
        }
        names.push(name);
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => return Ok(names),
            Some(',') => {}
            Some(c) => return Err(format!("unexpected '{c}' after a quoted name")),
        }
    }
}

/// The character a backslash escape stands for (the backslash is already consumed).
fn escape(chars: &mut impl Iterator<Item = char>) -> Result<char, String> {
    let c = chars.next().ok_or("unterminated escape")?;
    Ok(match c {
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '\\' | '/' | '\'' | '"' => c,
        'u' => {
            let high = hex4(chars)?;
            if (0xD800..0xDC00).contains(&high) {
                // A UTF-16 surrogate pair, as JSON writes characters outside the BMP.
                if chars.next() != Some('\\') || chars.next() != Some('u') {
                    return Err("unpaired surrogate in \\u escape".into());
                }
                let low = hex4(chars)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return Err("unpaired surrogate in \\u escape".into());
                }
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                char::from_u32(code).ok_or("invalid \\u escape")?
            } else {
                char::from_u32(high).ok_or("invalid \\u escape")?
            }
        }
        other => return Err(format!("unknown escape '\\{other}'")),
    })
}

fn hex4(chars: &mut impl Iterator<Item = char>) -> Result<u32, String> {
    let mut code = 0;
    for _ in 0..4 {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or("\\u must be followed by four hex digits")?;
        code = code * 16 + digit;
    }
    Ok(code)
}

/// Approximates Unicode ID_Start (AWS's rule for variable names) without a Unicode table crate.
pub(crate) fn is_identifier_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Approximates Unicode ID_Continue.
pub(crate) fn is_identifier_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
