//! One triggering and one clean definition per diagnostic code, plus the documentation of
//! every code.

use serde_json::{json, Value};
use statewright::asl::Code;

use super::support::{codes_of, diagnostics_of};

/// A machine whose StartAt is the first listed state.
fn machine(states: Value) -> String {
    let start = states
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_default();
    json!({"StartAt": start, "States": states}).to_string()
}

fn task(resource: &str) -> Value {
    json!({"Type": "Task", "Resource": resource, "End": true})
}

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:work";

/// (code, a definition that triggers it, a clean definition that does not).
fn cases() -> Vec<(Code, String, String)> {
    let long_name = "N".repeat(81);
    let ok_name = "N".repeat(80);
    let big_comment = "x".repeat(1_100_000);
    vec![
        (Code::SyntaxError, r#"{"StartAt": "A", "States": {"#.to_owned(), machine(json!({"A": {"Type": "Succeed"}}))),
        (
            Code::DefinitionTooLarge,
            json!({"Comment": big_comment, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}).to_string(),
            json!({"Comment": "small", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}).to_string(),
        ),
        (
            Code::InvalidType,
            json!({"StartAt": "A", "States": {"A": {"Type": "Succeed", "Comment": 5}}}).to_string(),
            json!({"StartAt": "A", "States": {"A": {"Type": "Succeed", "Comment": "five"}}}).to_string(),
        ),
        (Code::MissingField, json!({"States": {"A": {"Type": "Succeed"}}}).to_string(), machine(json!({"A": {"Type": "Succeed"}}))),
        (
            Code::UnknownField,
            machine(json!({"A": {"Type": "Succeed", "Colour": "red"}})),
            machine(json!({"A": {"Type": "Succeed"}})),
        ),
        (
            Code::FieldNotAllowed,
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Result": 1, "End": true}})),
            machine(json!({"A": {"Type": "Pass", "Result": 1, "End": true}})),
        ),
        (
            Code::FieldNotAllowedInQueryLanguage,
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"a": 1}, "End": true}})),
            machine(json!({"A": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": LAMBDA, "Arguments": {"a": 1}, "End": true}})),
        ),
        (
            Code::MutuallyExclusiveFields,
            machine(json!({"A": {"Type": "Wait", "Seconds": 5, "Timestamp": "2026-01-01T00:00:00Z", "End": true}})),
            machine(json!({"A": {"Type": "Wait", "Seconds": 5, "End": true}})),
        ),
        (
            Code::InvalidValue,
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 0, "End": true}})),
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 30, "End": true}})),
        ),
        (Code::UnknownStateType, machine(json!({"A": {"Type": "Sleep", "End": true}})), machine(json!({"A": {"Type": "Wait", "Seconds": 1, "End": true}}))),
        (Code::InvalidResource, machine(json!({"A": task("my-function")})), machine(json!({"A": task(LAMBDA)}))),
        (
            Code::InvalidQueryLanguage,
            json!({"QueryLanguage": "XPath", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}).to_string(),
            json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}).to_string(),
        ),
        (
            Code::UnknownStartAt,
            json!({"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}).to_string(),
            json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}).to_string(),
        ),
        (
            Code::UnknownTransitionTarget,
            machine(json!({"A": {"Type": "Pass", "Next": "Nope"}, "B": {"Type": "Succeed"}})),
            machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}})),
        ),
        (
            Code::TransitionOutOfScope,
            machine(json!({
                "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Done"}}}], "Next": "Done"},
                "Done": {"Type": "Succeed"}
            })),
            machine(json!({
                "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}], "Next": "Done"},
                "Done": {"Type": "Succeed"}
            })),
        ),
        (Code::MissingTransition, machine(json!({"A": {"Type": "Pass"}})), machine(json!({"A": {"Type": "Pass", "End": true}}))),
        (
            Code::NextAndEnd,
            machine(json!({"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}})),
            machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}})),
        ),
        (
            Code::NoTerminalState,
            machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}})),
            machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}})),
        ),
        (
            Code::DuplicateStateName,
            machine(json!({
                "A": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}], "End": true}
            })),
            machine(json!({
                "A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "End": true}
            })),
        ),
        (
            Code::StateNameTooLong,
            machine(json!({long_name: {"Type": "Succeed"}})),
            machine(json!({ok_name: {"Type": "Succeed"}})),
        ),
        (
            Code::StatesAllNotAlone,
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["States.ALL", "Oops"]}], "End": true}})),
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["Oops"]}, {"ErrorEquals": ["States.ALL"]}], "End": true}})),
        ),
        (
            Code::StatesAllNotLast,
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Oops"]}], "End": true}})),
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["Oops"]}, {"ErrorEquals": ["States.ALL"]}], "End": true}})),
        ),
        (
            Code::BackoffRateTooLow,
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["Oops"], "BackoffRate": 0.5}], "End": true}})),
            machine(json!({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["Oops"], "BackoffRate": 1.0}], "End": true}})),
        ),
        (
            Code::ChoiceRuleOperator,
            machine(json!({
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": 1, "StringEquals": "1", "Next": "D"}], "Default": "D"},
                "D": {"Type": "Succeed"}
            })),
            machine(json!({
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": 1, "Next": "D"}], "Default": "D"},
                "D": {"Type": "Succeed"}
            })),
        ),
        (
            Code::ChoiceRuleNext,
            machine(json!({
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": 1}], "Default": "D"},
                "D": {"Type": "Succeed"}
            })),
            machine(json!({
                "C": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.a", "NumericEquals": 1}, "Next": "D"}], "Default": "D"},
                "D": {"Type": "Succeed"}
            })),
        ),
        (
            Code::InvalidJsonPath,
            machine(json!({"A": {"Type": "Pass", "InputPath": "$.a[", "End": true}})),
            machine(json!({"A": {"Type": "Pass", "InputPath": "$.a[0]", "End": true}})),
        ),
        (
            Code::InvalidReferencePath,
            machine(json!({"A": {"Type": "Pass", "ResultPath": "$.a[*]", "End": true}})),
            machine(json!({"A": {"Type": "Pass", "ResultPath": "$.a.b", "End": true}})),
        ),
        (
            Code::InvalidIntrinsic,
            machine(json!({"A": {"Type": "Pass", "Parameters": {"x.$": "States.Nope($.a)"}, "End": true}})),
            machine(json!({"A": {"Type": "Pass", "Parameters": {"x.$": "States.Format('{}', $.a)"}, "End": true}})),
        ),
        (
            Code::InvalidJsonata,
            json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 1 + %}", "End": true}}}).to_string(),
            json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 1 + 2 %}", "End": true}}}).to_string(),
        ),
        (
            Code::InvalidTimestamp,
            machine(json!({"A": {"Type": "Wait", "Timestamp": "2026-01-01 00:00:00", "End": true}})),
            machine(json!({"A": {"Type": "Wait", "Timestamp": "2026-01-01T00:00:00Z", "End": true}})),
        ),
        (
            Code::InvalidVariableName,
            machine(json!({"A": {"Type": "Pass", "Assign": {"1total": 1}, "End": true}})),
            machine(json!({"A": {"Type": "Pass", "Assign": {"total": 1}, "End": true}})),
        ),
        (
            Code::NoDollar,
            machine(json!({"A": {"Type": "Pass", "Parameters": {"x": "$.a"}, "End": true}})),
            machine(json!({"A": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": true}})),
        ),
        (
            Code::NoPath,
            machine(json!({"A": {"Type": "Fail", "Error": "$.error"}})),
            machine(json!({"A": {"Type": "Fail", "ErrorPath": "$.error"}})),
        ),
        (
            Code::PassResultIsStatic,
            machine(json!({"A": {"Type": "Pass", "Result": {"a.$": "$.x"}, "End": true}})),
            machine(json!({"A": {"Type": "Pass", "Result": {"a": "x"}, "End": true}})),
        ),
        (
            Code::UnreachableState,
            machine(json!({"A": {"Type": "Succeed"}, "Orphan": {"Type": "Succeed"}})),
            machine(json!({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}})),
        ),
    ]
}

#[test]
fn every_code_is_triggered_by_its_case_and_not_by_the_clean_variant() {
    for (code, bad, good) in cases() {
        let found = codes_of(&bad);
        assert!(
            found.contains(&code),
            "{code}: the triggering definition gave {found:?}"
        );
        let clean = diagnostics_of(&good);
        assert!(
            clean.is_empty(),
            "{code}: the clean definition gave {clean:?}"
        );
    }
}

#[test]
fn every_code_has_a_case() {
    let covered: Vec<Code> = cases().into_iter().map(|(c, _, _)| c).collect();
    for code in Code::ALL {
        assert!(covered.contains(code), "{code} has no test case");
    }
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .expect("docs/diagnostics.md");
    for code in Code::ALL {
        assert!(
            doc.contains(&format!("## {}", code.as_str())),
            "{code} has no section in docs/diagnostics.md"
        );
    }
}

#[test]
fn diagnostics_carry_pointer_and_position() {
    let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"Nope\"\n    }\n  }\n}\n";
    let d = diagnostics_of(text)
        .into_iter()
        .find(|d| d.code == Code::UnknownTransitionTarget)
        .expect("diagnostic");
    assert_eq!(d.pointer, "/States/A/Next");
    assert_eq!((d.line, d.column), (6, 7), "line:column of the Next key");
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = machine(json!({
        "A": {"Type": "Pass", "Next": "Nope", "InputPath": "$.[", "Colour": 1},
        "B": {"Type": "Task", "Resource": "x", "End": true},
    }));
    let codes = codes_of(&text);
    for code in [
        Code::UnknownTransitionTarget,
        Code::InvalidJsonPath,
        Code::UnknownField,
        Code::InvalidResource,
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn yaml_definitions_are_located_too() {
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Nope\n";
    let d = diagnostics_of(text)
        .into_iter()
        .find(|d| d.code == Code::UnknownTransitionTarget)
        .expect("diagnostic");
    assert_eq!(d.line, 5, "line of the Next key in YAML: {d:?}");
}

#[test]
fn template_placeholders_are_not_errors() {
    let text = machine(json!({
        "A": {"Type": "Task", "Resource": "${WorkerArn}", "TimeoutSeconds": "${Timeout}", "End": true}
    }));
    let d = diagnostics_of(&text);
    assert!(d.is_empty(), "{d:?}");
}
