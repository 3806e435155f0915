//! Bayesian Knowledge Tracing: parameters and online updates, fit options, EM with a scaled
//! forward-backward pass, pyBKT's per-item and per-group variants, and the fitted model.

mod em;
mod model;
mod options;
mod params;
mod unseen;
pub(crate) mod variants;
mod warnings;

pub use model::{BktModel, MODEL_FORMAT_VERSION, SkillFit, SkillMetrics, SkillWarning};
pub use options::{FitOptions, Pinned};
pub use params::BktParams;
pub use unseen::{Evaluation, Unseen};
pub use variants::{FIRST_PAIR, GuessSlip, LearnForget, Variants};
pub use warnings::{FIT_WARNING_CODES, FitWarning};
