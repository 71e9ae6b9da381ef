//! `statewright run`: execute a definition locally and print the result (DESIGN.md contract).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};

use super::args::RunArgs;
use super::config_paths::{beside, commands_in, config_folder};
use super::load::format_from_extension;
use super::{EXIT_ERRORS, EXIT_UNREADABLE};
use crate::asl::{check, StateMachine};
use crate::engine::{
    self, service,
    tasks::{MockConfig, TaskRunners},
    EngineEvent, ExecutionResult, Limits, LocalFiles, MockSelection, RunConfig, ScaledClock, Stage,
    StepRecord, LEGACY_PAYLOAD_LIMIT_BYTES,
};

/// Everything read from the command line and files, ready to run.
struct Prepared {
    machine: StateMachine,
    input: Value,
    config: RunConfig,
    time_scale: f64,
}

/// Runs the execution; exit 0 when it succeeded, 1 when it did not, 2 on unusable inputs.
pub fn run(args: &RunArgs) -> u8 {
    let prepared = match prepare(args) {
        Ok(p) => p,
        Err(message) => {
            if args.json {
                let out = json!({"status": "FAILED", "output": null,
                                 "error": "Statewright.InvalidInput", "cause": message});
                println!("{out}");
            } else {
                eprintln!("error: {message}");
            }
            return EXIT_UNREADABLE;
        }
    };
    let runtime = match build_runtime(prepared.time_scale) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return EXIT_UNREADABLE;
        }
    };
    let Prepared {
        machine,
        input,
        mut config,
        time_scale,
    } = prepared;
    let json_mode = args.json;
    let handle = runtime.handle().clone();
    let result = runtime.block_on(async move {
        // Created inside the runtime so a paused clock (time scale 0) is the one it reads.
        config.clock = Arc::new(if time_scale > 0.0 {
            ScaledClock::real_time(time_scale)
        } else {
            ScaledClock::new(1.0)
        });
        let answers = super::answers::may_wait_for_answers(&machine, &config.runners);
        if json_mode && !answers {
            let result = engine::execute(&machine, input, &config).await;
            // The process ends soon: freeing a large definition's model piece by piece would
            // only delay it.
            std::mem::forget(machine);
            result
        } else {
            run_streaming(&handle, machine, input, config, !json_mode).await
        }
    });
    if let Some(path) = &args.history_out {
        let history =
            json!({"events": result.history.iter().map(|e| e.to_aws_json()).collect::<Vec<_>>()});
        let text = serde_json::to_string_pretty(&history).unwrap_or_default();
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
        }
    }
    if args.json {
        print_contract(&result);
    } else {
        print_result(&result);
    }
    let code = if result.status == engine::Status::Succeeded {
        0
    } else {
        EXIT_ERRORS
    };
    // The process ends next: freeing every history payload one by one would only delay it.
    std::mem::forget(result);
    code
}

/// The contract object, written straight from the result without copying its output.
fn print_contract(result: &ExecutionResult) {
    #[derive(serde::Serialize)]
    struct Contract<'a> {
        status: &'static str,
        output: Option<&'a Value>,
        error: Option<&'a str>,
        cause: Option<&'a str>,
    }
    let contract = Contract {
        status: result.status.as_str(),
        output: result.output.as_deref(),
        error: result.error.as_deref(),
        cause: result.cause.as_deref(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = serde_json::to_writer(&mut out, &contract)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        eprintln!("error: cannot write the result: {e}");
    }
}

fn build_runtime(time_scale: f64) -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_current_thread();
    builder.enable_all();
    if time_scale <= 0.0 {
        // tokio's paused clock jumps to the next timer when idle: waits take no time but
        // keep their order (a Wait still loses against a shorter execution timeout).
        builder.start_paused(true);
    }
    builder.build()
}

fn prepare(args: &RunArgs) -> Result<Prepared, String> {
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let parsed = check(&bytes, format_from_extension(&args.file));
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!(
            "{}:{}:{}: {}: {}",
            args.file.display(),
            d.line,
            d.column,
            d.code.as_str(),
            d.message
        ));
    }
    let machine = parsed
        .machine
        .ok_or_else(|| format!("{}: not a state machine definition", args.file.display()))?;
    let input = read_input(args)?;
    let definition_dir = args
        .file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut config = RunConfig {
        machine_name: machine_name(&args.file),
        local_files: Arc::new(LocalFiles {
            search_dirs: vec![definition_dir],
            ..LocalFiles::default()
        }),
        ..RunConfig::default()
    };
    let mut time_scale = 1.0;
    if let Some(path) = &args.config {
        let folder = config_folder(path);
        apply_run_config(&read_json(path)?, &folder, &mut config, &mut time_scale)?;
    }
    if let Some(scale) = args.time_scale {
        time_scale = scale;
    }
    if !time_scale.is_finite() || time_scale < 0.0 {
        return Err(format!(
            "--time-scale must be 0 or more, found {time_scale}"
        ));
    }
    if let (Some(mock), Some(case)) = (&args.mock_config, &args.test_case) {
        let mocks = MockConfig::from_value(&read_json(mock)?)
            .map_err(|e| format!("{}: {e}", mock.display()))?;
        config.mocks = Some(MockSelection {
            config: Arc::new(mocks),
            test_case: case.clone(),
        });
    }
    Ok(Prepared {
        machine,
        input,
        config,
        time_scale,
    })
}

fn read_input(args: &RunArgs) -> Result<Value, String> {
    match (&args.input, &args.input_file) {
        (Some(text), _) => serde_json::from_str(text).map_err(|e| format!("--input: {e}")),
        (None, Some(path)) => read_json(path),
        (None, None) => Ok(json!({})),
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The state machine's name: the file name without its extensions (`Case.asl.json` -> `Case`).
pub(crate) fn machine_name(path: &Path) -> String {
    let file = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or("StateMachine");
    file.split('.').next().unwrap_or(file).to_owned()
}

/// Reads a run configuration: `payloadLimitBytes` (number or "legacy"), `historyEventLimit`,
/// `seed`, `timeScale`, `tasks` (runners by state name or ARN), `s3Objects`, `resultsDir`.
/// Unknown keys are errors, so typos do not pass silently. Relative paths (command programs,
/// files, folders) are read in `folder`, the configuration file's own, where commands also run.
pub(crate) fn apply_run_config(
    value: &Value,
    folder: &Path,
    config: &mut RunConfig,
    scale: &mut f64,
) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Err("the run configuration must be a JSON object".into());
    };
    let mut limits = Limits::default();
    for (key, v) in map {
        match (key.as_str(), v) {
            ("payloadLimitBytes", Value::String(s)) if s == "legacy" => {
                limits.payload_bytes = LEGACY_PAYLOAD_LIMIT_BYTES
            }
            ("payloadLimitBytes", v) if v.as_u64().is_some() => {
                limits.payload_bytes = v.as_u64().unwrap_or_default() as usize
            }
            ("historyEventLimit", v) if v.as_u64().is_some() => {
                limits.history_events = v.as_u64().unwrap_or_default() as usize
            }
            ("seed", v) if v.as_u64().is_some() => config.seed = v.as_u64().unwrap_or_default(),
            ("timeScale", v) if v.as_f64().is_some() => *scale = v.as_f64().unwrap_or(1.0),
            ("tasks", v) => config.runners = commands_in(TaskRunners::from_value(v)?, folder),
            ("s3Objects", Value::Object(objects)) => {
                let mut files = LocalFiles::clone(&config.local_files);
                for (uri, path) in objects {
                    let path = path
                        .as_str()
                        .ok_or(format!("s3Objects.{uri} must be a file path"))?;
                    files.objects.insert(uri.clone(), beside(folder, path));
                }
                config.local_files = Arc::new(files);
            }
            ("resultsDir", Value::String(dir)) => {
                let mut files = LocalFiles::clone(&config.local_files);
                files.results_dir = Some(beside(folder, dir));
                config.local_files = Arc::new(files);
            }
            (other, v) => return Err(format!("run configuration: unexpected {other}: {v}")),
        }
    }
    config.limits = limits;
    Ok(())
}

/// Streams the execution: prints each state with its payload sizes (human mode) and asks on
/// stdin for the answers of manual and `.waitForTaskToken` tasks (prompts go to stderr, so
/// `--json` still prints one object on stdout).
async fn run_streaming(
    runtime: &tokio::runtime::Handle,
    machine: StateMachine,
    input: Value,
    config: RunConfig,
    print: bool,
) -> ExecutionResult {
    let (handle, mut events) = service::start(runtime, Arc::new(machine), input, config, None);
    while let Some(event) = events.recv().await {
        match event {
            EngineEvent::Debug(engine::DebugEvent::StateFinished(record)) if print => {
                print_step(&record)
            }
            EngineEvent::Debug(engine::DebugEvent::TaskWaiting {
                state,
                token,
                input,
                ..
            }) => {
                let read = tokio::task::spawn_blocking(move || {
                    let stdin = std::io::stdin();
                    super::answers::read_answer(&state, &input, &mut stdin.lock())
                });
                let answer = read
                    .await
                    .unwrap_or_else(|e| engine::tasks::TaskAnswer::Failure {
                        error: "States.TaskFailed".to_owned(),
                        cause: format!("reading the answer failed: {e}"),
                    });
                handle.answer_task(&token, answer);
            }
            EngineEvent::Debug(engine::DebugEvent::RetryScheduled {
                state,
                attempt,
                error,
                delay_ms,
                ..
            }) if print => {
                println!(
                    "  retry {attempt} of {state} after {delay_ms} ms ({})",
                    error.name()
                );
            }
            EngineEvent::Finished(result) => return *result,
            _ => {}
        }
    }
    ExecutionResult {
        status: engine::Status::Aborted,
        output: None,
        error: None,
        cause: Some("the execution ended without a result".into()),
        history: Vec::new(),
    }
}

fn print_step(record: &StepRecord) {
    let size = |stage: Stage| {
        record
            .stages
            .iter()
            .rev()
            .find(|s| s.stage == stage)
            .map(|s| s.size_bytes)
    };
    let input = size(Stage::Input).unwrap_or(0);
    let output = record.stages.last().map(|s| s.size_bytes).unwrap_or(0);
    let scope = if record.scope.is_empty() {
        String::new()
    } else {
        format!("[{}] ", record.scope)
    };
    let outcome = match &record.error {
        Some(e) => format!(
            "failed: {} {}",
            e.name(),
            e.cause.as_deref().unwrap_or_default()
        ),
        None => format!("output {output} B"),
    };
    println!(
        "{scope}{}: input {input} B, {outcome} (history {})",
        record.state, record.history_events
    );
}

fn print_result(result: &ExecutionResult) {
    println!("{}", result.status.as_str());
    match &result.output {
        Some(o) => println!("{}", serde_json::to_string_pretty(&**o).unwrap_or_default()),
        None => println!(
            "error: {}\ncause: {}",
            result.error.as_deref().unwrap_or("(none)"),
            result.cause.as_deref().unwrap_or("(none)")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_name_drops_every_extension() {
        assert_eq!(machine_name(Path::new("dir/Case.asl.json")), "Case");
        assert_eq!(machine_name(Path::new("Flow.yaml")), "Flow");
    }

    #[test]
    fn run_config_sets_limits_and_rejects_unknown_keys() {
        let mut config = RunConfig::default();
        let mut scale = 1.0;
        let v = json!({"payloadLimitBytes": "legacy", "seed": 3, "timeScale": 0.5});
        let folder = Path::new("/flows");
        apply_run_config(&v, folder, &mut config, &mut scale).expect("valid");
        assert_eq!(config.limits.payload_bytes, LEGACY_PAYLOAD_LIMIT_BYTES);
        assert_eq!((config.seed, scale), (3, 0.5));
        assert!(apply_run_config(&json!({"typo": 1}), folder, &mut config, &mut scale).is_err());
    }

    #[test]
    fn run_config_files_and_folders_are_read_beside_the_configuration() {
        let mut config = RunConfig::default();
        let v = json!({
            "s3Objects": {"s3://b/in.csv": "data/in.csv", "s3://b/abs.csv": "/srv/abs.csv"},
            "resultsDir": "results"
        });
        apply_run_config(&v, Path::new("/flows"), &mut config, &mut 1.0).expect("valid");
        let files = &config.local_files;
        assert_eq!(
            files.objects.get("s3://b/in.csv").map(|p| p.as_path()),
            Some(Path::new("/flows/data/in.csv"))
        );
        assert_eq!(
            files.objects.get("s3://b/abs.csv").map(|p| p.as_path()),
            Some(Path::new("/srv/abs.csv"))
        );
        assert_eq!(
            files.results_dir.as_deref(),
            Some(Path::new("/flows/results"))
        );
    }
}
