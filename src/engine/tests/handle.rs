use std::sync::Arc;

use serde_json::json;

use super::super::debug::{DebugEvent, PauseReason, Stage};
use super::super::{
    service, EngineEvent, EngineHandle, EventReceiver, ExecutionResult, RunConfig, Status,
};
use super::{config, machine, paused_runtime};

fn chain() -> crate::asl::StateMachine {
    machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"a": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"b.$": "$.a"}, "Next": "C"},
        "C": {"Type": "Pass", "End": true}}}))
}

/// Collects events until the execution finishes.
async fn drain(events: &mut super::super::EventReceiver) -> (Vec<EngineEvent>, ExecutionResult) {
    let mut seen = Vec::new();
    while let Some(event) = events.recv().await {
        if let EngineEvent::Finished(result) = event {
            return (seen, *result);
        }
        seen.push(event);
    }
    panic!("the event stream ended without Finished");
}

/// Starts the test chain on the current runtime with one breakpoint.
fn start_chain_with_breakpoint(state: &str) -> (EngineHandle, EventReceiver) {
    let cfg = RunConfig {
        breakpoints: vec![state.into()],
        ..config()
    };
    service::start(
        &tokio::runtime::Handle::current(),
        Arc::new(chain()),
        json!({}),
        cfg,
        None,
    )
}

#[test]
fn breakpoint_pauses_until_continue_and_streams_stage_records() {
    let rt = paused_runtime();
    rt.block_on(async {
        let (handle, mut events) = start_chain_with_breakpoint("B");
        // Everything up to the pause arrives; then nothing more until we resume.
        loop {
            match events.recv().await {
                Some(EngineEvent::Debug(DebugEvent::Paused { state, reason, .. })) => {
                    assert_eq!((state.as_str(), reason), ("B", PauseReason::Breakpoint));
                    break;
                }
                Some(EngineEvent::Finished(_)) | None => panic!("finished without pausing"),
                Some(_) => {}
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        assert!(
            events.try_recv().is_none(),
            "the execution moved while paused"
        );
        assert!(handle.resume());
        let (seen, result) = drain(&mut events).await;
        assert_eq!(result.status, Status::Succeeded);
        assert_eq!(result.output.as_deref().cloned(), Some(json!({"b": 1})));
        let b = seen.iter().find_map(|e| match e {
            EngineEvent::Debug(DebugEvent::StateFinished(r)) if r.state == "B" => Some(r.clone()),
            _ => None,
        });
        let b = b.expect("B's record");
        let stages: Vec<Stage> = b.stages.iter().map(|s| s.stage).collect();
        assert_eq!(stages.first(), Some(&Stage::Input));
        assert!(stages.contains(&Stage::Parameters));
        let params = b
            .stages
            .iter()
            .find(|s| s.stage == Stage::Parameters)
            .expect("params");
        assert_eq!((*params.value).clone(), json!({"b": 1}));
        assert_eq!(params.size_bytes, 7);
    });
}

#[test]
fn step_runs_one_state_at_a_time() {
    let rt = paused_runtime();
    rt.block_on(async {
        let (handle, mut events) = start_chain_with_breakpoint("A");
        let mut paused_at = Vec::new();
        while let Some(event) = events.recv().await {
            match event {
                EngineEvent::Debug(DebugEvent::Paused { state, .. }) => {
                    paused_at.push(state);
                    handle.step();
                }
                EngineEvent::Finished(result) => {
                    assert_eq!(result.status, Status::Succeeded);
                    break;
                }
                _ => {}
            }
        }
        assert_eq!(paused_at, ["A", "B", "C"]);
    });
}

#[test]
fn stop_aborts_a_waiting_execution() {
    let rt = paused_runtime();
    rt.block_on(async {
        let def = machine(json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}));
        let (handle, mut events) =
            service::start(&tokio::runtime::Handle::current(), Arc::new(def), json!({}), config(), None);
        loop {
            if let Some(EngineEvent::History(e)) = events.recv().await {
                if e.details.type_name() == "WaitStateEntered" {
                    break;
                }
            }
        }
        assert!(handle.stop());
        let (_, result) = drain(&mut events).await;
        assert_eq!(result.status, Status::Aborted);
        let last = result.history.last().map(|e| e.details.type_name());
        assert_eq!(last.as_deref(), Some("ExecutionAborted"));
    });
}

#[test]
fn pause_then_resume_from_another_clone_of_the_handle() {
    let rt = paused_runtime();
    rt.block_on(async {
        let def = machine(json!({"StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 10, "Next": "X"},
            "X": {"Type": "Pass", "End": true}}}));
        let (handle, mut events) = service::start(
            &tokio::runtime::Handle::current(),
            Arc::new(def),
            json!({}),
            config(),
            None,
        );
        let other = handle.clone();
        assert!(handle.pause());
        let mut paused = Vec::new();
        while let Some(event) = events.recv().await {
            match event {
                EngineEvent::Debug(DebugEvent::Paused { state, reason, .. }) => {
                    assert_eq!(reason, PauseReason::PauseRequested);
                    paused.push(state);
                    other.resume();
                }
                EngineEvent::Finished(r) => {
                    assert_eq!(r.status, Status::Succeeded);
                    break;
                }
                _ => {}
            }
        }
        assert_eq!(paused, ["W"]);
    });
}

#[test]
fn a_callback_task_waits_for_its_token_and_takes_the_answer() {
    use super::super::tasks::TaskAnswer;
    let rt = paused_runtime();
    rt.block_on(async {
        let def = machine(json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "ResultPath": "$.answer", "End": true}}}));
        let (handle, mut events) = service::start(
            &tokio::runtime::Handle::current(),
            Arc::new(def),
            json!({"id": 7}),
            config(),
            None,
        );
        while let Some(event) = events.recv().await {
            match event {
                EngineEvent::Debug(DebugEvent::TaskWaiting {
                    state,
                    token,
                    input,
                    ..
                }) => {
                    assert_eq!(state, "Ask");
                    assert_eq!(input["MessageBody"]["token"], json!(token));
                    assert!(handle.answer_task(&token, TaskAnswer::Success(json!("approved"))));
                }
                EngineEvent::Finished(r) => {
                    assert_eq!(
                        r.output.as_deref().cloned(),
                        Some(json!({"id": 7, "answer": "approved"}))
                    );
                    return;
                }
                _ => {}
            }
        }
        panic!("no Finished event");
    });
}

#[test]
fn a_manual_failure_flows_into_catch_and_headless_runs_fail_clearly() {
    use super::super::tasks::{Runner, TaskAnswer, TaskRunners};
    let def = json!({"StartAt": "Manual", "States": {
        "Manual": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                   "Catch": [{"ErrorEquals": ["Rejected"], "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let mut runners = TaskRunners::default();
    runners.by_key.insert("Manual".into(), Runner::Manual);
    let cfg = RunConfig {
        runners: Arc::new(runners),
        ..config()
    };
    let headless = super::run(def.clone(), json!({}), cfg.clone());
    assert_eq!(headless.error.as_deref(), Some("States.TaskFailed"));
    let rt = paused_runtime();
    rt.block_on(async {
        let (handle, mut events) = service::start(
            &tokio::runtime::Handle::current(),
            Arc::new(machine(def)),
            json!({}),
            cfg,
            None,
        );
        while let Some(event) = events.recv().await {
            match event {
                EngineEvent::Debug(DebugEvent::TaskWaiting { token, .. }) => {
                    let no = TaskAnswer::Failure {
                        error: "Rejected".into(),
                        cause: "no".into(),
                    };
                    assert!(handle.answer_task(&token, no));
                }
                EngineEvent::Finished(r) => {
                    assert_eq!(
                        r.output.as_deref().cloned(),
                        Some(json!({"Error": "Rejected", "Cause": "no"}))
                    );
                    return;
                }
                _ => {}
            }
        }
        panic!("no Finished event");
    });
}

#[test]
fn an_unanswered_callback_fails_with_heartbeat_timeout() {
    let rt = paused_runtime();
    rt.block_on(async {
        let def = machine(json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 30,
            "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": true}}}));
        let (_handle, mut events) = service::start(
            &tokio::runtime::Handle::current(),
            Arc::new(def),
            json!({}),
            config(),
            None,
        );
        let (_, result) = drain(&mut events).await;
        assert_eq!(result.error.as_deref(), Some("States.HeartbeatTimeout"));
    });
}

#[test]
fn a_task_without_a_runner_waits_for_an_answer_when_asked_to() {
    use super::super::tasks::TaskAnswer;
    let rt = paused_runtime();
    rt.block_on(async {
        let def = machine(
            json!({"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:1:function:charge", "End": true}}}),
        );
        let cfg = RunConfig {
            ask_for_unanswered_tasks: true,
            ..config()
        };
        let (handle, mut events) = service::start(
            &tokio::runtime::Handle::current(),
            Arc::new(def),
            json!({"amount": 3}),
            cfg,
            None,
        );
        let mut asked = false;
        while let Some(event) = events.recv().await {
            match event {
                EngineEvent::Debug(DebugEvent::TaskWaiting {
                    state,
                    token,
                    input,
                    ..
                }) => {
                    assert_eq!((state.as_str(), &*input), ("Charge", &json!({"amount": 3})));
                    asked = true;
                    assert!(handle.answer_task(&token, TaskAnswer::Success(json!({"ok": 1}))));
                }
                EngineEvent::Finished(r) => {
                    assert!(asked, "the task never asked");
                    assert_eq!(r.output.as_deref().cloned(), Some(json!({"ok": 1})));
                    return;
                }
                _ => {}
            }
        }
        panic!("no Finished event");
    });
}
