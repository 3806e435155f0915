//! How to fit: restarts, tolerance, iteration limits, pinned parameters, bounds and variants.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The smallest a fitted probability gets (and 1 minus it the largest).
pub(crate) const LO: f64 = 1e-6;

/// Parameters held fixed while fitting (`None` = fitted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pinned {
    /// Fixed P(L0).
    pub prior: Option<f64>,
    /// Fixed P(T).
    pub learn: Option<f64>,
    /// Fixed P(G).
    pub guess: Option<f64>,
    /// Fixed P(S).
    pub slip: Option<f64>,
    /// Fixed P(F).
    pub forget: Option<f64>,
}

/// How to fit. Defaults follow pyBKT: 5 restarts, tolerance 1e-3 on the total
/// log-likelihood, at most 100 iterations, no forgetting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FitOptions {
    /// Random restarts per skill; the best log-likelihood wins.
    pub num_fits: u32,
    /// Seed of the random starting points.
    pub seed: u64,
    /// Stop when the log-likelihood improves by less than this (absolute, per skill).
    pub tolerance: f64,
    /// Most EM iterations per restart.
    pub max_iterations: u32,
    /// Fit a forgetting probability too.
    pub forgets: bool,
    /// Largest guess allowed (below 0.5 keeps "known" meaningful).
    pub max_guess: f64,
    /// Largest slip allowed.
    pub max_slip: f64,
    /// Parameters held fixed (for every class under the variants).
    pub pinned: Pinned,
    /// Guess and slip per item (pyBKT's `multigs`); needs an item column.
    pub multigs: bool,
    /// Learn and forget per item (pyBKT's `multilearn`); needs an item column.
    pub multilearn: bool,
    /// Learn and forget per pair of consecutive items (pyBKT's `multipair`); needs an item
    /// column. Not with `multilearn`.
    pub multipair: bool,
    /// Prior per learner group, a sequence taking the group of its first response (pyBKT's
    /// `multiprior`); the group column, or without one the first response's 0/1.
    pub multiprior: bool,
    /// A skill with fewer responses than this is fitted with a `few_responses` warning.
    pub min_responses: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            num_fits: 5,
            seed: 42,
            tolerance: 1e-3,
            max_iterations: 100,
            forgets: false,
            max_guess: 0.5,
            max_slip: 0.5,
            pinned: Pinned::default(),
            multigs: false,
            multilearn: false,
            multipair: false,
            multiprior: false,
            min_responses: 10,
        }
    }
}

impl Pinned {
    /// The parameter names, in order.
    pub const NAMES: [&'static str; 5] = ["prior", "learn", "guess", "slip", "forget"];

    /// Pins parameter `name` at `value`; an unknown name is an `invalid_option` error.
    pub fn set(&mut self, name: &str, value: f64) -> Result<()> {
        let slot = match name {
            "prior" => &mut self.prior,
            "learn" => &mut self.learn,
            "guess" => &mut self.guess,
            "slip" => &mut self.slip,
            "forget" => &mut self.forget,
            other => {
                return Err(Error::InvalidOption {
                    option: "pinned".into(),
                    reason: format!(
                        "unknown parameter `{other}` in pinned: expected {}",
                        Pinned::NAMES.join(", ")
                    ),
                });
            }
        };
        *slot = Some(value);
        Ok(())
    }
}

impl FitOptions {
    /// Options from a JSON object of overrides (as the bindings receive keyword arguments or
    /// an options object): every field not given keeps its default; `null` stands for "not
    /// given". An unknown field, an unknown pinned parameter or a value of the wrong type is
    /// a `parse_error` naming it; values out of range are caught when fitting.
    ///
    /// ```
    /// use masterykit::FitOptions;
    /// let o = FitOptions::from_value(serde_json::json!({"num_fits": 2, "pinned": {"guess": 0.2}}))?;
    /// assert_eq!((o.num_fits, o.pinned.guess, o.seed), (2, Some(0.2), FitOptions::default().seed));
    /// let err = FitOptions::from_value(serde_json::json!({"restarts": 2})).unwrap_err();
    /// assert_eq!(err.code(), "parse_error");
    /// assert!(err.to_string().contains("unknown field `restarts`"));
    /// let err = FitOptions::from_value(serde_json::json!({"num_fits": -1})).unwrap_err();
    /// assert_eq!(err.to_string(), "cannot parse fit options: num_fits: invalid value: integer `-1`, expected u32");
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<FitOptions> {
        let bad = |message: String| Error::Parse {
            format: "fit options",
            message,
        };
        let serde_json::Value::Object(mut map) = value else {
            return Err(bad(format!("expected an object of options, got {value}")));
        };
        map.retain(|_, v| !v.is_null());
        let pinned = map.remove("pinned");
        let mut options: FitOptions =
            serde_path_to_error::deserialize(serde_json::Value::Object(map)).map_err(|e| {
                let path = e.path().to_string();
                match path.as_str() {
                    "." => bad(e.into_inner().to_string()),
                    _ => bad(format!("{path}: {}", e.into_inner())),
                }
            })?;
        match pinned {
            None => {}
            Some(serde_json::Value::Object(p)) => {
                for (name, v) in p {
                    if v.is_null() {
                        continue;
                    }
                    let value = v.as_f64().ok_or_else(|| {
                        bad(format!("pinned `{name}`: expected a number, got {v}"))
                    })?;
                    options.pinned.set(&name, value).map_err(|e| match e {
                        Error::InvalidOption { reason, .. } => bad(reason),
                        other => other,
                    })?;
                }
            }
            Some(other) => {
                return Err(bad(format!(
                    "pinned: expected an object of parameters, got {other}"
                )));
            }
        }
        Ok(options)
    }

    /// Whether any of pyBKT's variants is on.
    pub fn has_variants(&self) -> bool {
        self.multigs || self.multilearn || self.multipair || self.multiprior
    }

    pub(super) fn validate(&self) -> Result<()> {
        if self.multilearn && self.multipair {
            return Err(Error::InvalidOption {
                option: "multilearn and multipair".into(),
                reason: "both set the learn classes: choose one".into(),
            });
        }
        let check = |name: &str, v: f64, ok: bool, expected| {
            if ok {
                Ok(())
            } else {
                Err(Error::InvalidNumber {
                    location: format!("fit option `{name}`"),
                    value: v,
                    expected,
                })
            }
        };
        check(
            "num_fits",
            f64::from(self.num_fits),
            self.num_fits > 0,
            "at least 1",
        )?;
        check(
            "max_iterations",
            f64::from(self.max_iterations),
            self.max_iterations > 0,
            "at least 1",
        )?;
        check(
            "tolerance",
            self.tolerance,
            self.tolerance.is_finite() && self.tolerance >= 0.0,
            "a finite number >= 0",
        )?;
        check(
            "max_guess",
            self.max_guess,
            self.max_guess > 0.0 && self.max_guess <= 1.0,
            "within (0, 1]",
        )?;
        check(
            "max_slip",
            self.max_slip,
            self.max_slip > 0.0 && self.max_slip <= 1.0,
            "within (0, 1]",
        )?;
        let p = &self.pinned;
        for (name, v) in [
            ("pinned.prior", p.prior),
            ("pinned.learn", p.learn),
            ("pinned.forget", p.forget),
        ] {
            if let Some(v) = v {
                check(
                    name,
                    v,
                    (0.0..=1.0).contains(&v),
                    "a probability within [0, 1]",
                )?;
            }
        }
        // A guess or slip of 0 or 1 makes some answers impossible, so some logs would have
        // no likelihood at all: EM needs both strictly inside (0, 1).
        for (name, v) in [("pinned.guess", p.guess), ("pinned.slip", p.slip)] {
            if let Some(v) = v {
                check(
                    name,
                    v,
                    v > 0.0 && v < 1.0,
                    "a probability strictly within (0, 1): at 0 or 1 some answers are impossible",
                )?;
            }
        }
        Ok(())
    }
}
