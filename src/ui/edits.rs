//! Commands that edit the model or the view of the diagram.

use super::app::StatewrightApp;
use super::command::Command;

impl StatewrightApp {
    /// Applies an editing or view command.
    pub(super) fn run_edit(&mut self, command: Command) {
        match command {
            Command::Find => self.focus_search = true,
            other => self.status = format!("{} is not available yet", other.label()),
        }
    }

    /// The diagram as SVG, if there is one.
    pub(super) fn diagram_svg(&self) -> Option<String> {
        None
    }
}
