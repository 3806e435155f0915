//! What xAPI statements and Caliper events share on their way to evidence: the mapping
//! options, one observed answer per record, and the grouping of answers into sittings.

use std::borrow::Cow;
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
        if let Some((item, _)) = m.items.iter().find(|(item, skills)| {
            item.is_empty() || skills.is_empty() || skills.iter().any(|s| s.trim().is_empty())
        }) {
            return Err(Error::InvalidOption {
                option: format!("items.{item}"),
                reason: "an item maps to one or more skill ids, none of them empty".into(),
            });
        }
        if m.context.trim().is_empty() {
            return Err(Error::InvalidOption {
                option: "context".into(),
                reason: "the default context is empty".into(),
            });
        }
        Ok(m)
    }

    /// The skills the item map gives `item`.
    pub(crate) fn item_skills(&self, item: &str) -> Option<Vec<String>> {
        self.items.get(item).cloned()
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
                Some(Value::String(s)) if !s.trim().is_empty() => return Ok(Some(vec![s.clone()])),
                Some(Value::Array(a)) => {
                    let field = format!("extensions.{}", self.skills_extension);
                    let skills = a
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .filter(|s| !s.trim().is_empty())
                                .map(str::to_string)
                                .ok_or_else(|| {
                                    rec.invalid(&field, "expected skill ids, none of them empty")
                                })
                        })
                        .collect::<Result<Vec<_>>>()?;
                    if skills.is_empty() {
                        return Err(rec.invalid(&field, "expected skill ids, none of them empty"));
                    }
                    return Ok(Some(skills));
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
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceImport {
    /// The sittings, in time order (ties in reading order).
    pub assessments: Vec<Assessment>,
    /// Counts of what was read, kept and skipped.
    pub summary: EvidenceSummary,
}

/// One answer read from one record; its ids borrow from the text where they can.
#[derive(Debug, Clone)]
pub(crate) struct Observed<'a> {
    pub learner: Cow<'a, str>,
    pub context: Cow<'a, str>,
    pub timestamp: Timestamp,
    /// The registration (xAPI) or attempt (Caliper) grouping it, if any.
    pub group: Option<Cow<'a, str>>,
    /// The record's id.
    pub id: Option<Cow<'a, str>>,
    pub response: Response,
}

/// The import of the answers kept: grouped into sittings, counted in the summary.
pub(crate) fn finish(
    observed: Vec<Observed<'_>>,
    mut summary: EvidenceSummary,
    mapping: &EvidenceMapping,
) -> EvidenceImport {
    summary.responses = observed.len();
    let assessments = sittings(observed, mapping);
    summary.sittings = assessments.len();
    EvidenceImport {
        assessments,
        summary,
    }
}

/// Groups answers into sittings and orders the sittings by time.
fn sittings(observed: Vec<Observed<'_>>, mapping: &EvidenceMapping) -> Vec<Assessment> {
    type Fast = foldhash::fast::RandomState;
    // Answers in time order; records at the same time keep their reading order.
    let mut order: Vec<u32> = (0..observed.len() as u32).collect();
    order.sort_by_key(|&i| observed[i as usize].timestamp);
    // The sitting of each answer, numbered in order of first answer.
    let mut sitting = vec![0u32; observed.len()];
    let mut ids: Vec<Option<String>> = Vec::new();
    match mapping.sittings {
        Sittings::Record => {
            for &i in &order {
                sitting[i as usize] = ids.len() as u32;
                ids.push(observed[i as usize].id.as_deref().map(str::to_string));
            }
        }
        Sittings::Registration => {
            let mut open: HashMap<(&str, &str, &str), u32, Fast> = HashMap::default();
            for &i in &order {
                let o = &observed[i as usize];
                let Some(group) = o.group.as_deref() else {
                    sitting[i as usize] = ids.len() as u32;
                    ids.push(o.id.as_deref().map(str::to_string));
                    continue;
                };
                let key = (o.learner.as_ref(), group, o.context.as_ref());
                let next = ids.len() as u32;
                let at = *open.entry(key).or_insert(next);
                if at == next {
                    ids.push(Some(derived_uuid(&[key.0, key.1, key.2])));
                }
                sitting[i as usize] = at;
            }
        }
        Sittings::Gap => {
            let gap_ms = (mapping.gap_seconds * 1000.0) as i64;
            let mut last: HashMap<(&str, &str), (u32, i64), Fast> = HashMap::default();
            for &i in &order {
                let o = &observed[i as usize];
                let t = o.timestamp.as_millis();
                let key = (o.learner.as_ref(), o.context.as_ref());
                let at = match last.get_mut(&key) {
                    Some((at, prev)) if t - *prev <= gap_ms => {
                        *prev = t;
                        *at
                    }
                    _ => {
                        let at = ids.len() as u32;
                        last.insert(key, (at, t));
                        ids.push(o.id.as_deref().map(str::to_string));
                        at
                    }
                };
                sitting[i as usize] = at;
            }
        }
    }
    let mut sizes = vec![0u32; ids.len()];
    for &at in &sitting {
        sizes[at as usize] += 1;
    }
    let mut slots: Vec<Option<Observed<'_>>> = observed.into_iter().map(Some).collect();
    let mut out: Vec<Option<Assessment>> = (0..ids.len()).map(|_| None).collect();
    for &i in &order {
        let Some(o) = slots[i as usize].take() else {
            continue;
        };
        let at = sitting[i as usize] as usize;
        match &mut out[at] {
            Some(a) => extend(a, o),
            empty => {
                let mut a = alone(o, sizes[at] as usize);
                a.event_id = ids[at].take();
                *empty = Some(a);
            }
        }
    }
    let mut out: Vec<Assessment> = out.into_iter().flatten().collect();
    // A sitting ends with its last answer; order sittings by that.
    out.sort_by_key(|a| a.timestamp);
    out
}

/// A sitting starting with one answer, with room for all of them (its event id set by the
/// caller).
fn alone(o: Observed<'_>, answers: usize) -> Assessment {
    let mut a = Assessment::new(o.learner.into_owned(), o.context.into_owned(), o.timestamp);
    a.responses.reserve_exact(answers);
    a.responses.push(o.response);
    a
}

fn extend(a: &mut Assessment, o: Observed<'_>) {
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
    let mut add = |part: &str, units: &[(u8, f64)]| -> Option<()> {
        let mut allowed = units.iter();
        let mut start = 0;
        for (i, c) in part.bytes().enumerate() {
            if c.is_ascii_digit() || c == b'.' || c == b',' {
                continue;
            }
            // Units in order, each at most once.
            let (_, scale) = allowed.by_ref().find(|(u, _)| *u == c)?;
            let number = &part[start..i];
            let n: f64 = if number.contains(',') {
                number.replace(',', ".").parse().ok()?
            } else {
                number.parse().ok()?
            };
            total += n * scale;
            start = i + 1;
        }
        (start == part.len()).then_some(())
    };
    add(date, &[(b'W', 604_800.0), (b'D', 86_400.0)])?;
    if let Some(t) = time {
        add(t, &[(b'H', 3600.0), (b'M', 60.0), (b'S', 1.0)])?;
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
