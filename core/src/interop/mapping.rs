//! What xAPI statements and Caliper events share on their way to evidence: the mapping
//! options, one observed answer per record, and the grouping of answers into sittings.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::json::{Record, derived_uuid};
use crate::error::{Error, Result};
use crate::evidence::{Assessment, Response};
use crate::time::Timestamp;

/// The skills extension read by default: a skill id or a list of them, in an activity's
/// definition or a statement's (event's) context extensions.
pub const SKILLS_EXTENSION: &str = "urn:masterykit:skills";
/// The extension naming the evidence context (`practice`, `unit_test`, ...) by default.
pub const CONTEXT_EXTENSION: &str = "urn:masterykit:context";

/// What a verb (xAPI) means as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerbRole {
    /// An answer: `result.success` or `result.score` says how it went.
    Answered,
    /// A right answer unless the result says otherwise.
    Passed,
    /// A wrong answer unless the result says otherwise.
    Failed,
    /// A right answer (as passed).
    Mastered,
    /// Not evidence: skipped and counted.
    Ignore,
}

/// What to do with a record the mapping cannot place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unplaced {
    /// A typed error naming the record (the default).
    #[default]
    Error,
    /// Skip it and count it in the summary.
    Skip,
}

/// How answers group into sittings (one [`Assessment`] each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sittings {
    /// One sitting per learner, context and xAPI `context.registration` (Caliper: the
    /// attempt's `isPartOf`); a record without one is a sitting alone. The default.
    #[default]
    Registration,
    /// Every record is a sitting of its own, its id the event id.
    Record,
    /// A learner's consecutive records in one context, each within `gap_seconds` of the
    /// one before.
    Gap,
}

/// How xAPI statements and Caliper events map onto evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EvidenceMapping {
    /// Skills of each activity (item) id; checked before the skills extension.
    pub items: BTreeMap<String, Vec<String>>,
    /// The extension IRI holding skill ids (a string or a list) in an activity's definition
    /// or the context's extensions.
    pub skills_extension: String,
    /// The context extension IRI naming the evidence context.
    pub context_extension: String,
    /// The evidence context when no extension names one.
    pub context: String,
    /// Roles of verb IRIs (xAPI), over the defaults: ADL `answered`, `passed`, `failed`,
    /// `mastered` are evidence; ADL `attempted`, `completed`, `progressed`, `experienced`,
    /// `launched`, `initialized`, `terminated`, `suspended`, `resumed`, `exited`, `scored`,
    /// `interacted`, `commented`, `asked`, `shared`, `preferred`, `imported`, `registered` and
    /// `voided` (which removes its target) are not.
    pub verbs: BTreeMap<String, VerbRole>,
    /// A verb (Caliper: an event action) with no role.
    pub unknown_verbs: Unplaced,
    /// An answer to an item no skill is mapped to.
    pub unmapped_items: Unplaced,
    /// How answers group into sittings.
    pub sittings: Sittings,
    /// The largest gap, in seconds, inside one sitting ([`Sittings::Gap`]).
    pub gap_seconds: f64,
    /// Learner ids of xAPI accounts as `homePage#name` rather than `name` alone.
    pub qualify_accounts: bool,
}

impl Default for EvidenceMapping {
    fn default() -> Self {
        EvidenceMapping {
            items: BTreeMap::new(),
            skills_extension: SKILLS_EXTENSION.into(),
            context_extension: CONTEXT_EXTENSION.into(),
            context: "practice".into(),
            verbs: BTreeMap::new(),
            unknown_verbs: Unplaced::Error,
            unmapped_items: Unplaced::Error,
            sittings: Sittings::Registration,
            gap_seconds: 1800.0,
            qualify_accounts: false,
        }
    }
}

impl EvidenceMapping {
    /// Parses a mapping document (JSON); unknown fields are errors.
    pub fn from_json(text: &str) -> Result<EvidenceMapping> {
        EvidenceMapping::from_value(super::json::parse(text, "evidence mapping")?)
    }

    /// A mapping from a JSON value (null: the defaults); unknown fields are errors naming
    /// the field.
    pub fn from_value(value: Value) -> Result<EvidenceMapping> {
        let m: EvidenceMapping = super::json::options_from_value(value, "mapping")?;
        if !(m.gap_seconds.is_finite() && m.gap_seconds >= 0.0) {
            return Err(Error::InvalidOption {
                option: "gap_seconds".into(),
                reason: format!("{} is not a number of seconds >= 0", m.gap_seconds),
            });
        }
        Ok(m)
    }

    /// The skills of `item`: from the item map, else the skills extension of the activity
    /// definition or the context. None when nothing maps it.
    pub(crate) fn skills(
        &self,
        item: &str,
        extension_sets: [Option<&Map<String, Value>>; 2],
        rec: &Record<'_>,
    ) -> Result<Option<Vec<String>>> {
        if let Some(skills) = self.items.get(item) {
            return Ok(Some(skills.clone()));
        }
        for ext in extension_sets.into_iter().flatten() {
            match ext.get(&self.skills_extension) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => return Ok(Some(vec![s.clone()])),
                Some(Value::Array(a)) => {
                    let field = format!("extensions.{}", self.skills_extension);
                    return a
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(str::to_string)
                                .ok_or_else(|| rec.invalid(&field, "expected skill ids (strings)"))
                        })
                        .collect::<Result<Vec<_>>>()
                        .map(Some);
                }
                Some(_) => {
                    let field = format!("extensions.{}", self.skills_extension);
                    return Err(rec.invalid(&field, "expected a skill id or a list of them"));
                }
            }
        }
        Ok(None)
    }

    /// The evidence context named by the context extension, or the default.
    pub(crate) fn context_of(
        &self,
        ext: Option<&Map<String, Value>>,
        rec: &Record<'_>,
    ) -> Result<String> {
        match ext.and_then(|e| e.get(&self.context_extension)) {
            None | Some(Value::Null) => Ok(self.context.clone()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(rec.invalid(
                &format!("context.extensions.{}", self.context_extension),
                "expected a context name (a string)",
            )),
        }
    }
}

/// What converting a batch of statements or events found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EvidenceSummary {
    /// Records read.
    pub records: usize,
    /// Answers kept.
    pub responses: usize,
    /// Sittings (assessments) made.
    pub sittings: usize,
    /// Records whose id had been read before in the batch: dropped.
    pub duplicates: usize,
    /// Records removed by an xAPI `voided` statement.
    pub voided: usize,
    /// Records skipped, counted by reason (`verb <iri>`, `unmapped item`, `event <type>`).
    pub skipped: BTreeMap<String, usize>,
}

/// Assessments read from xAPI statements or Caliper events, and what the reading found.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceImport {
    /// The sittings, in time order (ties in reading order).
    pub assessments: Vec<Assessment>,
    /// Counts of what was read, kept and skipped.
    pub summary: EvidenceSummary,
}

/// One answer read from one record.
#[derive(Debug, Clone)]
pub(crate) struct Observed {
    pub learner: String,
    pub context: String,
    pub timestamp: Timestamp,
    /// The registration (xAPI) or attempt (Caliper) grouping it, if any.
    pub group: Option<String>,
    /// The record's id.
    pub id: Option<String>,
    pub response: Response,
}

/// Groups answers into sittings and orders the sittings by time.
pub(crate) fn sittings(mut observed: Vec<Observed>, mapping: &EvidenceMapping) -> Vec<Assessment> {
    // Stable: records at the same time keep their reading order.
    observed.sort_by_key(|o| o.timestamp);
    let mut out: Vec<Assessment> = Vec::new();
    match mapping.sittings {
        Sittings::Record => {
            for o in observed {
                out.push(alone(o));
            }
        }
        Sittings::Registration => {
            let mut open: HashMap<(String, String, String), usize> = HashMap::new();
            for o in observed {
                let Some(group) = o.group.clone() else {
                    out.push(alone(o));
                    continue;
                };
                let key = (o.learner.clone(), group, o.context.clone());
                match open.get(&key) {
                    Some(&at) => extend(&mut out[at], o),
                    None => {
                        let id = derived_uuid(&[&key.0, &key.1, &key.2]);
                        let mut a = alone(o);
                        a.event_id = Some(id);
                        open.insert(key, out.len());
                        out.push(a);
                    }
                }
            }
        }
        Sittings::Gap => {
            let gap_ms = (mapping.gap_seconds * 1000.0) as i64;
            let mut last: HashMap<(String, String), (usize, i64)> = HashMap::new();
            for o in observed {
                let key = (o.learner.clone(), o.context.clone());
                let t = o.timestamp.as_millis();
                match last.get_mut(&key) {
                    Some((at, prev)) if t - *prev <= gap_ms => {
                        *prev = t;
                        let at = *at;
                        extend(&mut out[at], o);
                    }
                    _ => {
                        last.insert(key, (out.len(), t));
                        out.push(alone(o));
                    }
                }
            }
        }
    }
    // A sitting ends with its last answer; order sittings by that.
    out.sort_by_key(|a| a.timestamp);
    out
}

fn alone(o: Observed) -> Assessment {
    let mut a = Assessment::new(o.learner, o.context, o.timestamp);
    a.event_id = o.id;
    a.responses.push(o.response);
    a
}

fn extend(a: &mut Assessment, o: Observed) {
    a.timestamp = a.timestamp.max(o.timestamp);
    a.responses.push(o.response);
}

/// Seconds of an ISO 8601 duration (`PT31.5S`, `P1DT2H`, `PT1M`; weeks, days, hours,
/// minutes, seconds). Years and months have no fixed length and are refused.
pub(crate) fn duration_seconds(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = 0.0;
    let mut add = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        let mut allowed = units.iter();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            // Units in order, each at most once.
            let (_, scale) = allowed.by_ref().find(|(u, _)| *u == c)?;
            let n: f64 = number.parse().ok()?;
            total += n * scale;
            number.clear();
        }
        number.is_empty().then_some(())
    };
    add(date, &[('W', 604_800.0), ('D', 86_400.0)])?;
    if let Some(t) = time {
        add(t, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    total.is_finite().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_iso_8601() {
        assert_eq!(duration_seconds("PT31.5S"), Some(31.5));
        assert_eq!(duration_seconds("PT1M2S"), Some(62.0));
        assert_eq!(duration_seconds("P1DT1H"), Some(90_000.0));
        assert_eq!(duration_seconds("P2W"), Some(1_209_600.0));
        assert_eq!(duration_seconds("PT0,5S"), Some(0.5));
        for bad in [
            "", "P", "PT", "31S", "P1Y", "P1M", "PT1S1M", "PTxS", "PT1.2.3S",
        ] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
    }
}
