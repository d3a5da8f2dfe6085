//! Session files: the autosave and File > Save session. The session turns
//! itself into RON text and back ([`crate::session`]); this reads and
//! writes the files, atomically.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::atomic::write_atomic;
use crate::session::{PersistError, Session};

/// Why a session file could not be read or written.
#[derive(Debug, Error)]
pub enum SessionFileError {
    /// The file could not be read.
    #[error("cannot read {}: {reason}", .path.display())]
    Read {
        path: PathBuf,
        reason: std::io::Error,
    },
    /// The file could not be written; the previous file, if any, is intact.
    #[error("cannot write {}: {reason}", .path.display())]
    Write {
        path: PathBuf,
        reason: std::io::Error,
    },
    /// The file is not text.
    #[error("{}: {why}", .path.display())]
    NotText { path: PathBuf, why: String },
    /// The text is not a session this build reads.
    #[error("{0}")]
    Format(#[from] PersistError),
}

/// Writes `session` to `path` as RON, atomically (see [`write_atomic`]).
pub fn save_session(path: &Path, session: &Session) -> Result<(), SessionFileError> {
    let text = session.to_ron()?;
    write_atomic(path, text.as_bytes()).map_err(|reason| SessionFileError::Write {
        path: path.to_owned(),
        reason,
    })
}

/// Writes session text made by [`Session::to_ron`] to `path`, atomically,
/// making the folder if it is missing (for the app's autosave thread).
pub fn write_text(path: &Path, text: &str) -> Result<(), SessionFileError> {
    let write_error = |reason| SessionFileError::Write {
        path: path.to_owned(),
        reason,
    };
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(write_error)?;
    }
    write_atomic(path, text.as_bytes()).map_err(write_error)
}

/// Reads the session saved at `path` into `fresh`, a session at the start
/// of the scenario it was saved for. Returns the session and what of the
/// file did not fit the scenario (empty when everything did).
pub fn load_session(
    path: &Path,
    fresh: Session,
) -> Result<(Session, Vec<String>), SessionFileError> {
    let bytes = std::fs::read(path).map_err(|reason| SessionFileError::Read {
        path: path.to_owned(),
        reason,
    })?;
    if let Some(why) = super::not_text_reason(&bytes) {
        return Err(SessionFileError::NotText {
            path: path.to_owned(),
            why,
        });
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Session::from_ron_into(&text, fresh, Some(path))?)
}

/// Where the session of the scenario `scenario_id` is autosaved under
/// `data_dir`: `sessions/ID.ron`, with characters other than letters,
/// digits, `-` and `_` replaced by `_`.
pub fn autosave_path(data_dir: &Path, scenario_id: &str) -> PathBuf {
    let safe: String = scenario_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    data_dir.join("sessions").join(format!("{safe}.ron"))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::load_str;
    use crate::session::Action;

    #[test]
    fn a_saved_session_loads_back_and_autosave_makes_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let scenario = Arc::new(load_str(crate::synthetic::SMALL, "small.ron").unwrap());
        let mut session = Session::new(Arc::clone(&scenario));
        let arm = Action::take_named(&scenario, "arm", None).unwrap();
        session.apply(arm).unwrap();
        let path = autosave_path(dir.path(), "small/v2");
        assert!(path.ends_with("sessions/small_v2.ron"));
        write_text(&path, &session.to_ron().unwrap()).unwrap();
        let (loaded, report) = load_session(&path, Session::new(scenario)).unwrap();
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(loaded.walk(), session.walk());
    }

    #[test]
    fn errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let scenario = Arc::new(load_str(crate::synthetic::SMALL, "small.ron").unwrap());
        let missing = dir.path().join("none.ron");
        let error = load_session(&missing, Session::new(Arc::clone(&scenario))).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot read {}: ", missing.display())),
            "{error}"
        );
        let broken = dir.path().join("broken.ron");
        std::fs::write(
            &broken,
            "(\n    version: 1,\n    scenario: \"small\"\n    visits: [],\n)",
        )
        .unwrap();
        let error = load_session(&broken, Session::new(scenario)).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}:4:", broken.display())),
            "{error}"
        );
    }
}
