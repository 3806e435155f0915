//! Knowledge tracing: response logs and their CSV columns, Bayesian Knowledge Tracing (its
//! parameters, EM fitting, pyBKT's variants, the fitted model), metrics, cross-validation and
//! synthetic logs.

pub(crate) mod bkt;
pub(crate) mod data;

pub use bkt::{
    BktModel, BktParams, FIRST_PAIR, FitOptions, GuessSlip, LearnForget, MODEL_FORMAT_VERSION,
    Metrics, Pinned, SkillFit, Variants, cross_validate, random_params, synthesize,
};
pub use data::{CsvColumns, ResponseData};
