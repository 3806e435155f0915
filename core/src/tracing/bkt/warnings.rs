//! What a fit says about a skill whose data cannot pin its parameters down: every answer
//! right or wrong, too few responses, parameters that ended on a bound.

use serde::{Deserialize, Serialize};

use super::BktParams;
use super::options::{FitOptions, LO};

/// A fitted skill whose numbers deserve doubt. The skill is still fitted (every parameter
/// inside its bounds); the warning says why its parameters say little.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "code",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "WarningDoc"
)]
pub enum FitWarning {
    /// Every response right: knowing and guessing cannot be told apart.
    AllCorrect,
    /// Every response wrong: not knowing and slipping cannot be told apart.
    AllWrong,
    /// Fewer responses than [`FitOptions::min_responses`].
    FewResponses {
        /// Responses the skill had.
        responses: usize,
        /// The least that earns no warning.
        min: usize,
    },
    /// EM ended with these parameters on a bound of their range (pinned ones aside).
    AtBound {
        /// The parameters, in the order prior, learn, guess, slip, forget.
        parameters: Vec<String>,
    },
}

/// [`FitWarning`] as a file holds it, read flat (an internally tagged enum would buffer
/// each one first, which costs the WebAssembly module about 10 kB).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct WarningDoc {
    code: String,
    responses: Option<usize>,
    min: Option<usize>,
    parameters: Option<Vec<String>>,
}

impl TryFrom<WarningDoc> for FitWarning {
    type Error = String;

    fn try_from(d: WarningDoc) -> Result<FitWarning, String> {
        let fields = (d.responses, d.min, d.parameters);
        match (d.code.as_str(), fields) {
            ("all_correct", (None, None, None)) => Ok(FitWarning::AllCorrect),
            ("all_wrong", (None, None, None)) => Ok(FitWarning::AllWrong),
            ("few_responses", (Some(responses), Some(min), None)) => {
                Ok(FitWarning::FewResponses { responses, min })
            }
            ("at_bound", (None, None, Some(parameters))) => Ok(FitWarning::AtBound { parameters }),
            (code, _) if FIT_WARNING_CODES.contains(&code) => {
                Err(format!("warning `{code}`: missing or unexpected fields"))
            }
            (code, _) => Err(format!(
                "unknown warning code `{code}`: expected {}",
                FIT_WARNING_CODES.join(", ")
            )),
        }
    }
}

/// Every warning's code.
pub const FIT_WARNING_CODES: [&str; 4] = ["all_correct", "all_wrong", "few_responses", "at_bound"];

impl FitWarning {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            FitWarning::AllCorrect => "all_correct",
            FitWarning::AllWrong => "all_wrong",
            FitWarning::FewResponses { .. } => "few_responses",
            FitWarning::AtBound { .. } => "at_bound",
        }
    }

    /// A sentence for people.
    pub fn message(&self) -> String {
        match self {
            FitWarning::AllCorrect => {
                "every response is right: guess and slip are not identifiable".into()
            }
            FitWarning::AllWrong => {
                "every response is wrong: guess and slip are not identifiable".into()
            }
            FitWarning::FewResponses { responses, min } => {
                let noun = if *responses == 1 {
                    "response"
                } else {
                    "responses"
                };
                format!("{responses} {noun}, fewer than {min}: the parameters say little")
            }
            FitWarning::AtBound { parameters } => {
                format!("ended on the bound of its range: {}", parameters.join(", "))
            }
        }
    }
}

/// The warnings of a skill with outcomes `obs` fitted to `p` under `o`.
pub(super) fn warnings(obs: &[u8], p: &BktParams, o: &FitOptions) -> Vec<FitWarning> {
    let mut out = Vec::new();
    let right = obs.iter().filter(|&&x| x == 1).count();
    if !obs.is_empty() && right == obs.len() {
        out.push(FitWarning::AllCorrect);
    } else if !obs.is_empty() && right == 0 {
        out.push(FitWarning::AllWrong);
    }
    if obs.len() < o.min_responses {
        out.push(FitWarning::FewResponses {
            responses: obs.len(),
            min: o.min_responses,
        });
    }
    let q = &o.pinned;
    let near = |v: f64, bound: f64| (v - bound).abs() <= LO * 1e-3;
    let bounds = [
        ("prior", p.prior, q.prior, 1.0 - LO),
        ("learn", p.learn, q.learn, 1.0 - LO),
        ("guess", p.guess, q.guess, o.max_guess.min(1.0 - LO)),
        ("slip", p.slip, q.slip, o.max_slip.min(1.0 - LO)),
    ];
    let mut parameters: Vec<String> = bounds
        .iter()
        .filter(|(_, v, pinned, hi)| pinned.is_none() && (near(*v, LO) || near(*v, *hi)))
        .map(|(name, ..)| (*name).to_string())
        .collect();
    if o.forgets && q.forget.is_none() && near(p.forget, 1.0 - LO) {
        parameters.push("forget".into());
    }
    if !parameters.is_empty() {
        out.push(FitWarning::AtBound { parameters });
    }
    out
}
