//! Prompts for manual and `.waitForTaskToken` tasks: one non-modal window per waiting task
//! (a Parallel or Map may wait on several at once), with the task's input, a JSON editor for
//! the result, and Send result / Send failure buttons that answer through the engine handle.

use std::sync::Arc;

use serde_json::Value;

use super::Debugger;
use crate::engine::TaskAnswer;
use crate::ui::theme::Palette;

/// Prompt windows shown at once; a Map of manual tasks may wait on thousands, answered in turn.
const MAX_PROMPT_WINDOWS: usize = 6;

/// A task waiting for the user's answer.
#[derive(Debug, Clone)]
pub struct WaitingTask {
    pub state: String,
    pub scope: String,
    pub token: String,
    pub input: Arc<Value>,
    /// The result being typed (JSON).
    pub result_text: String,
    /// Why `result_text` is not JSON.
    pub result_error: Option<String>,
    /// The failure's Error and Cause.
    pub error: String,
    pub cause: String,
    input_pretty: String,
}

impl WaitingTask {
    /// A prompt for a task that started waiting.
    pub fn new(state: String, scope: String, token: String, input: Arc<Value>) -> Self {
        let input_pretty = serde_json::to_string_pretty(&*input).unwrap_or_default();
        WaitingTask {
            state,
            scope,
            token,
            input,
            result_text: "{}".to_owned(),
            result_error: None,
            error: "States.TaskFailed".to_owned(),
            cause: String::new(),
            input_pretty,
        }
    }

    /// Re-checks the result text.
    pub fn check_result(&mut self) {
        self.result_error = serde_json::from_str::<Value>(&self.result_text)
            .err()
            .map(|e| e.to_string());
    }

    /// The answer "Send result" gives, if the result is JSON.
    pub fn success(&self) -> Result<TaskAnswer, String> {
        serde_json::from_str(&self.result_text)
            .map(TaskAnswer::Success)
            .map_err(|e| format!("The result is not valid JSON: {e}"))
    }

    /// The answer "Send failure" gives; an empty Error is refused (SendTaskFailure needs one
    /// to be caught by name).
    pub fn failure(&self) -> Result<TaskAnswer, String> {
        let error = self.error.trim();
        if error.is_empty() {
            return Err("Give the failure an Error name".into());
        }
        Ok(TaskAnswer::Failure {
            error: error.to_owned(),
            cause: self.cause.clone(),
        })
    }

    fn title(&self) -> String {
        if self.scope.is_empty() {
            format!("Task waiting: {}", self.state)
        } else {
            format!("Task waiting: {} [{}]", self.state, self.scope)
        }
    }
}

impl Debugger {
    /// Answers the waiting task `token` through the engine handle and closes its prompt.
    pub fn answer_task(&mut self, token: &str, answer: TaskAnswer) -> bool {
        let Some(session) = &self.session else {
            return false;
        };
        let sent = session.handle.answer_task(token, answer);
        if sent {
            self.waiting.retain(|t| t.token != token);
        } else {
            self.message = "The execution no longer waits for this task".into();
        }
        sent
    }
}

/// Shows a window per waiting task and sends the answers given.
pub fn task_prompts_ui(ctx: &egui::Context, debugger: &mut Debugger, palette: &Palette) {
    let mut answers = Vec::new();
    let hidden = debugger.waiting.len().saturating_sub(MAX_PROMPT_WINDOWS);
    for (i, task) in debugger
        .waiting
        .iter_mut()
        .take(MAX_PROMPT_WINDOWS)
        .enumerate()
    {
        // A grid of three by two, so one prompt does not hide another's buttons.
        let column = (i % 3) as f32;
        let row = (i / 3) as f32;
        egui::Window::new(task.title())
            .id(egui::Id::new(("task_prompt", task.token.as_str())))
            .default_pos(egui::pos2(120.0 + column * 420.0, 80.0 + row * 380.0))
            .default_width(380.0)
            .collapsible(true)
            .resizable(true)
            .show(ctx, |ui| {
                if let Some(a) = task_prompt_ui(ui, task, palette) {
                    answers.push((task.token.clone(), a));
                }
            });
    }
    if hidden > 0 {
        egui::Window::new("More tasks waiting")
            .id(egui::Id::new("task_prompt_more"))
            .default_pos(egui::pos2(120.0, 300.0))
            .show(ctx, |ui| {
                ui.label(format!(
                    "{hidden} more tasks wait for an answer; each opens here as one is answered."
                ));
            });
    }
    for (token, answer) in answers {
        debugger.answer_task(&token, answer);
    }
}

fn task_prompt_ui(
    ui: &mut egui::Ui,
    task: &mut WaitingTask,
    palette: &Palette,
) -> Option<TaskAnswer> {
    ui.label(format!("State {} waits for an answer.", task.state));
    if !task.scope.is_empty() {
        ui.label(format!("Scope: {}", task.scope));
    }
    egui::CollapsingHeader::new("Task input")
        .id_salt(("task_input", task.token.as_str()))
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("task_input_scroll", task.token.as_str()))
                .max_height(140.0)
                .show(ui, |ui| {
                    ui.add(egui::Label::new(
                        egui::RichText::new(&task.input_pretty).monospace(),
                    ));
                });
        });
    let mut answer = None;
    ui.label("Result (JSON)");
    let editor = ui.add(
        egui::TextEdit::multiline(&mut task.result_text)
            .code_editor()
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    );
    editor.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Task result JSON")
    });
    if editor.changed() {
        task.check_result();
    }
    if let Some(e) = &task.result_error {
        ui.colored_label(palette.error, format!("Not valid JSON: {e}"));
    }
    let send = ui
        .add_enabled(
            task.result_error.is_none(),
            egui::Button::new("Send result"),
        )
        .on_hover_text("Complete the task with this result (SendTaskSuccess)");
    if send.clicked() {
        answer = task.success().ok();
    }
    ui.separator();
    egui::Grid::new(("task_failure", task.token.as_str()))
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Error");
            let r = ui.add(egui::TextEdit::singleline(&mut task.error).desired_width(220.0));
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Task failure error")
            });
            ui.end_row();
            ui.label("Cause");
            let r = ui.add(egui::TextEdit::singleline(&mut task.cause).desired_width(220.0));
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Task failure cause")
            });
            ui.end_row();
        });
    let fail = ui
        .add_enabled(
            !task.error.trim().is_empty(),
            egui::Button::new("Send failure"),
        )
        .on_hover_text("Fail the task with this Error and Cause (SendTaskFailure)");
    if fail.clicked() {
        answer = task.failure().ok();
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task() -> WaitingTask {
        WaitingTask::new(
            "Approve".into(),
            String::new(),
            "t".into(),
            Arc::new(json!({"n": 1})),
        )
    }

    #[test]
    fn the_result_must_be_json_and_the_failure_needs_an_error() {
        let mut t = task();
        assert_eq!(t.success(), Ok(TaskAnswer::Success(json!({}))));
        t.result_text = "{ nope".into();
        t.check_result();
        assert!(t.result_error.is_some());
        assert!(t.success().is_err());
        t.error = "  ".into();
        assert!(t.failure().is_err());
        t.error = "Rejected".into();
        t.cause = "too big".into();
        assert_eq!(
            t.failure(),
            Ok(TaskAnswer::Failure {
                error: "Rejected".into(),
                cause: "too big".into()
            })
        );
    }
}
