//! Long work that Ctrl-C interrupts: the work runs on a thread of its own while this one,
//! holding the GIL only briefly, checks for signals; on one it asks the work to stop, waits
//! for it, and raises what the signal handler raised (`KeyboardInterrupt` for Ctrl-C).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use pyo3::prelude::*;

use crate::error::Error;

/// How often signals are checked while work runs.
const POLL: Duration = Duration::from_millis(20);

/// Runs `work(stop)` with the GIL released, setting `stop` when a signal handler raises.
/// Returns as soon as the work ends (signals are checked while it runs, every [`POLL`]).
pub fn interruptible<T, W>(py: Python<'_>, work: W) -> PyResult<T>
where
    T: Send,
    W: FnOnce(&AtomicBool) -> masterykit::Result<T> + Send,
{
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::sync_channel(1);
        let stop = &stop;
        scope.spawn(move || {
            // The receiver outlives the scope's threads: sending cannot fail.
            let _ = done.send(work(stop));
        });
        let mut raised = None;
        let mut finished = finished;
        loop {
            // The receiver goes to the GIL-free wait and comes back.
            let (got, back) = py.detach(move || (finished.recv_timeout(POLL), finished));
            finished = back;
            match got {
                Ok(result) => {
                    return match raised {
                        Some(e) => Err(e),
                        None => result.map_err(|e| Error(e).into()),
                    };
                }
                Err(RecvTimeoutError::Timeout) => {
                    if raised.is_none()
                        && let Err(e) = py.check_signals()
                    {
                        stop.store(true, Ordering::Relaxed);
                        raised = Some(e);
                    }
                }
                // The work panicked (a bug): nothing was sent.
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(
                        raised.unwrap_or_else(|| Error(masterykit::Error::Cancelled).into())
                    );
                }
            }
        }
    })
}
