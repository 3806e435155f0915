//! What a long computation shares with the front end running it: a request to stop, and how
//! much of the work is done, for a progress bar or callback.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A stop request and a progress count, shared by reference with a running fit or
/// simulation (and read from another thread).
///
/// ```
/// use masterykit::{BktModel, FitOptions, ResponseData, Watch};
/// let data = ResponseData::from_columns(&["u", "u", "v"], &["add"; 3], &[false, true, true], None)?;
/// let watch = Watch::new();
/// BktModel::fit_from_until(&data, &FitOptions::default(), None, &watch)?;
/// assert_eq!(watch.progress(), (5, 5)); // one skill, five restarts
/// watch.stop();
/// assert_eq!(BktModel::fit_from_until(&data, &FitOptions::default(), None, &watch).unwrap_err().code(), "cancelled");
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Watch {
    /// Set to ask the computation to stop: it ends with a `cancelled` error soon after.
    pub stop: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Watch {
    /// Not stopped, nothing done.
    pub fn new() -> Watch {
        Watch::default()
    }

    /// Asks the computation to stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Whether a stop was asked for.
    pub fn is_stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// (units done, units in all): restarts for a fit, learners for a simulation. The total
    /// is 0 until the computation has counted its work.
    pub fn progress(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Sets the progress to `done` of `total` units, for work that counts itself as it goes
    /// (bytes of a stream read, say).
    pub fn set_progress(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// Starts counting `total` units.
    pub(crate) fn begin(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more unit done.
    pub(crate) fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}
