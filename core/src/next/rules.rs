//! The next-step rules document: which kinds of step to propose, in which order, and every
//! threshold, limit and interval they use, validated on load; and its resolution against a
//! policy's levels and contexts.

use serde::{Deserialize, Serialize};

use crate::error::{Error, IdKind, Result};
use crate::policy::Policy;
use crate::time::DAY_MS;

/// The format version this build reads and writes.
pub const NEXT_STEPS_FORMAT_VERSION: u32 = 1;

const KHAN_2025: &str = include_str!("presets/khan-2025.json");

/// A kind of next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Work on a skill the learner struggles with, or on its weak prerequisite first.
    Corrective,
    /// A frontier skill toward the goal: its prerequisites are at the target.
    NextUp,
    /// A skill at the target or above whose review interval has passed.
    Review,
    /// A mastery challenge, now unlocked, on skills chosen for it.
    MasteryChallenge,
    /// A unit test, once most of the unit is known.
    UnitTest,
    /// A course challenge, once most of the course is known.
    CourseChallenge,
    /// With the goal met: skills beyond it whose prerequisites are met.
    Enrichment,
}

impl StepKind {
    /// Every kind.
    pub const ALL: [StepKind; 7] = [
        StepKind::Corrective,
        StepKind::NextUp,
        StepKind::Review,
        StepKind::MasteryChallenge,
        StepKind::UnitTest,
        StepKind::CourseChallenge,
        StepKind::Enrichment,
    ];

    /// The snake_case id (`next_up`).
    pub fn id(self) -> &'static str {
        match self {
            StepKind::Corrective => "corrective",
            StepKind::NextUp => "next_up",
            StepKind::Review => "review",
            StepKind::MasteryChallenge => "mastery_challenge",
            StepKind::UnitTest => "unit_test",
            StepKind::CourseChallenge => "course_challenge",
            StepKind::Enrichment => "enrichment",
        }
    }
}

/// How many steps of one kind to propose at most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// Most steps of this kind.
    pub max: u32,
}

/// When a skill counts as a struggle, and which prerequisites count as weak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectiveRules {
    /// Most corrective steps.
    pub max: u32,
    /// Levels below the target at which any evidence means a struggle (`attempted`).
    pub struggling_levels: Vec<String>,
    /// A skill below the target whose last change of level was down (a test or a weaker
    /// exercise demoted it) is a struggle.
    pub demoted: bool,
    /// Responses after which a low accuracy (or P(known)) means a struggle.
    pub min_responses: u32,
    /// Accuracy below this, after `min_responses`, means a struggle.
    pub max_accuracy: f64,
    /// P(known) below this, after `min_responses`, means a struggle (probability policies).
    pub max_p_known: f64,
    /// Prerequisites below this level are weak; `null`: the target.
    pub prerequisite_level: Option<String>,
}

/// When a skill at the target is due for review: after an interval that grows with each
/// successful review in a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    /// Most review steps.
    pub max: u32,
    /// Skills at this level or above are reviewed.
    pub min_level: String,
    /// Days after the last practice before the first review.
    pub first_interval_days: f64,
    /// Each successful review multiplies the interval by this (at least 1).
    pub growth: f64,
    /// The longest interval, in days.
    pub max_interval_days: f64,
}

/// Whether to propose a mastery challenge when the policy's challenge is unlocked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChallengeStepRules {
    /// Propose one (the policy decides when it unlocks and its shape).
    pub enabled: bool,
}

/// When a unit test or a course challenge is proposed, and its shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TestRules {
    /// Most steps of this kind.
    pub max: u32,
    /// The policy context the test is taken in.
    pub context: String,
    /// Skills at this level or above count as known.
    pub min_level: String,
    /// The share of the unit's (course's) skills known for the test to be proposed, in (0, 1].
    pub min_share: f64,
    /// Questions per skill the test asks.
    pub questions_per_skill: u32,
}

/// The next-step rules document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NextStepRulesDoc {
    /// Must be [`NEXT_STEPS_FORMAT_VERSION`].
    pub format_version: u32,
    /// The rules' name (`khan-2025`).
    pub name: String,
    /// What the rules do, in words.
    #[serde(default)]
    pub description: String,
    /// The level a skill must reach; `null`: the policy's default target.
    pub target: Option<String>,
    /// Most steps in one list.
    pub max_steps: u32,
    /// The kinds proposed, most urgent first; a kind not listed is never proposed.
    pub order: Vec<StepKind>,
    /// Correctives.
    pub corrective: CorrectiveRules,
    /// Next up.
    pub next_up: Limit,
    /// Reviews.
    pub review: ReviewRules,
    /// Mastery challenges.
    pub mastery_challenge: ChallengeStepRules,
    /// Unit tests.
    pub unit_test: TestRules,
    /// Course challenges.
    pub course_challenge: TestRules,
    /// Enrichment.
    pub enrichment: Limit,
}

/// Validated next-step rules: what [`next_steps`](super::next_steps) follows.
///
/// ```
/// use masterykit::NextStepRules;
/// let rules = NextStepRules::khan();
/// assert_eq!(rules.name(), "khan-2025");
/// let typo = rules.to_json().replace("\"max_steps\"", "\"max_step\"");
/// assert_eq!(NextStepRules::from_json(&typo).unwrap_err().code(), "parse_error");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NextStepRules {
    doc: NextStepRulesDoc,
}

impl NextStepRules {
    /// The rules that fit the `khan-2025` policy.
    pub fn khan() -> NextStepRules {
        match NextStepRules::from_json(KHAN_2025) {
            Ok(rules) => rules,
            // The preset is checked by the tests; it cannot be invalid.
            Err(e) => unreachable!("the khan-2025 next-step rules are invalid: {e}"),
        }
    }

    /// A preset by name (`khan-2025`).
    pub fn by_name(name: &str) -> Option<NextStepRules> {
        (name == "khan-2025").then(NextStepRules::khan)
    }

    /// Preset names.
    pub const PRESETS: [&'static str; 1] = ["khan-2025"];

    /// A preset by name, or an `unknown_preset` error.
    pub fn require_preset(name: &str) -> Result<NextStepRules> {
        NextStepRules::by_name(name).ok_or_else(|| Error::UnknownId {
            kind: IdKind::Preset,
            id: name.to_string(),
            referenced_in: format!("next-step rules (presets: {})", Self::PRESETS.join(", ")),
        })
    }

    /// Parses and validates a JSON document; a misspelt field is a `parse_error` naming it.
    pub fn from_json(text: &str) -> Result<NextStepRules> {
        let doc: NextStepRulesDoc = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: format!("next-step rules: {e}"),
        })?;
        NextStepRules::from_doc(doc)
    }

    /// Parses and validates a TOML document.
    pub fn from_toml(text: &str) -> Result<NextStepRules> {
        let doc: NextStepRulesDoc = toml::from_str(text).map_err(|e| Error::Parse {
            format: "toml",
            message: format!("next-step rules: {e}"),
        })?;
        NextStepRules::from_doc(doc)
    }

    /// Validates a document: every problem is reported (`invalid_next_step_rules` when
    /// there are several).
    pub fn from_doc(doc: NextStepRulesDoc) -> Result<NextStepRules> {
        if doc.format_version != NEXT_STEPS_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: NEXT_STEPS_FORMAT_VERSION,
            });
        }
        let mut problems = Vec::new();
        let mut number = |location: &str, value: f64, ok: bool, expected: &'static str| {
            if !ok {
                problems.push(Error::InvalidNumber {
                    location: format!("next-step rules: {location}"),
                    value,
                    expected,
                });
            }
        };
        number(
            "max_steps",
            f64::from(doc.max_steps),
            doc.max_steps > 0,
            "at least 1",
        );
        let c = &doc.corrective;
        number(
            "corrective.max_accuracy",
            c.max_accuracy,
            (0.0..=1.0).contains(&c.max_accuracy),
            "a share within [0, 1]",
        );
        number(
            "corrective.max_p_known",
            c.max_p_known,
            (0.0..=1.0).contains(&c.max_p_known),
            "a probability within [0, 1]",
        );
        let r = &doc.review;
        number(
            "review.first_interval_days",
            r.first_interval_days,
            r.first_interval_days.is_finite() && r.first_interval_days > 0.0,
            "a finite number of days > 0",
        );
        number(
            "review.growth",
            r.growth,
            r.growth.is_finite() && r.growth >= 1.0,
            "a finite factor >= 1",
        );
        number(
            "review.max_interval_days",
            r.max_interval_days,
            r.max_interval_days.is_finite()
                && r.max_interval_days > 0.0
                && r.max_interval_days >= r.first_interval_days,
            "a finite number of days >= first_interval_days",
        );
        for (name, t) in [
            ("unit_test", &doc.unit_test),
            ("course_challenge", &doc.course_challenge),
        ] {
            number(
                &format!("{name}.min_share"),
                t.min_share,
                t.min_share > 0.0 && t.min_share <= 1.0,
                "a share within (0, 1]",
            );
            number(
                &format!("{name}.questions_per_skill"),
                f64::from(t.questions_per_skill),
                t.questions_per_skill > 0,
                "at least 1",
            );
        }
        for (i, kind) in doc.order.iter().enumerate() {
            if doc.order[..i].contains(kind) {
                problems.push(Error::InvalidOption {
                    option: "next-step rules: order".into(),
                    reason: format!("lists `{}` twice", kind.id()),
                });
            }
        }
        if let Some(e) = Error::from_problems(problems, |problems| Error::InvalidNextStepRules {
            problems,
        }) {
            return Err(e);
        }
        Ok(NextStepRules { doc })
    }

    /// The document.
    pub fn as_doc(&self) -> &NextStepRulesDoc {
        &self.doc
    }

    /// The rules' name.
    pub fn name(&self) -> &str {
        &self.doc.name
    }

    /// The document as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.doc).unwrap_or_default()
    }

    /// The document as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }

    /// The rules with their level and context ids resolved against `policy`; an id the
    /// policy lacks is an `unknown_level` or `unknown_context` error naming the field.
    pub(crate) fn resolve(&self, policy: &Policy) -> Result<Resolved> {
        let d = &self.doc;
        let level = |id: &str, field: &str| {
            policy.level_index(id).ok_or_else(|| Error::UnknownId {
                kind: IdKind::Level,
                id: id.to_string(),
                referenced_in: format!("next-step rules: {field}"),
            })
        };
        let context = |id: &str, field: &str| {
            policy.context_index(id).ok_or_else(|| Error::UnknownId {
                kind: IdKind::Context,
                id: id.to_string(),
                referenced_in: format!("next-step rules: {field}"),
            })
        };
        let target = match &d.target {
            Some(id) => level(id, "target")?,
            None => policy.default_target(),
        };
        let mut struggling = 0u64;
        for id in &d.corrective.struggling_levels {
            struggling |= 1 << level(id, "corrective.struggling_levels")?;
        }
        let test = |t: &TestRules, name: &str| -> Result<ResolvedTest> {
            Ok(ResolvedTest {
                max: t.max as usize,
                context: context(&t.context, &format!("{name}.context"))?,
                min_level: level(&t.min_level, &format!("{name}.min_level"))?,
                min_share: t.min_share,
                questions_per_skill: t.questions_per_skill,
            })
        };
        let day = DAY_MS as f64;
        Ok(Resolved {
            target,
            max_steps: d.max_steps as usize,
            order: d.order.clone(),
            corrective_max: d.corrective.max as usize,
            struggling_levels: struggling,
            demoted: d.corrective.demoted,
            min_responses: d.corrective.min_responses,
            max_accuracy: d.corrective.max_accuracy,
            max_p_known: d.corrective.max_p_known,
            prerequisite_level: match &d.corrective.prerequisite_level {
                Some(id) => level(id, "corrective.prerequisite_level")?,
                None => target,
            },
            next_up_max: d.next_up.max as usize,
            review_max: d.review.max as usize,
            review_level: level(&d.review.min_level, "review.min_level")?,
            review_first_ms: d.review.first_interval_days * day,
            review_growth: d.review.growth,
            review_max_ms: d.review.max_interval_days * day,
            challenge: d.mastery_challenge.enabled,
            unit_test: test(&d.unit_test, "unit_test")?,
            course_challenge: test(&d.course_challenge, "course_challenge")?,
            enrichment_max: d.enrichment.max as usize,
        })
    }
}

/// A unit test's or course challenge's resolved rules.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedTest {
    pub max: usize,
    pub context: u8,
    pub min_level: u8,
    pub min_share: f64,
    pub questions_per_skill: u32,
}

/// Rules resolved against a policy: level and context indices, intervals in milliseconds.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub target: u8,
    pub max_steps: usize,
    pub order: Vec<StepKind>,
    pub corrective_max: usize,
    /// Bit `l` set: level `l` is a struggling level.
    pub struggling_levels: u64,
    pub demoted: bool,
    pub min_responses: u32,
    pub max_accuracy: f64,
    pub max_p_known: f64,
    pub prerequisite_level: u8,
    pub next_up_max: usize,
    pub review_max: usize,
    pub review_level: u8,
    pub review_first_ms: f64,
    pub review_growth: f64,
    pub review_max_ms: f64,
    pub challenge: bool,
    pub unit_test: ResolvedTest,
    pub course_challenge: ResolvedTest,
    pub enrichment_max: usize,
}

impl Resolved {
    /// The review interval after `reviews` successful reviews in a row, in milliseconds.
    pub fn review_interval_ms(&self, reviews: u8) -> f64 {
        (self.review_first_ms * self.review_growth.powi(i32::from(reviews))).min(self.review_max_ms)
    }
}
