//! A pass over granit-parser's YAML events that records where every node starts.
//!
//! It also enforces the depth limit and the single-document rule before serde-saphyr builds
//! the value, so both are reported with a position. The parser and this pass are iterative.

use granit_parser::{ErrorKind, Event, Marker, Parser, ScanError, Tag};

use super::limits::MAX_DEPTH;
use super::source_map::{NodeId, Position, SourceMap};
use super::{TextError, TextErrorKind};

/// How far granit's scanner may look ahead for a simple key (its default).
const SCANNER_LOOKAHEAD: usize = 1024;

/// Scans `text` and returns the position of every node of its single document.
pub(super) fn scan(text: &str) -> Result<SourceMap, TextError> {
    let options = granit_parser::options! {
        emit_comments: false,
        // Long comment blocks (real templates have hundreds of lines) must not fail the scan.
        max_buffered_comment_events: usize::MAX,
        // The scanner reads ahead of the events while it looks for simple keys (up to 1,024
        // characters at a time), so its own limits sit well above ours: our check, on events,
        // then trips first and names the first container that is too deep.
        flow_nesting_limit: MAX_DEPTH + 4 * SCANNER_LOOKAHEAD,
        block_nesting_limit: MAX_DEPTH + 4 * SCANNER_LOOKAHEAD,
        simple_key_max_lookahead: SCANNER_LOOKAHEAD,
    };
    let mut scanner = Scanner::default();
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.map_err(|e| scan_error(&e))?;
        scanner.event(event, position(&span.start))?;
    }
    let tags = std::mem::take(&mut scanner.tags);
    scanner
        .map
        .map(|mut map| {
            map.set_cloudformation_tags(tags);
            map
        })
        .ok_or_else(|| {
            TextError::new(
                TextErrorKind::Empty,
                "the definition is empty (no YAML document)",
                Position::START,
            )
        })
}

/// Converts a granit marker (1-based line, 0-based character column) to a [`Position`].
pub(super) fn position(marker: &Marker) -> Position {
    Position::new(marker.line(), marker.col().saturating_add(1))
}

fn scan_error(e: &ScanError) -> TextError {
    if matches!(e.kind(), ErrorKind::RecursionLimitExceeded) {
        return TextError::new(
            TextErrorKind::TooDeep,
            format!("nesting deeper than {MAX_DEPTH} levels"),
            position(e.marker()),
        );
    }
    TextError::new(
        TextErrorKind::Syntax,
        format!("invalid YAML: {}", e.kind()),
        position(e.marker()),
    )
}

/// One open collection.
enum Frame {
    /// A mapping; `value` is the member whose value comes next, `None` when a key comes next.
    /// `key` is the latest key, for the JSON Pointer of tagged nodes.
    Mapping {
        node: NodeId,
        value: Option<NodeId>,
        key: String,
    },
    /// A sequence; `count` is how many elements have started so far.
    Sequence { node: NodeId, count: usize },
}

#[derive(Default)]
struct Scanner {
    map: Option<SourceMap>,
    stack: Vec<Frame>,
    documents: usize,
    /// CloudFormation short-form tags (`!Ref`, `!GetAtt`, ...) with the pointer they tag.
    tags: Vec<(String, String)>,
}

/// The local tags CloudFormation defines as short forms of its intrinsic functions.
const CLOUDFORMATION_TAGS: [&str; 19] = [
    "Ref",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "FindInMap",
    "ImportValue",
    "GetAZs",
    "Base64",
    "Cidr",
    "Condition",
    "Transform",
    "Length",
];

/// The CloudFormation intrinsic named by a short-form tag, if it is one.
fn cloudformation_tag(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    (tag.handle() == "!" && CLOUDFORMATION_TAGS.contains(&tag.suffix()))
        .then(|| tag.suffix().to_owned())
}

impl Scanner {
    fn event(&mut self, event: Event<'_>, at: Position) -> Result<(), TextError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(TextError::new(
                        TextErrorKind::Unsupported,
                        "more than one YAML document; a definition must be a single document",
                        at,
                    ));
                }
                Ok(())
            }
            Event::Scalar(text, _, _, tag) => {
                if let Some(Frame::Mapping {
                    node, value: None, ..
                }) = self.stack.last()
                {
                    let parent = *node;
                    let map = self.map.get_or_insert_with(|| SourceMap::with_root(at));
                    let member = map.add_member(parent, &text, at);
                    self.set_pending(Some(member));
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        key.clear();
                        key.push_str(&text);
                    }
                    Ok(())
                } else {
                    self.node(at)?;
                    self.record_tag(tag.as_deref(), self.stack.len());
                    Ok(())
                }
            }
            Event::Alias(_) => {
                if let Some(Frame::Mapping { value: None, .. }) = self.stack.last() {
                    return Err(TextError::new(
                        TextErrorKind::Unsupported,
                        "an alias cannot be used as a mapping key in a definition",
                        at,
                    ));
                }
                self.node(at).map(|_| ())
            }
            Event::SequenceStart(_, _, tag) => {
                self.open(at, true)?;
                self.record_tag(tag.as_deref(), self.stack.len().saturating_sub(1));
                Ok(())
            }
            Event::MappingStart(_, _, tag) => {
                self.open(at, false)?;
                self.record_tag(tag.as_deref(), self.stack.len().saturating_sub(1));
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn open(&mut self, at: Position, is_sequence: bool) -> Result<(), TextError> {
        if let Some(Frame::Mapping { value: None, .. }) = self.stack.last() {
            return Err(TextError::new(
                TextErrorKind::Unsupported,
                "a mapping key must be a scalar, not a sequence or mapping",
                at,
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(TextError::new(
                TextErrorKind::TooDeep,
                format!("nesting deeper than {MAX_DEPTH} levels"),
                at,
            ));
        }
        let node = self.node(at)?;
        let map = self.map.get_or_insert_with(|| SourceMap::with_root(at));
        if is_sequence {
            map.make_array(node);
            self.stack.push(Frame::Sequence { node, count: 0 });
        } else {
            map.make_object(node);
            self.stack.push(Frame::Mapping {
                node,
                value: None,
                key: String::new(),
            });
        }
        Ok(())
    }

    /// Records a value node (not a key) at `at` and returns its id.
    fn node(&mut self, at: Position) -> Result<NodeId, TextError> {
        let Some(map) = self.map.as_mut() else {
            self.map = Some(SourceMap::with_root(at));
            return Ok(SourceMap::ROOT);
        };
        match self.stack.last() {
            Some(Frame::Mapping {
                value: Some(member),
                ..
            }) => {
                let member = *member;
                self.set_pending(None);
                Ok(member)
            }
            Some(Frame::Sequence { node, .. }) => {
                let element = map.add_element(*node, at);
                if let Some(Frame::Sequence { count, .. }) = self.stack.last_mut() {
                    *count += 1;
                }
                Ok(element)
            }
            // A second root cannot happen inside one document; keep the first.
            Some(Frame::Mapping { value: None, .. }) | None => Ok(SourceMap::ROOT),
        }
    }

    /// Remembers a CloudFormation tag on the node just read, located by the first `depth`
    /// open collections.
    fn record_tag(&mut self, tag: Option<&Tag>, depth: usize) {
        let Some(name) = cloudformation_tag(tag) else {
            return;
        };
        let mut pointer = String::new();
        for frame in self.stack.iter().take(depth) {
            pointer.push('/');
            match frame {
                Frame::Mapping { key, .. } => pointer.push_str(&super::escape_pointer_segment(key)),
                Frame::Sequence { count, .. } => {
                    pointer.push_str(&count.saturating_sub(1).to_string())
                }
            }
        }
        self.tags.push((pointer, name));
    }

    fn set_pending(&mut self, pending: Option<NodeId>) {
        if let Some(Frame::Mapping { value, .. }) = self.stack.last_mut() {
            *value = pending;
        }
    }
}
