//! Integration tests of the class server: real HTTP and WebSocket clients on 127.0.0.1
//! against the server running in this process.

mod browser;
mod common;
mod hostile;
mod questions;
mod teams;
