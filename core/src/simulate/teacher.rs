//! Teachers: when the simulated teacher moves a learner on, built in ([`Teaching`]) or a
//! callback ([`Step`]).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// When the simulated teacher moves a learner on to the next skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Teaching {
    /// Every skill gets the same number of items, then the next skill.
    FixedPace {
        /// Items per skill.
        items: u32,
    },
    /// Practice until the teacher's BKT estimate of P(known) reaches `threshold` (the
    /// estimate uses the population parameters, not the learner's hidden ones), at most
    /// `max_items` per skill.
    MasteryThreshold {
        /// P(known) to reach.
        threshold: f64,
        /// Most items per skill.
        max_items: u32,
    },
    /// Practise in exercises until the mastery policy (Khan-style by default) puts the skill
    /// at `level` or above, at most `max_items` per skill.
    PolicyLevel {
        /// Level id to reach, e.g. `proficient`.
        level: String,
        /// Most items per skill.
        max_items: u32,
    },
    /// Follow the engine's next steps (the `khan-2025` next-step rules): before each
    /// sitting, ask for the learner's steps, take the first (an exercise of
    /// `exercise_size` questions, or the challenge or test it proposes), and apply it to the
    /// learner's record; stop once no corrective or next-up step is left, or after
    /// `max_items` items in all.
    NextSteps {
        /// Most items in all.
        max_items: u32,
    },
}

impl Teaching {
    /// Most items per skill when the text form leaves it out.
    pub const DEFAULT_MAX_ITEMS: u32 = 30;
}

/// The text form: `fixed:N`, `mastery:P[:MAX]`, `level:ID[:MAX]` (MAX items per skill,
/// defaulting to [`Teaching::DEFAULT_MAX_ITEMS`]) or `next[:MAX]` (MAX items in all,
/// defaulting to 3,000).
///
/// ```
/// use masterykit::Teaching;
/// let t: Teaching = "mastery:0.95".parse()?;
/// assert_eq!(t, Teaching::MasteryThreshold { threshold: 0.95, max_items: 30 });
/// assert_eq!("slow".parse::<Teaching>().unwrap_err().code(), "invalid_option");
/// # Ok::<(), masterykit::Error>(())
/// ```
impl FromStr for Teaching {
    type Err = Error;

    fn from_str(spec: &str) -> Result<Teaching> {
        let bad = || Error::InvalidOption {
            option: format!("teaching `{spec}`"),
            reason: "expected fixed:N, mastery:P[:MAX], level:ID[:MAX] or next[:MAX]".into(),
        };
        let parts: Vec<&str> = spec.split(':').collect();
        let max_items = || match parts.get(2) {
            Some(m) => m.parse().map_err(|_| bad()),
            None => Ok(Teaching::DEFAULT_MAX_ITEMS),
        };
        match parts.as_slice() {
            ["fixed", n] => Ok(Teaching::FixedPace {
                items: n.parse().map_err(|_| bad())?,
            }),
            ["level", l] | ["level", l, _] => Ok(Teaching::PolicyLevel {
                level: (*l).to_string(),
                max_items: max_items()?,
            }),
            ["next"] => Ok(Teaching::NextSteps { max_items: 3000 }),
            ["next", m] => Ok(Teaching::NextSteps {
                max_items: m.parse().map_err(|_| bad())?,
            }),
            ["mastery", p] | ["mastery", p, _] => Ok(Teaching::MasteryThreshold {
                threshold: p.parse().map_err(|_| bad())?,
                max_items: max_items()?,
            }),
            _ => Err(bad()),
        }
    }
}

/// What a custom teacher sees before each item: it answers whether to move on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step<'a> {
    /// Learner index.
    pub learner: usize,
    /// The skill being practised.
    pub skill: &'a str,
    /// Items already given on this skill.
    pub items: u32,
    /// The teacher's BKT estimate of P(known) from the population parameters.
    pub estimate: f64,
    /// The skill's level id under the mastery policy.
    pub level: &'a str,
    /// Whether the last item on this skill was answered right (`None` before the first).
    pub last_correct: Option<bool>,
}

/// `Sync` with the `parallel` feature, where a custom teacher is called from several
/// threads; every type without it (so a single-threaded build, such as WebAssembly, can call
/// back into a host that is not thread-safe).
#[cfg(feature = "parallel")]
pub trait SyncIfParallel: Sync {}
#[cfg(feature = "parallel")]
impl<T: Sync + ?Sized> SyncIfParallel for T {}
/// `Sync` with the `parallel` feature, where a custom teacher is called from several
/// threads; every type without it (so a single-threaded build, such as WebAssembly, can call
/// back into a host that is not thread-safe).
#[cfg(not(feature = "parallel"))]
pub trait SyncIfParallel {}
#[cfg(not(feature = "parallel"))]
impl<T: ?Sized> SyncIfParallel for T {}

#[cfg(feature = "parallel")]
type Teacher<'t> = dyn Fn(&Step<'_>) -> Result<bool> + Sync + 't;
#[cfg(not(feature = "parallel"))]
type Teacher<'t> = dyn Fn(&Step<'_>) -> Result<bool> + 't;

/// Who decides when to move on.
pub(super) enum Gate<'t> {
    Teaching(&'t Teaching),
    Custom(&'t Teacher<'t>),
}

impl Gate<'_> {
    /// Whether to move on from the skill of `step`; `at_target` says the learner reached the
    /// target level with no exercise under way.
    pub(super) fn done(&self, step: &Step<'_>, at_target: bool) -> Result<bool> {
        Ok(match self {
            Gate::Teaching(Teaching::FixedPace { items }) => step.items >= *items,
            Gate::Teaching(Teaching::MasteryThreshold {
                threshold,
                max_items,
            }) => step.estimate >= *threshold || step.items >= *max_items,
            Gate::Teaching(Teaching::PolicyLevel { max_items, .. }) => {
                at_target || step.items >= *max_items
            }
            // Runs its own loop (guided.rs); never asked item by item.
            Gate::Teaching(Teaching::NextSteps { .. }) => true,
            Gate::Custom(move_on) => move_on(step)?,
        })
    }
}
