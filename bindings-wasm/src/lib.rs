//! WebAssembly binding of masterykit: the core's curricula, policies, learner state,
//! knowledge tracing and simulation for browsers and Node, through wasm-bindgen.
//!
//! Thin by design: it converts types (plain data through serde, bulk data as typed arrays)
//! and maps errors (`Error` objects with the core's `code`); every rule lives in the core.

mod bkt;
mod conv;
mod curriculum;
mod error;
mod interop;
mod learner;
mod next;
mod placement;
mod policy;
mod roster;
mod simulate;

use wasm_bindgen::prelude::*;

pub use bkt::BktModel;
pub use curriculum::Curriculum;
pub use interop::{
    assessments_from_caliper, assessments_from_xapi, curriculum_from_case, curriculum_to_case,
    transitions_to_xapi,
};
pub use learner::LearnerStore;
pub use placement::{Placement, compare_selectors, knowledge_states, learning_paths};
pub use policy::Policy;
pub use simulate::simulate;

/// Installs the panic hook: a bug (a panic) is logged with its message before the module
/// traps, instead of an opaque `unreachable`.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The version of the masterykit core in this build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");
