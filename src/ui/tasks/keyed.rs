//! One result kept for the key it was worked out for (a situation, a play
//! model), worked out again when the key changes: at once where the work
//! is small, otherwise on another thread, a newer key cancelling the older
//! computation so that the window never waits.

use std::sync::atomic::AtomicBool;

use super::worker::Background;

/// A result for a key, and the computation under way for the newest key.
pub struct Keyed<K, T> {
    done: Option<(K, T)>,
    pending: Option<(K, Background<T>)>,
}

impl<K, T> Default for Keyed<K, T> {
    fn default() -> Self {
        Keyed {
            done: None,
            pending: None,
        }
    }
}

impl<K: PartialEq, T: Send + 'static> Keyed<K, T> {
    /// Makes sure the result is for `key`: picks up a finished computation,
    /// or starts `work` (on another thread if `in_background`, `wake` then
    /// called when it is done). Called every frame; does nothing while the
    /// result or the computation is for `key` already.
    pub fn update(
        &mut self,
        key: K,
        in_background: bool,
        work: impl FnOnce(&AtomicBool) -> T + Send + 'static,
        wake: impl Fn() + Send + 'static,
    ) {
        if let Some((for_key, job)) = self.pending.take() {
            if for_key == key {
                match job.poll() {
                    Some(result) => self.done = result.map(|r| (for_key, r)),
                    None => self.pending = Some((for_key, job)),
                }
                return;
            }
            job.cancel();
        }
        if self.done.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        if in_background {
            self.pending = Some((key, Background::spawn(work, wake)));
        } else {
            let result = work(&AtomicBool::new(false));
            self.done = Some((key, result));
        }
    }

    /// The result for `key`, if it is ready.
    pub fn get(&self, key: &K) -> Option<&T> {
        self.get_where(|k| k == key)
    }

    /// The result, if its key is one `wanted` accepts.
    pub fn get_where(&self, wanted: impl Fn(&K) -> bool) -> Option<&T> {
        self.done
            .as_ref()
            .filter(|(k, _)| wanted(k))
            .map(|(_, result)| result)
    }

    /// Whether a computation is under way.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Waits for a computation under way (tests and scripts).
    pub fn finish(&mut self) {
        if let Some((key, job)) = self.pending.take() {
            self.done = job.wait().map(|result| (key, result));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_work_is_done_at_once_and_kept_for_its_key() {
        let mut keyed: Keyed<u32, String> = Keyed::default();
        keyed.update(1, false, |_| "one".to_owned(), || {});
        assert_eq!(keyed.get(&1).map(String::as_str), Some("one"));
        assert_eq!(keyed.get(&2), None);
        // The same key again is not worked out again.
        keyed.update(1, false, |_| "again".to_owned(), || {});
        assert_eq!(keyed.get(&1).map(String::as_str), Some("one"));
        keyed.update(2, false, |_| "two".to_owned(), || {});
        assert_eq!(keyed.get(&2).map(String::as_str), Some("two"));
        assert_eq!(keyed.get(&1), None);
    }

    #[test]
    fn large_work_runs_on_another_thread_and_a_newer_key_wins() {
        let mut keyed: Keyed<u32, u32> = Keyed::default();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        keyed.update(
            1,
            true,
            move |_| {
                let _ = gate.recv();
                1
            },
            || {},
        );
        assert_eq!(keyed.get(&1), None);
        // Key 2 replaces key 1 before it is done: 1's result never shows.
        keyed.update(2, true, |_| 20, || {});
        let _ = release.send(());
        keyed.finish();
        assert_eq!(keyed.get(&2), Some(&20));
        assert_eq!(keyed.get(&1), None);
    }
}
