//! Autosave to a recovery file, offered back when the app starts after a crash.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// What the recovery file holds: the unsaved text and where it belongs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The file the edits belong to, if it had one.
    pub path: Option<PathBuf>,
    /// The unsaved definition text.
    pub text: String,
}

/// How long the text must be unchanged before it is autosaved.
const QUIET: Duration = Duration::from_millis(800);

/// Writes recovery snapshots on a background thread.
pub struct Recovery {
    file: PathBuf,
    tx: Sender<Option<Snapshot>>,
    pending: Option<(Instant, Snapshot)>,
    written: Option<Snapshot>,
}

impl Recovery {
    /// A recovery writer for `dir` (created when first needed).
    pub fn new(dir: PathBuf) -> Self {
        let file = dir.join("recovery.json");
        let (tx, rx) = channel::<Option<Snapshot>>();
        let target = file.clone();
        std::thread::spawn(move || {
            for job in rx {
                // Errors only cost the safety net; they are logged, not shown.
                let result = match job {
                    Some(snapshot) => write(&target, &snapshot),
                    None => match std::fs::remove_file(&target) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                        _ => Ok(()),
                    },
                };
                if let Err(e) = result {
                    tracing::warn!("recovery file {}: {e}", target.display());
                }
            }
        });
        Recovery {
            file,
            tx,
            pending: None,
            written: None,
        }
    }

    /// The default directory: `$STATEWRIGHT_RECOVERY_DIR`, else the user's state directory.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("STATEWRIGHT_RECOVERY_DIR") {
            return PathBuf::from(dir);
        }
        if let Some(state) = std::env::var_os("XDG_STATE_HOME") {
            return PathBuf::from(state).join("statewright");
        }
        match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(".local/state/statewright"),
            None => std::env::temp_dir().join("statewright"),
        }
    }

    /// The snapshot a previous session left behind, if any.
    pub fn leftover(&self) -> Option<Snapshot> {
        let bytes = std::fs::read(&self.file).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Notes the current unsaved text; it is written once it stays unchanged for a moment.
    pub fn update(&mut self, snapshot: Option<Snapshot>, now: Instant) {
        match snapshot {
            None => {
                self.pending = None;
                if self.written.take().is_some() {
                    let _ = self.tx.send(None);
                }
            }
            Some(s) if self.written.as_ref() == Some(&s) => self.pending = None,
            Some(s) => {
                let unchanged = self.pending.as_ref().is_some_and(|(_, p)| *p == s);
                if !unchanged {
                    self.pending = Some((now, s));
                }
            }
        }
        if let Some((since, _)) = &self.pending {
            if now.duration_since(*since) >= QUIET {
                if let Some((_, s)) = self.pending.take() {
                    let _ = self.tx.send(Some(s.clone()));
                    self.written = Some(s);
                }
            }
        }
    }

    /// True while a snapshot waits for its quiet period (the app keeps repainting).
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Deletes the recovery file (after a save, a discard or a clean exit).
    pub fn clear(&mut self) {
        self.pending = None;
        self.written = None;
        // Removed here too, so a clean exit never leaves the file behind.
        let _ = std::fs::remove_file(&self.file);
        let _ = self.tx.send(None);
    }
}

fn write(path: &std::path::Path, snapshot: &Snapshot) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let bytes = serde_json::to_vec(snapshot).map_err(std::io::Error::other)?;
    crate::files::write_atomic(path, &bytes)
}
