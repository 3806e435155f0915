//! The policy document: what a policy file holds, as written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::tracing::BktParams;

/// The policy document format this build reads and writes.
pub const POLICY_FORMAT_VERSION: u32 = 1;

/// A mastery level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    /// Stable id, e.g. `proficient`.
    pub id: String,
    /// Display name, e.g. `Proficient`.
    pub name: String,
    /// Points a skill at this level earns, within [0, `max_points`].
    pub points: f64,
}

/// A named range of scores within a context: the share of a skill's questions answered
/// correctly in one sitting is at least `min_score`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeBand {
    /// Outcome id, e.g. `perfect`.
    pub id: String,
    /// Lowest share correct (in [0, 1]) that gives this outcome.
    pub min_score: f64,
}

/// An evidence context and how its scores map to outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ContextRules {
    /// Context id: `practice`, `quiz`, `unit_test`, `course_challenge`, `mastery_challenge`, ...
    pub id: String,
    /// Outcome bands; one must start at 0 so every score has an outcome.
    pub outcomes: Vec<OutcomeBand>,
    /// Whether a learner who ends with exactly one miss may answer one bonus question that,
    /// answered right, erases the miss.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bonus_question: bool,
}

/// Rows of the transition table: in each listed context, with this outcome, from each
/// listed level, go to `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TransitionRule {
    /// Contexts the rule covers.
    pub contexts: Vec<String>,
    /// The outcome.
    pub outcome: String,
    /// Levels the rule starts from.
    pub from: Vec<String>,
    /// The level reached.
    pub to: String,
}

/// A minimum count of skills at or above a level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UnlockCondition {
    /// The level.
    pub level: String,
    /// How many skills must be at or above it.
    pub at_least: u32,
}

/// Extra rules of a mastery challenge context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MasteryChallengeRules {
    /// The context these rules apply to.
    pub context: String,
    /// Questions each skill gets in one challenge.
    pub questions_per_skill: u32,
    /// Most skills one challenge covers.
    pub max_skills: u32,
    /// All must hold (before the challenge) for it to unlock.
    #[serde(default)]
    pub unlock: Vec<UnlockCondition>,
    /// Least time between two challenges of one learner, in hours.
    #[serde(default)]
    pub cooldown_hours: f64,
}

/// A level reached when P(known) is at least `min_p_known`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelThreshold {
    /// The level.
    pub level: String,
    /// Lowest P(known) for it.
    pub min_p_known: f64,
}

/// How evidence moves levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[allow(clippy::large_enum_variant)]
pub enum Rules {
    /// A transition table over score outcomes (Khan-Academy style).
    Table {
        /// Contexts and their outcome bands.
        contexts: Vec<ContextRules>,
        /// The transition table; every (context, outcome, level) needs exactly one target.
        transitions: Vec<TransitionRule>,
        /// Mastery challenge rules, if the policy has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mastery_challenge: Option<MasteryChallengeRules>,
    },
    /// Levels from a BKT estimate of P(known), updated per response.
    Probability {
        /// Contexts whose evidence counts.
        contexts: Vec<String>,
        /// BKT parameters for every skill without its own.
        bkt: BktParams,
        /// Per-skill BKT parameters by skill id.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        skill_bkt: BTreeMap<String, BktParams>,
        /// Levels by P(known); a skill with evidence takes the highest level whose threshold
        /// it meets. One threshold must be 0.
        thresholds: Vec<LevelThreshold>,
    },
}

/// The plain, unvalidated form of a policy: what policy files hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    /// Document format version; must equal [`POLICY_FORMAT_VERSION`].
    pub format_version: u32,
    /// Policy name, e.g. `khan-2025`.
    pub name: String,
    /// What the policy is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Levels, lowest first; a skill without evidence is at the first.
    pub levels: Vec<LevelDef>,
    /// Points a skill is worth (the denominator of mastery %).
    #[serde(default = "hundred")]
    pub max_points: f64,
    /// The level goals aim for unless they say otherwise.
    pub default_target: String,
    /// How evidence moves levels.
    pub rules: Rules,
}

fn hundred() -> f64 {
    100.0
}
