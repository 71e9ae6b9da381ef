//! Tokenizer for intrinsic call expressions. Works on characters so every
//! offset it reports is a character offset.

use serde_json::Number;

use super::ast::{PathArg, PathKind, StringLiteral};
use super::error::IntrinsicError;

/// One token and the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub offset: usize,
}

/// The token kinds of the intrinsic grammar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    LParen,
    RParen,
    Comma,
    /// A dotted identifier such as `States.Format` (also `true`, `false`, `null`).
    Ident(String),
    Str(StringLiteral),
    Num(Number),
    Path(PathArg),
    Eof,
}

/// Splits `text` into tokens, ending with `Eof`.
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, IntrinsicError> {
    let chars: Vec<char> = text.chars().collect();
    let mut lexer = Lexer { chars, pos: 0 };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        let done = token.kind == TokenKind::Eof;
        tokens.push(token);
        if done {
            return Ok(tokens);
        }
    }
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn next_token(&mut self) -> Result<Token, IntrinsicError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        let offset = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Token {
                kind: TokenKind::Eof,
                offset,
            });
        };
        let kind =
            match c {
                '(' => {
                    self.pos += 1;
                    TokenKind::LParen
                }
                ')' => {
                    self.pos += 1;
                    TokenKind::RParen
                }
                ',' => {
                    self.pos += 1;
                    TokenKind::Comma
                }
                '\'' => TokenKind::Str(self.string()?),
                '$' => TokenKind::Path(self.path()?),
                '-' | '0'..='9' => TokenKind::Num(self.number()?),
                c if c.is_ascii_alphabetic() || c == '_' => TokenKind::Ident(self.ident()),
                '"' => return Err(IntrinsicError::syntax(
                    offset,
                    "String literals in intrinsic functions use single quotes, not double quotes",
                )),
                other => {
                    return Err(IntrinsicError::syntax(
                        offset,
                        format!("Unexpected character '{other}'"),
                    ))
                }
            };
        Ok(Token { kind, offset })
    }

    /// The characters from `start` to the current position.
    fn text_from(&self, start: usize) -> String {
        self.chars
            .get(start..self.pos)
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            self.pos += 1;
        }
        self.text_from(start)
    }

    /// A single-quoted literal. AWS reserves `'`, `{`, `}` and `\`; only the
    /// four escapes below exist, and a stray backslash is an error.
    fn string(&mut self) -> Result<StringLiteral, IntrinsicError> {
        let open = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut raw = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(IntrinsicError::syntax(open, "Unterminated string literal"));
            };
            self.pos += 1;
            match c {
                '\'' => return Ok(StringLiteral { value, raw }),
                '\\' => {
                    let escaped = self.peek();
                    match escaped {
                        Some(e @ ('\'' | '{' | '}' | '\\')) => {
                            self.pos += 1;
                            value.push(e);
                            raw.push('\\');
                            raw.push(e);
                        }
                        Some(other) => {
                            return Err(IntrinsicError::syntax(
                                self.pos - 1,
                                format!(
                                    "Invalid escape '\\{other}': only \\', \\{{, \\}} and \\\\ are allowed"
                                ),
                            ))
                        }
                        None => {
                            return Err(IntrinsicError::syntax(
                                self.pos - 1,
                                "Open escape backslash at the end of the expression",
                            ))
                        }
                    }
                }
                other => {
                    value.push(other);
                    raw.push(other);
                }
            }
        }
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?`, then serde_json decides int vs float.
    fn number(&mut self) -> Result<Number, IntrinsicError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        let digits = |lx: &mut Lexer| {
            let from = lx.pos;
            while lx.peek().is_some_and(|c| c.is_ascii_digit()) {
                lx.pos += 1;
            }
            lx.pos > from
        };
        let mut ok = digits(self);
        if ok && self.peek() == Some('.') {
            self.pos += 1;
            ok = digits(self);
        }
        if ok && matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            ok = digits(self);
        }
        // A number running into letters (`12ab`) is one malformed token, not two.
        if self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_')
        {
            ok = false;
        }
        let text: String = self.text_from(start);
        // serde_json reads "-0" as the float -0.0; an integer zero is meant.
        let parsed = if ok && text == "-0" {
            Some(Number::from(0))
        } else {
            ok.then(|| text.parse::<Number>().ok()).flatten()
        };
        parsed.ok_or_else(|| IntrinsicError::syntax(start, format!("Invalid number '{text}'")))
    }

    /// A path runs to the first top-level `,`, `)` or whitespace. Brackets and
    /// quotes inside brackets are tracked so `$['a,b']` and `$[0,1]` stay whole;
    /// the path's own grammar is the JSONPath module's business.
    fn path(&mut self) -> Result<PathArg, IntrinsicError> {
        let start = self.pos;
        let kind = match self.peek_at(1) {
            Some('$') => PathKind::Context,
            Some(c) if c.is_alphabetic() || c == '_' => PathKind::Variable,
            _ => PathKind::Input,
        };
        // Open brackets and parentheses (with their offsets) not yet closed.
        let mut open_at: Vec<(char, usize)> = Vec::new();
        while let Some(c) = self.peek() {
            let depth = open_at.len();
            match c {
                '[' | '(' if depth > 0 || c == '[' => open_at.push((c, self.pos)),
                ']' | ')' if depth > 0 => {
                    let wanted = if c == ']' { '[' } else { '(' };
                    // depth > 0, so there is always an opener to pop.
                    let (open, at) = open_at.pop().unwrap_or((wanted, self.pos));
                    if open != wanted {
                        return Err(IntrinsicError::syntax(at, "Unclosed bracket in path"));
                    }
                }
                ',' | ')' if depth == 0 => break,
                c if depth == 0 && c.is_whitespace() => break,
                '\'' | '"' if depth > 0 => self.skip_quoted(c)?,
                '\'' | '"' | '\\' | '(' | ']' => {
                    return Err(IntrinsicError::syntax(
                        self.pos,
                        format!("Unexpected '{c}' in path"),
                    ))
                }
                _ => {}
            }
            self.pos += 1;
        }
        if let Some(&(_, open)) = open_at.last() {
            return Err(IntrinsicError::syntax(open, "Unclosed bracket in path"));
        }
        let text: String = self.text_from(start);
        Ok(PathArg { text, kind })
    }

    /// Leaves `pos` on the closing quote of a quoted name inside brackets.
    fn skip_quoted(&mut self, quote: char) -> Result<(), IntrinsicError> {
        let open = self.pos;
        self.pos += 1;
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.pos += 2;
                continue;
            }
            if c == quote {
                return Ok(());
            }
            self.pos += 1;
        }
        Err(IntrinsicError::syntax(
            open,
            "Unterminated quoted name in path",
        ))
    }
}
