//! The panels, one per file. Each is a function
//! `thing_ui(ui, what it reads, &mut its own view state, &mut actions)`: it
//! reads the state, keeps its own view state (pan and zoom, the note being
//! typed, an open file dialog) and pushes [`crate::ui::UiAction`]s; it never
//! sees the app and never calls another panel. Shared colours and number
//! formats are in [`crate::ui::style`].

pub mod analysis;
pub mod class;
pub mod compare;
pub mod dialogs;
pub mod errors;
pub mod history;
pub mod map;
pub mod menu;
pub mod outcomes;
pub mod presenter;
pub mod seminar;
pub mod situation;
pub mod status;
pub mod story;
pub mod windows;
