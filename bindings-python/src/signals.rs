//! Long work that Ctrl-C interrupts: the work runs on a thread of its own while this one,
//! holding the GIL only briefly, checks for signals; on one it asks the work to stop, waits
//! for it, and raises what the signal handler raised (`KeyboardInterrupt` for Ctrl-C).

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use pyo3::prelude::*;

use crate::error::Error;

/// How often signals are checked while work runs.
const POLL: Duration = Duration::from_millis(20);

/// Runs `work(watch)` with the GIL released, asking it to stop when a signal handler
/// raises. Returns as soon as the work ends (signals are checked while it runs, every
/// [`POLL`]).
pub fn interruptible<T, W>(py: Python<'_>, work: W) -> PyResult<T>
where
    T: Send,
    W: FnOnce(&masterykit::Watch) -> masterykit::Result<T> + Send,
{
    watched(py, None, work)
}

/// [`interruptible`] that also calls `progress(done, total)` (with the GIL) whenever the
/// count of work done has moved, and once at the end; an exception it raises stops the
/// work and is raised.
pub fn watched<T, W>(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>, work: W) -> PyResult<T>
where
    T: Send,
    W: FnOnce(&masterykit::Watch) -> masterykit::Result<T> + Send,
{
    let watch = masterykit::Watch::new();
    let mut reported = (0, 0);
    let mut report = |raised: &mut Option<PyErr>| {
        let now = watch.progress();
        if let (Some(f), None, true) = (progress, raised.as_ref(), now != reported && now.1 > 0) {
            reported = now;
            if let Err(e) = f.call1(now) {
                watch.stop();
                *raised = Some(e);
            }
        }
    };
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::sync_channel(1);
        let watch = &watch;
        scope.spawn(move || {
            // The receiver outlives the scope's threads: sending cannot fail.
            let _ = done.send(work(watch));
        });
        let mut raised = None;
        let mut finished = finished;
        loop {
            // The receiver goes to the GIL-free wait and comes back.
            let (got, back) = py.detach(move || (finished.recv_timeout(POLL), finished));
            finished = back;
            match got {
                Ok(result) => {
                    if result.is_ok() {
                        report(&mut raised);
                    }
                    return match raised {
                        Some(e) => Err(e),
                        None => result.map_err(|e| Error(e).into()),
                    };
                }
                Err(RecvTimeoutError::Timeout) => {
                    if raised.is_none()
                        && let Err(e) = py.check_signals()
                    {
                        watch.stop();
                        raised = Some(e);
                    }
                    report(&mut raised);
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
