//! JSONata as Step Functions uses it: `{% expr %}` strings, syntax checks, and (for the
//! engine) evaluation with `$states` and variables bound.

use std::panic::{catch_unwind, AssertUnwindSafe};

mod eval;
#[cfg(test)]
mod eval_tests;
mod functions;
mod output;

pub use eval::{evaluate, evaluate_template, Bindings, JsonataError};

/// The expression inside a `{% ... %}` string, or `None` if the string is not one.
pub fn expression_body(s: &str) -> Option<&str> {
    s.strip_prefix("{%")?.strip_suffix("%}")
}

/// Checks the syntax of a JSONata expression (without the `{% %}` delimiters).
pub fn check_syntax(expression: &str) -> Result<(), String> {
    if expression.trim().is_empty() {
        return Err("empty JSONata expression".to_owned());
    }
    // The parser is third-party code with a single maintainer: a panic on odd input must
    // become a diagnostic, not take the app down.
    match catch_unwind(AssertUnwindSafe(|| jsonata_core::parser::parse(expression))) {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(first_line(&e.to_string())),
        Err(_) => Err("the JSONata parser failed on this expression".to_owned()),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_delimiters() {
        assert_eq!(
            expression_body("{% $states.input %}"),
            Some(" $states.input ")
        );
        assert_eq!(expression_body("$states.input"), None);
        assert_eq!(expression_body("{% x"), None);
    }

    #[test]
    fn checks_syntax() {
        let cases = [
            ("$states.input.total * 2", true),
            ("$sum($states.input.items.price)", true),
            ("{ 'a': $x }", true),
            ("$states.input.(", false),
            ("1 +", false),
            ("   ", false),
        ];
        for (expr, ok) in cases {
            assert_eq!(
                check_syntax(expr).is_ok(),
                ok,
                "case {expr:?}: {:?}",
                check_syntax(expr)
            );
        }
    }
}
