//! The Amazon States Language model: parse, validate and export state machine definitions.
//!
//! Parsing never stops at the first problem: it returns the model it could build plus every
//! diagnostic. Fields the model does not know are kept verbatim and written back on export.

pub mod diagnostic;
pub mod export;
pub mod fields;
pub mod machine;
pub mod parse;
pub mod states;
pub mod template;
pub mod text;
pub mod timestamp;
pub mod validate;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use fields::{NullablePath, NumberField};
pub use machine::{StateMachine, States};
pub use parse::{check, parse, Parsed};
pub use states::{QueryLanguage, State, StateKind, StateType};
pub use text::Format;
