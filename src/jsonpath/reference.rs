//! Reference paths: `$`, member access and integer indexes only; readable and writable.

use std::fmt;

use serde_json::{Map, Value};

use super::error::PathError;
use super::parse::parse;
use super::roots::{Root, Roots};
use super::step::{array_slot, kind, render, walk, Step};
use super::syntax::{Segment, Selector};

/// A compiled reference path (ResultPath, ItemsPath): it names exactly one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferencePath {
    text: Box<str>,
    root: Root,
    steps: Vec<Step>,
}

impl ReferencePath {
    /// Parses `text`, rejecting anything that could select more than one node.
    pub fn parse(text: &str) -> Result<ReferencePath, PathError> {
        // Jayway ignores trailing whitespace, and deployed definitions rely on it.
        let parsed = parse(text.trim_end())?;
        let not_reference = |reason: &str| PathError::NotReference {
            path: text.to_owned(),
            reason: reason.to_owned(),
        };
        let mut steps = Vec::with_capacity(parsed.segments.len());
        for segment in &parsed.segments {
            let selector = match segment {
                Segment::Child(selector) => selector,
                Segment::Descendant(_) => return Err(not_reference("'..' is not allowed")),
            };
            let step = match selector {
                Selector::Name(name) => Step::Field(name.as_str().into()),
                Selector::Index(index) if *index >= 0 => Step::Index(*index),
                Selector::Index(_) => {
                    return Err(not_reference("negative indexes are not allowed"))
                }
                Selector::Wildcard => return Err(not_reference("'*' is not allowed")),
                Selector::Slice(..) => return Err(not_reference("slices are not allowed")),
                Selector::Union(_) => return Err(not_reference("unions are not allowed")),
                Selector::Filter(_) => return Err(not_reference("filters are not allowed")),
            };
            steps.push(step);
        }
        Ok(ReferencePath {
            text: text.into(),
            root: parsed.root,
            steps,
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The document the path reads; ResultPath must use [`Root::Input`].
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// The member names when the path is only members of the input (`$.a.b`), outermost
    /// first; `None` for `$`, indexes or another root.
    pub fn input_member_names(&self) -> Option<Vec<&str>> {
        if self.root != Root::Input || self.steps.is_empty() {
            return None;
        }
        self.steps
            .iter()
            .map(|step| match step {
                Step::Field(name) => Some(&**name),
                Step::Index(_) => None,
            })
            .collect()
    }

    /// The node the path names, borrowed; error if it does not exist.
    pub fn get<'a>(&self, roots: &Roots<'a>) -> Result<&'a Value, PathError> {
        let doc = roots.document(&self.root, &self.text)?;
        walk(doc, &self.steps).map_err(|failure| PathError::NotFound {
            path: self.text.to_string(),
            reason: format!("at {}: {}", self.prefix(failure.depth), failure.reason),
        })
    }

    /// ResultPath semantics: returns `target` with `value` stored at this path.
    ///
    /// `$` replaces the whole target. Missing members are created as objects; existing array
    /// elements can be replaced. Writing through a non-object, a missing element or a
    /// non-input root fails with `ResultPathMatchFailure`.
    pub fn set(&self, mut target: Value, value: Value) -> Result<Value, PathError> {
        if self.root != Root::Input {
            return Err(self.failure(format!(
                "only the state input ($) can be written, not {}",
                self.root
            )));
        }
        let mut slot = &mut target;
        for (depth, step) in self.steps.iter().enumerate() {
            let next = match (step, slot) {
                (Step::Field(name), Value::Object(map)) => field_slot(map, name),
                (Step::Index(index), Value::Array(items)) => {
                    let len = items.len();
                    let Some(i) = array_slot(len, *index) else {
                        let at = self.prefix(depth);
                        let reason =
                            format!("at {at}: index {index} is out of range (length {len})");
                        return Err(self.failure(reason));
                    };
                    items.get_mut(i)
                }
                (Step::Field(_), other) => {
                    let reason =
                        format!("{} is {}, not an object", self.prefix(depth), kind(other));
                    return Err(self.failure(reason));
                }
                (Step::Index(_), other) => {
                    let reason = format!("{} is {}, not an array", self.prefix(depth), kind(other));
                    return Err(self.failure(reason));
                }
            };
            slot = match next {
                Some(next) => next,
                // Unreachable in practice: fields are created and indexes checked above.
                None => {
                    let reason = format!("{} does not exist", self.prefix(depth + 1));
                    return Err(self.failure(reason));
                }
            };
        }
        *slot = value;
        Ok(target)
    }

    fn prefix(&self, depth: usize) -> String {
        render(&self.root, self.steps.get(..depth).unwrap_or_default())
    }

    fn failure(&self, reason: String) -> PathError {
        PathError::ResultPathMatchFailure {
            path: self.text.to_string(),
            reason,
        }
    }
}

/// The member `name` of `map`, created as an empty object when missing (AWS creates the path).
fn field_slot<'m>(map: &'m mut Map<String, Value>, name: &str) -> Option<&'m mut Value> {
    // Look up before inserting so an existing key costs no String allocation.
    if !map.contains_key(name) {
        map.insert(name.to_owned(), Value::Object(Map::new()));
    }
    map.get_mut(name)
}

impl fmt::Display for ReferencePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
