//! Quoted strings inside path, filter and condition text: which characters they cover.

/// Follows text character by character and tells which characters belong to a quoted string
/// (`'…'` or `"…"`, backslash escapes inside), the quotes included, so scanners can skip
/// brackets and operators written inside strings.
#[derive(Debug, Default)]
pub(crate) struct Quotes {
    open: Option<char>,
    escaped: bool,
}

impl Quotes {
    /// True if `c`, the next character of the text, is part of a quoted string.
    pub fn quoted(&mut self, c: char) -> bool {
        match self.open {
            Some(quote) => {
                if self.escaped {
                    self.escaped = false;
                } else if c == '\\' {
                    self.escaped = true;
                } else if c == quote {
                    self.open = None;
                }
                true
            }
            None if c == '\'' || c == '"' => {
                self.open = Some(c);
                true
            }
            None => false,
        }
    }

    /// True while a string is open: at the end of the text, an unterminated one.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unquoted(text: &str) -> String {
        let mut quotes = Quotes::default();
        text.chars().filter(|c| !quotes.quoted(*c)).collect()
    }

    #[test]
    fn quoted_strings_are_skipped_with_their_escapes_and_quotes() {
        assert_eq!(unquoted(r#"a['b]'][0]"#), "a[][0]");
        assert_eq!(unquoted(r#"x == "say \"]\" ok" && y"#), "x ==  && y");
        assert_eq!(unquoted(r"'it\'s' > 'a\\' b"), " >  b");
        assert_eq!(unquoted(r#"'mixed " quote' c"#), " c");
        let mut quotes = Quotes::default();
        "'open".chars().for_each(|c| {
            quotes.quoted(c);
        });
        assert!(quotes.is_open());
    }
}
