//! Coded diagnostics shared by the parser and the validator.

use std::fmt;

/// How bad a diagnostic is: errors make AWS reject the definition, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// Lower-case name used in human and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident;)*) => {
        /// Stable diagnostic codes; each has a section in `docs/diagnostics.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable name printed to users and matched by tools.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity this code always has.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    SyntaxError => "SYNTAX_ERROR", Error;
    DefinitionTooLarge => "DEFINITION_TOO_LARGE", Error;
    InvalidType => "INVALID_TYPE", Error;
    MissingField => "MISSING_FIELD", Error;
    UnknownField => "UNKNOWN_FIELD", Error;
    FieldNotAllowed => "FIELD_NOT_ALLOWED", Error;
    FieldNotAllowedInQueryLanguage => "FIELD_NOT_ALLOWED_IN_QUERY_LANGUAGE", Error;
    MutuallyExclusiveFields => "MUTUALLY_EXCLUSIVE_FIELDS", Error;
    InvalidValue => "INVALID_VALUE", Error;
    UnknownStateType => "UNKNOWN_STATE_TYPE", Error;
    InvalidResource => "INVALID_RESOURCE", Error;
    InvalidQueryLanguage => "INVALID_QUERY_LANGUAGE", Error;
    UnknownStartAt => "UNKNOWN_START_AT", Error;
    UnknownTransitionTarget => "UNKNOWN_TRANSITION_TARGET", Error;
    TransitionOutOfScope => "TRANSITION_OUT_OF_SCOPE", Error;
    MissingTransition => "MISSING_TRANSITION", Error;
    NextAndEnd => "NEXT_AND_END", Error;
    NoTerminalState => "NO_TERMINAL_STATE", Error;
    DuplicateStateName => "DUPLICATE_STATE_NAME", Error;
    StateNameTooLong => "STATE_NAME_TOO_LONG", Error;
    StatesAllNotAlone => "STATES_ALL_NOT_ALONE", Error;
    StatesAllNotLast => "STATES_ALL_NOT_LAST", Error;
    BackoffRateTooLow => "BACKOFF_RATE_TOO_LOW", Error;
    ChoiceRuleOperator => "CHOICE_RULE_OPERATOR", Error;
    ChoiceRuleNext => "CHOICE_RULE_NEXT", Error;
    InvalidJsonPath => "INVALID_JSONPATH", Error;
    InvalidReferencePath => "INVALID_REFERENCE_PATH", Error;
    InvalidIntrinsic => "INVALID_INTRINSIC", Error;
    InvalidJsonata => "INVALID_JSONATA", Error;
    InvalidTimestamp => "INVALID_TIMESTAMP", Error;
    InvalidVariableName => "INVALID_VARIABLE_NAME", Error;
    NoDollar => "NO_DOLLAR", Warning;
    NoPath => "NO_PATH", Warning;
    PassResultIsStatic => "PASS_RESULT_IS_STATIC", Warning;
    UnreachableState => "UNREACHABLE_STATE", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a definition, located by JSON Pointer and line:column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// JSON Pointer into the definition ("" is the root).
    pub pointer: String,
    /// 1-based line; 0 when the definition has no source text (an in-memory model).
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`, not yet located in the source text.
    pub fn new(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            pointer: pointer.into(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// True for errors (AWS would reject the definition).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Appends a JSON Pointer reference token to `base`, escaping `~` and `/`.
pub fn pointer_join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    // Nearly every token (a state or field name) needs no escaping: copy it whole.
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return out;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an array index to a JSON Pointer.
pub fn pointer_index(base: &str, index: usize) -> String {
    format!("{base}/{index}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_escape_tilde_and_slash_only() {
        assert_eq!(pointer_join("/States", "Plain name"), "/States/Plain name");
        assert_eq!(pointer_join("/States", "a/b~c"), "/States/a~1b~0c");
        assert_eq!(pointer_join("", "é~/"), "/é~0~1");
        assert_eq!(pointer_index("/States/A/Catch", 2), "/States/A/Catch/2");
    }
}
