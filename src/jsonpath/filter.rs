//! Checks on Jayway filter expressions before serde_json_path (RFC 9535) parses them.
//!
//! `?(@.a > 1 && @.b)` is valid RFC 9535 as written (the parentheses are a grouped expression),
//! so the text passes through unchanged. What we add is a clear message for the Jayway features
//! AWS does not support and RFC 9535 would reject with a less helpful one (or accept: `length()`).

use super::quotes::Quotes;

/// Jayway's word operators; AWS documents these lexical operators as unsupported.
const WORD_OPERATORS: [&str; 7] = ["in", "nin", "subsetof", "anyof", "noneof", "size", "empty"];

/// Validates the text after `?` in `[?(…)]` and returns the expression to hand to serde_json_path.
pub(crate) fn filter_expression(after_question: &str) -> Result<String, String> {
    let expr = after_question.trim();
    let Some(inside) = expr
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return Err("a filter must be written [?(expression)]".into());
    };
    if inside.trim().is_empty() {
        return Err("empty filter expression".into());
    }
    check_unsupported(expr)
}

/// Rejects regex matches, word operators and function calls, ignoring quoted text, and
/// quotes bare words: Jayway (and so AWS) reads `@.lang==es` as a comparison with the
/// string `es`, which RFC 9535 would reject.
fn check_unsupported(expr: &str) -> Result<String, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = String::with_capacity(expr.len() + 8);
    let mut quotes = Quotes::default();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if quotes.quoted(c) {
            out.push(c);
            i += 1;
            continue;
        }
        if c == '=' && chars.get(i + 1) == Some(&'~') {
            return Err("regular-expression filters (=~) are not supported".into());
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            let before = chars.get(..start).unwrap_or_default().iter().rev();
            let before = before.copied().find(|c| !c.is_whitespace());
            let after = chars.get(i..).unwrap_or_default().iter();
            let after = after.copied().find(|c| !c.is_whitespace());
            if after == Some('(') {
                return Err(format!("functions such as {word}() are not supported"));
            }
            // After a dot the word is a member name (`@.size`), not an operator.
            if before != Some('.') && WORD_OPERATORS.contains(&word.as_str()) {
                return Err(format!("the '{word}' filter operator is not supported"));
            }
            let is_literal = matches!(word.as_str(), "true" | "false" | "null");
            if before == Some('.') || is_literal || !is_comparison_operand(before, after) {
                out.push_str(&word);
            } else {
                out.push('\'');
                out.push_str(&word);
                out.push('\'');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

/// A bare word stands where a value goes: next to a comparison operator.
fn is_comparison_operand(before: Option<char>, after: Option<char>) -> bool {
    let is_operator = |c: Option<char>| matches!(c, Some('=' | '<' | '>'));
    is_operator(before) || is_operator(after)
}
