//! Expression checks remembered by text. Generated definitions repeat the same paths in
//! thousands of states, and whether an expression is valid depends on its text alone.

use std::collections::HashMap;

use crate::{intrinsics, jsonata, jsonpath};

/// Verdicts so far: for each text checked, why it is invalid (`None` when it is valid).
#[derive(Debug, Default)]
pub(crate) struct CheckedExpressions {
    paths: HashMap<String, Option<String>>,
    reference_paths: HashMap<String, Option<String>>,
    intrinsics: HashMap<String, Option<String>>,
    jsonata: HashMap<String, Option<String>>,
}

impl CheckedExpressions {
    /// Why `text` is not a JSONPath AWS accepts, if it is not.
    pub(crate) fn path_error(&mut self, text: &str) -> Option<String> {
        remembered(&mut self.paths, text, |t| {
            jsonpath::check_path(t).err().map(|e| e.to_string())
        })
    }

    /// Why `text` is not a reference path, if it is not.
    pub(crate) fn reference_path_error(&mut self, text: &str) -> Option<String> {
        remembered(&mut self.reference_paths, text, |t| {
            jsonpath::check_reference_path(t)
                .err()
                .map(|e| e.to_string())
        })
    }

    /// Why `text` is not a valid intrinsic function call, if it is not.
    pub(crate) fn intrinsic_error(&mut self, text: &str) -> Option<String> {
        remembered(&mut self.intrinsics, text, |t| {
            intrinsics::check_static(t).err().map(|e| e.to_string())
        })
    }

    /// Why the JSONata expression body `text` does not parse, if it does not.
    pub(crate) fn jsonata_error(&mut self, text: &str) -> Option<String> {
        remembered(&mut self.jsonata, text, |t| jsonata::check_syntax(t).err())
    }
}

fn remembered(
    verdicts: &mut HashMap<String, Option<String>>,
    text: &str,
    check: impl FnOnce(&str) -> Option<String>,
) -> Option<String> {
    if let Some(verdict) = verdicts.get(text) {
        return verdict.clone();
    }
    let verdict = check(text);
    verdicts.insert(text.to_owned(), verdict.clone());
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_text_gets_the_same_verdict_as_a_fresh_check() {
        let mut memo = CheckedExpressions::default();
        for _ in 0..2 {
            assert_eq!(memo.path_error("$.a.b"), None);
            assert_eq!(
                memo.path_error("$.a["),
                jsonpath::check_path("$.a[").err().map(|e| e.to_string())
            );
            assert!(memo.path_error("$.a[").is_some());
            assert_eq!(memo.reference_path_error("$.a"), None);
            assert!(memo.reference_path_error("$..a").is_some());
            assert_eq!(memo.intrinsic_error("States.Format('{}', $.a)"), None);
            assert!(memo.intrinsic_error("States.Nope()").is_some());
            assert_eq!(memo.jsonata_error("$states.input"), None);
            assert!(memo.jsonata_error("(").is_some());
        }
        assert_eq!(memo.paths.len(), 2, "each text checked once");
    }
}
