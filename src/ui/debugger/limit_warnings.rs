//! Limit warnings in the run panel, with a badge beside the run controls: a payload past 50%
//! or 90% of the payload limit, a history on course to pass its limit (projected during the
//! run, estimated before it), and an input already large before the run.

use serde_json::Value;

use super::limit_estimate::{estimate_history, HistoryEstimate};
use super::limit_watch::thousands;
use super::Debugger;
use crate::asl::StateMachine;
use crate::engine::{json_size, Limits, RunConfig};
use crate::ui::theme::Palette;

/// One warning: its line, the tooltip saying how it was reached, and whether it is severe
/// (past 90%, or past the limit).
#[derive(Debug, Clone, PartialEq)]
pub struct LimitWarning {
    pub text: String,
    pub tooltip: String,
    pub severe: bool,
}

/// The estimate before a run, recomputed only when the workflow or the input changes.
#[derive(Debug, Default)]
pub struct EstimateCache {
    /// Document, its revision, the input text and the run configuration file estimated for.
    key: Option<(String, u64, String, String)>,
    estimate: Option<HistoryEstimate>,
    input_bytes: Option<usize>,
    /// The limits of the chosen run configuration (defaults without one or when unreadable).
    limits: Limits,
}

impl Debugger {
    /// Re-estimates the next run when the document (`doc_key`, `revision`), the input or the
    /// run configuration changed since the last frame.
    pub fn refresh_estimate(&mut self, machine: &StateMachine, doc_key: &str, revision: u64) {
        let unchanged = self
            .estimate_cache
            .key
            .as_ref()
            .is_some_and(|(k, r, input, config)| {
                k == doc_key
                    && *r == revision
                    && *input == self.input_text
                    && *config == self.run_config_text
            });
        if unchanged {
            return;
        }
        let limits = self.configured_limits();
        let input = serde_json::from_str::<Value>(&self.input_text).ok();
        let cache = &mut self.estimate_cache;
        cache.estimate = input.as_ref().and_then(|v| estimate_history(machine, v));
        cache.input_bytes = input.as_ref().map(json_size);
        cache.limits = limits;
        cache.key = Some((
            doc_key.to_owned(),
            revision,
            self.input_text.clone(),
            self.run_config_text.clone(),
        ));
    }

    /// The limits the next run will have: the run configuration's (a small file, read only
    /// when the estimate is refreshed), else the defaults; a broken file is reported at Start.
    fn configured_limits(&self) -> Limits {
        let Some(path) = self.run_config_path() else {
            return Limits::default();
        };
        let Some(value) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        else {
            return Limits::default();
        };
        let mut config = RunConfig::default();
        let folder = crate::cli::config_folder(&path);
        match crate::cli::apply_run_config(&value, &folder, &mut config, &mut 1.0) {
            Ok(()) => config.limits,
            Err(_) => Limits::default(),
        }
    }

    /// The warnings to show now.
    pub fn limit_warnings(&self) -> Vec<LimitWarning> {
        // A run has its own limits; before one, those of the configuration it would use.
        let limits = match self.limits {
            Some(limits) if self.has_run() => limits,
            _ => self.estimate_cache.limits,
        };
        let mut warnings = Vec::new();
        let run = &self.run;
        if let Some(largest) = &run.limit_watch.largest {
            let at = if largest.scope.is_empty() {
                largest.state.clone()
            } else {
                format!("{} ({})", largest.state, largest.scope)
            };
            warnings.extend(payload_warning(&at, largest.bytes, limits.payload_bytes));
        }
        if self.is_running() {
            let projection = run
                .limit_watch
                .project_history(run.history_events, &run.scopes);
            if let Some(p) = projection.filter(|p| p.projected > limits.history_events) {
                warnings.push(LimitWarning {
                    text: p.warning(limits.history_events),
                    tooltip: p.explanation(),
                    severe: true,
                });
            }
            return warnings;
        }
        let cache = &self.estimate_cache;
        if let Some(e) = cache
            .estimate
            .as_ref()
            .filter(|e| e.events > limits.history_events)
        {
            warnings.push(LimitWarning {
                text: e.warning(limits.history_events),
                tooltip: e.explanation(),
                severe: true,
            });
        }
        if let Some(bytes) = cache.input_bytes {
            warnings.extend(payload_warning("the input", bytes, limits.payload_bytes));
        }
        warnings
    }
}

/// A payload past half (or 90%) of the limit.
fn payload_warning(at: &str, bytes: usize, limit: usize) -> Option<LimitWarning> {
    let percent = bytes as f64 * 100.0 / limit.max(1) as f64;
    if percent <= 50.0 {
        return None;
    }
    let severe = percent > 90.0;
    let lead = if severe {
        "Payload near the limit"
    } else {
        "Payload over half the limit"
    };
    Some(LimitWarning {
        text: format!(
            "{lead}: {at} is {} bytes, {percent:.0}% of {} (more fails with \
             States.DataLimitExceeded)",
            thousands(bytes),
            thousands(limit)
        ),
        tooltip: "The largest input, output or intermediate payload so far, against the \
                  payload limit of the run configuration."
            .into(),
        severe,
    })
}

/// The badge beside the run controls: how many limit warnings there are.
pub fn limit_badge_ui(ui: &mut egui::Ui, warnings: &[LimitWarning], palette: &Palette) {
    if warnings.is_empty() {
        return;
    }
    let run = palette.run();
    let color = if warnings.iter().any(|w| w.severe) {
        run.meter_danger
    } else {
        run.meter_warn
    };
    let text = match warnings.len() {
        1 => "1 limit warning".to_owned(),
        n => format!("{n} limit warnings"),
    };
    let badge = egui::Frame::new()
        .fill(color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(text)
                    .color(egui::Color32::BLACK)
                    .small(),
            );
        });
    let tips: Vec<&str> = warnings.iter().map(|w| w.text.as_str()).collect();
    badge.response.on_hover_text(tips.join("\n"));
}

/// The warnings' lines, each with its explanation as a tooltip.
pub fn limit_warnings_ui(ui: &mut egui::Ui, warnings: &[LimitWarning], palette: &Palette) {
    let run = palette.run();
    for w in warnings {
        let color = if w.severe {
            run.meter_danger
        } else {
            run.meter_warn
        };
        ui.colored_label(color, &w.text).on_hover_text(&w.tooltip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_warnings_start_past_half_and_turn_severe_past_ninety_percent() {
        assert_eq!(payload_warning("A", 50, 100), None);
        let half = payload_warning("A", 51, 100).expect("a warning");
        assert!(!half.severe);
        assert!(half
            .text
            .starts_with("Payload over half the limit: A is 51 bytes, 51% of 100"));
        let near = payload_warning("A", 240_000, 262_144).expect("a warning");
        assert!(near.severe);
        assert!(
            near.text.contains("240,000 bytes, 92% of 262,144"),
            "{}",
            near.text
        );
    }

    #[test]
    fn before_a_run_a_large_map_input_is_estimated_over_the_limit() {
        let definition = serde_json::json!({"StartAt": "M", "States": {"M": {"Type": "Map",
            "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            "End": true}}});
        let machine = crate::asl::parse(definition.to_string().as_bytes(), None)
            .machine
            .expect("a machine");
        let mut debugger = Debugger::default();
        let items: Vec<u32> = (0..7_000).collect();
        debugger.input_text = serde_json::to_string(&items).expect("json");
        debugger.refresh_estimate(&machine, "flow", 1);
        let warnings = debugger.limit_warnings();
        // 4 events per iteration: 28,000 plus the Map's and the execution's own.
        assert_eq!(
            warnings.first().map(|w| w.text.as_str()),
            Some("On course to exceed 25,000 history events (estimated ~28,006 before the run)")
        );
        debugger.input_text = "[1, 2]".into();
        debugger.refresh_estimate(&machine, "flow", 1);
        assert!(debugger.limit_warnings().is_empty());

        // A run configuration that lifts the history limit lifts the warning too.
        let dir = std::env::temp_dir().join(format!("statewright-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let config = dir.join("lifted.run.json");
        std::fs::write(&config, r#"{"historyEventLimit": 100000}"#).expect("config");
        debugger.input_text = serde_json::to_string(&items).expect("json");
        debugger.run_config_text = config.display().to_string();
        debugger.refresh_estimate(&machine, "flow", 1);
        assert!(debugger.limit_warnings().is_empty());
        std::fs::write(&config, r#"{"historyEventLimit": 20000}"#).expect("config");
        debugger.run_config_text = format!("{} ", config.display());
        debugger.refresh_estimate(&machine, "flow", 1);
        let warnings = debugger.limit_warnings();
        assert!(warnings[0]
            .text
            .starts_with("On course to exceed 20,000 history events"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
