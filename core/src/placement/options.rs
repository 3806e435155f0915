//! How a placement runs: answer noise, prior knowledge, the stopping rule and the method.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};

/// How the posterior over knowledge states is computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlacementMethod {
    /// Exact while the prerequisite-closed states are few enough (`max_states`, and at most
    /// 10^8 skill-state pairs to enumerate), sampling otherwise.
    #[default]
    Auto,
    /// Every prerequisite-closed state, weighted exactly; an `invalid_option` error when
    /// they are too many.
    Exact,
    /// Gibbs sampling over prerequisite-closed states, for curricula of thousands of skills.
    Sampling,
}

/// How the next question is chosen. Every selector shares the posterior and the stopping
/// rule; only the choice differs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlacementSelector {
    /// The largest mutual information between the answer and the knowledge state, given
    /// each skill's noise rates.
    #[default]
    Informative,
    /// The P(known) nearest 0.5, ignoring noise rates (the classic half-split rule; the
    /// same as `informative` when every skill has the same rates).
    HalfSplit,
    /// A skill not yet asked, uniformly at random (any skill once all were asked).
    Random,
    /// Every skill once in learnable order, prerequisites first (a fixed-form test), then
    /// as `informative`.
    InOrder,
}

impl PlacementSelector {
    /// Every selector's name, as in JSON.
    pub const NAMES: [&'static str; 4] = ["informative", "half_split", "random", "in_order"];

    /// A selector by its JSON name.
    pub fn parse(name: &str) -> Result<PlacementSelector> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
            Error::InvalidOption {
                option: "selector".into(),
                reason: format!(
                    "`{name}` is not a selector; expected one of {}",
                    Self::NAMES.join(", ")
                ),
            }
        })
    }
}

/// Options of a [`Placement`](super::Placement), read from JSON with every field optional.
///
/// ```
/// use masterykit::PlacementOptions;
/// let o = PlacementOptions::from_json(r#"{"careless": 0.05, "max_questions": 12, "seed": 3}"#)?;
/// assert_eq!((o.careless, o.lucky, o.confidence, o.max_questions), (0.05, 0.1, Some(0.9), Some(12)));
/// assert_eq!(PlacementOptions::from_json(r#"{"lucky": 0.5}"#).unwrap_err().code(), "invalid_number");
/// assert_eq!(PlacementOptions::from_json(r#"{"max_questions": 0}"#).unwrap_err().code(), "invalid_number");
/// assert_eq!(PlacementOptions::from_json(r#"{"carless": 0.1}"#).unwrap_err().code(), "parse_error");
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct PlacementOptions {
    /// P(wrong answer | skill known), BLIM's beta, in [0, 0.5).
    pub careless: f64,
    /// P(right answer | skill not known), BLIM's eta, in [0, 0.5).
    pub lucky: f64,
    /// Per-skill careless-error rates, overriding `careless`.
    pub careless_by_skill: BTreeMap<String, f64>,
    /// Per-skill lucky-guess rates, overriding `lucky`.
    pub lucky_by_skill: BTreeMap<String, f64>,
    /// Stop once every skill's P(known) is at least this or at most 1 minus it, in
    /// (0.5, 1); `null` for no confidence rule.
    pub confidence: Option<f64>,
    /// Stop after this many questions (at least 1); `null` for three per skill at most.
    pub max_questions: Option<usize>,
    /// Prior P(known) per skill before any answer, in (0, 1): existing levels or BKT
    /// estimates. The prior over states is the product of these, restricted to
    /// prerequisite-closed states.
    pub prior: BTreeMap<String, f64>,
    /// Prior P(known) of skills `prior` does not name, in (0, 1).
    pub default_prior: f64,
    /// How the posterior is computed.
    pub method: PlacementMethod,
    /// The most prerequisite-closed states the exact method enumerates.
    pub max_states: usize,
    /// Gibbs sweeps over every skill after each answer (the sampling method); `null` for
    /// about 4 million skill visits (between 100 and 20,000 sweeps).
    pub sweeps: Option<usize>,
    /// How the next question is chosen.
    pub selector: PlacementSelector,
    /// Accept answers only for the skill last returned by `next_question`.
    pub strict: bool,
    /// Seed of the sampler and of ties between equally informative questions.
    pub seed: u64,
}

impl Default for PlacementOptions {
    fn default() -> Self {
        PlacementOptions {
            careless: 0.1,
            lucky: 0.1,
            careless_by_skill: BTreeMap::new(),
            lucky_by_skill: BTreeMap::new(),
            confidence: Some(0.9),
            max_questions: None,
            prior: BTreeMap::new(),
            default_prior: 0.5,
            method: PlacementMethod::Auto,
            max_states: 1_000_000,
            sweeps: None,
            selector: PlacementSelector::Informative,
            strict: false,
            seed: 0,
        }
    }
}

impl PlacementOptions {
    /// Options from a JSON object; unknown fields are a `parse_error`, numbers out of range
    /// an `invalid_number` naming the field.
    pub fn from_json(text: &str) -> Result<PlacementOptions> {
        let o: PlacementOptions = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "placement options",
            message: e.to_string(),
        })?;
        o.validate()?;
        Ok(o)
    }

    /// Options from a JSON value (what the bindings hand over).
    pub fn from_value(value: serde_json::Value) -> Result<PlacementOptions> {
        let o: PlacementOptions = serde_json::from_value(value).map_err(|e| Error::Parse {
            format: "placement options",
            message: e.to_string(),
        })?;
        o.validate()?;
        Ok(o)
    }

    /// Checks every number's range and that some stopping rule is set.
    pub fn validate(&self) -> Result<()> {
        let rate = |location: String, v: f64| {
            check(location, v, (0.0..0.5).contains(&v), "within [0, 0.5)")
        };
        rate("careless".into(), self.careless)?;
        rate("lucky".into(), self.lucky)?;
        for (s, &v) in &self.careless_by_skill {
            rate(format!("careless_by_skill.{s}"), v)?;
        }
        for (s, &v) in &self.lucky_by_skill {
            rate(format!("lucky_by_skill.{s}"), v)?;
        }
        let open = |v: f64| v > 0.0 && v < 1.0;
        check(
            "default_prior".into(),
            self.default_prior,
            open(self.default_prior),
            "within (0, 1)",
        )?;
        for (s, &v) in &self.prior {
            check(format!("prior.{s}"), v, open(v), "within (0, 1)")?;
        }
        if let Some(c) = self.confidence {
            check(
                "confidence".into(),
                c,
                c > 0.5 && c < 1.0,
                "within (0.5, 1)",
            )?;
        }
        if let Some(m) = self.max_questions {
            check("max_questions".into(), m as f64, m > 0, "at least 1")?;
        }
        check(
            "max_states".into(),
            self.max_states as f64,
            self.max_states > 0,
            "at least 1",
        )?;
        if let Some(s) = self.sweeps {
            check("sweeps".into(), s as f64, s > 0, "at least 1")?;
        }
        if self.confidence.is_none() && self.max_questions.is_none() {
            return Err(Error::InvalidOption {
                option: "confidence, max_questions".into(),
                reason:
                    "a placement needs a stopping rule: a confidence, a question budget or both"
                        .into(),
            });
        }
        Ok(())
    }

    /// Each named skill of the per-skill maps must be in the curriculum.
    pub(crate) fn check_skills(&self, curriculum: &Curriculum) -> Result<()> {
        for (field, map) in [
            ("careless_by_skill", &self.careless_by_skill),
            ("lucky_by_skill", &self.lucky_by_skill),
            ("prior", &self.prior),
        ] {
            if let Some(s) = map.keys().find(|s| curriculum.skill_index(s).is_none()) {
                return Err(Error::UnknownId {
                    kind: IdKind::Skill,
                    id: s.clone(),
                    referenced_in: format!("placement options `{field}`"),
                });
            }
        }
        Ok(())
    }
}

fn check(location: String, value: f64, ok: bool, expected: &'static str) -> Result<()> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(Error::InvalidNumber {
            location,
            value,
            expected,
        })
    }
}
