//! Progress reports and cancellation for the analyses that can take long
//! (stability on a large conflict, a tornado over many parameters), in the
//! same callback style as [`crate::engine::expand_with`].

/// How far a long analysis has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What is being done, e.g. `"states"` or `"parameters"`.
    pub stage: &'static str,
    /// Units of work done in this stage.
    pub done: usize,
    /// Units of work in this stage, when known (0 when not).
    pub total: usize,
}

impl Progress {
    /// A rough fraction done in this stage, 0 to 1.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f32 / self.total as f32).min(1.0)
        }
    }
}

/// The caller asked an analysis to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("analysis cancelled")]
pub struct Cancelled;

/// A progress callback that never cancels.
pub fn no_progress(_: &Progress) -> std::ops::ControlFlow<()> {
    std::ops::ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_is_clamped_and_zero_when_unknown() {
        let p = |done, total| Progress {
            stage: "states",
            done,
            total,
        };
        assert_eq!(p(5, 0).fraction(), 0.0);
        assert_eq!(p(1, 4).fraction(), 0.25);
        assert_eq!(p(9, 4).fraction(), 1.0);
    }
}
