//! Mastery policies as data: levels with points, evidence contexts with score bands, and the
//! transition table (level, context, outcome) -> level; or levels from a BKT estimate.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::curriculum::index_ids;
use crate::error::{Error, IdKind, Result};
use crate::tracing::BktParams;

/// The policy document format this build reads and writes.
pub const POLICY_FORMAT_VERSION: u32 = 1;

/// Scores within this distance below a band's minimum still reach it (so 7/10 meets 0.7
/// whatever the rounding of the sum).
pub const SCORE_EPSILON: f64 = 1e-9;

/// A mastery level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct OutcomeBand {
    /// Outcome id, e.g. `perfect`.
    pub id: String,
    /// Lowest share correct (in [0, 1]) that gives this outcome.
    pub min_score: f64,
}

/// An evidence context and how its scores map to outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct UnlockCondition {
    /// The level.
    pub level: String,
    /// How many skills must be at or above it.
    pub at_least: u32,
}

/// Extra rules of a mastery challenge context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct LevelThreshold {
    /// The level.
    pub level: String,
    /// Lowest P(known) for it.
    pub min_p_known: f64,
}

/// How evidence moves levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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

/// A compiled context.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// Bands sorted by `min_score` descending: (min, outcome index).
    pub bands: Vec<(f64, u8)>,
    pub outcomes: Vec<String>,
    pub bonus: bool,
    pub challenge: bool,
}

/// A compiled mastery challenge.
#[derive(Debug, Clone)]
pub(crate) struct Challenge {
    pub questions_per_skill: u32,
    pub max_skills: u32,
    /// (level index, at least)
    pub unlock: Vec<(u8, u32)>,
    pub cooldown_ms: i64,
}

/// The compiled rule kind.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Table {
        /// `table[(context * outcomes_max + outcome) * levels + level]` = next level.
        table: Vec<u8>,
        outcomes_max: usize,
        challenge: Option<Challenge>,
    },
    Probability {
        /// Thresholds sorted descending: (min P(known), level index).
        thresholds: Vec<(f64, u8)>,
    },
}

/// A validated policy. Presets: [`Policy::khan`], [`Policy::khan_pre_2018`],
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

    /// Validates a document, reporting every problem found.
    pub fn from_doc(doc: PolicyDoc) -> Result<Policy> {
        if doc.format_version != POLICY_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: POLICY_FORMAT_VERSION,
            });
        }
        let mut problems = Vec::new();
        let number =
            |location: String, value: f64, ok: bool, expected, problems: &mut Vec<Error>| {
                if !ok {
                    problems.push(Error::InvalidNumber {
                        location,
                        value,
                        expected,
                    });
                }
            };
        if doc.levels.is_empty() || doc.levels.len() > 64 {
            number(
                "number of levels".into(),
                doc.levels.len() as f64,
                false,
                "1 to 64 levels",
                &mut problems,
            );
        }
        number(
            "max_points".into(),
            doc.max_points,
            doc.max_points.is_finite() && doc.max_points > 0.0,
            "a finite number greater than 0",
            &mut problems,
        );
        let level_index: HashMap<String, u8> = index_ids(
            IdKind::Level,
            doc.levels.iter().map(|l| l.id.as_str()),
            "levels",
            &mut problems,
        )
        .into_iter()
        .map(|(id, i)| (id, i as u8))
        .collect();
        for l in &doc.levels {
            number(
                format!("points of level `{}`", l.id),
                l.points,
                l.points.is_finite() && l.points >= 0.0 && l.points <= doc.max_points,
                "a number within [0, max_points]",
                &mut problems,
            );
        }
        let level = |id: &str, place: &str, problems: &mut Vec<Error>| -> Option<u8> {
            let found = level_index.get(id).copied();
            if found.is_none() {
                problems.push(Error::UnknownId {
                    kind: IdKind::Level,
                    id: id.to_string(),
                    referenced_in: place.to_string(),
                });
            }
            found
        };
        let target = level(&doc.default_target, "default_target", &mut problems).unwrap_or(0);
        let n_levels = doc.levels.len();

        let context_ids: Vec<&str> = match &doc.rules {
            Rules::Table { contexts, .. } => contexts.iter().map(|c| c.id.as_str()).collect(),
            Rules::Probability { contexts, .. } => contexts.iter().map(String::as_str).collect(),
        };
        if context_ids.len() > 64 {
            number(
                "number of contexts".into(),
                context_ids.len() as f64,
                false,
                "at most 64 contexts",
                &mut problems,
            );
        }
        let context_index: HashMap<String, u8> = index_ids(
            IdKind::Context,
            context_ids.into_iter(),
            "rules.contexts",
            &mut problems,
        )
        .into_iter()
        .map(|(id, i)| (id, i as u8))
        .collect();
        let mut contexts = Vec::new();
        let kind = match &doc.rules {
            Rules::Table {
                contexts: ctx_rules,
                transitions,
                mastery_challenge,
            } => {
                for c in ctx_rules {
                    if c.outcomes.len() > 64 {
                        number(
                            format!("number of outcomes in context `{}`", c.id),
                            c.outcomes.len() as f64,
                            false,
                            "at most 64 outcomes",
                            &mut problems,
                        );
                    }
                    let mut bands = Vec::new();
                    let mut outcomes: Vec<String> = Vec::new();
                    for (o, band) in c.outcomes.iter().enumerate() {
                        if outcomes.contains(&band.id) {
                            problems.push(Error::DuplicateId {
                                kind: IdKind::Outcome,
                                id: format!("{}.{}", c.id, band.id),
                            });
                        }
                        outcomes.push(band.id.clone());
                        number(
                            format!("min_score of outcome `{}` in context `{}`", band.id, c.id),
                            band.min_score,
                            (0.0..=1.0).contains(&band.min_score),
                            "a share within [0, 1]",
                            &mut problems,
                        );
                        bands.push((band.min_score, o as u8));
                    }
                    bands.sort_by(|a, b| b.0.total_cmp(&a.0));
                    if !bands.iter().any(|&(m, _)| m == 0.0) {
                        problems.push(Error::InvalidNumber {
                            location: format!("lowest min_score in context `{}`", c.id),
                            value: bands.last().map_or(f64::NAN, |b| b.0),
                            expected: "one outcome starting at 0 so every score has an outcome",
                        });
                    }
                    contexts.push(Context {
                        bands,
                        outcomes,
                        bonus: c.bonus_question,
                        challenge: mastery_challenge
                            .as_ref()
                            .is_some_and(|m| m.context == c.id),
                    });
                }
                let outcomes_max = contexts.iter().map(|c| c.outcomes.len()).max().unwrap_or(0);
                const UNSET: u8 = u8::MAX;
                let mut table = vec![UNSET; contexts.len() * outcomes_max * n_levels];
                for (r, rule) in transitions.iter().enumerate() {
                    let place = format!("transitions[{r}]");
                    let to = level(&rule.to, &place, &mut problems);
                    for cid in &rule.contexts {
                        let Some(&ci) = context_index.get(cid) else {
                            problems.push(Error::UnknownId {
                                kind: IdKind::Context,
                                id: cid.clone(),
                                referenced_in: place.clone(),
                            });
                            continue;
                        };
                        let Some(oi) = contexts[ci as usize]
                            .outcomes
                            .iter()
                            .position(|o| *o == rule.outcome)
                        else {
                            problems.push(Error::UnknownId {
                                kind: IdKind::Outcome,
                                id: rule.outcome.clone(),
                                referenced_in: format!("{place} (context `{cid}`)"),
                            });
                            continue;
                        };
                        for from in &rule.from {
                            let (Some(li), Some(to)) = (level(from, &place, &mut problems), to)
                            else {
                                continue;
                            };
                            let cell = &mut table
                                [(ci as usize * outcomes_max + oi) * n_levels + li as usize];
                            if *cell != UNSET && *cell != to {
                                problems.push(Error::ConflictingTransition {
                                    context: cid.clone(),
                                    outcome: rule.outcome.clone(),
                                    level: from.clone(),
                                });
                            }
                            *cell = to;
                        }
                    }
                }
                for (ci, c) in ctx_rules.iter().enumerate() {
                    for (oi, o) in c.outcomes.iter().enumerate() {
                        for (li, l) in doc.levels.iter().enumerate() {
                            if table[(ci * outcomes_max + oi) * n_levels + li] == UNSET {
                                problems.push(Error::MissingTransition {
                                    context: c.id.clone(),
                                    outcome: o.id.clone(),
                                    level: l.id.clone(),
                                });
                            }
                        }
                    }
                }
                let challenge = mastery_challenge.as_ref().map(|m| {
                    if !context_index.contains_key(&m.context) {
                        problems.push(Error::UnknownId {
                            kind: IdKind::Context,
                            id: m.context.clone(),
                            referenced_in: "mastery_challenge".into(),
                        });
                    }
                    number(
                        "mastery_challenge.questions_per_skill".into(),
                        f64::from(m.questions_per_skill),
                        m.questions_per_skill > 0,
                        "at least 1",
                        &mut problems,
                    );
                    number(
                        "mastery_challenge.max_skills".into(),
                        f64::from(m.max_skills),
                        m.max_skills > 0,
                        "at least 1",
                        &mut problems,
                    );
                    number(
                        "mastery_challenge.cooldown_hours".into(),
                        m.cooldown_hours,
                        m.cooldown_hours.is_finite() && m.cooldown_hours >= 0.0,
                        "a finite number of hours >= 0",
                        &mut problems,
                    );
                    let unlock = m
                        .unlock
                        .iter()
                        .filter_map(|u| {
                            level(&u.level, "mastery_challenge.unlock", &mut problems)
                                .map(|l| (l, u.at_least))
                        })
                        .collect();
                    Challenge {
                        questions_per_skill: m.questions_per_skill,
                        max_skills: m.max_skills,
                        unlock,
                        cooldown_ms: (m.cooldown_hours * crate::time::HOUR_MS as f64) as i64,
                    }
                });
                Kind::Table {
                    table,
                    outcomes_max,
                    challenge,
                }
            }
            Rules::Probability {
                contexts: ctx_ids,
                bkt,
                skill_bkt,
                thresholds,
            } => {
                for _ in ctx_ids {
                    contexts.push(Context {
                        bands: Vec::new(),
                        outcomes: Vec::new(),
                        bonus: false,
                        challenge: false,
                    });
                }
                if let Err(e) = bkt.validate("rules.bkt") {
                    problems.push(e);
                }
                for (skill, p) in skill_bkt {
                    if let Err(e) = p.validate(&format!("rules.skill_bkt `{skill}`")) {
                        problems.push(e);
                    }
                }
                let mut compiled = Vec::new();
                for t in thresholds {
                    number(
                        format!("min_p_known of level `{}`", t.level),
                        t.min_p_known,
                        (0.0..=1.0).contains(&t.min_p_known),
                        "a probability within [0, 1]",
                        &mut problems,
                    );
                    if let Some(l) = level(&t.level, "rules.thresholds", &mut problems) {
                        compiled.push((t.min_p_known, l));
                    }
                }
                compiled.sort_by(|a, b| b.0.total_cmp(&a.0));
                if !compiled.iter().any(|&(m, _)| m == 0.0) {
                    problems.push(Error::InvalidNumber {
                        location: "lowest min_p_known".into(),
                        value: compiled.last().map_or(f64::NAN, |t| t.0),
                        expected: "one threshold at 0 so every estimate has a level",
                    });
                }
                Kind::Probability {
                    thresholds: compiled,
                }
            }
        };
        if let Some(e) =
            Error::from_problems(problems, |problems| Error::InvalidPolicy { problems })
        {
            return Err(e);
        }
        let points = doc.levels.iter().map(|l| l.points).collect();
        Ok(Policy {
            doc,
            level_index,
            points,
            target,
            context_index,
            contexts,
            kind,
        })
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
