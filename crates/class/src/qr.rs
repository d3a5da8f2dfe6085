//! The join URL as a QR code: a matrix of dark and light modules the app draws itself.

use qrcode::{Color, QrCode};

use crate::ClassError;

/// A QR code as a square matrix of modules, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The QR code of `text` (the join URL), at the error correction level phones read
    /// best from a projector.
    pub fn encode(text: &str) -> Result<Self, ClassError> {
        let code = QrCode::new(text.as_bytes()).map_err(|e| ClassError::Qr(e.to_string()))?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        Ok(Self { width, dark })
    }

    /// Modules per side (without the quiet zone, which the drawing adds).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark; outside the code is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_url_encodes_with_finder_patterns() {
        let qr = QrMatrix::encode("http://192.168.1.20:8470/?code=KXMP").unwrap();
        assert!(qr.width() >= 21);
        // The top-left finder pattern: a dark ring, a light ring, a dark centre.
        assert!(qr.is_dark(0, 0) && qr.is_dark(6, 6) && qr.is_dark(3, 3));
        assert!(!qr.is_dark(1, 1) && !qr.is_dark(7, 7));
        assert!(!qr.is_dark(qr.width(), 0));
    }
}
