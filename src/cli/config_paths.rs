//! Relative paths in a run configuration are read beside the configuration file, not in the
//! process's working directory, so `statewright run --config` and the app agree wherever they
//! are started from.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::tasks::{Runner, TaskRunners};

/// The folder a configuration file's relative paths are read from: its own, made absolute
/// (a bare `run.json` has an empty parent, which no process can change into).
pub(crate) fn config_folder(config_file: &Path) -> PathBuf {
    let parent = match config_file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// `path` itself when absolute, else `path` inside `folder`.
pub(crate) fn beside(folder: &Path, path: &str) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        folder.join(path)
    }
}

/// Command runners run in `folder`; a program named by a relative path (`./handler.sh`,
/// `bin/handler`) is found there too, while a bare name (`python3`) is still looked up on
/// `PATH`.
pub(crate) fn commands_in(runners: TaskRunners, folder: &Path) -> Arc<TaskRunners> {
    let mut runners = runners;
    for runner in runners.by_key.values_mut() {
        if let Runner::Command(spec) = runner {
            if spec.program.contains(std::path::is_separator) {
                spec.program = beside(folder, &spec.program).to_string_lossy().into_owned();
            }
            spec.dir = Some(folder.to_path_buf());
        }
    }
    Arc::new(runners)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tasks::CommandSpec;
    use serde_json::json;

    #[test]
    fn relative_programs_and_folders_resolve_beside_the_configuration() {
        let folder = Path::new("/work/flows");
        assert_eq!(config_folder(Path::new("/work/flows/a.run.json")), folder);
        assert!(config_folder(Path::new("a.run.json")).is_absolute());
        assert_eq!(beside(folder, "out"), Path::new("/work/flows/out"));
        assert_eq!(beside(folder, "/tmp/out"), Path::new("/tmp/out"));

        let runners = TaskRunners::from_value(&json!({
            "A": {"command": ["./handler.sh", "x"]},
            "B": {"command": ["python3", "h.py"]},
            "C": {"manual": true}
        }))
        .expect("valid");
        let runners = commands_in(runners, folder);
        let spec = |key: &str| match runners.by_key.get(key) {
            Some(Runner::Command(spec)) => Some(spec.clone()),
            _ => None,
        };
        assert_eq!(
            spec("A"),
            Some(CommandSpec {
                program: "/work/flows/./handler.sh".into(),
                args: vec!["x".into()],
                dir: Some(folder.to_path_buf()),
            })
        );
        assert_eq!(spec("B").map(|s| s.program), Some("python3".into()));
        assert_eq!(spec("B").and_then(|s| s.dir), Some(folder.to_path_buf()));
        assert_eq!(runners.by_key.get("C"), Some(&Runner::Manual));
    }
}
