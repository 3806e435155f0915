//! `next`: what a learner should do next, and why; or every learner's next steps as rows.

use masterykit::{LearnerStore, Scope, Timestamp};
use serde_json::json;

use crate::args::EngineArgs;
use crate::load;
use crate::output::{Failure, out};

/// What `next` was asked.
pub struct Request<'a> {
    /// The event log and how to read it.
    pub engine: &'a EngineArgs,
    /// The learner; `None`: every learner (`--all`).
    pub learner: Option<&'a str>,
    pub goal: Option<&'a str>,
    pub now: Option<&'a str>,
    pub rules: &'a str,
}

/// `next`: one learner's steps (with the mastery challenge's status), or with `all` every
/// learner's as CSV (JSON rows under `--json`).
pub fn run(req: &Request<'_>, json: bool) -> Result<(), Failure> {
    let rules = load::next_step_rules(req.rules)?;
    let store = load::replay(req.engine, false, true)?;
    let goal: Option<Scope> = req
        .goal
        .map(|g| g.parse())
        .transpose()
        .map_err(|e: masterykit::Error| Failure::Usage(e.to_string()))?;
    let now = match req.now {
        Some(n) => Timestamp::parse(n)?,
        None => load::last_event_time(&store),
    };
    let Some(id) = req.learner else {
        return all(&store, &rules, goal.as_ref(), now, json);
    };
    let learner = store.require_learner(id)?;
    let steps = masterykit::next_steps(&learner, &rules, goal.as_ref(), now)?;
    let challenge = masterykit::challenge_status(&learner, now);
    if json {
        out!(
            "{}",
            json!({"ok": true, "learner": id, "now": now, "steps": steps, "challenge": challenge})
        );
        return Ok(());
    }
    if steps.is_empty() {
        out!("{id}: nothing to do next");
    }
    for (k, s) in steps.iter().enumerate() {
        out!("{:>2}. {:<17} {}", k + 1, s.kind.id(), s.text);
    }
    if challenge.available {
        let state = if challenge.unlocked {
            "unlocked".to_string()
        } else if let Some(at) = challenge.unlocks_at {
            format!("unlocks at {at}")
        } else {
            let missing: Vec<String> = challenge
                .requirements
                .iter()
                .filter(|r| !r.met)
                .map(|r| format!("{} of {} skills at {} or above", r.has, r.at_least, r.level))
                .collect();
            format!("locked: has {}", missing.join(", "))
        };
        out!("mastery challenge: {state}");
    }
    Ok(())
}

/// Every learner's steps: CSV rows `learner,rank,kind,skills,scope,reason` (skills joined
/// by `;`), or JSON rows.
fn all(
    store: &LearnerStore,
    rules: &masterykit::NextStepRules,
    goal: Option<&Scope>,
    now: Timestamp,
    json: bool,
) -> Result<(), Failure> {
    let rows = store.next_steps_all(rules, goal, now)?.named(store);
    if json {
        out!("{}", json!({"ok": true, "now": now, "rows": rows}));
        return Ok(());
    }
    out!("learner,rank,kind,skills,scope,reason");
    for r in &rows {
        out!(
            "{},{},{},{},{},{}",
            csv_field(r.learner),
            r.rank,
            r.kind.id(),
            csv_field(&r.skills.join(";")),
            csv_field(r.scope.as_deref().unwrap_or_default()),
            r.reason
        );
    }
    Ok(())
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
