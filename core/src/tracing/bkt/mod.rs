//! Bayesian Knowledge Tracing: parameters and online updates, EM fitting with restarts, and
//! pyBKT's per-item and per-group variants.

pub(crate) mod model;
mod params;
pub(crate) mod variants;

pub use model::{
    BktModel, FitOptions, MODEL_FORMAT_VERSION, Metrics, Pinned, SkillFit, cross_validate,
    random_params, synthesize,
};
pub use params::BktParams;
pub use variants::{FIRST_PAIR, GuessSlip, LearnForget, Variants};
