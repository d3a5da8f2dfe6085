//! Errors the class server reports to the app.

use std::net::SocketAddr;

/// Why the class server could not start or could not do what the app asked.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// No network interface fits the requested binding.
    #[error("no network interface to serve the class on: {reason}")]
    NoInterface {
        /// What was looked for and not found.
        reason: String,
    },
    /// The socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The async runtime could not start.
    #[error("cannot start the class server's runtime: {0}")]
    Runtime(std::io::Error),
    /// The operating system gave no randomness for ids and keys.
    #[error("no randomness for the class server's keys: {0}")]
    Random(String),
    /// The join address does not fit in a QR code.
    #[error("the join address does not fit in a QR code: {0}")]
    Qr(String),
    /// A question was opened with nothing to choose from, or options that do not fit.
    #[error("invalid question: {0}")]
    Question(String),
    /// The instructor asked for something that needs an open question.
    #[error("no question is open")]
    NoQuestion,
}
