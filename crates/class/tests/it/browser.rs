//! The real-browser test (filled in below).
