//! Bayesian Knowledge Tracing: parameters and online updates, fit options, EM with a scaled
//! forward-backward pass, pyBKT's per-item and per-group variants, and the fitted model.

mod em;
mod model;
mod options;
mod params;
pub(crate) mod variants;

pub use model::{BktModel, MODEL_FORMAT_VERSION, SkillFit};
pub use options::{FitOptions, Pinned};
pub use params::BktParams;
pub use variants::{FIRST_PAIR, GuessSlip, LearnForget, Variants};
