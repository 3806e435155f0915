//! Skills a model has no parameters for, met when predicting or evaluating: an error (the
//! default), left out, or traced with the population's parameters or given ones.

use serde::{Deserialize, Serialize};

use super::BktParams;
use crate::error::{Error, Result};
use crate::tracing::metrics::Metrics;

/// What prediction and evaluation do with a skill of the data that the model has no
/// parameters for (a skill seen only at test time).
///
/// ```
/// use masterykit::Unseen;
/// assert_eq!(Unseen::parse("population")?, Unseen::Population);
/// assert_eq!(Unseen::parse("sometimes").unwrap_err().code(), "invalid_option");
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Unseen {
    /// An `unfitted_skill` error naming the first such skill; nothing is predicted.
    #[default]
    Error,
    /// Its responses get no prediction and are not scored.
    Skip,
    /// Traced with the population model: each parameter's mean over the fitted skills,
    /// weighted by their responses ([`super::BktModel::population`]).
    Population,
    /// Traced with these parameters.
    Params(BktParams),
}

impl Unseen {
    /// The names [`Unseen::parse`] takes.
    pub const NAMES: [&'static str; 3] = ["error", "skip", "population"];

    /// `error`, `skip` or `population`; anything else is an `invalid_option` error.
    pub fn parse(name: &str) -> Result<Unseen> {
        match name {
            "error" => Ok(Unseen::Error),
            "skip" => Ok(Unseen::Skip),
            "population" => Ok(Unseen::Population),
            other => Err(Error::InvalidOption {
                option: "unseen".into(),
                reason: format!(
                    "unknown choice `{other}`: expected {} (or parameters)",
                    Unseen::NAMES.join(", ")
                ),
            }),
        }
    }

    /// The choice from a JSON value, as the bindings receive it: `null` (the default,
    /// `error`), a name, or parameters (`{"prior": ..., ...}`, or `{"params": {...}}`),
    /// checked. Anything else is an `invalid_option` error.
    ///
    /// ```
    /// use masterykit::{BktParams, Unseen};
    /// use serde_json::json;
    /// assert_eq!(Unseen::from_value(json!(null))?, Unseen::Error);
    /// assert_eq!(Unseen::from_value(json!("skip"))?, Unseen::Skip);
    /// let p = json!({"prior": 0.1, "learn": 0.2, "guess": 0.2, "slip": 0.1});
    /// assert_eq!(Unseen::from_value(p)?, Unseen::Params(BktParams::default()));
    /// assert_eq!(Unseen::from_value(json!({"prior": 2})).unwrap_err().code(), "invalid_option");
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<Unseen> {
        let bad = |reason: String| Error::InvalidOption {
            option: "unseen".into(),
            reason,
        };
        match value {
            serde_json::Value::Null => Ok(Unseen::Error),
            serde_json::Value::String(name) => Unseen::parse(&name),
            serde_json::Value::Object(mut map) => {
                let params = match map.remove("params") {
                    Some(p) if map.is_empty() => p,
                    Some(_) => return Err(bad("`params` goes alone".into())),
                    None => serde_json::Value::Object(map),
                };
                let p: BktParams = serde_json::from_value(params)
                    .map_err(|e| bad(format!("parameters for unseen skills: {e}")))?;
                p.validate("the parameters for unseen skills")
                    .map_err(|e| bad(e.to_string()))?;
                Ok(Unseen::Params(p))
            }
            other => Err(bad(format!(
                "expected {} or parameters, got {other}",
                Unseen::NAMES.join(", ")
            ))),
        }
    }

    /// The choice's name: `error`, `skip`, `population` or `params`.
    pub fn name(&self) -> &'static str {
        match self {
            Unseen::Error => "error",
            Unseen::Skip => "skip",
            Unseen::Population => "population",
            Unseen::Params(_) => "params",
        }
    }
}

/// A model's metrics on a log, and what became of the skills it had no parameters for.
/// Serialized flat: the metrics' fields beside the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    /// The metrics of the scored responses.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// How unseen skills were handled (`skip`, `population` or `params`).
    pub unseen: String,
    /// The data's skills without parameters in the model, in the data's order.
    pub unseen_skills: Vec<String>,
    /// Responses on those skills: left out under `skip`, traced otherwise.
    pub unseen_responses: usize,
}
