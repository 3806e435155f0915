//! `LearnerStore`: mastery state of many learners, evidence, replay, goals and reports.

use masterykit as core;
use numpy::{PyArrayMethods, PyReadonlyArray1};
use std::sync::{Mutex, MutexGuard, TryLockError};

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::bkt::{coded, contiguous, u32_codes};

use crate::conv::{IdList, Int64s, from_py, ser_to_py};
use crate::curriculum::PyCurriculum;
use crate::error::{Error, Result};
use crate::policy::PyPolicy;

/// Learners' levels on every skill of a curriculum under a policy.
#[derive(Debug)]
///
/// One store may be shared by threads: a call waits (without the GIL) while another
/// thread's call on the same store runs, e.g. a `replay_jsonl` that released the GIL.
#[pyclass(name = "LearnerStore", module = "masterykit", frozen)]
pub struct PyLearnerStore(Mutex<core::LearnerStore>);

impl PyLearnerStore {
    fn wrap(store: core::LearnerStore) -> Self {
        PyLearnerStore(Mutex::new(store))
    }

    /// The store, once no other thread's call holds it; waits without the GIL.
    pub(crate) fn store(&self, py: Python<'_>) -> MutexGuard<'_, core::LearnerStore> {
        loop {
            match self.0.try_lock() {
                Ok(guard) => return guard,
                // A call that panicked cannot have changed the store halfway: every change is
                // all or nothing, so its state is still whole.
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => {
                    py.detach(|| std::thread::sleep(std::time::Duration::from_micros(200)))
                }
            }
        }
    }
}

#[pymethods]
impl PyLearnerStore {
    #[new]
    fn new(curriculum: &Bound<'_, PyCurriculum>, policy: &Bound<'_, PyPolicy>) -> Result<Self> {
        Ok(PyLearnerStore::wrap(core::LearnerStore::new(
            curriculum.get().0.clone(),
            policy.get().0.clone(),
        )?))
    }

    /// Applies one assessment (a dict in the event-log form): all of it or nothing.
    /// Returns {"transitions": [...], "duplicate": bool, "record": str | None, "events":
    /// [...]}: events are skills, units and courses mastered, goals achieved and
    /// assignments completed.
    fn apply(&self, py: Python<'_>, assessment: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let mut store = self.store(py);
        let value = from_py(assessment).map_err(crate::error::in_evidence)?;
        let a = core::assessment_from_value(value).map_err(Error)?;
        let applied = store.apply(&a).map_err(Error)?;
        ser_to_py(py, &applied)
    }

    /// Applies assessments (dicts in the event-log form; a list or any iterable, such as a
    /// generator) in order; returns the number of level changes. Every assessment is
    /// checked before any is applied; a learner-state rejection (a locked mastery challenge)
    /// stops at that assessment, the ones before it staying applied. An error names the
    /// assessment (`line 3: ...`, from 1). Ctrl-C while they are read stops it, changing
    /// nothing; checking and applying release the GIL.
    fn replay_events(&self, py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<usize> {
        let events = assessments_from_py(events)?;
        let mut guard = self.store(py);
        let store = &mut *guard;
        Ok(py
            .detach(|| {
                let log = store.compile(&events)?;
                store.apply_compiled(&log)
            })
            .map_err(Error)?)
    }

    /// Every learner's level index (into the policy's levels) on every skill, as a numpy
    /// uint8 array of shape (learners, skills), learners in `learners` order.
    fn level_matrix<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, numpy::PyArray2<u8>>> {
        let store = self.store(py);
        let shape = [store.learners().len(), store.curriculum().len()];
        numpy::PyArray1::from_vec(py, store.level_matrix()).reshape(shape)
    }

    /// Skill ids, in curriculum order (the columns of `level_matrix`).
    #[getter]
    fn skill_ids(&self, py: Python<'_>) -> Vec<String> {
        let store = self.store(py);
        store.curriculum().skill_ids().map(String::from).collect()
    }

    /// Applies a JSON Lines event log; returns the number of level changes. Releases the
    /// GIL; Ctrl-C while the log is read stops it, changing nothing.
    fn replay_jsonl(&self, py: Python<'_>, text: &str) -> PyResult<usize> {
        let mut guard = self.store(py);
        let store = &mut *guard;
        crate::signals::interruptible(py, |w| store.replay_jsonl_until(text, &w.stop))
    }

    /// Applies evidence columns from numpy arrays, one row per response: int64 codes into
    /// name tables (as from `pandas.factorize`), the sitting of each row (consecutive rows of
    /// one learner and sitting form one assessment), float64 scores in [0, 1] and int64
    /// timestamps in milliseconds (in whole seconds with `timestamp_unit="s"`). Event codes
    /// of -1 mean no event id. Returns the number of level changes. Releases the GIL. Every
    /// error is an `EvidenceError` naming its row.
    #[pyo3(signature = (learner_codes, sitting, context_codes, skill_codes, score, timestamp_ms, learner_names, context_names, skill_names, *, item_codes=None, item_names=None, event_codes=None, event_names=None, timestamp_unit="ms"))]
    #[allow(clippy::too_many_arguments)]
    fn replay_arrays(
        &self,
        py: Python<'_>,
        learner_codes: Int64s<'_>,
        sitting: Int64s<'_>,
        context_codes: Int64s<'_>,
        skill_codes: Int64s<'_>,
        score: PyReadonlyArray1<'_, f64>,
        timestamp_ms: Int64s<'_>,
        learner_names: IdList,
        context_names: IdList,
        skill_names: IdList,
        item_codes: Option<Int64s<'_>>,
        item_names: Option<IdList>,
        event_codes: Option<Int64s<'_>>,
        event_names: Option<IdList>,
        timestamp_unit: &str,
    ) -> PyResult<usize> {
        if !matches!(timestamp_unit, "s" | "ms") {
            return Err(crate::error::argument(
                "timestamp_unit",
                format!("`{timestamp_unit}`: expected \"s\" or \"ms\""),
            ));
        }
        let run = || -> PyResult<usize> {
            let codes = |what: &str, a: &PyReadonlyArray1<'_, i64>, missing| {
                let column = format!("{what}_codes");
                u32_codes(&column, contiguous(&column, a.as_slice())?, missing)
            };
            let learners = codes("learner", &learner_codes, None)?;
            let contexts = codes("context", &context_codes, None)?;
            let skills = codes("skill", &skill_codes, None)?;
            let items = match coded("item", item_codes, item_names)? {
                Some((c, names)) => Some((codes("item", &c, None)?, names)),
                None => None,
            };
            let no_event = Some(core::EvidenceColumns::NO_EVENT);
            let events = match coded("event", event_codes, event_names)? {
                Some((c, names)) => Some((codes("event", &c, no_event)?, names)),
                None => None,
            };
            let given = contiguous("timestamp_ms", timestamp_ms.as_slice())?;
            let times = match timestamp_unit {
                "s" => std::borrow::Cow::Owned(
                    core::Timestamp::millis_from_secs(given).map_err(Error)?,
                ),
                _ => std::borrow::Cow::Borrowed(given),
            };
            let columns = core::EvidenceColumns {
                learners: (&learner_names.0, &learners),
                sitting: contiguous("sitting", sitting.as_slice())?,
                contexts: (&context_names.0, &contexts),
                skills: (&skill_names.0, &skills),
                score: contiguous("score", score.as_slice())?,
                timestamp: &times,
                items: items.as_ref().map(|(c, n)| (n.as_slice(), c.as_slice())),
                events: events.as_ref().map(|(c, n)| (n.as_slice(), c.as_slice())),
            };
            let mut guard = self.store(py);
            let store = &mut *guard;
            crate::signals::interruptible(py, |w| store.replay_columns_until(&columns, &w.stop))
        };
        run().map_err(crate::error::in_evidence)
    }

    /// Learner ids, in order of first appearance.
    #[getter]
    fn learners(&self, py: Python<'_>) -> Vec<String> {
        let store = self.store(py);
        store.learners().iter().map(String::from).collect()
    }

    /// A learner's level id on a skill.
    fn level(&self, py: Python<'_>, learner: &str, skill: &str) -> Result<String> {
        Ok(self
            .store(py)
            .require_learner(learner)?
            .skill(skill)?
            .level
            .to_string())
    }

    /// A learner's state on a skill: level, points, responses, score_sum, last_practiced.
    fn skill_state(&self, py: Python<'_>, learner: &str, skill: &str) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        let view = store.require_learner(learner).map_err(Error)?;
        ser_to_py(py, &view.skill(skill).map_err(Error)?)
    }

    /// Every level change so far.
    fn transitions(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        ser_to_py(py, &store.transitions())
    }

    /// Points earned over points possible on a scope: `course:ID`, `unit:ID`, `skills:A,B`,
    /// a list of skill ids or `{"unit": ID}`.
    fn mastery_percent(
        &self,
        py: Python<'_>,
        learner: &str,
        scope: &Bound<'_, PyAny>,
    ) -> PyResult<f64> {
        let store = self.store(py);
        let scope = parse_scope(scope)?;
        let view = store.require_learner(learner).map_err(Error)?;
        Ok(view.mastery_percent(&scope).map_err(Error)?)
    }

    /// Progress on a goal dict ({"scope": {"unit": "fractions"}, "target": ..., "due": ...})
    /// as of `now` (RFC 3339 text, a date, or a `datetime` with a time zone); a learner with
    /// no evidence yet has not started.
    fn progress(
        &self,
        py: Python<'_>,
        learner: &str,
        goal: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        let goal: core::Goal = serde_json::from_value(from_py(goal)?)
            .map_err(|e| crate::error::parse_error(e, "goal"))?;
        let now = crate::conv::timestamp(now)?;
        ser_to_py(
            py,
            &core::progress_of(&store, learner, &goal, now).map_err(Error)?,
        )
    }

    /// What the learner should do next toward `goal` (a scope; the whole curriculum when
    /// None) at `now`, most urgent first: dicts with `kind`, `skills`, `reason` (a `code`
    /// and the facts behind it), `text`, and for challenges and tests `context` and
    /// `questions_per_skill`. `rules`: a `NextStepRules` (khan-2025 when None).
    #[pyo3(signature = (learner, goal, now, rules=None))]
    fn next_steps(
        &self,
        py: Python<'_>,
        learner: &str,
        goal: Option<&Bound<'_, PyAny>>,
        now: &Bound<'_, PyAny>,
        rules: Option<&Bound<'_, crate::next::PyNextStepRules>>,
    ) -> PyResult<Py<PyAny>> {
        let goal = goal.map(parse_scope).transpose()?;
        let now = crate::conv::timestamp(now)?;
        let store = self.store(py);
        crate::next::next_steps(py, &store, learner, goal, now, rules)
    }

    /// Placement priors from the learner's record: P(known) per skill from its level by
    /// `by_level` (e.g. {"familiar": 0.7}), else the store's BKT estimate when it tracks
    /// one; pass as a placement's `prior`.
    #[pyo3(signature = (learner, by_level=None))]
    fn placement_prior(
        &self,
        py: Python<'_>,
        learner: &str,
        by_level: Option<std::collections::BTreeMap<String, f64>>,
    ) -> Result<std::collections::BTreeMap<String, f64>> {
        let store = self.store(py);
        let view = store.require_learner(learner)?;
        let o = core::PlacementOptions::default()
            .with_learner_prior(&view, &by_level.unwrap_or_default())?;
        Ok(o.prior)
    }

    /// Whether the learner may take a mastery challenge at `now`, which requirements hold,
    /// and when the cool-down ends.
    fn challenge_status(
        &self,
        py: Python<'_>,
        learner: &str,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let now = crate::conv::timestamp(now)?;
        let store = self.store(py);
        crate::next::challenge_status(py, &store, learner, now)
    }

    /// Every learner's next steps, as columns of equal length: `learner`, `rank`, `kind`,
    /// `skills` (a list per row), `scope` (a unit test's or course challenge's, else None)
    /// and `reason` (the code). Computed on all cores with the GIL released.
    /// `masterykit.next_steps_frame` makes it a DataFrame.
    #[pyo3(signature = (goal, now, rules=None))]
    fn next_steps_columns(
        &self,
        py: Python<'_>,
        goal: Option<&Bound<'_, PyAny>>,
        now: &Bound<'_, PyAny>,
        rules: Option<&Bound<'_, crate::next::PyNextStepRules>>,
    ) -> PyResult<Py<PyAny>> {
        let goal = goal.map(parse_scope).transpose()?;
        let now = crate::conv::timestamp(now)?;
        let store = self.store(py);
        crate::next::next_steps_columns(py, &store, goal, now, rules)
    }

    /// The learner's mastery report.
    fn learner_report(&self, py: Python<'_>, learner: &str) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        let view = store.learner_or_empty(learner);
        ser_to_py(py, &core::learner_report(&view).map_err(Error)?)
    }

    /// Per skill, learners at each level.
    fn class_report(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        ser_to_py(py, &core::class_report(&store))
    }

    /// Assessments, responses, time and level changes in [start, end) (RFC 3339 or dates),
    /// for one learner or everyone.
    #[pyo3(signature = (start, end, learner=None))]
    fn activity(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        learner: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        let row = match learner {
            Some(id) => store.require_learner(id).map_err(Error)?.index(),
            None => None,
        };
        let start = crate::conv::timestamp(start)?;
        let end = crate::conv::timestamp(end)?;
        ser_to_py(py, &core::activity(&store, start, end, row))
    }

    /// A learner's level changes over time, oldest first.
    fn timeline(&self, py: Python<'_>, learner: &str) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        let view = store.learner_or_empty(learner);
        ser_to_py(py, &core::timeline(&view))
    }

    /// Replaces the roster with a document (a dict or its JSON text: `format_version`,
    /// `classes`, `goals`, `assignments`), checked whole: on error nothing changes.
    fn set_roster(&self, py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<()> {
        crate::roster::set_roster(&mut self.store(py), doc)
    }

    /// The roster as a document (a dict).
    fn roster(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let store = self.store(py);
        ser_to_py(py, &store.roster().to_doc())
    }

    /// Applies one roster change (a dict with `op`: `add_class`, `remove_class`, `enrol`,
    /// `unenrol`, `add_goal`, `remove_goal`, `add_assignment`, `remove_assignment`), all or
    /// nothing. Returns it as an event log line, for `restore` and `replay_jsonl`. With an
    /// `event_id`, a change whose id was applied before is skipped (None) when it says the
    /// same, and an `event_conflict` error when it does not.
    #[pyo3(signature = (change, event_id=None))]
    fn change_roster(
        &self,
        py: Python<'_>,
        change: &Bound<'_, PyAny>,
        event_id: Option<&str>,
    ) -> PyResult<Option<String>> {
        crate::roster::change_roster(&mut self.store(py), change, event_id)
    }

    /// Adds a class; returns the change's log line.
    #[pyo3(signature = (class_id, name="", learners=Vec::new()))]
    fn add_class(
        &self,
        py: Python<'_>,
        class_id: &str,
        name: &str,
        learners: Vec<String>,
    ) -> PyResult<String> {
        let class = core::Class::new(class_id, name, learners);
        crate::roster::apply(&mut self.store(py), core::RosterChange::AddClass { class })
    }

    /// Removes a class no goal or assignment is given to.
    fn remove_class(&self, py: Python<'_>, class_id: &str) -> PyResult<String> {
        let id = class_id.to_string();
        crate::roster::apply(&mut self.store(py), core::RosterChange::RemoveClass { id })
    }

    /// Adds learners to a class.
    fn enrol(&self, py: Python<'_>, class_id: &str, learners: Vec<String>) -> PyResult<String> {
        let class = class_id.to_string();
        crate::roster::apply(
            &mut self.store(py),
            core::RosterChange::Enrol { class, learners },
        )
    }

    /// Removes learners from a class (each must be in it).
    fn unenrol(&self, py: Python<'_>, class_id: &str, learners: Vec<String>) -> PyResult<String> {
        let class = class_id.to_string();
        crate::roster::apply(
            &mut self.store(py),
            core::RosterChange::Unenrol { class, learners },
        )
    }

    /// Gives a goal (a dict: `id`, `scope`, `target`, `start`, `due`, `class`, `learners`).
    fn add_goal(&self, py: Python<'_>, goal: &Bound<'_, PyAny>) -> PyResult<String> {
        let goal = crate::roster::goal(goal)?;
        crate::roster::apply(&mut self.store(py), core::RosterChange::AddGoal { goal })
    }

    /// Removes a goal.
    fn remove_goal(&self, py: Python<'_>, goal_id: &str) -> PyResult<String> {
        let id = goal_id.to_string();
        crate::roster::apply(&mut self.store(py), core::RosterChange::RemoveGoal { id })
    }

    /// Adds an assignment (a dict: `id`, `skills`, `context`, `start`, `due`, `class`,
    /// `learners`).
    fn add_assignment(&self, py: Python<'_>, assignment: &Bound<'_, PyAny>) -> PyResult<String> {
        let assignment = crate::roster::assignment(assignment)?;
        crate::roster::apply(
            &mut self.store(py),
            core::RosterChange::AddAssignment { assignment },
        )
    }

    /// Removes an assignment and the work recorded on it.
    fn remove_assignment(&self, py: Python<'_>, assignment_id: &str) -> PyResult<String> {
        let id = assignment_id.to_string();
        crate::roster::apply(
            &mut self.store(py),
            core::RosterChange::RemoveAssignment { id },
        )
    }

    /// A learner's work on an assignment: sittings, completions, first and best score,
    /// when first completed, seconds, last activity.
    fn assignment_work(
        &self,
        py: Python<'_>,
        assignment_id: &str,
        learner: &str,
    ) -> PyResult<Py<PyAny>> {
        crate::roster::work(py, &self.store(py), assignment_id, learner)
    }

    /// The learners of a class (or of the store) struggling with a skill by the corrective
    /// rules of `rules` (khan-2025 when None): dicts with `learner` and `rule`.
    #[pyo3(signature = (skill, class_id=None, rules=None))]
    fn struggling(
        &self,
        py: Python<'_>,
        skill: &str,
        class_id: Option<&str>,
        rules: Option<&Bound<'_, crate::next::PyNextStepRules>>,
    ) -> PyResult<Py<PyAny>> {
        crate::roster::struggling(py, &self.store(py), skill, class_id, rules)
    }

    /// Gives practice on `skill` to every learner of a class (or of the store) struggling
    /// with it: one assignment `assignment_id`. Returns it (a dict), or None when no one
    /// struggles.
    #[pyo3(signature = (assignment_id, skill, class_id=None, rules=None, start=None, due=None))]
    #[allow(clippy::too_many_arguments)]
    fn assign_correctives(
        &self,
        py: Python<'_>,
        assignment_id: &str,
        skill: &str,
        class_id: Option<&str>,
        rules: Option<&Bound<'_, crate::next::PyNextStepRules>>,
        start: Option<&Bound<'_, PyAny>>,
        due: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let mut store = self.store(py);
        crate::roster::correctives(
            py,
            &mut store,
            assignment_id,
            skill,
            class_id,
            rules,
            start,
            due,
        )
    }

    /// The goals given to a class as of `now`: per goal, learners per status, who is
    /// behind, and each learner's progress.
    fn class_goals(
        &self,
        py: Python<'_>,
        class_id: &str,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        crate::roster::class_goals(py, &self.store(py), class_id, now)
    }

    /// The Scores report: one dict per assignment and learner of the class (status, score,
    /// best_score, completed, late, sittings, seconds).
    fn scores(
        &self,
        py: Python<'_>,
        class_id: &str,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        crate::roster::scores(py, &self.store(py), class_id, now)
    }

    /// The Mastery report: learner x skill levels, unit and course mastery %.
    fn class_mastery(&self, py: Python<'_>, class_id: &str) -> PyResult<Py<PyAny>> {
        crate::roster::class_mastery(py, &self.store(py), class_id)
    }

    /// The Skills report: per skill, learners at each level, % at target, who struggles.
    #[pyo3(signature = (class_id, rules=None))]
    fn class_skills(
        &self,
        py: Python<'_>,
        class_id: &str,
        rules: Option<&Bound<'_, crate::next::PyNextStepRules>>,
    ) -> PyResult<Py<PyAny>> {
        crate::roster::class_skills(py, &self.store(py), class_id, rules)
    }

    /// Mastery % of a scope per period of `step_days` days from `start` to `end`, for each
    /// learner: dicts with `learner`, `date`, `mastery_percent`, `skills_at_target`.
    #[pyo3(signature = (learners, scope, start, end, step_days=7))]
    fn progress_over_time(
        &self,
        py: Python<'_>,
        learners: Vec<String>,
        scope: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        step_days: u32,
    ) -> PyResult<Py<PyAny>> {
        let scope = parse_scope(scope)?;
        crate::roster::progress_over_time(
            py,
            &self.store(py),
            learners,
            scope,
            start,
            end,
            step_days,
        )
    }

    /// Activity of a class's learners in [start, end).
    fn class_activity(
        &self,
        py: Python<'_>,
        class_id: &str,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        crate::roster::class_activity(py, &self.store(py), class_id, start, end)
    }

    /// The state as a versioned JSON snapshot.
    fn to_snapshot_json(&self, py: Python<'_>) -> String {
        let store = self.store(py);
        store.to_snapshot_json()
    }

    /// Restores a snapshot under the same curriculum and policy.
    #[staticmethod]
    fn from_snapshot_json(
        curriculum: &Bound<'_, PyCurriculum>,
        policy: &Bound<'_, PyPolicy>,
        text: &str,
    ) -> Result<Self> {
        Ok(PyLearnerStore::wrap(
            core::LearnerStore::from_snapshot_json(
                curriculum.get().0.clone(),
                policy.get().0.clone(),
                text,
            )?,
        ))
    }

    /// Rebuilds a store from a snapshot and the event log lines appended since it was taken
    /// (each `apply`'s `record`); lines the snapshot already holds are skipped by event id.
    /// Releases the GIL while the tail replays.
    #[staticmethod]
    fn restore(
        py: Python<'_>,
        curriculum: &Bound<'_, PyCurriculum>,
        policy: &Bound<'_, PyPolicy>,
        snapshot: &str,
        tail: &str,
    ) -> Result<Self> {
        let (curriculum, policy) = (curriculum.get().0.clone(), policy.get().0.clone());
        Ok(PyLearnerStore::wrap(py.detach(|| {
            core::LearnerStore::restore(curriculum, policy, snapshot, tail)
        })?))
    }

    /// Adds the learners of `other`, a store of other learners under the same curriculum,
    /// policy and roster (one part of a replay split by learner). Errors change nothing:
    /// `merge_conflict` (different curricula, policies or rosters, or an event id in both),
    /// `duplicate_learner` (evidence of one learner in both).
    fn merge(slf: &Bound<'_, Self>, other: &Bound<'_, Self>) -> Result<()> {
        let py = slf.py();
        if slf.is(other) {
            let copy = slf.get().store(py).clone();
            return Ok(slf.get().store(py).merge(&copy)?);
        }
        let theirs = other.get().store(py);
        let mut mine = slf.get().store(py);
        Ok(mine.merge(&theirs)?)
    }

    /// Rebuilds a store from its curriculum, policy and snapshot (pickling).
    #[staticmethod]
    fn _restore(curriculum: &str, policy: &str, snapshot: &str) -> Result<Self> {
        Ok(PyLearnerStore::wrap(
            core::LearnerStore::from_snapshot_json(
                core::Curriculum::from_json(curriculum)?,
                core::Policy::from_json(policy)?,
                snapshot,
            )?,
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let guard = slf.get().store(py);
        let store = &*guard;
        let ctor = py.get_type::<Self>().getattr("_restore")?;
        let args = PyTuple::new(
            py,
            [
                store.curriculum().to_json(),
                store.policy().to_json(),
                store.to_snapshot_json(),
            ],
        )?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let store = self.store(py);
        format!(
            "LearnerStore({} learners, {} skills, policy {:?})",
            store.learners().len(),
            store.curriculum().len(),
            store.policy().name()
        )
    }
}

/// A scope in any of its forms: `"unit:ID"`, a list of skill ids, `{"unit": ID}`, ...
fn parse_scope(scope: &Bound<'_, PyAny>) -> PyResult<core::Scope> {
    Ok(core::Scope::from_value(from_py(scope)?).map_err(Error)?)
}

/// Assessments from a Python iterable of dicts, read one at a time (the store is not held
/// meanwhile, so the iterable may even read it). An error names the assessment (from 1);
/// signals are checked every 1024 assessments, so Ctrl-C stops a long read.
fn assessments_from_py(events: &Bound<'_, PyAny>) -> PyResult<Vec<core::Assessment>> {
    let py = events.py();
    let items = match events.try_iter() {
        Ok(items)
            if !(events.is_instance_of::<pyo3::types::PyDict>()
                || events.is_instance_of::<pyo3::types::PyString>()
                || events.is_instance_of::<pyo3::types::PyBytes>()) =>
        {
            items
        }
        // Not a sequence of assessments: the core's error says what was given instead.
        _ => {
            let value = from_py(events).map_err(crate::error::in_evidence)?;
            return Ok(core::assessments_from_value(value).map_err(Error)?);
        }
    };
    let mut out = Vec::with_capacity(events.len().unwrap_or(0));
    for (k, item) in items.enumerate() {
        if k % 1024 == 0 {
            py.check_signals()?;
        }
        let line = k + 1;
        let value = from_py(&item?).map_err(|e| crate::error::in_evidence_at(e, line))?;
        let a = core::assessment_from_value(value).map_err(|e| {
            Error(core::Error::AtLine {
                line,
                error: Box::new(e),
            })
        })?;
        out.push(a);
    }
    Ok(out)
}
