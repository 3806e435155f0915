//! xAPI 1.0.3 statements in (as evidence) and out (level changes for an LRS).

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::json::{Record, derived_uuid};
use super::mapping::{
    CONTEXT_EXTENSION, EvidenceImport, EvidenceMapping, EvidenceSummary, Observed, Unplaced,
    VerbRole, duration_seconds, sittings,
};
use crate::error::{Error, Result, Standard};
use crate::evidence::Response;
use crate::mastery::{LearnerStore, Transition};
use crate::time::Timestamp;

/// The ADL verb vocabulary's prefix.
pub const ADL_VERBS: &str = "http://adlnet.gov/expapi/verbs/";

const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// Roles of the ADL verbs by their last segment.
const ADL_ROLES: &[(&str, VerbRole)] = &[
    ("answered", VerbRole::Answered),
    ("passed", VerbRole::Passed),
    ("failed", VerbRole::Failed),
    ("mastered", VerbRole::Mastered),
    ("asked", VerbRole::Ignore),
    ("attempted", VerbRole::Ignore),
    ("commented", VerbRole::Ignore),
    ("completed", VerbRole::Ignore),
    ("exited", VerbRole::Ignore),
    ("experienced", VerbRole::Ignore),
    ("imported", VerbRole::Ignore),
    ("initialized", VerbRole::Ignore),
    ("interacted", VerbRole::Ignore),
    ("launched", VerbRole::Ignore),
    ("preferred", VerbRole::Ignore),
    ("progressed", VerbRole::Ignore),
    ("registered", VerbRole::Ignore),
    ("resumed", VerbRole::Ignore),
    ("scored", VerbRole::Ignore),
    ("shared", VerbRole::Ignore),
    ("suspended", VerbRole::Ignore),
    ("terminated", VerbRole::Ignore),
    ("voided", VerbRole::Ignore),
];

type Str<'a> = Cow<'a, str>;

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Statement<'a> {
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
    #[serde(borrow, default)]
    actor: Option<Agent<'a>>,
    #[serde(borrow, default)]
    verb: Option<Verb<'a>>,
    #[serde(borrow, default)]
    object: Option<Object<'a>>,
    #[serde(borrow, default)]
    result: Option<XResult<'a>>,
    #[serde(borrow, default)]
    context: Option<Context<'a>>,
    #[serde(borrow, default)]
    timestamp: Option<Str<'a>>,
    #[serde(borrow, default)]
    stored: Option<Str<'a>>,
}

/// A statement, or a batch of them as an LRS returns it (`statements`, `more`).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Top<'a> {
    #[serde(borrow, default)]
    statements: Option<Vec<Statement<'a>>>,
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
    #[serde(borrow, default)]
    actor: Option<Agent<'a>>,
    #[serde(borrow, default)]
    verb: Option<Verb<'a>>,
    #[serde(borrow, default)]
    object: Option<Object<'a>>,
    #[serde(borrow, default)]
    result: Option<XResult<'a>>,
    #[serde(borrow, default)]
    context: Option<Context<'a>>,
    #[serde(borrow, default)]
    timestamp: Option<Str<'a>>,
    #[serde(borrow, default)]
    stored: Option<Str<'a>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(non_snake_case)]
struct Agent<'a> {
    #[serde(borrow, default)]
    objectType: Option<Str<'a>>,
    #[serde(borrow, default)]
    mbox: Option<Str<'a>>,
    #[serde(borrow, default)]
    mbox_sha1sum: Option<Str<'a>>,
    #[serde(borrow, default)]
    openid: Option<Str<'a>>,
    #[serde(borrow, default)]
    account: Option<Account<'a>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(non_snake_case)]
struct Account<'a> {
    #[serde(borrow, default)]
    homePage: Option<Str<'a>>,
    #[serde(borrow, default)]
    name: Option<Str<'a>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Verb<'a> {
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(non_snake_case)]
struct Object<'a> {
    #[serde(borrow, default)]
    objectType: Option<Str<'a>>,
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
    #[serde(default)]
    definition: Option<Definition>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Definition {
    #[serde(default)]
    extensions: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct XResult<'a> {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    score: Option<Score>,
    #[serde(borrow, default)]
    duration: Option<Str<'a>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Score {
    #[serde(default)]
    scaled: Option<f64>,
    #[serde(default)]
    raw: Option<f64>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Context<'a> {
    #[serde(borrow, default)]
    registration: Option<Str<'a>>,
    #[serde(default)]
    extensions: Option<Map<String, Value>>,
}

impl<'a> From<Top<'a>> for Statement<'a> {
    fn from(t: Top<'a>) -> Statement<'a> {
        Statement {
            id: t.id,
            actor: t.actor,
            verb: t.verb,
            object: t.object,
            result: t.result,
            context: t.context,
            timestamp: t.timestamp,
            stored: t.stored,
        }
    }
}

/// Reads xAPI 1.0.3 statements as evidence: a statement batch as an LRS returns it
/// (`{"statements": [...], "more": ...}`), a JSON array of statements, one statement, or
/// JSON Lines of statements or batches.
///
/// The actor (`mbox`, `mbox_sha1sum` as `sha1:<hex>`, `openid`, or an `account`'s name) is
/// the learner; the activity is the item, its skills from the mapping's item map or skills
/// extension; `result.success`, else `result.score.scaled` (negative as 0), else
/// `raw` within `min`..`max`, says how the answer went; `passed`, `failed` and `mastered`
/// without a result count as right, wrong and right. A statement id read twice is dropped,
/// and a `voided` statement removes its target. Answers group into sittings by
/// [`EvidenceMapping::sittings`]; a sitting's event id (the statement id, or one derived
/// from learner, registration and context) makes a re-sent batch a no-op when replayed.
///
/// Errors name the statement (its id, or its place) and the field:
/// [`Error::InvalidRecord`], [`Error::UnknownVerb`], [`Error::UnmappedItem`],
/// [`Error::InvalidScore`] for a scaled score outside [-1, 1].
pub fn assessments_from_xapi(text: &str, mapping: &EvidenceMapping) -> Result<EvidenceImport> {
    let statements = match parse_statements(text) {
        Ok(s) => s,
        Err(()) => return Err(locate_error(text)),
    };
    convert(statements, mapping)
}

fn parse_statements(text: &str) -> std::result::Result<Vec<Statement<'_>>, ()> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return serde_json::from_str::<Vec<Statement<'_>>>(text).map_err(|_| ());
    }
    let mut out = Vec::new();
    for top in serde_json::Deserializer::from_str(text).into_iter::<Top<'_>>() {
        let mut top = top.map_err(|_| ())?;
        match top.statements.take() {
            Some(batch) => out.extend(batch),
            None => out.push(top.into()),
        }
    }
    Ok(out)
}

/// The error of a text the fast path refused: a syntax error as [`Error::Parse`], a field
/// of the wrong type as [`Error::InvalidRecord`] naming the statement and field.
fn locate_error(text: &str) -> Error {
    let mut values = Vec::new();
    let parse_error = |e: serde_json::Error| Error::Parse {
        format: "xAPI statements",
        message: e.to_string(),
    };
    if text.trim_start().starts_with('[') {
        match serde_json::from_str::<Vec<Value>>(text) {
            Ok(v) => values.extend(v),
            Err(e) => return parse_error(e),
        }
    } else {
        for v in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
            match v {
                Ok(Value::Object(mut o)) => match o.remove("statements") {
                    Some(Value::Array(batch)) => values.extend(batch),
                    Some(other) => {
                        return Record {
                            standard: Standard::Xapi,
                            name: "batch",
                        }
                        .invalid(
                            "statements",
                            format!("expected an array, found {}", super::json::kind(&other)),
                        );
                    }
                    None => values.push(Value::Object(o)),
                },
                Ok(other) => values.push(other),
                Err(e) => return parse_error(e),
            }
        }
    }
    for (i, v) in values.iter().enumerate() {
        if let Err(e) = serde_path_to_error::deserialize::<_, Statement<'_>>(v) {
            let name = statement_name(v.get("id").and_then(Value::as_str), i);
            let field = e.path().to_string();
            let detail = e.inner().to_string();
            return Record {
                standard: Standard::Xapi,
                name: &name,
            }
            .invalid(if field == "." { "" } else { &field }, detail);
        }
    }
    Error::Parse {
        format: "xAPI statements",
        message: "unreadable statements".into(),
    }
}

fn statement_name(id: Option<&str>, index: usize) -> String {
    match id {
        Some(id) => format!("`{id}`"),
        None => format!("#{} (no id)", index + 1),
    }
}

fn verb_role(verb: &str, mapping: &EvidenceMapping) -> Option<VerbRole> {
    if let Some(role) = mapping.verbs.get(verb) {
        return Some(*role);
    }
    let name = verb.strip_prefix(ADL_VERBS)?;
    ADL_ROLES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

fn convert(statements: Vec<Statement<'_>>, mapping: &EvidenceMapping) -> Result<EvidenceImport> {
    let mut summary = EvidenceSummary {
        records: statements.len(),
        ..EvidenceSummary::default()
    };
    let mut seen: HashSet<&str> = HashSet::with_capacity(statements.len());
    let mut voided: HashSet<&str> = HashSet::new();
    let mut observed = Vec::with_capacity(statements.len());
    for (i, st) in statements.iter().enumerate() {
        if let Some(id) = st.id.as_deref()
            && !seen.insert(id)
        {
            summary.duplicates += 1;
            continue;
        }
        let name = statement_name(st.id.as_deref(), i);
        let rec = Record {
            standard: Standard::Xapi,
            name: &name,
        };
        let verb = st
            .verb
            .as_ref()
            .and_then(|v| v.id.as_deref())
            .ok_or_else(|| rec.invalid("verb.id", "required field is missing"))?;
        if verb == VOIDED {
            let target = st
                .object
                .as_ref()
                .filter(|o| o.objectType.as_deref() == Some("StatementRef"))
                .and_then(|o| o.id.as_deref())
                .ok_or_else(|| rec.invalid("object", "a voiding statement needs a StatementRef"))?;
            voided.insert(target);
            *summary.skipped.entry(format!("verb {verb}")).or_default() += 1;
            continue;
        }
        let role = match verb_role(verb, mapping) {
            Some(VerbRole::Ignore) => None,
            Some(role) => Some(role),
            None => match mapping.unknown_verbs {
                Unplaced::Error => {
                    return Err(Error::UnknownVerb {
                        standard: Standard::Xapi,
                        record: name.clone(),
                        verb: verb.to_string(),
                    });
                }
                Unplaced::Skip => None,
            },
        };
        let Some(role) = role else {
            *summary.skipped.entry(format!("verb {verb}")).or_default() += 1;
            continue;
        };
        match observe(st, role, mapping, &rec)? {
            Some(o) => observed.push(o),
            None => *summary.skipped.entry("unmapped item".into()).or_default() += 1,
        }
    }
    if !voided.is_empty() {
        let before = observed.len();
        observed.retain(|o: &Observed| o.id.as_deref().is_none_or(|id| !voided.contains(id)));
        summary.voided = before - observed.len();
    }
    summary.responses = observed.len();
    let assessments = sittings(observed, mapping);
    summary.sittings = assessments.len();
    Ok(EvidenceImport {
        assessments,
        summary,
    })
}

fn learner_of(
    actor: Option<&Agent<'_>>,
    mapping: &EvidenceMapping,
    rec: &Record<'_>,
) -> Result<String> {
    let actor = actor.ok_or_else(|| rec.invalid("actor", "required field is missing"))?;
    if actor.objectType.as_deref() == Some("Group") {
        return Err(rec.invalid("actor.objectType", "a Group is not a learner"));
    }
    let mut ids = Vec::with_capacity(1);
    if let Some(m) = &actor.mbox {
        if !m.starts_with("mailto:") {
            return Err(rec.invalid("actor.mbox", "expected a mailto: IRI"));
        }
        ids.push(m.to_string());
    }
    if let Some(s) = &actor.mbox_sha1sum {
        ids.push(format!("sha1:{s}"));
    }
    if let Some(o) = &actor.openid {
        ids.push(o.to_string());
    }
    if let Some(a) = &actor.account {
        let name = a
            .name
            .as_deref()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| rec.invalid("actor.account.name", "required field is missing"))?;
        let home = a
            .homePage
            .as_deref()
            .ok_or_else(|| rec.invalid("actor.account.homePage", "required field is missing"))?;
        ids.push(if mapping.qualify_accounts {
            format!("{home}#{name}")
        } else {
            name.to_string()
        });
    }
    match ids.len() {
        1 => Ok(ids.pop().unwrap_or_default()),
        0 => Err(rec.invalid(
            "actor",
            "needs one identifier: mbox, mbox_sha1sum, openid or account",
        )),
        _ => Err(rec.invalid("actor", "has more than one identifier")),
    }
}

fn observe(
    st: &Statement<'_>,
    role: VerbRole,
    mapping: &EvidenceMapping,
    rec: &Record<'_>,
) -> Result<Option<Observed>> {
    let learner = learner_of(st.actor.as_ref(), mapping, rec)?;
    let object = st
        .object
        .as_ref()
        .ok_or_else(|| rec.invalid("object", "required field is missing"))?;
    if let Some(t) = object.objectType.as_deref()
        && t != "Activity"
    {
        return Err(rec.invalid("object.objectType", format!("expected Activity, found {t}")));
    }
    let item = object
        .id
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| rec.invalid("object.id", "required field is missing"))?;
    let context_ext = st.context.as_ref().and_then(|c| c.extensions.as_ref());
    let definition_ext = object
        .definition
        .as_ref()
        .and_then(|d| d.extensions.as_ref());
    let Some(skills) = mapping.skills(item, [definition_ext, context_ext], rec)? else {
        return match mapping.unmapped_items {
            Unplaced::Error => Err(Error::UnmappedItem {
                standard: Standard::Xapi,
                record: rec.name.to_string(),
                item: item.to_string(),
            }),
            Unplaced::Skip => Ok(None),
        };
    };
    let when = st
        .timestamp
        .as_deref()
        .map(|t| (t, "timestamp"))
        .or(st.stored.as_deref().map(|t| (t, "stored")))
        .ok_or_else(|| rec.invalid("timestamp", "required (or `stored`) to order evidence"))?;
    let timestamp = Timestamp::parse(when.0).map_err(|e| rec.invalid(when.1, e.to_string()))?;
    let (mut correct, mut score, mut duration) = (None, None, None);
    if let Some(r) = &st.result {
        if let Some(s) = r.success {
            correct = Some(s);
        } else if let Some(sc) = &r.score {
            score = Some(scaled_score(sc, rec)?);
        }
        if let Some(d) = r.duration.as_deref() {
            duration = Some(duration_seconds(d).ok_or_else(|| {
                rec.invalid(
                    "result.duration",
                    format!("`{d}` is not an ISO 8601 duration"),
                )
            })?);
        }
    }
    if correct.is_none() && score.is_none() {
        correct = Some(match role {
            VerbRole::Passed | VerbRole::Mastered => true,
            VerbRole::Failed => false,
            _ => {
                return Err(rec.invalid("result", "an answer needs result.success or result.score"));
            }
        });
    }
    let context = mapping.context_of(context_ext, rec)?;
    Ok(Some(Observed {
        learner,
        context,
        timestamp,
        group: st
            .context
            .as_ref()
            .and_then(|c| c.registration.as_deref())
            .map(str::to_string),
        id: st.id.as_deref().map(str::to_string),
        response: Response {
            item: item.to_string(),
            skills,
            correct,
            score,
            hints: None,
            duration,
            timestamp: Some(timestamp),
            bonus: false,
        },
    }))
}

fn scaled_score(sc: &Score, rec: &Record<'_>) -> Result<f64> {
    if let Some(s) = sc.scaled {
        if !(-1.0..=1.0).contains(&s) {
            return Err(Error::InvalidScore {
                location: format!(
                    "xAPI statement {} result.score.scaled (within [-1, 1])",
                    rec.name
                ),
                value: s,
            });
        }
        return Ok(s.max(0.0));
    }
    match (sc.raw, sc.min, sc.max) {
        (Some(raw), Some(min), Some(max)) if min < max && (min..=max).contains(&raw) => {
            Ok((raw - min) / (max - min))
        }
        (Some(_), Some(_), Some(_)) => {
            Err(rec.invalid("result.score", "needs min < max and min <= raw <= max"))
        }
        _ => Err(rec.invalid(
            "result.score",
            "needs `scaled`, or `raw` with `min` and `max`",
        )),
    }
}

/// How level changes are written as xAPI statements.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct XapiExportOptions {
    /// The `homePage` of the accounts learners are written as (a learner id starting with
    /// `mailto:` is written as an `mbox` instead).
    pub home_page: String,
    /// The prefix of each skill's activity id (`{prefix}{skill}`).
    pub activity_prefix: String,
}

impl XapiExportOptions {
    /// Options from a JSON value (null: the defaults); unknown fields are errors.
    pub fn from_value(value: Value) -> Result<XapiExportOptions> {
        super::json::options_from_value(value, "xapi options")
    }
}

impl Default for XapiExportOptions {
    fn default() -> Self {
        XapiExportOptions {
            home_page: "https://example.org".into(),
            activity_prefix: "https://example.org/skills/".into(),
        }
    }
}

/// Level changes as xAPI 1.0.3 statements (a JSON array), for an LRS: a change to the
/// policy's top level is ADL `mastered`, any other ADL `progressed`. The levels before and
/// after, the context and the outcome are result and context extensions
/// (`urn:masterykit:level`, `urn:masterykit:previous_level`, `urn:masterykit:context`,
/// `urn:masterykit:outcome`). Each statement's id is derived from the change, so writing
/// the same changes twice gives the same statements (an LRS keeps one of each).
pub fn transitions_to_xapi(
    store: &LearnerStore,
    transitions: &[Transition],
    options: &XapiExportOptions,
) -> String {
    let top = store
        .policy()
        .levels()
        .last()
        .map(|l| l.id.as_str())
        .unwrap_or_default();
    let statements: Vec<Value> = transitions
        .iter()
        .map(|t| {
            let when = t.timestamp.to_rfc3339();
            let mastered = t.to == top;
            let verb = if mastered { "mastered" } else { "progressed" };
            let actor = match t.learner.strip_prefix("mailto:") {
                Some(_) => json!({"objectType": "Agent", "mbox": t.learner}),
                None => json!({"objectType": "Agent", "account": {"homePage": options.home_page, "name": t.learner}}),
            };
            let name = store
                .curriculum()
                .skill(&t.skill)
                .map(|s| s.display_name().to_string())
                .unwrap_or_else(|| t.skill.clone());
            let mut context_ext = Map::new();
            context_ext.insert(CONTEXT_EXTENSION.into(), json!(t.context));
            if let Some(o) = &t.outcome {
                context_ext.insert("urn:masterykit:outcome".into(), json!(o));
            }
            if let Some(e) = &t.event_id {
                context_ext.insert("urn:masterykit:event_id".into(), json!(e));
            }
            json!({
                "id": derived_uuid(&[&t.learner, &t.skill, &when, &t.from, &t.to, t.event_id.as_deref().unwrap_or("")]),
                "actor": actor,
                "verb": {"id": format!("{ADL_VERBS}{verb}"), "display": {"en-US": verb}},
                "object": {
                    "objectType": "Activity",
                    "id": format!("{}{}", options.activity_prefix, t.skill),
                    "definition": {
                        "name": {"en-US": name},
                        "type": "http://adlnet.gov/expapi/activities/objective",
                    },
                },
                "result": {
                    "completion": mastered,
                    "extensions": {
                        "urn:masterykit:level": t.to,
                        "urn:masterykit:previous_level": t.from,
                    },
                },
                "context": {"extensions": context_ext},
                "timestamp": when,
            })
        })
        .collect();
    serde_json::to_string_pretty(&statements).unwrap_or_default()
}
