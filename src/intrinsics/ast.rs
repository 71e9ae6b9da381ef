//! The parsed form of an intrinsic call.

use serde_json::Number;

use super::signature::Function;

/// One intrinsic function call, e.g. `States.Format('{}', $.a)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which function is called.
    pub function: Function,
    /// The arguments in source order.
    pub args: Vec<Arg>,
    /// Character offset of the `States.` name.
    pub offset: usize,
}

/// One argument with its position, so errors can point at it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// What the argument is.
    pub value: ArgValue,
    /// Character offset where the argument starts.
    pub offset: usize,
}

/// The kinds of argument the ASL intrinsic grammar allows.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// A single-quoted string literal.
    String(StringLiteral),
    /// An integer or floating-point literal.
    Number(Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A JSONPath into the input, the context object or a variable.
    Path(PathArg),
    /// A nested intrinsic call.
    Call(Call),
}

/// A string literal: its value and its text as written between the quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLiteral {
    /// The value with escapes (`\'`, `\{`, `\}`, `\\`) resolved.
    pub value: String,
    /// The text between the quotes, escapes kept; `States.Format` needs it to
    /// tell an escaped `\{\}` from a `{}` placeholder.
    pub raw: String,
}

/// A path argument as written, e.g. `$.a[0]`, `$$.Execution.Id` or `$var.x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathArg {
    /// The path text, passed verbatim to the caller's resolver.
    pub text: String,
    /// Which document the path reads.
    pub kind: PathKind,
}

/// The document a path argument reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// `$` or `$.…` / `$[…]`: the state's effective input.
    Input,
    /// `$$…`: the context object.
    Context,
    /// `$name…`: a workflow variable.
    Variable,
}

impl Call {
    /// Number of calls on the deepest nesting chain, this call included.
    pub fn depth(&self) -> usize {
        let inner = self
            .args
            .iter()
            .filter_map(|a| match &a.value {
                ArgValue::Call(c) => Some(c.depth()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        inner + 1
    }
}
