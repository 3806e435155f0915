//! Long work that Ctrl-C interrupts: the work runs on a thread of its own while this one,
//! holding the GIL only briefly, checks for signals; on one it asks the work to stop, waits
//! for it, and raises what the signal handler raised (`KeyboardInterrupt` for Ctrl-C).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pyo3::prelude::*;

use crate::error::Error;

/// How often signals are checked while work runs.
const POLL: Duration = Duration::from_millis(20);

/// Runs `work(stop)` with the GIL released, setting `stop` when a signal handler raises.
pub fn interruptible<T, W>(py: Python<'_>, work: W) -> PyResult<T>
where
    T: Send,
    W: FnOnce(&AtomicBool) -> masterykit::Result<T> + Send,
{
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let running = scope.spawn(|| work(&stop));
        let mut raised = None;
        while !running.is_finished() {
            if raised.is_none()
                && let Err(e) = py.check_signals()
            {
                stop.store(true, Ordering::Relaxed);
                raised = Some(e);
            }
            py.detach(|| std::thread::sleep(POLL));
        }
        let result = py.detach(|| running.join());
        match (raised, result) {
            (Some(e), _) => Err(e),
            (None, Ok(done)) => done.map_err(|e| Error(e).into()),
            (None, Err(_)) => Err(Error(masterykit::Error::Cancelled).into()),
        }
    })
}
