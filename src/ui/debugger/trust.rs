//! Trusting a folder's task runners: a run configuration's `command` and `lambda` runners
//! execute programs or call endpoints on this machine, so before the first run that would use
//! them the app asks once per folder (Trust / Run with mocks only / Cancel) and remembers the
//! answer in its settings. Mocks and manual answers run nothing and need no trust.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::engine::tasks::{Runner, TaskRunners};

/// What the user decided for a folder's runners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrustDecision {
    /// Run its command and HTTP runners.
    Trusted,
    /// Never run them: tasks they would answer fail unless mocked or answered by hand.
    MocksOnly,
}

/// A run waiting for the user's trust decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustRequest {
    /// The folder of the run configuration.
    pub folder: PathBuf,
    /// The run was to start paused (Step) rather than run (Start).
    pub paused: bool,
}

/// The user's answer to the trust prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustAnswer {
    Trust,
    MocksOnly,
    Cancel,
}

/// True if some runner executes a program or calls an endpoint.
pub fn uses_external_runners(runners: &TaskRunners) -> bool {
    runners
        .by_key
        .values()
        .any(|r| matches!(r, Runner::Command(_) | Runner::Lambda(_)))
}

/// The runners left when only mocks and manual answers may run.
pub fn without_external_runners(runners: &TaskRunners) -> TaskRunners {
    TaskRunners {
        by_key: runners
            .by_key
            .iter()
            .filter(|(_, r)| matches!(r, Runner::Manual))
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect(),
    }
}

/// The modal question; returns the answer once given.
pub fn trust_prompt_ui(ctx: &egui::Context, request: &TrustRequest) -> Option<TrustAnswer> {
    let modal = egui::Modal::new(egui::Id::new("runner_trust_prompt")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(format!("Trust runners in {}?", request.folder.display()));
        ui.label(
            "The run configuration runs local commands or calls HTTP endpoints for some tasks. \
             Only trust folders whose configuration you know.",
        );
        let mut answer = None;
        ui.horizontal(|ui| {
            if ui
                .button("Trust")
                .on_hover_text("Run this folder's command and HTTP runners, now and later")
                .clicked()
            {
                answer = Some(TrustAnswer::Trust);
            }
            if ui
                .button("Run with mocks only")
                .on_hover_text("Never run this folder's runners; mocks and manual answers only")
                .clicked()
            {
                answer = Some(TrustAnswer::MocksOnly);
            }
            if ui
                .button("Cancel")
                .on_hover_text("Do not run now")
                .clicked()
            {
                answer = Some(TrustAnswer::Cancel);
            }
        });
        answer
    });
    if modal.should_close() {
        return Some(TrustAnswer::Cancel);
    }
    modal.inner
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_command_and_lambda_runners_need_trust() {
        let manual = TaskRunners::from_value(&json!({"A": {"manual": true}})).expect("valid");
        assert!(!uses_external_runners(&manual));
        let mixed = TaskRunners::from_value(&json!({
            "A": {"manual": true},
            "B": {"command": ["true"]},
            "C": {"lambda": {"endpoint": "http://127.0.0.1:1"}}
        }))
        .expect("valid");
        assert!(uses_external_runners(&mixed));
        let kept = without_external_runners(&mixed);
        assert!(!uses_external_runners(&kept));
        assert_eq!(kept.by_key.len(), 1);
        assert!(kept.has_manual());
    }
}
