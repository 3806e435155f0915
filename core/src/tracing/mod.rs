//! Knowledge tracing: response logs and their CSV columns, Bayesian Knowledge Tracing (`bkt/`:
//! parameters, EM fitting, pyBKT's variants, the fitted model), metrics, cross-validation and
//! synthetic logs.

pub(crate) mod bkt;
pub(crate) mod csv;
mod cv;
pub(crate) mod data;
pub(crate) mod metrics;
mod synth;

pub use bkt::{
    BktModel, BktParams, FIRST_PAIR, FitOptions, GuessSlip, LearnForget, MODEL_FORMAT_VERSION,
    Pinned, SkillFit, Variants,
};
pub use csv::CsvColumns;
pub use cv::cross_validate;
pub use data::ResponseData;
pub use metrics::Metrics;
pub use synth::{random_params, synthesize};
