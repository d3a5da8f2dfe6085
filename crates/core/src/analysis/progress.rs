//! Progress reports and cancellation for the analyses that can take long
//! (stability on a large conflict, a tornado over many parameters), in the
//! same callback style as [`crate::engine::expand_with`].

use crate::engine::TooLarge;

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

/// Why a long piece of work on an analysis gave no answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Stopped {
    /// The caller asked to stop.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
    /// The unfolding it works on did not fit in memory.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
}

/// A progress callback that never cancels.
pub fn no_progress(_: &Progress) -> std::ops::ControlFlow<()> {
    std::ops::ControlFlow::Continue(())
}

/// What a job run by [`in_parallel`] is given: a count of work done to
/// add to, and the flag that asks it to stop.
pub(crate) struct Shared<'a> {
    pub(crate) done: &'a std::sync::atomic::AtomicUsize,
    pub(crate) cancel: &'a std::sync::atomic::AtomicBool,
}

impl Shared<'_> {
    /// Adds `units` of work done; false when the caller asked to stop.
    pub(crate) fn advance(&self, units: usize) -> bool {
        use std::sync::atomic::Ordering;
        self.done.fetch_add(units, Ordering::Relaxed);
        !self.cancel.load(Ordering::Relaxed)
    }
}

/// One job for [`in_parallel`].
pub(crate) type Job<'a, T> = Box<dyn FnOnce(&Shared) -> T + Send + 'a>;

/// Work below this many units runs on the calling thread: starting
/// threads and waiting for them would cost more than it saves.
pub(crate) const PARALLEL_FROM: usize = 1 << 14;

/// Runs `jobs` on as many threads as the machine has cores (one job
/// after another on a single core, or when `total` is below
/// [`PARALLEL_FROM`]), while this thread reports progress (`total` units,
/// as the jobs `advance`) and passes a cancel on to them. The results come
/// back in the jobs' order; `Cancelled` when `progress` asked to stop. A
/// job that panics panics here.
pub(crate) fn in_parallel<T: Send>(
    stage: &'static str,
    total: usize,
    jobs: Vec<Job<'_, T>>,
    progress: &mut dyn FnMut(&Progress) -> std::ops::ControlFlow<()>,
) -> Result<Vec<T>, Cancelled> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    let report = |progress: &mut dyn FnMut(&Progress) -> std::ops::ControlFlow<()>| {
        let now = Progress {
            stage,
            done: done.load(Ordering::Relaxed),
            total,
        };
        if progress(&now).is_break() {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    report(progress);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results = if threads <= 1 || jobs.len() <= 1 || total < PARALLEL_FROM {
        let shared = Shared {
            done: &done,
            cancel: &cancel,
        };
        jobs.into_iter()
            .map(|job| {
                let result = job(&shared);
                report(progress);
                result
            })
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .into_iter()
                .map(|job| {
                    let (done, cancel) = (&done, &cancel);
                    scope.spawn(move || job(&Shared { done, cancel }))
                })
                .collect();
            while !handles.iter().all(|h| h.is_finished()) {
                report(progress);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect::<Vec<T>>()
        })
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(Cancelled);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_jobs_come_back_in_order_and_stop_when_asked() {
        // A total of PARALLEL_FROM puts the jobs on threads (where there
        // are cores).
        let jobs: Vec<Job<'_, usize>> = (0..4usize)
            .map(|i| {
                Box::new(move |shared: &Shared| {
                    shared.advance(1);
                    i * 10
                }) as Job<'_, usize>
            })
            .collect();
        let mut seen = Vec::new();
        let mut watch = |p: &Progress| {
            seen.push(p.done);
            std::ops::ControlFlow::Continue(())
        };
        assert_eq!(
            in_parallel("jobs", PARALLEL_FROM, jobs, &mut watch),
            Ok(vec![0, 10, 20, 30])
        );
        assert!(seen.iter().all(|&d| d <= 4));
        // A job that runs until told to stop ends when progress says so.
        let jobs: Vec<Job<'_, bool>> = (0..2)
            .map(|_| {
                Box::new(|shared: &Shared| {
                    while shared.advance(1) {
                        std::thread::yield_now();
                    }
                    false
                }) as Job<'_, bool>
            })
            .collect();
        let mut stop = |_: &Progress| std::ops::ControlFlow::Break(());
        assert_eq!(
            in_parallel("jobs", PARALLEL_FROM, jobs, &mut stop),
            Err(Cancelled)
        );
    }

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
