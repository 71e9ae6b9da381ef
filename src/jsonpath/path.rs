//! Compiled JSONPath: parse once, evaluate many times.

use std::fmt;

use serde_json::Value;
use serde_json_path::JsonPath;

use super::error::PathError;
use super::parse::parse;
use super::roots::{Root, Roots};
use super::step::{render, walk, Step};
use super::syntax::{Parsed, Segment};

/// A compiled AWS-dialect JSONPath (as used by InputPath, OutputPath, `.$` fields, Choice `Variable`).
#[derive(Debug, Clone)]
pub struct Path {
    text: Box<str>,
    root: Root,
    plan: Plan,
}

/// How a path is evaluated: definite paths are walked directly, the rest go to serde_json_path.
#[derive(Debug, Clone)]
enum Plan {
    Definite(Vec<Step>),
    Query(JsonPath),
}

/// What a path selected, borrowed from the document it read.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection<'a> {
    /// The single node of a definite path.
    One(&'a Value),
    /// Every match of an indefinite path, in document order (possibly none).
    Many(Vec<&'a Value>),
}

impl Selection<'_> {
    /// The value AWS passes on: the node itself, or an array of the matches.
    pub fn into_value(self) -> Value {
        match self {
            Selection::One(value) => value.clone(),
            Selection::Many(values) => Value::Array(values.into_iter().cloned().collect()),
        }
    }
}

impl Path {
    /// Parses and compiles `text`; fails with a one-line message naming the first problem.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        // Jayway ignores trailing whitespace, and deployed definitions rely on it.
        let parsed = parse(text.trim_end())?;
        let plan = match definite_steps(&parsed) {
            Some(steps) => Plan::Definite(steps),
            None => JsonPath::parse(&parsed.to_rfc9535())
                .map(Plan::Query)
                .map_err(|_| PathError::syntax(text, rejection_reason(&parsed)))?,
        };
        Ok(Path {
            text: text.into(),
            root: parsed.root,
            plan,
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The document the path reads.
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// True when the path selects at most one node, so evaluating it yields that node, not an array.
    pub fn is_definite(&self) -> bool {
        matches!(self.plan, Plan::Definite(_))
    }

    /// The steps of a definite path, `None` for a path that may select several nodes.
    pub(crate) fn steps(&self) -> Option<&[Step]> {
        match &self.plan {
            Plan::Definite(steps) => Some(steps),
            Plan::Query(_) => None,
        }
    }

    /// Selects nodes without copying them; a definite path that matches nothing is an error.
    pub fn select<'a>(&self, roots: &Roots<'a>) -> Result<Selection<'a>, PathError> {
        let doc = roots.document(&self.root, &self.text)?;
        match &self.plan {
            Plan::Definite(steps) => walk(doc, steps).map(Selection::One).map_err(|failure| {
                let prefix = steps.get(..failure.depth).unwrap_or_default();
                PathError::NotFound {
                    path: self.text.to_string(),
                    reason: format!("at {}: {}", render(&self.root, prefix), failure.reason),
                }
            }),
            Plan::Query(query) => Ok(Selection::Many(query.query(doc).all())),
        }
    }

    /// Evaluates the path the way AWS does: the node for a definite path, an array otherwise.
    pub fn evaluate(&self, roots: &Roots<'_>) -> Result<Value, PathError> {
        self.select(roots).map(Selection::into_value)
    }

    /// [`Path::evaluate`] with no variables in scope.
    pub fn query(&self, input: &Value, context: &Value) -> Result<Value, PathError> {
        self.evaluate(&Roots::new(input, context))
    }
}

/// The steps of a definite path (only `.name`, `['name']` and `[n]`), `None` for any other.
fn definite_steps(parsed: &Parsed) -> Option<Vec<Step>> {
    parsed
        .segments
        .iter()
        .map(|segment| match segment {
            Segment::Child(selector) => Step::from_selector(selector),
            Segment::Descendant(_) => None,
        })
        .collect()
}

/// Why serde_json_path rejected a path we parsed: always a filter, as the rest is our syntax.
///
/// serde_json_path's own message ("in long-hand segment, parser error") does not help a user,
/// so we name the failing filter and what a filter may contain.
fn rejection_reason(parsed: &Parsed) -> String {
    let failing = parsed
        .filters()
        .find(|expr| JsonPath::parse(&format!("$[?{expr}]")).is_err());
    match failing {
        Some(expr) => format!(
            "invalid filter expression {expr}: compare @-paths, $-paths and JSON literals \
             with == != < <= > >=, combined with && || ! and parentheses"
        ),
        None => "not a valid JSONPath".to_owned(),
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
