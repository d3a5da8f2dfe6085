//! The map's camera: fitting the layout into the canvas, zooming about a
//! point, centring, and the sums between screen and layout coordinates.

use super::*;

impl MapView {
    /// Fit the whole graph on the next frame, however deep it is (the F key
    /// and the Fit all button).
    pub fn fit_all_next_frame(&mut self) {
        self.fit_all = true;
    }

    /// Scales and centres so the whole layout fits `canvas`.
    pub fn fit(&mut self, layout: &MapLayout, canvas: Rect) {
        let all = Rect::from_min_max(
            Pos2::ZERO,
            egui::pos2(layout.width.max(1.0), (layout.n_layers.max(1) - 1) as f32),
        );
        self.fit_rect(all, canvas);
        self.fit_next_frame = false;
        self.fit_all = false;
    }

    /// The first view of a graph: all of it, or for a graph too deep to
    /// read whole, its full width with readable layers and the start at
    /// the top.
    pub(super) fn fit_first(&mut self, layout: &MapLayout, canvas: Rect) {
        self.fit(layout, canvas);
        if self.scale.y < MIN_FIT_LAYER_PX {
            self.scale.y = DEEP_LAYER_PX;
            self.offset.y = 24.0;
        }
    }

    /// Scales and centres so `area` (in layout units) fits `canvas`.
    pub(super) fn fit_rect(&mut self, area: Rect, canvas: Rect) {
        let margin = 28.0;
        let sx =
            ((canvas.width() - 2.0 * margin).max(10.0) / area.width().max(1.0)).min(MAX_SLOT_PX);
        let sy =
            ((canvas.height() - 2.0 * margin).max(10.0) / area.height().max(1.0)).min(MAX_LAYER_PX);
        self.scale = vec2(sx, sy);
        let centre = area.center();
        self.offset = vec2(
            canvas.width() / 2.0 - centre.x * sx,
            if area.height() * sy < canvas.height() - 2.0 * margin {
                margin - area.min.y * sy
            } else {
                canvas.height() / 2.0 - centre.y * sy
            },
        );
    }

    /// Fits the current path on the next frame.
    pub fn fit_path_next_frame(&mut self) {
        self.fit_path = true;
    }

    pub(super) fn to_screen(&self, canvas: Rect, p: [f32; 2]) -> Pos2 {
        canvas.min + self.offset + vec2(p[0] * self.scale.x, p[1] * self.scale.y)
    }

    pub(super) fn to_layout(&self, canvas: Rect, p: Pos2) -> [f32; 2] {
        let v = p - canvas.min - self.offset;
        [v.x / self.scale.x, v.y / self.scale.y]
    }

    /// Zooms by `factor` keeping the screen point `anchor` in place.
    pub(super) fn zoom_at(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let fixed = self.to_layout(canvas, anchor);
        self.scale = (self.scale * factor).clamp(vec2(1e-5, 1e-5), vec2(600.0, 600.0));
        let moved = self.to_screen(canvas, fixed);
        self.offset += anchor - moved;
    }

    /// Pans so the layout point `p` is at the canvas' centre.
    pub(super) fn centre_on(&mut self, canvas: Rect, p: [f32; 2]) {
        let now = self.to_screen(canvas, p);
        self.offset += canvas.center() - now;
    }
}
