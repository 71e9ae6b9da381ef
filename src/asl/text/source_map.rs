//! Positions of every node of a document, addressed by JSON Pointer (RFC 6901).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in characters, starting at 1.
    pub column: u32,
}

impl Position {
    /// The first character of the text.
    pub const START: Position = Position { line: 1, column: 1 };

    /// Builds a position from 1-based line and column, saturating huge values.
    pub fn new(line: usize, column: usize) -> Position {
        Position {
            line: u32::try_from(line.max(1)).unwrap_or(u32::MAX),
            column: u32::try_from(column.max(1)).unwrap_or(u32::MAX),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Index of a node inside a [`SourceMap`].
pub(super) type NodeId = usize;

/// The node kinds the readers need to tell apart when attaching children.
#[derive(Debug, Clone)]
enum Children {
    Leaf,
    // A BTreeMap keeps lookups fast for objects with thousands of states, and inserting a
    // duplicate key replaces the earlier one, matching serde_json's last-wins behaviour.
    Object(BTreeMap<Box<str>, NodeId>),
    Array(Vec<NodeId>),
}

#[derive(Debug, Clone)]
struct Node {
    position: Position,
    children: Children,
}

/// Maps JSON Pointers to the positions of the nodes they name.
///
/// Stored as a tree rather than a map of pointer strings: pointer strings grow with depth,
/// so a hostile document could otherwise make the map quadratic in size.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    nodes: Vec<Node>,
    /// YAML CloudFormation short-form tags (`!Ref`, `!GetAtt`, ...): (pointer, intrinsic).
    cloudformation_tags: Vec<(String, String)>,
}

impl SourceMap {
    /// Creates a map whose root value starts at `position`.
    pub(super) fn with_root(position: Position) -> SourceMap {
        SourceMap {
            nodes: vec![Node {
                position,
                children: Children::Leaf,
            }],
            cloudformation_tags: Vec::new(),
        }
    }

    /// The root node's id.
    pub(super) const ROOT: NodeId = 0;

    pub(super) fn set_cloudformation_tags(&mut self, tags: Vec<(String, String)>) {
        self.cloudformation_tags = tags;
    }

    /// CloudFormation short-form tags found in YAML (`!GetAtt Fn.Arn`), as (JSON Pointer of
    /// the tagged node, intrinsic name such as `GetAtt`), in document order. The value keeps
    /// only the tagged node's content; templates use this to restore the intrinsic.
    pub fn cloudformation_tags(&self) -> &[(String, String)] {
        &self.cloudformation_tags
    }

    /// Marks `node` as an object so that members can be attached to it.
    pub(super) fn make_object(&mut self, node: NodeId) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.children = Children::Object(BTreeMap::new());
        }
    }

    /// Marks `node` as an array so that elements can be attached to it.
    pub(super) fn make_array(&mut self, node: NodeId) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.children = Children::Array(Vec::new());
        }
    }

    /// Adds member `key` of object `parent`, positioned at its key.
    pub(super) fn add_member(&mut self, parent: NodeId, key: &str, position: Position) -> NodeId {
        let id = self.push(position);
        if let Some(Node {
            children: Children::Object(members),
            ..
        }) = self.nodes.get_mut(parent)
        {
            members.insert(key.into(), id);
        }
        id
    }

    /// Appends the next element of array `parent`, positioned at the element.
    pub(super) fn add_element(&mut self, parent: NodeId, position: Position) -> NodeId {
        let id = self.push(position);
        if let Some(Node {
            children: Children::Array(elements),
            ..
        }) = self.nodes.get_mut(parent)
        {
            elements.push(id);
        }
        id
    }

    fn push(&mut self, position: Position) -> NodeId {
        self.nodes.push(Node {
            position,
            children: Children::Leaf,
        });
        self.nodes.len() - 1
    }

    /// 1-based line and column of the node at `pointer` ("" = root, "/States/A/Next").
    ///
    /// For an object member, the position of its key; for an array element, of the element.
    /// If the pointer is not present, the position of the nearest existing ancestor.
    pub fn locate(&self, pointer: &str) -> Position {
        match self.walk(pointer) {
            Walk::Found(p) | Walk::Ancestor(p) => p,
        }
    }

    /// The position of the node at `pointer`, or `None` if no such node exists.
    pub fn get(&self, pointer: &str) -> Option<Position> {
        match self.walk(pointer) {
            Walk::Found(p) => Some(p),
            Walk::Ancestor(_) => None,
        }
    }

    fn walk(&self, pointer: &str) -> Walk {
        let Some(root) = self.nodes.get(Self::ROOT) else {
            return Walk::Ancestor(Position::START);
        };
        if pointer.is_empty() {
            return Walk::Found(root.position);
        }
        let Some(rest) = pointer.strip_prefix('/') else {
            return Walk::Ancestor(root.position);
        };
        let mut node = root;
        for raw in rest.split('/') {
            let segment = unescape_segment(raw);
            let next = match &node.children {
                Children::Object(members) => members.get(segment.as_ref()).copied(),
                Children::Array(elements) => {
                    array_index(&segment).and_then(|i| elements.get(i).copied())
                }
                Children::Leaf => None,
            };
            match next.and_then(|id| self.nodes.get(id)) {
                Some(child) => node = child,
                None => return Walk::Ancestor(node.position),
            }
        }
        Walk::Found(node.position)
    }
}

enum Walk {
    Found(Position),
    Ancestor(Position),
}

/// Parses an RFC 6901 array index: digits only, no leading zeros.
fn array_index(segment: &str) -> Option<usize> {
    let well_formed = !segment.is_empty()
        && segment.bytes().all(|b| b.is_ascii_digit())
        && (segment == "0" || !segment.starts_with('0'));
    if well_formed {
        segment.parse().ok()
    } else {
        None
    }
}

/// Escapes one key for use as a JSON Pointer segment (`~` -> `~0`, `/` -> `~1`).
pub fn escape_pointer_segment(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

/// Undoes [`escape_pointer_segment`]; `~1` is replaced first, as RFC 6901 requires.
fn unescape_segment(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}
