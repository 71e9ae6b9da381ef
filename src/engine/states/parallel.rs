//! Parallel: runs every branch concurrently on the same input; a failed branch cancels the rest.

use std::sync::Arc;

use futures_util::future::try_join_all;
use serde_json::Value;

use super::super::debug::{ContainerKind, Stage};
use super::super::error::StateError;
use super::super::exec::Scope;
use super::super::history::EventDetails;
use super::super::interpreter::{run_machine, Done, Visit};
use super::{effective_input, finish_result, unshare};
use crate::asl::states::Parallel;

/// Runs one attempt of a Parallel state.
pub(super) async fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &mut Scope,
    parallel: &'m Parallel,
) -> Result<Done<'m>, StateError> {
    let exec = visit.exec;
    let input = effective_input(visit, scope)?;
    exec.record(scope, EventDetails::ParallelStateStarted)
        .await?;
    let count = parallel.branches.len();
    exec.container_started(visit.name, scope, ContainerKind::Parallel, count)
        .await;
    let branches = parallel.branches.iter().enumerate().map(|(i, branch)| {
        let language = branch.query_language.unwrap_or(visit.language);
        let mut child = scope.child(format!("{}{}/{i}", prefix(scope), visit.name), language);
        let input = Arc::clone(&input);
        async move {
            let outcome = run_machine(exec, branch, input, &mut child).await;
            exec.child_finished(&child, outcome.is_err()).await;
            outcome
        }
    });
    let outcome = try_join_all(branches).await;
    let results = match outcome {
        Ok(r) => r,
        Err(e) => {
            exec.record(scope, EventDetails::ParallelStateFailed)
                .await?;
            return Err(e);
        }
    };
    exec.record(scope, EventDetails::ParallelStateSucceeded)
        .await?;
    let result = Arc::new(Value::Array(results.into_iter().map(unshare).collect()));
    visit.recorder.stage(Stage::Result, &result);
    finish_result(visit, scope, result)
}

/// The scope label of the enclosing branch, with a separator.
pub(super) fn prefix(scope: &Scope) -> String {
    if scope.label.is_empty() {
        String::new()
    } else {
        format!("{}/", scope.label)
    }
}
