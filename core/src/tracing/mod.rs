//! Knowledge tracing: response logs and their CSV columns, Bayesian Knowledge Tracing (`bkt/`:
//! parameters, EM fitting, pyBKT's variants, the fitted model), metrics, cross-validation and
//! synthetic logs.

pub(crate) mod bkt;
pub(crate) mod csv;
mod cv;
pub(crate) mod data;
mod messy;
pub(crate) mod metrics;
mod synth;

pub use bkt::{
    BktModel, BktParams, Evaluation, FIRST_PAIR, FIT_WARNING_CODES, FitOptions, FitWarning,
    GuessSlip, LearnForget, MODEL_FORMAT_VERSION, Pinned, SkillFit, SkillMetrics, SkillWarning,
    Unseen, Variants,
};
pub use csv::CsvColumns;
pub use cv::{FoldMetrics, cross_validate, cross_validate_until};
pub use data::ResponseData;
pub use messy::{MessyConfig, MessyLog, messy_log};
pub use metrics::Metrics;
pub use synth::{random_params, synthesize};
