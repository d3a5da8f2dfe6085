//! Autosave off the window's thread. The app hands over the session's text
//! after every change; a thread of its own writes it (atomically, with an
//! fsync), so a slow disk never stalls a frame. Saves that pile up while a
//! write is running are coalesced: only the newest text for each file is
//! written. Dropping the autosaver (the window closing) writes what is left
//! before it returns, so the last action is never lost on exit; a kill -9
//! loses at most the action whose write was still running.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::io::write_session_text;

enum Message {
    /// Write `text` to `path`.
    Save(PathBuf, String),
    /// Answer once everything sent before is written.
    Flush(Sender<()>),
}

/// The autosave thread and the way to it.
pub struct Autosaver {
    sender: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
    errors: Receiver<String>,
}

impl Autosaver {
    /// Starts the thread; `wake` is called when a write failed, so the
    /// window can show why.
    pub fn spawn(wake: impl Fn() + Send + 'static) -> Autosaver {
        let (sender, messages) = channel();
        let (error_sender, errors) = channel();
        let thread = std::thread::Builder::new()
            .name("demarche-autosave".into())
            .spawn(move || run(&messages, &error_sender, &wake))
            .ok();
        Autosaver {
            sender: thread.as_ref().map(|_| sender),
            thread,
            errors,
        }
    }

    /// Queues `text` to be written to `path`. Returns at once.
    pub fn save(&self, path: PathBuf, text: String) {
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|s| s.send(Message::Save(path.clone(), text.clone())).is_ok());
        // Without a thread, write here rather than lose the session.
        if !sent && let Err(e) = write_session_text(&path, &text) {
            print_unreported(&e.to_string());
        }
    }

    /// Blocks until every save queued so far is written (for tests and
    /// scripts; the window never waits).
    pub fn flush(&self) {
        let Some(sender) = &self.sender else { return };
        let (done, wait) = channel();
        if sender.send(Message::Flush(done)).is_ok() {
            let _ = wait.recv();
        }
    }

    /// Why the last write failed, if one did since the last call.
    pub fn error(&self) -> Option<String> {
        self.errors.try_iter().last()
    }
}

impl Drop for Autosaver {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has written the rest.
        self.sender = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread: wait for a save, take every other message already queued,
/// write the newest text of each file, answer flushes.
fn run(messages: &Receiver<Message>, errors: &Sender<String>, wake: &dyn Fn()) {
    while let Ok(first) = messages.recv() {
        let mut pending: Vec<(PathBuf, String)> = Vec::new();
        let mut flushes = Vec::new();
        for message in std::iter::once(first).chain(messages.try_iter()) {
            match message {
                Message::Save(path, text) => match pending.iter_mut().find(|(p, _)| *p == path) {
                    Some(slot) => slot.1 = text,
                    None => pending.push((path, text)),
                },
                Message::Flush(done) => flushes.push(done),
            }
        }
        for (path, text) in pending {
            if let Err(e) = write_session_text(&path, &text) {
                let _ = errors.send(e.to_string());
                wake();
            }
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

/// A failed write with no thread to report it to: printed, since the
/// window has no way to hear of it.
fn print_unreported(message: &str) {
    eprintln!("demarche: autosave failed: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_are_written_newest_last_and_flushed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sessions").join("a.ron");
        let saver = Autosaver::spawn(|| {});
        for i in 0..50 {
            saver.save(path.clone(), format!("version {i}"));
        }
        saver.flush();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "version 49");
        saver.save(path.clone(), "last".to_owned());
        drop(saver);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "last");
    }

    #[test]
    fn a_failed_write_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the sessions folder should be.
        std::fs::write(dir.path().join("sessions"), "x").unwrap();
        let saver = Autosaver::spawn(|| {});
        saver.save(dir.path().join("sessions").join("a.ron"), "text".to_owned());
        saver.flush();
        let error = saver.error().unwrap();
        assert!(error.starts_with("cannot write "), "{error}");
    }
}
