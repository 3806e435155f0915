//! Mastery policies as data: levels with points, evidence contexts with score bands, and the
//! transition table (level, context, outcome) -> level; or levels from a BKT estimate. The
//! document (`doc`), its validation into lookup tables (`compile`) and the presets.

mod compile;
mod doc;

pub(crate) use compile::{Challenge, Context, Kind};
pub use doc::{
    ContextRules, LevelDef, LevelThreshold, MasteryChallengeRules, OutcomeBand,
    POLICY_FORMAT_VERSION, PolicyDoc, Rules, TransitionRule, UnlockCondition,
};

use std::collections::HashMap;

use crate::error::{Error, IdKind, Result};
use crate::tracing::BktParams;

/// Scores within this distance below a band's minimum still reach it (so 7/10 meets 0.7
/// whatever the rounding of the sum).
pub const SCORE_EPSILON: f64 = 1e-9;

/// [`Policy::probability`]; or [`Policy::from_json`] for your own.
#[derive(Debug, Clone)]
pub struct Policy {
    doc: PolicyDoc,
    level_index: HashMap<String, u8>,
    points: Vec<f64>,
    target: u8,
    context_index: HashMap<String, u8>,
    pub(crate) contexts: Vec<Context>,
    pub(crate) kind: Kind,
}

impl PartialEq for Policy {
    fn eq(&self, other: &Self) -> bool {
        self.doc == other.doc
    }
}

const KHAN_2025: &str = include_str!("presets/khan-2025.json");
const KHAN_PRE_2018: &str = include_str!("presets/khan-pre-2018.json");
const PROBABILITY_095: &str = include_str!("presets/probability-0.95.json");

impl Policy {
    /// The current Khan-Academy-style rules (practice by share correct with 70% / 100%
    /// thresholds and demotions, the one-miss bonus question, quizzes and tests per skill,
    /// mastery challenges with unlock and cool-down).
    pub fn khan() -> Policy {
        Self::preset(KHAN_2025)
    }

    /// The pre-2018 rules: exercises never demote, only an all-wrong result in a quiz or test
    /// demotes, quizzes cannot give Mastered.
    pub fn khan_pre_2018() -> Policy {
        Self::preset(KHAN_PRE_2018)
    }

    /// Levels from a BKT estimate: Familiar at P(known) >= 0.5, Proficient >= 0.8, Mastered
    /// >= 0.95 with default BKT parameters. Use [`Policy::from_doc`] to change them.
    pub fn probability() -> Policy {
        Self::preset(PROBABILITY_095)
    }

    /// A preset by name: `khan-2025` (alias `khan`), `khan-pre-2018`, `probability-0.95`
    /// (alias `probability`).
    pub fn by_name(name: &str) -> Option<Policy> {
        match name {
            "khan" | "khan-2025" => Some(Self::khan()),
            "khan-pre-2018" => Some(Self::khan_pre_2018()),
            "probability" | "probability-0.95" => Some(Self::probability()),
            _ => None,
        }
    }

    /// Names of the presets.
    pub const PRESETS: [&'static str; 3] = ["khan-2025", "khan-pre-2018", "probability-0.95"];

    /// A built-in policy by name, or an `unknown_preset` error listing the presets.
    pub fn require_preset(name: &str) -> Result<Policy> {
        Policy::by_name(name).ok_or_else(|| Error::UnknownId {
            kind: IdKind::Preset,
            id: name.to_string(),
            referenced_in: format!("the presets ({})", Policy::PRESETS.join(", ")),
        })
    }

    fn preset(text: &str) -> Policy {
        match Policy::from_json(text) {
            Ok(p) => p,
            // The presets are tested; a broken one is a build defect, not input.
            Err(e) => panic!("built-in policy preset is invalid: {e}"),
        }
    }

    /// Parses and validates a JSON policy document.
    pub fn from_json(text: &str) -> Result<Policy> {
        let doc: PolicyDoc = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        Policy::from_doc(doc)
    }

    /// Parses and validates a TOML policy document.
    pub fn from_toml(text: &str) -> Result<Policy> {
        let doc: PolicyDoc = toml::from_str(text).map_err(|e| Error::Parse {
            format: "toml",
            message: e.to_string(),
        })?;
        Policy::from_doc(doc)
    }

    /// The canonical JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.doc).unwrap_or_default()
    }

    /// The canonical JSON form, indented.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }

    /// The plain document.
    pub fn as_doc(&self) -> &PolicyDoc {
        &self.doc
    }

    /// The policy's name.
    pub fn name(&self) -> &str {
        &self.doc.name
    }

    /// Levels, lowest first.
    pub fn levels(&self) -> &[LevelDef] {
        &self.doc.levels
    }

    /// Index of a level id.
    pub fn level_index(&self, id: &str) -> Option<u8> {
        self.level_index.get(id).copied()
    }

    /// Index of a level id, or an error naming where it was referenced.
    pub fn require_level(&self, id: &str, referenced_in: &str) -> Result<u8> {
        self.level_index(id).ok_or_else(|| Error::UnknownId {
            kind: IdKind::Level,
            id: id.to_string(),
            referenced_in: referenced_in.to_string(),
        })
    }

    /// The id of the level at `index`.
    pub fn level_id(&self, index: u8) -> &str {
        self.doc
            .levels
            .get(index as usize)
            .map_or("", |l| l.id.as_str())
    }

    /// Points of the level at `index`.
    pub fn points(&self, index: u8) -> f64 {
        self.points.get(index as usize).copied().unwrap_or(0.0)
    }

    /// Points a skill is worth.
    pub fn max_points(&self) -> f64 {
        self.doc.max_points
    }

    /// The default goal target level index.
    pub fn default_target(&self) -> u8 {
        self.target
    }

    /// Index of a context id the policy covers.
    pub fn context_index(&self, id: &str) -> Option<u8> {
        self.context_index.get(id).copied()
    }

    /// The ids of the contexts the policy covers.
    pub fn context_ids(&self) -> Vec<&str> {
        let mut ids: Vec<(&str, u8)> = self
            .context_index
            .iter()
            .map(|(k, &v)| (k.as_str(), v))
            .collect();
        ids.sort_by_key(|&(_, v)| v);
        ids.into_iter().map(|(k, _)| k).collect()
    }

    /// The id of the context at `index`.
    pub fn context_id(&self, index: u8) -> &str {
        self.context_index
            .iter()
            .find(|&(_, &v)| v == index)
            .map_or("", |(k, _)| k.as_str())
    }

    /// BKT parameters for a skill under a probability policy (`None` for table policies).
    pub fn bkt_for(&self, skill: &str) -> Option<BktParams> {
        match &self.doc.rules {
            Rules::Probability { bkt, skill_bkt, .. } => {
                Some(skill_bkt.get(skill).copied().unwrap_or(*bkt))
            }
            Rules::Table { .. } => None,
        }
    }

    /// Whether levels come from a BKT estimate.
    pub fn is_probability(&self) -> bool {
        matches!(self.kind, Kind::Probability { .. })
    }

    /// The outcome index for a share correct in a context (table policies).
    pub(crate) fn outcome(&self, context: u8, score: f64) -> u8 {
        let bands = &self.contexts[context as usize].bands;
        bands
            .iter()
            .find(|&&(min, _)| score + SCORE_EPSILON >= min)
            .or(bands.last())
            .map_or(0, |&(_, o)| o)
    }

    /// The next level (table policies; probability policies return `level`).
    pub(crate) fn next_level(&self, context: u8, outcome: u8, level: u8) -> u8 {
        match &self.kind {
            Kind::Table {
                table,
                outcomes_max,
                ..
            } => {
                let n = self.points.len();
                table[(context as usize * outcomes_max + outcome as usize) * n + level as usize]
            }
            Kind::Probability { .. } => level,
        }
    }

    /// The outcome id at an index of a context.
    pub fn outcome_id(&self, context: u8, outcome: u8) -> &str {
        self.contexts
            .get(context as usize)
            .and_then(|c| c.outcomes.get(outcome as usize))
            .map_or("", |s| s.as_str())
    }

    /// The level for a P(known) estimate (probability policies).
    pub(crate) fn level_for_p(&self, p: f64) -> u8 {
        match &self.kind {
            Kind::Probability { thresholds } => thresholds
                .iter()
                .find(|&&(min, _)| p >= min)
                .or(thresholds.last())
                .map_or(0, |&(_, l)| l),
            Kind::Table { .. } => 0,
        }
    }

    pub(crate) fn challenge(&self) -> Option<&Challenge> {
        match &self.kind {
            Kind::Table { challenge, .. } => challenge.as_ref(),
            Kind::Probability { .. } => None,
        }
    }
}
