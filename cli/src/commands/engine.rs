//! Evidence commands: replay an event log, and reports over the replayed state.

use std::path::PathBuf;

use masterykit::{Goal, LearnerStore, Scope, Timestamp};
use serde_json::json;

use crate::args::{EngineArgs, ReportKind};
use crate::commands::classes;
use crate::load;
use crate::output::{Failure, out};

/// `replay`: final levels and every level change (none kept with `no_history`), and
/// optionally a snapshot file.
pub fn replay(
    engine: &EngineArgs,
    snapshot: Option<&PathBuf>,
    (timings, no_history): (bool, bool),
    json: bool,
) -> Result<(), Failure> {
    let store = load::replay(engine, timings, !no_history)?;
    if let Some(path) = snapshot {
        load::write_file(path, &store.to_snapshot_json())?;
    }
    let transitions = store.transitions();
    if json {
        let learners: Vec<_> = store
            .learners()
            .iter()
            .filter_map(|id| store.learner(id))
            .map(|v| {
                let skills: Vec<_> = v
                    .skills()
                    .filter(|s| s.responses > 0 || s.level_index > 0)
                    .collect();
                json!({"learner": v.id(), "skills": skills})
            })
            .collect();
        out!(
            "{}",
            json!({"ok": true, "learners": learners, "transitions": transitions})
        );
        return Ok(());
    }
    for t in &transitions {
        out!(
            "{}  {:<8} {:<24} {:>11} -> {:<11} ({} {})",
            t.timestamp,
            t.learner,
            t.skill,
            t.from,
            t.to,
            t.context,
            t.outcome.as_deref().unwrap_or("")
        );
    }
    out!();
    print_summary(&store)
}

/// One line per learner: mastery % per course and skills per level with points.
fn print_summary(store: &LearnerStore) -> Result<(), Failure> {
    let courses = store.curriculum().courses().to_vec();
    for id in store.learners() {
        let Some(v) = store.learner(id) else { continue };
        let mut line = format!("{id}:");
        for k in &courses {
            let pct = v.mastery_percent(&Scope::Course(k.id.clone()))?;
            line.push_str(&format!(" {} {pct:.1}% mastery;", k.id));
        }
        let mut counts = vec![0usize; store.policy().levels().len()];
        for l in v.levels() {
            counts[l as usize] += 1;
        }
        for (l, n) in store.policy().levels().iter().zip(counts) {
            if n > 0 && l.points > 0.0 {
                line.push_str(&format!(" {n} {}", l.id));
            }
        }
        out!("{line}");
    }
    Ok(())
}

/// `report`: one report over the replayed state, as JSON (indented without `--json`).
pub fn report(engine: &EngineArgs, kind: &ReportKind, json: bool) -> Result<(), Failure> {
    let store = load::replay(engine, false, true)?;
    let value = match kind {
        ReportKind::Learner { id } => {
            serde_json::to_value(masterykit::learner_report(&store.learner_or_empty(id))?)
        }
        ReportKind::Class => serde_json::to_value(masterykit::class_report(&store)),
        ReportKind::Timeline { id } => {
            serde_json::to_value(masterykit::timeline(&store.learner_or_empty(id)))
        }
        ReportKind::Activity {
            from,
            to,
            class: None,
        } => serde_json::to_value(masterykit::activity(
            &store,
            Timestamp::parse(from)?,
            Timestamp::parse(to)?,
            None,
        )),
        ReportKind::Activity {
            from,
            to,
            class: Some(class),
        } => serde_json::to_value(masterykit::class_activity(
            &store,
            class,
            Timestamp::parse(from)?,
            Timestamp::parse(to)?,
        )?),
        ReportKind::Goal {
            id,
            scope,
            target,
            due,
            now,
            min_pace_days,
        } => serde_json::to_value(goal(&store, id, scope, target, due, now, *min_pace_days)?),
        other => Ok(classes::report(&store, other)?),
    }
    .map_err(|e| Failure::Io(format!("cannot encode report: {e}")))?;
    if json {
        out!("{}", json!({"ok": true, "report": value}));
    } else {
        out!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    Ok(())
}

/// Progress on a goal; "now" defaults to the last event's time.
fn goal(
    store: &LearnerStore,
    id: &str,
    scope: &str,
    target: &Option<String>,
    due: &Option<String>,
    now: &Option<String>,
    min_pace_days: Option<f64>,
) -> Result<masterykit::GoalProgress, Failure> {
    let scope: Scope = scope
        .parse()
        .map_err(|e: masterykit::Error| Failure::Usage(e.to_string()))?;
    let due = due.as_deref().map(Timestamp::parse).transpose()?;
    let now = match now {
        Some(n) => Timestamp::parse(n)?,
        None => load::last_event_time(store),
    };
    let goal = Goal {
        target: target.clone(),
        due,
        min_pace_days,
        ..Goal::new(scope)
    };
    Ok(masterykit::progress_of(store, id, &goal, now)?)
}
