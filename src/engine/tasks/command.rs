//! A local command as a task handler: the task's input as JSON on stdin, its result as JSON
//! on stdout. A non-zero exit with `{"errorType": ..., "errorMessage": ...}` fails the task
//! with that error. A line `heartbeat` on stderr is a heartbeat (SendTaskHeartbeat); other
//! stderr lines are logs. The command runs in its own process group, killed with all its
//! children when the task ends early (timeout, heartbeat timeout, a sibling branch failing,
//! the execution stopping).

use std::path::PathBuf;
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::Notify;

use super::super::error::{StateError, TASK_FAILED};

/// A command line: program and arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandSpec {
    pub program: String,
    pub args: Vec<String>,
    /// The folder it runs in (a run configuration's own folder); the process's when `None`.
    pub dir: Option<PathBuf>,
}

/// Kills the whole process group when dropped, so no grandchild outlives its task.
struct GroupGuard(Option<u32>);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(pid) = self.0.and_then(|p| i32::try_from(p).ok()) {
            // SAFETY: killpg only sends a signal; a group that already exited gives ESRCH.
            unsafe {
                libc::killpg(pid, libc::SIGKILL);
            }
        }
    }
}

/// The stderr line that reports a heartbeat (surrounding whitespace ignored).
pub const HEARTBEAT_LINE: &str = "heartbeat";

/// How much of stderr is kept for a failure's cause.
const STDERR_KEPT_BYTES: usize = 16 * 1024;

/// Runs `spec` with `input` on stdin and returns its parsed stdout; every heartbeat line on
/// stderr notifies `heartbeats`.
pub(crate) async fn run(
    spec: &CommandSpec,
    input: &Value,
    heartbeats: &Notify,
) -> Result<Value, StateError> {
    let mut command = tokio::process::Command::new(&spec.program);
    command
        .args(&spec.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(dir) = &spec.dir {
        command.current_dir(dir);
    }
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command.spawn().map_err(|e| {
        StateError::new(
            TASK_FAILED,
            format!("cannot start command '{}': {e}", spec.program),
        )
    })?;
    let _guard = GroupGuard(child.id());
    let stdin = child.stdin.take();
    let write_input = async move {
        if let Some(mut stdin) = stdin {
            // A handler that exits without reading its input is not an error.
            let _ = stdin.write_all(input.to_string().as_bytes()).await;
        }
    };
    // Input, output and logs flow at once, so a handler that logs or answers before it has
    // read all its input never deadlocks on a full pipe.
    let (_, stdout, stderr, status) = tokio::join!(
        write_input,
        read_all(child.stdout.take()),
        read_logs(child.stderr.take(), heartbeats),
        child.wait(),
    );
    let status = status.map_err(|e| {
        StateError::new(
            TASK_FAILED,
            format!("command '{}' failed: {e}", spec.program),
        )
    })?;
    let stdout = String::from_utf8_lossy(&stdout);
    if status.success() {
        return serde_json::from_str(stdout.trim()).map_err(|e| {
            StateError::new(
                TASK_FAILED,
                format!(
                    "command '{}' printed output that is not JSON ({e}): {}",
                    spec.program,
                    excerpt(&stdout)
                ),
            )
        });
    }
    Err(failure(spec, &status, &stdout, stderr.as_bytes()))
}

async fn read_all(stream: Option<impl AsyncRead + Unpin>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(mut stream) = stream {
        // A read error ends the output early; what was read is judged as the output.
        let _ = stream.read_to_end(&mut bytes).await;
    }
    bytes
}

/// Reads stderr line by line: heartbeats notify, the rest is kept (its tail) for the cause.
async fn read_logs(stream: Option<impl AsyncRead + Unpin>, heartbeats: &Notify) -> String {
    let mut kept = String::new();
    let Some(stream) = stream else {
        return kept;
    };
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        if text.trim() == HEARTBEAT_LINE {
            heartbeats.notify_one();
            continue;
        }
        kept.push_str(&text);
        if kept.len() > 2 * STDERR_KEPT_BYTES {
            let mut cut = kept.len() - STDERR_KEPT_BYTES;
            while !kept.is_char_boundary(cut) {
                cut += 1;
            }
            kept.drain(..cut);
        }
    }
    kept
}

/// The task error of a failed command: its `errorType`/`errorMessage`, else States.TaskFailed.
fn failure(
    spec: &CommandSpec,
    status: &std::process::ExitStatus,
    stdout: &str,
    stderr: &[u8],
) -> StateError {
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(stdout.trim()) {
        if let Some(Value::String(error)) = map.get("errorType") {
            let cause = map
                .get("errorMessage")
                .and_then(Value::as_str)
                .unwrap_or_default();
            return StateError::new(error.clone(), cause);
        }
    }
    let stderr = String::from_utf8_lossy(stderr);
    StateError::new(
        TASK_FAILED,
        format!(
            "command '{}' exited with {status}: {}",
            spec.program,
            excerpt(&stderr)
        ),
    )
}

/// The last few hundred characters of a stream, for a cause.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    let chars: Vec<char> = text.chars().collect();
    let start = chars.len().saturating_sub(300);
    chars.get(start..).unwrap_or_default().iter().collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use serde_json::json;

    async fn run(spec: &CommandSpec, input: &Value) -> Result<Value, StateError> {
        super::run(spec, input, &Notify::new()).await
    }

    fn sh(script: &str) -> CommandSpec {
        CommandSpec {
            program: "sh".into(),
            args: vec!["-c".into(), script.into()],
            dir: None,
        }
    }

    #[tokio::test]
    async fn echoes_json_from_stdin() {
        let out = run(&sh("cat"), &json!({"a": 1})).await;
        assert_eq!(out, Ok(json!({"a": 1})));
    }

    #[tokio::test]
    async fn runs_in_its_folder_when_one_is_given() {
        let dir = std::env::temp_dir().join(format!("sw-cmd-dir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("answer.json"), r#"{"from": "folder"}"#).expect("write");
        let spec = CommandSpec {
            dir: Some(dir.clone()),
            ..sh("cat answer.json")
        };
        assert_eq!(run(&spec, &json!({})).await, Ok(json!({"from": "folder"})));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn error_type_and_message_become_the_task_error() {
        let script = r#"echo '{"errorType": "Bad.Input", "errorMessage": "no"}'; exit 3"#;
        let err = run(&sh(script), &json!({})).await.unwrap_err();
        assert_eq!(err, StateError::new("Bad.Input", "no"));
    }

    #[tokio::test]
    async fn garbage_and_crashes_are_task_failed() {
        let garbage = run(&sh("echo not json"), &json!({})).await.unwrap_err();
        assert_eq!(garbage.name(), TASK_FAILED);
        let crash = run(&sh("echo boom >&2; kill -9 $$"), &json!({}))
            .await
            .unwrap_err();
        assert_eq!(crash.name(), TASK_FAILED);
        let missing = CommandSpec {
            program: "/nonexistent/x".into(),
            args: vec![],
            dir: None,
        };
        assert_eq!(
            run(&missing, &json!({})).await.unwrap_err().name(),
            TASK_FAILED
        );
    }

    #[tokio::test]
    async fn dropping_the_task_kills_the_process_group() {
        let dir = std::env::temp_dir().join(format!("sw-cmd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let pidfile = dir.join("grandchild.pid");
        let script = format!("sleep 30 & echo $! > {}; wait", pidfile.display());
        let spec = sh(&script);
        let input = json!({});
        let task = run(&spec, &input);
        let timed_out = tokio::time::timeout(std::time::Duration::from_millis(500), task).await;
        assert!(timed_out.is_err());
        let pid = std::fs::read_to_string(&pidfile)
            .expect("pid")
            .trim()
            .to_owned();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
            && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .unwrap_or_default()
                .contains(") Z ");
        assert!(!alive, "grandchild {pid} outlived its task");
    }
}
