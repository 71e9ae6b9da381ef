//! The debugger's run configuration: `NAME.run.json` beside the workflow when it exists (the
//! format of `statewright run --config`: limits, seed, time scale, task runners), or any file
//! typed in the run panel. Runners that execute something need the folder's trust first.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::trust::{uses_external_runners, without_external_runners, TrustDecision, TrustRequest};
use super::Debugger;
use crate::engine::{RunConfig, ScaledClock};

/// The time scale used for `"timeScale": 0` (the UI cannot pause tokio's clock): waits pass
/// a thousand times faster.
const FASTEST_TIME_SCALE: f64 = 0.001;

/// `NAME.run.json` beside `workflow`, if it exists.
pub fn default_run_config(workflow: Option<&Path>) -> Option<PathBuf> {
    let workflow = workflow?;
    let file = workflow.file_name()?.to_str()?;
    let name = file.split('.').next().unwrap_or(file);
    let candidate = workflow.parent()?.join(format!("{name}.run.json"));
    candidate.is_file().then_some(candidate)
}

/// Whether a run may start now.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Configured {
    Ready,
    /// The folder's trust was asked for; the run starts once answered.
    AskedForTrust,
}

impl Debugger {
    /// The chosen run configuration file (relative paths are read beside the workflow).
    pub fn run_config_path(&self) -> Option<PathBuf> {
        let text = self.run_config_text.trim();
        if text.is_empty() {
            return None;
        }
        let path = PathBuf::from(text);
        Some(match (&self.local_dir, path.is_relative()) {
            (Some(dir), true) => dir.join(path),
            _ => path,
        })
    }

    /// Applies the chosen run configuration to `config`, asking for trust when its runners
    /// would execute something in a folder not decided yet.
    pub(super) fn configure_run(
        &mut self,
        config: &mut RunConfig,
        paused: bool,
    ) -> Result<Configured, String> {
        let Some(path) = self.run_config_path() else {
            return Ok(Configured::Ready);
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("Cannot read the run configuration {}: {e}", path.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
        let mut scale = 1.0;
        let folder = crate::cli::config_folder(&path);
        crate::cli::apply_run_config(&value, &folder, config, &mut scale)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if !scale.is_finite() || scale < 0.0 {
            return Err(format!("{}: timeScale must be 0 or more", path.display()));
        }
        let scale = if scale == 0.0 {
            FASTEST_TIME_SCALE
        } else {
            scale
        };
        config.clock = Arc::new(ScaledClock::new(scale));
        if !uses_external_runners(&config.runners) {
            return Ok(Configured::Ready);
        }
        let folder = trust_folder(&path);
        match self.runner_trust.get(&folder) {
            Some(TrustDecision::Trusted) => Ok(Configured::Ready),
            Some(TrustDecision::MocksOnly) => {
                config.runners = Arc::new(without_external_runners(&config.runners));
                Ok(Configured::Ready)
            }
            None => {
                self.trust_request = Some(TrustRequest { folder, paused });
                Ok(Configured::AskedForTrust)
            }
        }
    }
}

/// The folder whose trust a configuration needs: its own, canonical when possible.
pub fn trust_folder(config_path: &Path) -> PathBuf {
    let dir = config_path.parent().unwrap_or(Path::new("."));
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The run configuration row of the run panel.
pub fn run_config_ui(ui: &mut egui::Ui, debugger: &mut Debugger) {
    ui.horizontal(|ui| {
        ui.label("Run configuration");
        let field = ui
            .add_enabled(
                !debugger.is_running(),
                egui::TextEdit::singleline(&mut debugger.run_config_text)
                    .hint_text("none (NAME.run.json is picked up)")
                    .desired_width(260.0),
            )
            .on_hover_text(
                "A JSON file as for `statewright run --config`: limits, seed, timeScale and task \
                 runners (command, lambda, manual). A relative file name here is read beside the \
                 workflow; relative paths inside the file (commands, s3Objects, resultsDir) \
                 are read beside the file, and commands run in its folder.",
            );
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Run configuration file")
        });
        let Some(path) = debugger.run_config_path() else {
            return;
        };
        let folder = trust_folder(&path);
        let note = match debugger.runner_trust.get(&folder) {
            Some(TrustDecision::Trusted) => "runners trusted",
            Some(TrustDecision::MocksOnly) => "mocks only",
            None if path.is_file() => return,
            None => {
                ui.weak("file not found");
                return;
            }
        };
        ui.weak(note);
        if ui
            .small_button("Forget")
            .on_hover_text("Ask again before this folder's runners run")
            .clicked()
        {
            debugger.runner_trust.remove(&folder);
            debugger.forget_trust = Some(folder);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("statewright-runcfg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn a_command_runner_asks_once_per_folder_and_mocks_only_drops_it() {
        let dir = temp_dir("trust");
        let flow = dir.join("flow.asl.json");
        std::fs::write(
            dir.join("flow.run.json"),
            r#"{"seed": 7, "tasks": {"A": {"command": ["true"]}, "B": {"manual": true}}}"#,
        )
        .expect("config");
        assert_eq!(
            default_run_config(Some(&flow)),
            Some(dir.join("flow.run.json"))
        );
        let mut debugger = Debugger::default();
        debugger.sync_document(Some(&flow), "flow");
        assert_eq!(debugger.run_config_path(), Some(dir.join("flow.run.json")));

        let mut config = RunConfig::default();
        let asked = debugger
            .configure_run(&mut config, false)
            .expect("readable");
        assert_eq!(asked, Configured::AskedForTrust);
        let folder = trust_folder(&dir.join("flow.run.json"));
        assert_eq!(
            debugger.trust_request,
            Some(TrustRequest {
                folder: folder.clone(),
                paused: false
            })
        );

        debugger
            .runner_trust
            .insert(folder.clone(), TrustDecision::MocksOnly);
        let mut config = RunConfig::default();
        let ready = debugger
            .configure_run(&mut config, false)
            .expect("readable");
        assert_eq!(ready, Configured::Ready);
        assert_eq!(config.seed, 7);
        assert!(!uses_external_runners(&config.runners));
        assert!(config.runners.has_manual());

        debugger.runner_trust.insert(folder, TrustDecision::Trusted);
        let mut config = RunConfig::default();
        debugger
            .configure_run(&mut config, false)
            .expect("readable");
        assert!(uses_external_runners(&config.runners));
    }

    #[test]
    fn a_bad_configuration_is_an_error_and_manual_runners_need_no_trust() {
        let dir = temp_dir("bad");
        let mut debugger = Debugger::default();
        debugger.sync_document(Some(&dir.join("flow.asl.json")), "flow");
        debugger.run_config_text = "missing.json".into();
        let e = debugger
            .configure_run(&mut RunConfig::default(), false)
            .expect_err("missing");
        assert!(e.contains("missing.json"), "{e}");
        std::fs::write(dir.join("typo.json"), r#"{"sed": 1}"#).expect("write");
        debugger.run_config_text = "typo.json".into();
        let e = debugger
            .configure_run(&mut RunConfig::default(), false)
            .expect_err("unknown key");
        assert!(e.contains("sed"), "{e}");
        std::fs::write(
            dir.join("manual.json"),
            r#"{"tasks": {"A": {"manual": true}}}"#,
        )
        .expect("write");
        debugger.run_config_text = "manual.json".into();
        let ready = debugger.configure_run(&mut RunConfig::default(), false);
        assert_eq!(ready, Ok(Configured::Ready));
        assert_eq!(debugger.trust_request, None);
    }

    #[test]
    fn relative_paths_inside_the_configuration_are_read_beside_it() {
        let dir = temp_dir("relative");
        std::fs::create_dir_all(dir.join("configs")).expect("folder");
        std::fs::write(
            dir.join("configs/local.json"),
            r#"{"tasks": {"A": {"command": ["./a.sh"]}}, "resultsDir": "out"}"#,
        )
        .expect("config");
        let mut debugger = Debugger::default();
        debugger.sync_document(Some(&dir.join("flow.asl.json")), "flow");
        debugger.run_config_text = "configs/local.json".into();
        let folder = trust_folder(&dir.join("configs/local.json"));
        debugger.runner_trust.insert(folder, TrustDecision::Trusted);
        let mut config = RunConfig::default();
        let ready = debugger.configure_run(&mut config, false);
        assert_eq!(ready, Ok(Configured::Ready));
        let configs = crate::cli::config_folder(&dir.join("configs/local.json"));
        assert_eq!(config.local_files.results_dir, Some(configs.join("out")));
        let Some(crate::engine::tasks::Runner::Command(spec)) = config.runners.by_key.get("A")
        else {
            panic!("a command runner");
        };
        assert_eq!(spec.program, configs.join("./a.sh").to_string_lossy());
        assert_eq!(spec.dir.as_deref(), Some(configs.as_path()));
    }
}
