//! Answering manual and `.waitForTaskToken` tasks from stdin during `statewright run`.

use std::io::BufRead;

use serde_json::Value;

use crate::asl::{StateKind, StateMachine};
use crate::engine::tasks::{TaskAnswer, TaskRunners};

/// True if a run may wait for an answer: a manual runner, or a task token callback.
pub(super) fn may_wait_for_answers(machine: &StateMachine, runners: &TaskRunners) -> bool {
    let mut callback = false;
    machine.walk_states("", &mut |_, state, _| {
        if let StateKind::Task(task) = &state.kind {
            callback |= task.waits_for_task_token();
        }
    });
    callback || runners.has_manual()
}

/// Reads one answer line: a JSON result, or `{"Error": ..., "Cause": ...}` to fail the task
/// (the shape of a mocked Throw). End of input fails the task with a clear cause.
pub(super) fn read_answer(state: &str, input: &Value, stdin: &mut dyn BufRead) -> TaskAnswer {
    eprintln!(
        "State '{state}' waits for an answer. Its input: {input}\n\
         Type the result as one line of JSON, or {{\"Error\": \"...\", \"Cause\": \"...\"}} to fail it:"
    );
    loop {
        let mut line = String::new();
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => {
                return TaskAnswer::Failure {
                    error: "States.TaskFailed".to_owned(),
                    cause: format!("no answer for state '{state}' on standard input"),
                }
            }
            Ok(_) if line.trim().is_empty() => continue,
            Ok(_) => match parse_answer(&line) {
                Ok(answer) => return answer,
                Err(e) => eprintln!("Not valid JSON ({e}); type the answer again:"),
            },
        }
    }
}

/// Parses one answer line.
pub(super) fn parse_answer(line: &str) -> Result<TaskAnswer, String> {
    let value: Value = serde_json::from_str(line.trim()).map_err(|e| e.to_string())?;
    let failure = value.as_object().filter(|m| {
        m.get("Error").is_some_and(Value::is_string)
            && m.keys().all(|k| k == "Error" || k == "Cause")
    });
    Ok(match failure {
        Some(m) => TaskAnswer::Failure {
            error: m
                .get("Error")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            cause: m
                .get("Cause")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        },
        None => TaskAnswer::Success(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_results_or_failures() {
        let cases = [
            (
                r#"{"approved": true}"#,
                Ok(TaskAnswer::Success(json!({"approved": true}))),
            ),
            (
                r#"{"Error": "Rejected", "Cause": "too pricey"}"#,
                Ok(TaskAnswer::Failure {
                    error: "Rejected".into(),
                    cause: "too pricey".into(),
                }),
            ),
            (
                r#"{"Error": "Rejected"}"#,
                Ok(TaskAnswer::Failure {
                    error: "Rejected".into(),
                    cause: String::new(),
                }),
            ),
            (
                r#"{"Error": "x", "other": 1}"#,
                Ok(TaskAnswer::Success(json!({"Error": "x", "other": 1}))),
            ),
            ("42", Ok(TaskAnswer::Success(json!(42)))),
        ];
        for (line, expected) in cases {
            assert_eq!(parse_answer(line), expected, "line {line}");
        }
        assert!(parse_answer("{oops").is_err());
    }

    #[test]
    fn end_of_input_fails_the_task_and_bad_lines_are_asked_again() {
        let mut empty: &[u8] = b"";
        assert!(matches!(
            read_answer("S", &json!({}), &mut empty),
            TaskAnswer::Failure { .. }
        ));
        let mut retry: &[u8] = b"not json\n\n{\"ok\": 1}\n";
        assert_eq!(
            read_answer("S", &json!({}), &mut retry),
            TaskAnswer::Success(json!({"ok": 1}))
        );
    }
}
