//! Responses grouped into assessments: one sitting of one learner in one context.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// One answer to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The item answered.
    pub item: String,
    /// The skills it exercises; each is credited.
    pub skills: Vec<String>,
    /// Right or wrong; give this or `score`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// Partial credit in [0, 1]; give this or `correct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Hints used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hints: Option<u32>,
    /// Seconds spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// When it was answered (the assessment's timestamp otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// A bonus question after exactly one miss (policies with `bonus_question`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bonus: bool,
}

impl Response {
    /// A right-or-wrong answer to `item` on one skill.
    pub fn answer(item: impl Into<String>, skill: impl Into<String>, correct: bool) -> Response {
        Response {
            item: item.into(),
            skills: vec![skill.into()],
            correct: Some(correct),
            score: None,
            hints: None,
            duration: None,
            timestamp: None,
            bonus: false,
        }
    }

    /// A partially credited answer to `item` on one skill.
    pub fn scored(item: impl Into<String>, skill: impl Into<String>, score: f64) -> Response {
        Response {
            correct: None,
            score: Some(score),
            ..Response::answer(item, skill, false)
        }
    }

    /// Marks this response as the bonus question.
    pub fn as_bonus(mut self) -> Response {
        self.bonus = true;
        self
    }
}

/// The responses of one sitting: one exercise, one quiz, one test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Id for idempotency: an assessment whose id was already applied is a no-op.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The learner.
    pub learner: String,
    /// The context: `practice`, `quiz`, `unit_test`, `course_challenge`, `mastery_challenge`,
    /// `pre_assessment`, or any other the policy covers.
    pub context: String,
    /// When the sitting ended.
    pub timestamp: Timestamp,
    /// The answers.
    pub responses: Vec<Response>,
}

impl Assessment {
    /// An empty assessment; add responses with [`Assessment::with`].
    pub fn new(
        learner: impl Into<String>,
        context: impl Into<String>,
        timestamp: Timestamp,
    ) -> Assessment {
        Assessment {
            event_id: None,
            learner: learner.into(),
            context: context.into(),
            timestamp,
            responses: Vec::new(),
        }
    }

    /// Sets the event id.
    pub fn event(mut self, id: impl Into<String>) -> Assessment {
        self.event_id = Some(id.into());
        self
    }

    /// Adds a response.
    pub fn with(mut self, response: Response) -> Assessment {
        self.responses.push(response);
        self
    }

    /// How errors name this assessment.
    pub fn label(&self) -> String {
        match &self.event_id {
            Some(id) => format!("event `{id}`"),
            None => format!(
                "{} of `{}` at {}",
                self.context, self.learner, self.timestamp
            ),
        }
    }
}
