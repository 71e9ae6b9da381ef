//! Manual tasks and `.waitForTaskToken` callbacks: the execution waits until someone answers
//! the task's token through the engine handle (the debugger shows the prompt).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;
use tokio::sync::oneshot;

/// The answer to a waiting task, as SendTaskSuccess / SendTaskFailure would give it.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskAnswer {
    Success(Value),
    Failure { error: String, cause: String },
}

/// Tasks waiting for an answer, by token.
#[derive(Debug, Default)]
pub struct PendingTasks {
    waiting: Mutex<HashMap<String, oneshot::Sender<TaskAnswer>>>,
}

impl PendingTasks {
    /// Starts waiting for `token`'s answer.
    pub fn register(&self, token: &str) -> oneshot::Receiver<TaskAnswer> {
        let (tx, rx) = oneshot::channel();
        if let Ok(mut w) = self.waiting.lock() {
            w.insert(token.to_owned(), tx);
        }
        rx
    }

    /// Delivers an answer; false if no task waits for `token` (unknown or already answered).
    pub fn answer(&self, token: &str, answer: TaskAnswer) -> bool {
        let sender = self.waiting.lock().ok().and_then(|mut w| w.remove(token));
        sender.is_some_and(|s| s.send(answer).is_ok())
    }

    /// The tokens still waiting.
    pub fn tokens(&self) -> Vec<String> {
        self.waiting
            .lock()
            .map(|w| w.keys().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test]
    async fn an_answer_reaches_its_waiter_once() {
        let pending = PendingTasks::default();
        let rx = pending.register("t1");
        assert!(!pending.answer("nope", TaskAnswer::Success(json!(1))));
        assert!(pending.answer("t1", TaskAnswer::Success(json!(2))));
        assert!(!pending.answer("t1", TaskAnswer::Success(json!(3))));
        assert_eq!(rx.await.ok(), Some(TaskAnswer::Success(json!(2))));
    }
}
