//! Class commands: the reports on a class (goals, scores, mastery, skills, progress) and
//! correctives for the learners struggling with a skill.

use masterykit::{LearnerStore, Scope, Timestamp};
use serde_json::{Value, json};

use crate::args::{ClassArgs, EngineArgs, ReportKind};
use crate::load;
use crate::output::{Failure, out};

/// "Now": the given time or the last event's.
fn now(store: &LearnerStore, now: &Option<String>) -> Result<Timestamp, Failure> {
    Ok(match now {
        Some(n) => Timestamp::parse(n)?,
        None => load::last_event_time(store),
    })
}

/// The class reports of `report`, as JSON values.
pub fn report(store: &LearnerStore, kind: &ReportKind) -> Result<Value, Failure> {
    let encode = |v: serde_json::Result<Value>| {
        v.map_err(|e| Failure::Io(format!("cannot encode report: {e}")))
    };
    match kind {
        ReportKind::ClassGoals(c) => encode(serde_json::to_value(masterykit::class_goals(
            store,
            &c.class,
            now(store, &c.now)?,
        )?)),
        ReportKind::Scores(c) => encode(serde_json::to_value(masterykit::scores(
            store,
            &c.class,
            now(store, &c.now)?,
        )?)),
        ReportKind::Mastery(c) => encode(serde_json::to_value(masterykit::class_mastery(
            store, &c.class,
        )?)),
        ReportKind::Skills { class, rules } => {
            let rules = load::next_step_rules(rules)?;
            encode(serde_json::to_value(masterykit::class_skills(
                store,
                &class.class,
                &rules,
            )?))
        }
        ReportKind::Progress {
            class,
            learner,
            scope,
            from,
            step_days,
        } => encode(serde_json::to_value(progress(
            store,
            class,
            learner.as_deref(),
            scope,
            from.as_deref(),
            *step_days,
        )?)),
        _ => Err(Failure::Usage("not a class report".into())),
    }
}

/// Progress over time of a class's learners (or one of them) on a scope or a goal's scope.
fn progress(
    store: &LearnerStore,
    class: &ClassArgs,
    learner: Option<&str>,
    scope: &str,
    from: Option<&str>,
    step_days: u32,
) -> Result<Vec<masterykit::ProgressPoint>, Failure> {
    let roster = store.roster();
    let members = &roster.require_class(&class.class)?.learners;
    let scope: Scope = match scope.strip_prefix("goal:") {
        Some(id) => {
            let g = roster
                .goal_index(id)
                .ok_or_else(|| masterykit::Error::UnknownId {
                    kind: masterykit::IdKind::Goal,
                    id: id.to_string(),
                    referenced_in: "--scope".into(),
                })?;
            roster.goals()[g].scope.clone()
        }
        None => scope
            .parse()
            .map_err(|e: masterykit::Error| Failure::Usage(e.to_string()))?,
    };
    let learners: Vec<&str> = match learner {
        Some(l) if members.iter().any(|m| m == l) => vec![l],
        Some(l) => {
            return Err(masterykit::Error::UnknownId {
                kind: masterykit::IdKind::Learner,
                id: l.to_string(),
                referenced_in: format!("class `{}`", class.class),
            }
            .into());
        }
        None => members.iter().map(String::as_str).collect(),
    };
    let to = now(store, &class.now)?;
    let from = match from {
        Some(f) => Timestamp::parse(f)?,
        None => learners
            .iter()
            .filter_map(|l| store.learner(l).and_then(|v| v.first_activity()))
            .min()
            .unwrap_or(to),
    };
    Ok(masterykit::progress_over_time(
        store, &learners, &scope, from, to, step_days,
    )?)
}

/// `correctives`: the roster change giving practice on `skill` to those struggling with it.
pub fn correctives(
    engine: &EngineArgs,
    skill: &str,
    class: Option<&str>,
    id: &str,
    due: Option<&str>,
    rules: &str,
    json: bool,
) -> Result<(), Failure> {
    let mut store = load::replay(engine, false, true)?;
    let rules = load::next_step_rules(rules)?;
    let due = due.map(Timestamp::parse).transpose()?;
    let start = Some(load::last_event_time(&store));
    let made = store.assign_correctives(id, skill, class, &rules, start, due)?;
    match (made, json) {
        (Some((a, _)), true) => out!("{}", json!({"ok": true, "assignment": a})),
        (Some((_, line)), false) => out!("{line}"),
        (None, true) => out!("{}", json!({"ok": true, "assignment": null})),
        (None, false) => {}
    }
    Ok(())
}
