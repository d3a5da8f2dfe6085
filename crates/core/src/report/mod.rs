//! Reports a person reads, built from the session and the analysis as
//! plain data: the debrief of a class's path ([`debrief_document`], a
//! [`Document`] of headings, paragraphs, lists and tables) and what a move
//! leads to ([`leads_to`]), which the presenter view and the debrief share.
//!
//! Above session and analysis, below io: nothing here touches a file or
//! knows a file format. `crate::io` writes a [`Document`] as Markdown or
//! HTML; the app and the command line read the same data.

mod debrief;
mod document;
mod leads_to;

pub use debrief::{
    Audience, JUDGED_MODEL_NAME, debrief_document, debrief_document_for, debrief_document_of_game,
    read_number, read_percent,
};
pub use document::{Block, Document, Item, Line, Run};
pub use leads_to::{Changed, Ending, LeadsTo, before_and_after, changed, leads_to};
