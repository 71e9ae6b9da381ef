//! The events table: every history event of the run (or imported history) with filters by
//! type family, state and text. Rows are virtualized (only the visible ones are laid out), and
//! the filtered index list grows with the log instead of being rebuilt each frame, so 25,000
//! events stay smooth. Clicking a row selects its state on the diagram.

use std::collections::BTreeSet;

use egui_extras::{Column, TableBuilder};

use super::event_log::{EventFamily, EventLog, EventRow};

/// Row height of the table.
const ROW_HEIGHT: f32 = 18.0;

/// What the filters keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFilter {
    /// Families shown (all by default).
    pub families: BTreeSet<EventFamily>,
    /// Only this state's events, when set.
    pub state: Option<String>,
    /// Case-insensitive text in the type, state, scope or details.
    pub text: String,
}

impl Default for EventFilter {
    fn default() -> Self {
        EventFilter {
            families: EventFamily::ALL.into_iter().collect(),
            state: None,
            text: String::new(),
        }
    }
}

impl EventFilter {
    /// True if `row` passes every filter (`needle` is the lowercased text).
    fn keeps(&self, row: &EventRow, needle: &str) -> bool {
        if !self.families.contains(&row.family) {
            return false;
        }
        if let Some(state) = &self.state {
            if row.state.as_deref() != Some(state.as_str()) {
                return false;
            }
        }
        if needle.is_empty() {
            return true;
        }
        let hit = |s: &str| contains_ignoring_ascii_case(s, needle);
        hit(&row.type_name)
            || row.state.as_deref().is_some_and(hit)
            || hit(&row.scope)
            || hit(&row.summary)
            || row.id.to_string() == needle
    }
}

/// The table's state between frames: filters, the rows they keep, and the selected row.
#[derive(Debug, Default)]
pub struct EventsView {
    pub filter: EventFilter,
    /// Indices into the log of the rows the filter keeps.
    kept: Vec<usize>,
    /// Log rows already filtered, and the filter they were filtered with.
    filtered_upto: usize,
    filtered_with: Option<EventFilter>,
    /// The selected row's index in the log.
    pub selected: Option<usize>,
}

impl EventsView {
    /// Brings the kept rows up to date: new rows are filtered incrementally; a changed filter
    /// (or a replaced log) filters everything again.
    pub fn refresh(&mut self, log: &EventLog) {
        let same_filter = self.filtered_with.as_ref() == Some(&self.filter);
        if !same_filter || self.filtered_upto > log.len() {
            self.kept.clear();
            self.filtered_upto = 0;
            self.filtered_with = Some(self.filter.clone());
        }
        let needle = self.filter.text.trim().to_lowercase();
        let rows = log.rows();
        for (i, row) in rows.iter().enumerate().skip(self.filtered_upto) {
            if self.filter.keeps(row, &needle) {
                self.kept.push(i);
            }
        }
        self.filtered_upto = rows.len();
        if self.selected.is_some_and(|s| s >= rows.len()) {
            self.selected = None;
        }
    }

    /// Indices of the rows the filters keep.
    pub fn kept(&self) -> &[usize] {
        &self.kept
    }

    /// Forgets the rows (a new run or import replaced the log).
    pub fn reset_rows(&mut self) {
        self.kept.clear();
        self.filtered_upto = 0;
        self.filtered_with = None;
        self.selected = None;
    }
}

/// Draws the filters and the table; returns the state of a clicked row.
pub fn events_table_ui(
    ui: &mut egui::Ui,
    view: &mut EventsView,
    log: &EventLog,
    state_names: &[String],
) -> Option<String> {
    filters_ui(ui, view, state_names);
    view.refresh(log);
    ui.label(format!(
        "{} of {} events{}",
        view.kept.len(),
        log.len(),
        if log.is_imported() { " (imported)" } else { "" }
    ));
    if let Some(json) = view.selected.and_then(|i| log.event_json(i)) {
        selected_event_ui(ui, &json);
    }
    let mut clicked = None;
    let start_ms = log.start_ms();
    let rows = log.rows();
    TableBuilder::new(ui)
        .id_salt("events_table")
        .striped(true)
        // Keep the panel's height while the table is short (the panel would shrink to it).
        .auto_shrink(false)
        // Follows new events while scrolled to the end; scrolling up stops following.
        .stick_to_bottom(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(48.0))
        .column(Column::exact(72.0))
        .column(Column::initial(170.0).resizable(true).clip(true))
        .column(Column::initial(150.0).resizable(true).clip(true))
        .column(Column::remainder().clip(true))
        .header(ROW_HEIGHT, |mut header| {
            for title in ["#", "Elapsed", "Type", "State", "Details"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.kept.len(), |mut table_row| {
                let Some(&index) = view.kept.get(table_row.index()) else {
                    return;
                };
                let Some(row) = rows.get(index) else {
                    return;
                };
                table_row.set_selected(view.selected == Some(index));
                table_row.col(|ui| {
                    cell_ui(ui, row.id.to_string());
                });
                table_row.col(|ui| {
                    let elapsed = (row.timestamp_ms - start_ms) as f64 / 1000.0;
                    cell_ui(ui, format!("{elapsed:.3} s"))
                        .on_hover_text(absolute_time(row.timestamp_ms));
                });
                table_row.col(|ui| {
                    cell_ui(ui, row.type_name.as_ref());
                });
                table_row.col(|ui| {
                    let state = row.state.as_deref().unwrap_or("");
                    if row.scope.is_empty() {
                        cell_ui(ui, state);
                    } else {
                        cell_ui(ui, format!("{state} [{}]", row.scope));
                    }
                });
                table_row.col(|ui| {
                    cell_ui(ui, row.summary.as_str());
                });
                if table_row.response().clicked() {
                    view.selected = Some(index);
                    clicked = row.state.as_deref().map(str::to_owned);
                }
            });
        });
    clicked
}

/// Case-insensitive (ASCII) substring test without allocating: the filter runs over every row.
fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// A cell's text; not selectable, so a click reaches the row.
fn cell_ui(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.add(egui::Label::new(text).selectable(false).truncate())
}

fn filters_ui(ui: &mut egui::Ui, view: &mut EventsView, state_names: &[String]) {
    ui.horizontal_wrapped(|ui| {
        for family in EventFamily::ALL {
            let mut on = view.filter.families.contains(&family);
            if ui
                .checkbox(&mut on, family.label())
                .on_hover_text(format!("Show {} events", family.label()))
                .changed()
            {
                if on {
                    view.filter.families.insert(family);
                } else {
                    view.filter.families.remove(&family);
                }
            }
        }
        let shown = view
            .filter
            .state
            .clone()
            .unwrap_or_else(|| "All states".into());
        egui::ComboBox::from_id_salt("events_state_filter")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.filter.state, None, "All states");
                for name in state_names {
                    ui.selectable_value(&mut view.filter.state, Some(name.clone()), name);
                }
            });
        let search = ui.add(
            egui::TextEdit::singleline(&mut view.filter.text)
                .hint_text("Search events…")
                .desired_width(160.0),
        );
        search.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Search events")
        });
    });
}

fn selected_event_ui(ui: &mut egui::Ui, json: &serde_json::Value) {
    egui::CollapsingHeader::new("Selected event")
        .id_salt("selected_event")
        .default_open(true)
        .show(ui, |ui| {
            let text = serde_json::to_string_pretty(json).unwrap_or_default();
            if ui
                .small_button("Copy")
                .on_hover_text("Copy the event as JSON")
                .clicked()
            {
                ui.ctx().copy_text(text.clone());
            }
            egui::ScrollArea::vertical()
                .id_salt("selected_event_scroll")
                .max_height(120.0)
                .show(ui, |ui| {
                    ui.add(egui::Label::new(egui::RichText::new(text).monospace()).wrap());
                });
        });
}

/// The timestamp in UTC, RFC 3339.
fn absolute_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| format!("{ms} ms"), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::history_import::parse_aws_history;

    fn log() -> EventLog {
        let text = r#"{"events": [
          {"timestamp": 1, "type": "ExecutionStarted", "id": 1, "previousEventId": 0},
          {"timestamp": 1, "type": "TaskStateEntered", "id": 2, "previousEventId": 1,
           "stateEnteredEventDetails": {"name": "Charge", "input": "{}"}},
          {"timestamp": 2, "type": "TaskFailed", "id": 3, "previousEventId": 2,
           "taskFailedEventDetails": {"error": "Card.Declined", "cause": "no funds"}},
          {"timestamp": 3, "type": "PassStateEntered", "id": 4, "previousEventId": 3,
           "stateEnteredEventDetails": {"name": "Refund", "input": "{}"}},
          {"timestamp": 3, "type": "PassStateExited", "id": 5, "previousEventId": 4,
           "stateExitedEventDetails": {"name": "Refund", "output": "{}"}}
        ]}"#;
        EventLog::from_imported(parse_aws_history(text).expect("valid"))
    }

    #[test]
    fn text_search_ignores_ascii_case() {
        assert!(contains_ignoring_ascii_case("TaskFailed", "taskf"));
        assert!(contains_ignoring_ascii_case(
            "Card.Declined: no",
            "DECLINED"
        ));
        assert!(!contains_ignoring_ascii_case("Pass", "passed"));
        assert!(contains_ignoring_ascii_case(
            "Zahlung prüfen",
            "PRÜFEN".to_lowercase().as_str()
        ));
    }

    fn kept_ids(view: &EventsView, log: &EventLog) -> Vec<u64> {
        view.kept().iter().map(|&i| log.rows()[i].id).collect()
    }

    #[test]
    fn filters_by_family_state_and_text() {
        let log = log();
        let mut view = EventsView::default();
        view.refresh(&log);
        assert_eq!(kept_ids(&view, &log), [1, 2, 3, 4, 5]);
        view.filter.families = [EventFamily::Task].into_iter().collect();
        view.refresh(&log);
        assert_eq!(kept_ids(&view, &log), [3]);
        view.filter = EventFilter {
            state: Some("Refund".into()),
            ..EventFilter::default()
        };
        view.refresh(&log);
        assert_eq!(kept_ids(&view, &log), [4, 5]);
        view.filter = EventFilter {
            text: "DECLINED".into(),
            ..EventFilter::default()
        };
        view.refresh(&log);
        assert_eq!(kept_ids(&view, &log), [3]);
    }

    #[test]
    fn new_rows_are_filtered_as_they_arrive() {
        let full = log();
        let mut growing = EventLog::default();
        let mut view = EventsView::default();
        view.filter.state = Some("Charge".into());
        let events = full.imported_events().to_vec();
        for n in 1..=events.len() {
            growing = EventLog::from_imported(events[..n].to_vec());
            view.refresh(&growing);
        }
        assert_eq!(kept_ids(&view, &growing), [2, 3]);
    }
}
