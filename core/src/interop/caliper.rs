//! IMS Caliper 1.1/1.2 events in, as evidence: graded attempts become answers.

use serde_json::{Map, Value};

use super::json::{Record, kind, parse};
use super::mapping::{
    EvidenceImport, EvidenceMapping, EvidenceSummary, Observed, Unplaced, finish,
};
use crate::error::{Error, Result, Standard};
use crate::evidence::Response;
use crate::time::Timestamp;

/// Reads Caliper events as evidence: an envelope (`sensor`, `sendTime`, `dataVersion`,
/// `data`), a JSON array of events, one event, or JSON Lines of envelopes or events.
///
/// A `GradeEvent` (action `Graded`) is an answer: its object, an `Attempt`, names the
/// learner (`assignee`, else a `Person` actor) and the item (`assignable`); its generated
/// `Score` gives `scoreGiven / maxScore` (or `normalScore`). Attempts sharing an `isPartOf`
/// (the attempt of the whole assessment) form one sitting under [`Sittings::Registration`].
/// Other events (`AssessmentItemEvent`, `AssessmentEvent`, navigation, ...) carry no grade and
/// are skipped and counted by type; a `GradeEvent` with another action is an unknown verb.
/// Entities may be objects or bare IRIs, as JSON-LD allows.
///
/// [`Sittings::Registration`]: super::Sittings::Registration
pub fn assessments_from_caliper(text: &str, mapping: &EvidenceMapping) -> Result<EvidenceImport> {
    let mut events: Vec<Value> = Vec::new();
    if text.trim_start().starts_with('[') {
        if let Value::Array(a) = parse(text, "Caliper events")? {
            events.extend(a);
        }
    } else {
        for v in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
            let v = v.map_err(|e| Error::Parse {
                format: "Caliper events",
                message: e.to_string(),
            })?;
            match v {
                Value::Object(mut o) if o.contains_key("data") && o.contains_key("sensor") => {
                    match o.remove("data") {
                        Some(Value::Array(data)) => events.extend(data),
                        Some(other) => {
                            return Err(Record::named(Standard::Caliper, "envelope").invalid(
                                "data",
                                format!("expected an array, found {}", kind(&other)),
                            ));
                        }
                        None => {}
                    }
                }
                other => events.push(other),
            }
        }
    }
    let mut summary = EvidenceSummary {
        records: events.len(),
        ..EvidenceSummary::default()
    };
    let mut seen = std::collections::HashSet::new();
    let mut observed = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let id = event.get("id").and_then(Value::as_str);
        if let Some(id) = id
            && !seen.insert(id)
        {
            summary.duplicates += 1;
            continue;
        }
        let rec = Record::item(Standard::Caliper, id, i);
        let obj = rec.object(event, "")?;
        let event_type = rec.req_str(obj, "type")?;
        if event_type != "GradeEvent" {
            *summary
                .skipped
                .entry(format!("event {event_type}"))
                .or_default() += 1;
            continue;
        }
        let action = rec.req_str(obj, "action")?;
        if action != "Graded" {
            match mapping.unknown_verbs {
                Unplaced::Error => {
                    return Err(Error::UnknownVerb {
                        standard: Standard::Caliper,
                        record: rec.name.to_string(),
                        verb: action.to_string(),
                    });
                }
                Unplaced::Skip => {
                    *summary
                        .skipped
                        .entry(format!("action {action}"))
                        .or_default() += 1;
                    continue;
                }
            }
        }
        match graded(obj, id, mapping, &rec)? {
            Some(o) => observed.push(o),
            None => *summary.skipped.entry("unmapped item".into()).or_default() += 1,
        }
    }
    Ok(finish(observed, summary, mapping))
}

/// The id of an entity given as an object or a bare IRI.
fn entity_id<'v>(
    value: Option<&'v Value>,
    field: &str,
    rec: &Record<'_>,
) -> Result<Option<&'v str>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Object(o)) => rec
            .req_str(o, "id")
            .map(Some)
            .map_err(|_| rec.invalid(&format!("{field}.id"), "required field is missing")),
        Some(other) => {
            Err(rec.invalid(field, format!("expected an entity, found {}", kind(other))))
        }
    }
}

fn graded<'a>(
    event: &'a Map<String, Value>,
    id: Option<&'a str>,
    mapping: &'a EvidenceMapping,
    rec: &Record<'_>,
) -> Result<Option<Observed<'a>>> {
    let attempt = rec
        .opt_object(event, "object")?
        .ok_or_else(|| rec.invalid("object", "a GradeEvent's object must be an Attempt object"))?;
    let learner = match entity_id(attempt.get("assignee"), "object.assignee", rec)? {
        Some(l) => l,
        None => {
            let actor = event.get("actor");
            let person = actor
                .and_then(Value::as_object)
                .is_none_or(|a| a.get("type").and_then(Value::as_str) == Some("Person"));
            match entity_id(actor, "actor", rec)? {
                Some(a) if person => a,
                _ => {
                    return Err(
                        rec.invalid("object.assignee", "required: whose attempt was graded")
                    );
                }
            }
        }
    };
    let assignable = attempt.get("assignable");
    let item = entity_id(assignable, "object.assignable", rec)?
        .ok_or_else(|| rec.invalid("object.assignable", "required: the item graded"))?;
    let item_ext = assignable
        .and_then(Value::as_object)
        .and_then(|a| a.get("extensions"))
        .and_then(Value::as_object);
    let event_ext = event.get("extensions").and_then(Value::as_object);
    let Some(skills) = mapping.skills(item, [item_ext, event_ext], rec)? else {
        return match mapping.unmapped_items {
            Unplaced::Error => Err(Error::UnmappedItem {
                standard: Standard::Caliper,
                record: rec.name.to_string(),
                item: item.to_string(),
            }),
            Unplaced::Skip => Ok(None),
        };
    };
    let when = rec.req_str(event, "eventTime")?;
    let timestamp = Timestamp::parse(when).map_err(|e| rec.invalid("eventTime", e.to_string()))?;
    let generated = rec
        .opt_object(event, "generated")?
        .ok_or_else(|| rec.invalid("generated", "a GradeEvent needs its generated Score"))?;
    let given = rec.opt_f64(generated, "scoreGiven")?;
    let max = rec.opt_f64(generated, "maxScore")?;
    let location = || format!("Caliper event {} generated score", rec.name);
    let score = match (given, max, rec.opt_f64(generated, "normalScore")?) {
        (Some(g), Some(m), _) if m > 0.0 && (0.0..=m).contains(&g) => g / m,
        (Some(g), Some(m), _) => {
            return Err(Error::InvalidScore {
                location: format!("{} (scoreGiven within [0, maxScore {m}])", location()),
                value: g,
            });
        }
        (_, _, Some(n)) if (0.0..=1.0).contains(&n) => n,
        (_, _, Some(n)) => {
            return Err(Error::InvalidScore {
                location: format!("{} (normalScore)", location()),
                value: n,
            });
        }
        _ => {
            return Err(rec.invalid(
                "generated",
                "needs scoreGiven with maxScore, or normalScore",
            ));
        }
    };
    let group = entity_id(attempt.get("isPartOf"), "object.isPartOf", rec)?.or(
        match assignable.and_then(Value::as_object) {
            Some(a) => entity_id(a.get("isPartOf"), "object.assignable.isPartOf", rec)?,
            None => None,
        },
    );
    let duration = match attempt.get("duration").and_then(Value::as_str) {
        Some(d) => Some(super::mapping::duration_seconds(d).ok_or_else(|| {
            rec.invalid(
                "object.duration",
                format!("`{d}` is not an ISO 8601 duration"),
            )
        })?),
        None => None,
    };
    Ok(Some(Observed {
        learner: learner.into(),
        context: mapping.context_of(event_ext, rec)?.into(),
        timestamp,
        group: group.map(Into::into),
        id: id.map(Into::into),
        response: Response {
            item: item.to_string(),
            skills,
            correct: None,
            score: Some(score),
            hints: None,
            duration,
            timestamp: Some(timestamp),
            bonus: false,
        },
    }))
}
