//! Integration tests of the class server: real HTTP and WebSocket clients on 127.0.0.1
//! against the server running in this process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod common;
mod debrief;
mod firefox;
mod hostile;
mod questions;
mod teams;
