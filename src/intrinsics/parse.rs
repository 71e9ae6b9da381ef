//! Parser: intrinsic expression text -> [`Call`].

use super::ast::{Arg, ArgValue, Call};
use super::error::{ErrorKind, IntrinsicError};
use super::lex::{tokenize, Token, TokenKind};
use super::signature::Function;

/// Deeper nesting than this is rejected while parsing, long before the stack is
/// at risk; the AWS limit (10) is enforced by `check`.
const MAX_PARSE_DEPTH: usize = 64;

/// Parses one intrinsic call such as `States.Format('Hello {}', $.name)`.
///
/// Leading and trailing whitespace is allowed; anything else after the call is
/// an error. Unknown `States.*` names are rejected here. Never panics.
pub fn parse(text: &str) -> Result<Call, IntrinsicError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, pos: 0 };
    let call = match parser.peek().kind.clone() {
        TokenKind::Ident(name) => {
            let offset = parser.peek().offset;
            parser.pos += 1;
            parser.call(&name, offset, 1)?
        }
        TokenKind::Eof => {
            return Err(IntrinsicError::syntax(
                0,
                "Expected an intrinsic function call such as States.Format(...)",
            ))
        }
        _ => {
            return Err(IntrinsicError::syntax(
                parser.peek().offset,
                "An intrinsic expression must start with a States.* function name",
            ))
        }
    };
    let rest = parser.peek();
    if rest.kind != TokenKind::Eof {
        return Err(IntrinsicError::syntax(
            rest.offset,
            "Unexpected text after the end of the intrinsic function call",
        ));
    }
    Ok(call)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

/// Returned when the token list is somehow exhausted; tokenize always ends
/// with `Eof`, so this only keeps `peek` total without indexing.
const EOF_TOKEN: Token = Token {
    kind: TokenKind::Eof,
    offset: 0,
};

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens
            .get(self.pos)
            .or_else(|| self.tokens.last())
            .unwrap_or(&EOF_TOKEN)
    }

    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    /// Parses `(args)` after a function name already consumed.
    fn call(&mut self, name: &str, offset: usize, depth: usize) -> Result<Call, IntrinsicError> {
        if depth > MAX_PARSE_DEPTH {
            return Err(IntrinsicError::new(
                ErrorKind::TooDeep,
                offset,
                format!("Intrinsic functions are nested more than {MAX_PARSE_DEPTH} deep"),
            ));
        }
        let function = resolve_name(name, offset)?;
        let open = self.bump();
        if open.kind != TokenKind::LParen {
            return Err(IntrinsicError::syntax(
                open.offset,
                format!("Expected '(' after {name}"),
            ));
        }
        let mut args = Vec::new();
        if self.peek().kind == TokenKind::RParen {
            self.bump();
            return Ok(Call {
                function,
                args,
                offset,
            });
        }
        loop {
            args.push(self.arg(depth)?);
            let sep = self.bump();
            match sep.kind {
                TokenKind::Comma => continue,
                TokenKind::RParen => break,
                TokenKind::Eof => {
                    return Err(IntrinsicError::syntax(
                        sep.offset,
                        format!("Missing ')' to close {name}("),
                    ))
                }
                _ => {
                    return Err(IntrinsicError::syntax(
                        sep.offset,
                        "Expected ',' or ')' after an argument",
                    ))
                }
            }
        }
        Ok(Call {
            function,
            args,
            offset,
        })
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, IntrinsicError> {
        let token = self.bump();
        let offset = token.offset;
        let value = match token.kind {
            TokenKind::Str(s) => ArgValue::String(s),
            TokenKind::Num(n) => ArgValue::Number(n),
            TokenKind::Path(p) => ArgValue::Path(p),
            TokenKind::Ident(word) => match word.as_str() {
                "true" => ArgValue::Bool(true),
                "false" => ArgValue::Bool(false),
                "null" => ArgValue::Null,
                _ if word.starts_with("States.") || self.peek().kind == TokenKind::LParen => {
                    ArgValue::Call(self.call(&word, offset, depth + 1)?)
                }
                _ => {
                    return Err(IntrinsicError::syntax(
                        offset,
                        format!(
                            "Unexpected '{word}': an argument is a 'string', a number, true, false, null, a path or a States.* call"
                        ),
                    ))
                }
            },
            TokenKind::Comma | TokenKind::RParen => {
                return Err(IntrinsicError::syntax(offset, "Missing argument"))
            }
            TokenKind::LParen => {
                return Err(IntrinsicError::syntax(offset, "Unexpected '('"))
            }
            TokenKind::Eof => {
                return Err(IntrinsicError::syntax(
                    offset,
                    "Unexpected end of expression: missing argument and ')'",
                ))
            }
        };
        Ok(Arg { value, offset })
    }
}

fn resolve_name(name: &str, offset: usize) -> Result<Function, IntrinsicError> {
    if let Some(function) = Function::from_name(name) {
        return Ok(function);
    }
    if !name.starts_with("States.") {
        return Err(IntrinsicError::syntax(
            offset,
            format!("'{name}' is not an intrinsic function: names start with 'States.'"),
        ));
    }
    // Suggest the right spelling when only the case differs (States.Uuid, States.format).
    let hint = super::signature::ALL_FUNCTIONS
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(name))
        .map(|f| format!(" (did you mean {}?)", f.name()))
        .unwrap_or_default();
    Err(IntrinsicError::new(
        ErrorKind::UnknownFunction,
        offset,
        format!("Unknown intrinsic function '{name}'{hint}"),
    ))
}
