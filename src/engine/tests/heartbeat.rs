//! HeartbeatSeconds with real runners: a command's `heartbeat` stderr lines restart the
//! heartbeat clock; a Lambda endpoint has no heartbeat channel, so HeartbeatSeconds bounds it.

use std::time::{Duration, Instant};

use serde_json::json;

use super::super::error::HEARTBEAT_TIMEOUT;
use super::super::tasks::{LambdaEndpoint, Runner};
use super::super::{ExecutionResult, Status};
use super::real_runners::{assert_process_gone, run_real_time, sh, task, with_runner};

const LAMBDA: &str = "arn:aws:lambda:us-east-1:1:function:f";

fn history_types(result: &ExecutionResult) -> Vec<String> {
    result
        .history
        .iter()
        .map(|e| e.details.type_name())
        .collect()
}

#[cfg(unix)]
#[test]
fn heartbeats_keep_a_command_alive_past_heartbeat_seconds() {
    let script =
        "for i in 1 2 3 4 5 6; do echo heartbeat >&2; echo other log >&2; sleep 0.25; done; \
                  echo '{\"done\": true}'";
    let started = Instant::now();
    let result = run_real_time(
        task(LAMBDA, json!({"HeartbeatSeconds": 1})),
        json!({}),
        with_runner(sh(script)),
    );
    assert!(started.elapsed() >= Duration::from_millis(1400));
    assert_eq!(result.status, Status::Succeeded, "{:?}", result.cause);
    assert_eq!(result.output.as_deref(), Some(&json!({"done": true})));
}

#[cfg(unix)]
#[test]
fn a_command_that_stops_sending_heartbeats_times_out_and_is_killed() {
    let dir = std::env::temp_dir().join(format!("sw-heartbeat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let pidfile = dir.join("pid");
    // One heartbeat after half a second restarts the clock: the timeout comes a second later.
    let script = format!(
        "echo $$ > {}; sleep 0.5; echo heartbeat >&2; sleep 60",
        pidfile.display()
    );
    let started = Instant::now();
    let result = run_real_time(
        task(LAMBDA, json!({"HeartbeatSeconds": 1, "TimeoutSeconds": 30})),
        json!({}),
        with_runner(sh(&script)),
    );
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(1400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(result.status, Status::Failed);
    assert_eq!(result.error.as_deref(), Some(HEARTBEAT_TIMEOUT));
    assert!(history_types(&result).contains(&"TaskTimedOut".to_owned()));
    assert_process_gone(&pidfile);
}

#[cfg(unix)]
#[test]
fn other_stderr_lines_are_not_heartbeats_and_the_path_form_is_read() {
    let script = "while true; do echo 'heartbeat soon' >&2; echo working >&2; sleep 0.1; done";
    let started = Instant::now();
    let result = run_real_time(
        task(LAMBDA, json!({"HeartbeatSecondsPath": "$.hb"})),
        json!({"hb": 1}),
        with_runner(sh(script)),
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(result.error.as_deref(), Some(HEARTBEAT_TIMEOUT));
    let bad = run_real_time(
        task(LAMBDA, json!({"HeartbeatSecondsPath": "$.hb"})),
        json!({"hb": "soon"}),
        with_runner(sh("cat")),
    );
    assert_eq!(bad.error.as_deref(), Some("States.Runtime"));
}

/// Accepts one connection and answers after `delay`, on a plain thread (bounded: one request).
fn slow_lambda(delay: Duration) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            use std::io::{Read, Write};
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            std::thread::sleep(delay);
            let body = "{\"late\": true}";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{address}")
}

#[test]
fn a_lambda_slower_than_heartbeat_seconds_fails_with_heartbeat_timeout() {
    let endpoint = slow_lambda(Duration::from_secs(3));
    let runner = Runner::Lambda(LambdaEndpoint {
        endpoint,
        function: Some("f".into()),
    });
    let started = Instant::now();
    let result = run_real_time(
        task(LAMBDA, json!({"HeartbeatSeconds": 1})),
        json!({}),
        with_runner(runner),
    );
    assert!(started.elapsed() < Duration::from_millis(2500));
    assert_eq!(result.error.as_deref(), Some(HEARTBEAT_TIMEOUT));
    // Without HeartbeatSeconds the same slow function answers.
    let endpoint = slow_lambda(Duration::from_millis(300));
    let runner = Runner::Lambda(LambdaEndpoint {
        endpoint,
        function: Some("f".into()),
    });
    let result = run_real_time(task(LAMBDA, json!({})), json!({}), with_runner(runner));
    assert_eq!(
        result.output.as_deref(),
        Some(&json!({"late": true})),
        "{:?}",
        result.cause
    );
}
