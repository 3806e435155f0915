//! `LearnerStore`'s roster methods: classes, goals, assignments, the work on them and the
//! class reports, converted to and from Python values.

use masterykit as core;
use pyo3::prelude::*;
use serde::de::DeserializeOwned;

use crate::conv::{from_py, ser_to_py, timestamp};
use crate::error::{Error, parse_error};
use crate::next::{PyNextStepRules, rules_or_khan};

/// A document or change from a dict (or its JSON text).
fn parse<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let value = match obj.extract::<String>() {
        Ok(text) => serde_json::from_str(&text).map_err(|e| parse_error(e, what))?,
        Err(_) => serde_json::from_value(from_py(obj)?).map_err(|e| parse_error(e, what))?,
    };
    Ok(value)
}

/// A timestamp argument that may be None.
fn maybe_time(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::Timestamp>> {
    obj.filter(|o| !o.is_none()).map(timestamp).transpose()
}

/// `LearnerStore.set_roster`.
pub fn set_roster(store: &mut core::LearnerStore, doc: &Bound<'_, PyAny>) -> PyResult<()> {
    let doc: core::RosterDoc = parse(doc, "roster")?;
    if doc.format_version != core::ROSTER_FORMAT_VERSION {
        return Err(Error(core::Error::UnsupportedFormatVersion {
            found: doc.format_version,
            supported: core::ROSTER_FORMAT_VERSION,
        })
        .into());
    }
    Ok(store.set_roster(&doc).map_err(Error)?)
}

/// `LearnerStore.change_roster`: the change's log line, or None when its event id was
/// applied before.
pub fn change_roster(
    store: &mut core::LearnerStore,
    change: &Bound<'_, PyAny>,
    event_id: Option<&str>,
) -> PyResult<Option<String>> {
    let change: core::RosterChange = parse(change, "roster change")?;
    Ok(store.change_roster_as(&change, event_id).map_err(Error)?)
}

/// A roster change applied: its log line.
pub fn apply(store: &mut core::LearnerStore, change: core::RosterChange) -> PyResult<String> {
    Ok(store.change_roster(&change).map_err(Error)?)
}

/// A goal or assignment from a dict.
pub fn goal(obj: &Bound<'_, PyAny>) -> PyResult<core::ClassGoal> {
    parse(obj, "goal")
}

/// An assignment from a dict.
pub fn assignment(obj: &Bound<'_, PyAny>) -> PyResult<core::Assignment> {
    parse(obj, "assignment")
}

/// `LearnerStore.assignment_work`.
pub fn work(
    py: Python<'_>,
    store: &core::LearnerStore,
    assignment: &str,
    learner: &str,
) -> PyResult<Py<PyAny>> {
    ser_to_py(
        py,
        &store.assignment_work(assignment, learner).map_err(Error)?,
    )
}

/// `LearnerStore.struggling`.
pub fn struggling(
    py: Python<'_>,
    store: &core::LearnerStore,
    skill: &str,
    class: Option<&str>,
    rules: Option<&Bound<'_, PyNextStepRules>>,
) -> PyResult<Py<PyAny>> {
    let who = core::struggling(store, skill, class, &rules_or_khan(rules)).map_err(Error)?;
    ser_to_py(py, &who)
}

/// `LearnerStore.assign_correctives`: the assignment made, or None.
#[allow(clippy::too_many_arguments)]
pub fn correctives(
    py: Python<'_>,
    store: &mut core::LearnerStore,
    id: &str,
    skill: &str,
    class: Option<&str>,
    rules: Option<&Bound<'_, PyNextStepRules>>,
    start: Option<&Bound<'_, PyAny>>,
    due: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let (start, due) = (maybe_time(start)?, maybe_time(due)?);
    let made = store
        .assign_correctives(id, skill, class, &rules_or_khan(rules), start, due)
        .map_err(Error)?;
    ser_to_py(py, &made.map(|(a, _)| a))
}

/// `LearnerStore.class_goals`.
pub fn class_goals(
    py: Python<'_>,
    store: &core::LearnerStore,
    class: &str,
    now: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let now = timestamp(now)?;
    ser_to_py(py, &core::class_goals(store, class, now).map_err(Error)?)
}

/// `LearnerStore.scores`.
pub fn scores(
    py: Python<'_>,
    store: &core::LearnerStore,
    class: &str,
    now: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let now = timestamp(now)?;
    ser_to_py(py, &core::scores(store, class, now).map_err(Error)?)
}

/// `LearnerStore.class_mastery`.
pub fn class_mastery(
    py: Python<'_>,
    store: &core::LearnerStore,
    class: &str,
) -> PyResult<Py<PyAny>> {
    ser_to_py(py, &core::class_mastery(store, class).map_err(Error)?)
}

/// `LearnerStore.class_skills`.
pub fn class_skills(
    py: Python<'_>,
    store: &core::LearnerStore,
    class: &str,
    rules: Option<&Bound<'_, PyNextStepRules>>,
) -> PyResult<Py<PyAny>> {
    let report = core::class_skills(store, class, &rules_or_khan(rules)).map_err(Error)?;
    ser_to_py(py, &report)
}

/// `LearnerStore.progress_over_time`.
pub fn progress_over_time(
    py: Python<'_>,
    store: &core::LearnerStore,
    learners: Vec<String>,
    scope: core::Scope,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    step_days: u32,
) -> PyResult<Py<PyAny>> {
    let (start, end) = (timestamp(start)?, timestamp(end)?);
    let ids: Vec<&str> = learners.iter().map(String::as_str).collect();
    let points =
        core::progress_over_time(store, &ids, &scope, start, end, step_days).map_err(Error)?;
    ser_to_py(py, &points)
}

/// `LearnerStore.class_activity`.
pub fn class_activity(
    py: Python<'_>,
    store: &core::LearnerStore,
    class: &str,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let (start, end) = (timestamp(start)?, timestamp(end)?);
    ser_to_py(
        py,
        &core::class_activity(store, class, start, end).map_err(Error)?,
    )
}
