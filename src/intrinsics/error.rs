//! The one error type of the intrinsics module.

use super::signature::Function;

/// What went wrong, so callers can tell definition problems from runtime failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not a well-formed intrinsic call.
    Syntax,
    /// `States.<Name>` names no intrinsic function.
    UnknownFunction,
    /// Too few or too many arguments.
    Arity,
    /// An argument has the wrong type or value (statically or at run time).
    InvalidArgument,
    /// More nested intrinsic calls than AWS allows in one field.
    TooDeep,
    /// A JSONPath argument could not be resolved by the caller's resolver.
    Path,
}

/// A failure to parse, check or evaluate an intrinsic call.
///
/// `message` is one line; `offset` is the character (not byte) offset in the
/// original expression of the call or argument at fault. At run time the engine
/// maps every one of these to the ASL error `States.IntrinsicFailure`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct IntrinsicError {
    /// The category of the failure.
    pub kind: ErrorKind,
    /// One-line, user-facing description (AWS wording where AWS has one).
    pub message: String,
    /// Character offset into the expression text.
    pub offset: usize,
}

impl IntrinsicError {
    /// Builds an error of any kind.
    pub fn new(kind: ErrorKind, offset: usize, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            offset,
        }
    }

    /// A syntax error at `offset`.
    pub fn syntax(offset: usize, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Syntax, offset, message)
    }

    /// AWS reports bad runtime arguments as "Invalid arguments in States.X";
    /// the detail after the colon says which rule was broken.
    pub fn invalid_args(function: Function, offset: usize, detail: impl AsRef<str>) -> Self {
        Self::new(
            ErrorKind::InvalidArgument,
            offset,
            format!(
                "Invalid arguments in {}: {}",
                function.name(),
                detail.as_ref()
            ),
        )
    }
}
