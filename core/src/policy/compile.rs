//! Validation of a policy document into lookup tables, every problem reported at once.

use std::collections::HashMap;

use super::Policy;
use super::doc::{ContextRules, MasteryChallengeRules, POLICY_FORMAT_VERSION, PolicyDoc, Rules};
use super::doc::{LevelThreshold, TransitionRule};
use crate::curriculum::index_ids;
use crate::error::{Error, IdKind, Result};
use crate::tracing::BktParams;

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
    /// The context challenges are taken in.
    pub context: u8,
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

/// A transition table cell no rule has set.
const UNSET: u8 = u8::MAX;

/// The problems found so far, and the level ids to resolve names against.
struct Checks {
    problems: Vec<Error>,
    level_index: HashMap<String, u8>,
}

impl Checks {
    /// Records an `invalid_number` problem unless `ok`.
    fn number(
        &mut self,
        location: impl Into<String>,
        value: f64,
        ok: bool,
        expected: &'static str,
    ) {
        if !ok {
            self.problems.push(Error::InvalidNumber {
                location: location.into(),
                value,
                expected,
            });
        }
    }

    /// The index of level `id`, or an `unknown_level` problem naming `place`.
    fn level(&mut self, id: &str, place: &str) -> Option<u8> {
        let found = self.level_index.get(id).copied();
        if found.is_none() {
            self.problems.push(Error::UnknownId {
                kind: IdKind::Level,
                id: id.to_string(),
                referenced_in: place.to_string(),
            });
        }
        found
    }

    /// Ids indexed in order, duplicates reported; at most 64 of them.
    fn index<'a>(
        &mut self,
        kind: IdKind,
        ids: impl Iterator<Item = &'a str>,
        place: &str,
    ) -> HashMap<String, u8> {
        index_ids(kind, ids, place, &mut self.problems)
            .into_iter()
            .map(|(id, i)| (id, i as u8))
            .collect()
    }

    /// The levels: their count, ids and points, and `max_points`.
    fn levels(&mut self, doc: &PolicyDoc) {
        if doc.levels.is_empty() || doc.levels.len() > 64 {
            self.number(
                "number of levels",
                doc.levels.len() as f64,
                false,
                "1 to 64 levels",
            );
        }
        self.number(
            "max_points",
            doc.max_points,
            doc.max_points.is_finite() && doc.max_points > 0.0,
            "a finite number greater than 0",
        );
        self.level_index = self.index(
            IdKind::Level,
            doc.levels.iter().map(|l| l.id.as_str()),
            "levels",
        );
        for l in &doc.levels {
            self.number(
                format!("points of level `{}`", l.id),
                l.points,
                l.points.is_finite() && l.points >= 0.0 && l.points <= doc.max_points,
                "a number within [0, max_points]",
            );
        }
    }

    /// One context of a table policy: its score bands sorted by minimum, highest first.
    fn context(&mut self, c: &ContextRules, challenge: Option<&MasteryChallengeRules>) -> Context {
        if c.outcomes.len() > 64 {
            self.number(
                format!("number of outcomes in context `{}`", c.id),
                c.outcomes.len() as f64,
                false,
                "at most 64 outcomes",
            );
        }
        let mut bands = Vec::new();
        let mut outcomes: Vec<String> = Vec::new();
        for (o, band) in c.outcomes.iter().enumerate() {
            if outcomes.contains(&band.id) {
                self.problems.push(Error::DuplicateId {
                    kind: IdKind::Outcome,
                    id: format!("{}.{}", c.id, band.id),
                });
            }
            outcomes.push(band.id.clone());
            self.number(
                format!("min_score of outcome `{}` in context `{}`", band.id, c.id),
                band.min_score,
                (0.0..=1.0).contains(&band.min_score),
                "a share within [0, 1]",
            );
            bands.push((band.min_score, o as u8));
        }
        bands.sort_by(|a, b| b.0.total_cmp(&a.0));
        if !bands.iter().any(|&(m, _)| m == 0.0) {
            self.problems.push(Error::InvalidNumber {
                location: format!("lowest min_score in context `{}`", c.id),
                value: bands.last().map_or(f64::NAN, |b| b.0),
                expected: "one outcome starting at 0 so every score has an outcome",
            });
        }
        Context {
            bands,
            outcomes,
            bonus: c.bonus_question,
            challenge: challenge.is_some_and(|m| m.context == c.id),
        }
    }

    /// Fills the transition table from the rules: unknown ids and conflicting cells reported.
    fn transitions(
        &mut self,
        rules: &[TransitionRule],
        contexts: &[Context],
        context_index: &HashMap<String, u8>,
        table: &mut TableShape,
    ) {
        for (r, rule) in rules.iter().enumerate() {
            let place = format!("transitions[{r}]");
            let to = self.level(&rule.to, &place);
            for cid in &rule.contexts {
                let Some(&ci) = context_index.get(cid) else {
                    self.problems.push(Error::UnknownId {
                        kind: IdKind::Context,
                        id: cid.clone(),
                        referenced_in: place.clone(),
                    });
                    continue;
                };
                let outcomes = &contexts[ci as usize].outcomes;
                let Some(oi) = outcomes.iter().position(|o| *o == rule.outcome) else {
                    self.problems.push(Error::UnknownId {
                        kind: IdKind::Outcome,
                        id: rule.outcome.clone(),
                        referenced_in: format!("{place} (context `{cid}`)"),
                    });
                    continue;
                };
                for from in &rule.from {
                    let (Some(li), Some(to)) = (self.level(from, &place), to) else {
                        continue;
                    };
                    let cell = table.cell(ci as usize, oi, li as usize);
                    if *cell != UNSET && *cell != to {
                        self.problems.push(Error::ConflictingTransition {
                            context: cid.clone(),
                            outcome: rule.outcome.clone(),
                            level: from.clone(),
                        });
                    }
                    *cell = to;
                }
            }
        }
    }

    /// Every (context, outcome, level) the rules leave unset, as `missing_transition`.
    fn missing(&mut self, doc: &PolicyDoc, rules: &[ContextRules], table: &mut TableShape) {
        for (ci, c) in rules.iter().enumerate() {
            for (oi, o) in c.outcomes.iter().enumerate() {
                for (li, l) in doc.levels.iter().enumerate() {
                    if *table.cell(ci, oi, li) == UNSET {
                        self.problems.push(Error::MissingTransition {
                            context: c.id.clone(),
                            outcome: o.id.clone(),
                            level: l.id.clone(),
                        });
                    }
                }
            }
        }
    }

    /// The mastery challenge's shape, unlock conditions and cool-down.
    fn challenge(
        &mut self,
        m: &MasteryChallengeRules,
        context_index: &HashMap<String, u8>,
    ) -> Challenge {
        if !context_index.contains_key(&m.context) {
            self.problems.push(Error::UnknownId {
                kind: IdKind::Context,
                id: m.context.clone(),
                referenced_in: "mastery_challenge".into(),
            });
        }
        let counts = [
            (
                "mastery_challenge.questions_per_skill",
                m.questions_per_skill,
            ),
            ("mastery_challenge.max_skills", m.max_skills),
        ];
        for (location, value) in counts {
            self.number(location, f64::from(value), value > 0, "at least 1");
        }
        self.number(
            "mastery_challenge.cooldown_hours",
            m.cooldown_hours,
            m.cooldown_hours.is_finite() && m.cooldown_hours >= 0.0,
            "a finite number of hours >= 0",
        );
        let unlock = m
            .unlock
            .iter()
            .filter_map(|u| {
                self.level(&u.level, "mastery_challenge.unlock")
                    .map(|l| (l, u.at_least))
            })
            .collect();
        Challenge {
            context: context_index.get(&m.context).copied().unwrap_or_default(),
            questions_per_skill: m.questions_per_skill,
            max_skills: m.max_skills,
            unlock,
            cooldown_ms: (m.cooldown_hours * crate::time::HOUR_MS as f64) as i64,
        }
    }

    /// A table policy: its contexts, the full transition table and the mastery challenge.
    fn table(
        &mut self,
        doc: &PolicyDoc,
        rules: &[ContextRules],
        transitions: &[TransitionRule],
        mastery_challenge: Option<&MasteryChallengeRules>,
        context_index: &HashMap<String, u8>,
    ) -> (Vec<Context>, Kind) {
        let contexts: Vec<Context> = rules
            .iter()
            .map(|c| self.context(c, mastery_challenge))
            .collect();
        let outcomes_max = contexts.iter().map(|c| c.outcomes.len()).max().unwrap_or(0);
        let mut table = TableShape {
            cells: vec![UNSET; contexts.len() * outcomes_max * doc.levels.len()],
            outcomes_max,
            levels: doc.levels.len(),
        };
        self.transitions(transitions, &contexts, context_index, &mut table);
        self.missing(doc, rules, &mut table);
        let challenge = mastery_challenge.map(|m| self.challenge(m, context_index));
        let kind = Kind::Table {
            table: table.cells,
            outcomes_max,
            challenge,
        };
        (contexts, kind)
    }

    /// A probability policy: BKT parameters and thresholds sorted highest first.
    fn probability(
        &mut self,
        bkt: &BktParams,
        skill_bkt: &std::collections::BTreeMap<String, BktParams>,
        thresholds: &[LevelThreshold],
    ) -> Kind {
        if let Err(e) = bkt.validate("rules.bkt") {
            self.problems.push(e);
        }
        for (skill, p) in skill_bkt {
            if let Err(e) = p.validate(&format!("rules.skill_bkt `{skill}`")) {
                self.problems.push(e);
            }
        }
        let mut compiled = Vec::new();
        for t in thresholds {
            self.number(
                format!("min_p_known of level `{}`", t.level),
                t.min_p_known,
                (0.0..=1.0).contains(&t.min_p_known),
                "a probability within [0, 1]",
            );
            if let Some(l) = self.level(&t.level, "rules.thresholds") {
                compiled.push((t.min_p_known, l));
            }
        }
        compiled.sort_by(|a, b| b.0.total_cmp(&a.0));
        if !compiled.iter().any(|&(m, _)| m == 0.0) {
            self.problems.push(Error::InvalidNumber {
                location: "lowest min_p_known".into(),
                value: compiled.last().map_or(f64::NAN, |t| t.0),
                expected: "one threshold at 0 so every estimate has a level",
            });
        }
        Kind::Probability {
            thresholds: compiled,
        }
    }
}

/// The transition table being filled: `cells[(context * outcomes_max + outcome) * levels +
/// level]`.
struct TableShape {
    cells: Vec<u8>,
    outcomes_max: usize,
    levels: usize,
}

impl TableShape {
    fn cell(&mut self, context: usize, outcome: usize, level: usize) -> &mut u8 {
        &mut self.cells[(context * self.outcomes_max + outcome) * self.levels + level]
    }
}

impl Policy {
    /// Validates a document, reporting every problem found.
    pub fn from_doc(doc: PolicyDoc) -> Result<Policy> {
        if doc.format_version != POLICY_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: POLICY_FORMAT_VERSION,
            });
        }
        let mut checks = Checks {
            problems: Vec::new(),
            level_index: HashMap::new(),
        };
        checks.levels(&doc);
        let target = checks
            .level(&doc.default_target, "default_target")
            .unwrap_or(0);
        let context_ids: Vec<&str> = match &doc.rules {
            Rules::Table { contexts, .. } => contexts.iter().map(|c| c.id.as_str()).collect(),
            Rules::Probability { contexts, .. } => contexts.iter().map(String::as_str).collect(),
        };
        if context_ids.len() > 64 {
            checks.number(
                "number of contexts",
                context_ids.len() as f64,
                false,
                "at most 64 contexts",
            );
        }
        let context_index =
            checks.index(IdKind::Context, context_ids.into_iter(), "rules.contexts");
        let (contexts, kind) = match &doc.rules {
            Rules::Table {
                contexts,
                transitions,
                mastery_challenge,
            } => checks.table(
                &doc,
                contexts,
                transitions,
                mastery_challenge.as_ref(),
                &context_index,
            ),
            Rules::Probability {
                contexts,
                bkt,
                skill_bkt,
                thresholds,
            } => {
                let plain = contexts.iter().map(|_| Context::plain()).collect();
                (plain, checks.probability(bkt, skill_bkt, thresholds))
            }
        };
        let Checks {
            problems,
            level_index,
        } = checks;
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
}

impl Context {
    /// A context of a probability policy: no bands, no bonus, no challenge.
    fn plain() -> Context {
        Context {
            bands: Vec::new(),
            outcomes: Vec::new(),
            bonus: false,
            challenge: false,
        }
    }
}
