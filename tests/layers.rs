//! The layers' walls, checked in the source: the core never touches files
//! (only `io` does; the report layer builds documents, `io` writes them)
//! and never names egui (only `ui` does).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn only_io_touches_files_and_only_ui_names_egui() {
    let mut offences = Vec::new();
    for layer in ["model", "engine", "session", "analysis", "report"] {
        for (file, text) in sources(&Path::new("src").join(layer)) {
            for (n, line) in text.lines().enumerate() {
                // Tests may use temporary files; the code above them may not.
                if line.trim_start().starts_with("mod tests") {
                    break;
                }
                for word in ["std::fs", "File::open", "File::create", "egui", "eframe"] {
                    if line.contains(word) && !line.trim_start().starts_with("//") {
                        offences.push(format!("{file}:{}: {word}", n + 1));
                    }
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
    assert!(!sources(Path::new("src/model")).is_empty());
    assert!(!sources(Path::new("src/report")).is_empty());
}
