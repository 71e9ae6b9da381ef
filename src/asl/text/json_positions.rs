//! An iterative JSON scanner that records where every node starts and enforces the depth limit.
//!
//! It checks structure only; serde_json remains the authority on validity and on wording of
//! syntax errors. No recursion, so nesting depth cannot overflow the stack.

use super::limits::MAX_DEPTH;
use super::source_map::{NodeId, Position, SourceMap};

/// Why the scanner stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScanStop {
    /// A container opens at this position beyond [`MAX_DEPTH`] levels.
    TooDeep(Position),
    /// The text is not well-formed JSON; serde_json will say why.
    Malformed,
}

/// Scans `text` and returns the position of every node.
pub(super) fn scan(text: &str) -> Result<SourceMap, ScanStop> {
    let mut cur = Cursor::new(text);
    cur.skip_ws();
    let mut map = SourceMap::with_root(cur.position());
    let mut stack: Vec<Frame> = Vec::new();
    let mut state = State::Value(SourceMap::ROOT);
    loop {
        cur.skip_ws();
        state = match state {
            State::Value(node) => start_value(&mut cur, &mut map, &mut stack, node)?,
            State::MemberOrEnd if cur.peek() == Some(b'}') => close(&mut cur, &mut stack),
            State::Member => {
                let Some(Frame { node: parent, .. }) = stack.last().copied() else {
                    return Err(ScanStop::Malformed);
                };
                State::Value(read_member_key(&mut cur, &mut map, parent)?)
            }
            State::MemberOrEnd => State::Member,
            State::ElementOrEnd if cur.peek() == Some(b']') => close(&mut cur, &mut stack),
            State::Element | State::ElementOrEnd => {
                let Some(Frame { node: parent, .. }) = stack.last().copied() else {
                    return Err(ScanStop::Malformed);
                };
                State::Value(map.add_element(parent, cur.position()))
            }
            State::AfterValue => match (stack.last().map(|f| f.is_array), cur.peek()) {
                (None, None) => return Ok(map),
                (None, Some(_)) => return Err(ScanStop::Malformed),
                (Some(false), Some(b',')) => {
                    cur.bump();
                    State::Member
                }
                (Some(true), Some(b',')) => {
                    cur.bump();
                    State::Element
                }
                (Some(false), Some(b'}')) | (Some(true), Some(b']')) => close(&mut cur, &mut stack),
                (Some(_), _) => return Err(ScanStop::Malformed),
            },
        };
    }
}

/// What the scanner expects next.
#[derive(Debug, Clone, Copy)]
enum State {
    /// A value that will be recorded as this node.
    Value(NodeId),
    /// A member key or `}` right after `{`.
    MemberOrEnd,
    /// A member key after `,`.
    Member,
    /// An element or `]` right after `[`.
    ElementOrEnd,
    /// An element after `,`.
    Element,
    /// `,` or the end of the enclosing container (or of the text at top level).
    AfterValue,
}

/// One open container.
#[derive(Debug, Clone, Copy)]
struct Frame {
    node: NodeId,
    is_array: bool,
}

fn start_value(
    cur: &mut Cursor<'_>,
    map: &mut SourceMap,
    stack: &mut Vec<Frame>,
    node: NodeId,
) -> Result<State, ScanStop> {
    let is_array = match cur.peek() {
        Some(b'{') => false,
        Some(b'[') => true,
        Some(b'"') => {
            cur.read_string()?;
            return Ok(State::AfterValue);
        }
        Some(_) => {
            cur.skip_scalar()?;
            return Ok(State::AfterValue);
        }
        None => return Err(ScanStop::Malformed),
    };
    if stack.len() >= MAX_DEPTH {
        return Err(ScanStop::TooDeep(cur.position()));
    }
    cur.bump();
    stack.push(Frame { node, is_array });
    if is_array {
        map.make_array(node);
        Ok(State::ElementOrEnd)
    } else {
        map.make_object(node);
        Ok(State::MemberOrEnd)
    }
}

fn close(cur: &mut Cursor<'_>, stack: &mut Vec<Frame>) -> State {
    cur.bump();
    stack.pop();
    State::AfterValue
}

/// Reads `"key" :` and records the member at the key's position.
fn read_member_key(
    cur: &mut Cursor<'_>,
    map: &mut SourceMap,
    parent: NodeId,
) -> Result<NodeId, ScanStop> {
    if cur.peek() != Some(b'"') {
        return Err(ScanStop::Malformed);
    }
    let position = cur.position();
    let (raw, escaped) = cur.read_string()?;
    let id = if escaped {
        // Escapes are rare in keys; serde_json decodes them exactly as it will in the value.
        let key: String = serde_json::from_str(raw).map_err(|_| ScanStop::Malformed)?;
        map.add_member(parent, &key, position)
    } else {
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
        map.add_member(parent, inner, position)
    };
    cur.skip_ws();
    if cur.peek() != Some(b':') {
        return Err(ScanStop::Malformed);
    }
    cur.bump();
    Ok(id)
}

/// A byte cursor that tracks line and character column.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    fn position(&self) -> Position {
        Position::new(self.line, self.column)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn bump(&mut self) {
        let Some(b) = self.peek() else { return };
        self.offset += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            // Only the first byte of a UTF-8 sequence starts a new character.
            self.column += 1;
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// Skips a number or literal; serde_json validates its spelling later.
    fn skip_scalar(&mut self) -> Result<(), ScanStop> {
        let start = self.offset;
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+' | b'-' | b'.')
        ) {
            self.bump();
        }
        if self.offset == start {
            Err(ScanStop::Malformed)
        } else {
            Ok(())
        }
    }

    /// Reads a string token; returns its raw text (quotes included) and whether it has escapes.
    fn read_string(&mut self) -> Result<(&'a str, bool), ScanStop> {
        let start = self.offset;
        let mut escaped = false;
        self.bump();
        loop {
            match self.peek() {
                None => return Err(ScanStop::Malformed),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.bump();
                    self.bump();
                }
                Some(b) if b < 0x20 => return Err(ScanStop::Malformed),
                Some(_) => self.bump(),
            }
        }
        self.bump();
        let raw = self
            .text
            .get(start..self.offset)
            .ok_or(ScanStop::Malformed)?;
        Ok((raw, escaped))
    }
}
