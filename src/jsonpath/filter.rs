//! Checks on Jayway filter expressions before serde_json_path (RFC 9535) parses them.
//!
//! `?(@.a > 1 && @.b)` is valid RFC 9535 as written (the parentheses are a grouped expression),
//! so the text passes through unchanged. What we add is a clear message for the Jayway features
//! AWS does not support and RFC 9535 would reject with a less helpful one (or accept: `length()`).

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
    check_unsupported(expr)?;
    Ok(expr.to_owned())
}

/// Rejects regex matches, word operators and function calls, ignoring quoted text.
fn check_unsupported(expr: &str) -> Result<(), String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut quote = None;
    let mut escaped = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
        } else if c == '=' && chars.get(i + 1) == Some(&'~') {
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
            continue;
        }
        i += 1;
    }
    Ok(())
}
