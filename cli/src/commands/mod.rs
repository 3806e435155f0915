//! One module per command group; each runs its commands against the core.

pub mod classes;
pub mod curriculum;
pub mod engine;
pub mod interop;
pub mod merge;
pub mod next;
pub mod place;
pub mod policy;
pub mod simulate;
pub mod tracing;
