//! Parallel work that survives `fork`: a child process forked after rayon's pool started
//! (a Python `multiprocessing` worker, say) has the pool's bookkeeping but none of its
//! threads, so work sent there would wait forever. Every parallel section runs through
//! [`install`], which keeps the ambient pool (rayon's global one, or the caller's own
//! `install`) in the process that started it and gives a forked child a pool of its own.

#[cfg(feature = "parallel")]
use std::sync::{Arc, Mutex, OnceLock};

#[cfg(feature = "parallel")]
use rayon::ThreadPool;

/// The process that first ran parallel work.
#[cfg(feature = "parallel")]
static ORIGIN: OnceLock<u32> = OnceLock::new();

/// A forked child's own pool, with the child's process id.
#[cfg(feature = "parallel")]
static CHILD_POOL: Mutex<Option<(u32, Arc<ThreadPool>)>> = Mutex::new(None);

/// Runs `f`, whose parallel iterators then use a pool whose threads exist in this process.
#[cfg(feature = "parallel")]
pub(crate) fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    let pid = std::process::id();
    if *ORIGIN.get_or_init(|| pid) == pid {
        return f();
    }
    match child_pool(pid) {
        Some(pool) => pool.install(f),
        // Not even one thread could be started: nothing better than to try.
        None => f(),
    }
}

/// Runs `f` (no threads without the `parallel` feature).
#[cfg(not(feature = "parallel"))]
pub(crate) fn install<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// The pool of forked child `pid`, built on first use.
#[cfg(feature = "parallel")]
fn child_pool(pid: u32) -> Option<Arc<ThreadPool>> {
    let mut slot = CHILD_POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((owner, pool)) = slot.as_ref()
        && *owner == pid
    {
        return Some(pool.clone());
    }
    let built = rayon::ThreadPoolBuilder::new().build();
    let pool = Arc::new(
        built
            .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
            .ok()?,
    );
    *slot = Some((pid, pool.clone()));
    Some(pool)
}
