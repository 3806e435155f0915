//! # masterykit
//!
//! An embeddable mastery-learning engine: skills and prerequisite graphs, mastery levels and
//! policies, evidence, learner estimates, goals and reports. Pure Rust, no I/O beyond parsing
//! strings and readers; the same core serves the CLI and the Python and WebAssembly bindings.
//!
//! ## Quick start
//!
//! ```
//! use masterykit::Curriculum;
//!
//! let curriculum = Curriculum::from_json(r#"{
//!     "format_version": 1,
//!     "skills": [
//!         {"id": "count", "name": "Counting"},
//!         {"id": "add", "name": "Addition", "prerequisites": ["count"]},
//!         {"id": "sub", "name": "Subtraction", "prerequisites": ["count"]},
//!         {"id": "mul", "name": "Multiplication", "prerequisites": ["add"]}
//!     ],
//!     "units": [{"id": "ops", "name": "Operations", "skills": ["count", "sub", "add", "mul"]}]
//! }"#)?;
//!
//! // Prerequisites first; ties follow the unit's order (sub before add).
//! assert_eq!(curriculum.learnable_order(), ["count", "sub", "add", "mul"]);
//!
//! // What is this learner ready for, and what stands between them and multiplication?
//! let known = curriculum.skill_set(["count"])?;
//! assert_eq!(curriculum.frontier(&known), ["sub", "add"]);
//! assert_eq!(curriculum.path_to(["mul"], &known)?, ["add", "mul"]);
//!
//! // Invalid curricula cannot be built: every problem is reported, each with a stable code.
//! let err = Curriculum::from_json(r#"{"format_version": 1, "skills": [
//!     {"id": "a", "prerequisites": ["b"]}, {"id": "b", "prerequisites": ["a", "zzz"]}]}"#)
//!     .unwrap_err();
//! let codes: Vec<_> = err.problems().iter().map(|p| p.code()).collect();
//! assert_eq!(codes, ["unknown_skill", "cycle"]);
//! # Ok::<(), masterykit::Error>(())
//! ```
//!
//! ## Where things live
//! One folder per domain; each uses only the folders listed before it (a test holds this):
//! - `curriculum/`: the curriculum document, its validation, the prerequisite graph and its
//!   queries ([`SkillSet`], [`Gap`], [`Lint`]), and [`Scope`].
//! - `tracing/`: knowledge tracing: response logs and their CSV columns, metrics,
//!   cross-validation, synthetic logs, and `bkt/` (parameters, fit options, EM, pyBKT's
//!   variants, the fitted [`BktModel`]).
//! - `policy/`: mastery policies: the document, its compilation into lookup tables, presets.
//! - `evidence/`: [`Response`] and [`Assessment`], JSON Lines, evidence columns and tables,
//!   and the compiled log replay runs on.
//! - `roster/`: classes, goals given to groups, assignments ([`Roster`], [`RosterDoc`],
//!   [`RosterChange`]) and the work recorded on assignments.
//! - `mastery/`: the [`LearnerStore`]: cells, applying evidence, mastery challenge rules,
//!   replay (of strings and of streams), snapshots, views, and stores of disjoint learners
//!   merged ([`LearnerStore::merge`]).
//! - `report/`: learner, class, activity and timeline reports, goals, and the reports on a
//!   class of the roster (goals, scores, mastery, progress over time, activity).
//! - `next/`: next steps: what a learner should do now and why ([`next_steps`]), by the
//!   rules of a [`NextStepRules`] document, the mastery challenge's status, and who struggles
//!   ([`struggling`], the class Skills report, correctives for a class).
//! - `placement/`: adaptive pre-assessment ([`Placement`]): the posterior over
//!   prerequisite-closed knowledge states, the most informative next question, and the
//!   result as a `pre_assessment` assessment.
//! - `simulate/`: simulated learners and teachers, and runs over a cohort.
//! - `interop/`: interchange standards: 1EdTech CASE packages to and from curricula, xAPI
//!   statements and Caliper events to evidence ([`assessments_from_xapi`],
//!   [`assessments_from_caliper`], mapped by an [`EvidenceMapping`]), level changes to xAPI
//!   statements ([`transitions_to_xapi`]).
//!
//! Below them all: `error/` (the [`Error`] type and its catalogue of codes), `time.rs`
//! ([`Timestamp`]), `ids.rs` (interned ids), `table.rs` (large tables on huge pages),
//! `rows.rs` (row chunking, code narrowing) and `watch.rs` ([`Watch`]: stop requests and
//! progress of long work).
//! New domains get a folder of their own beside these.
#![warn(missing_docs)]

mod curriculum;
mod error;
mod evidence;
mod ids;
mod interop;
mod mastery;
mod next;
mod parallel;
mod placement;
mod policy;
mod report;
mod roster;
mod rows;
mod simulate;
mod table;
mod time;
mod tracing;
mod watch;

pub use curriculum::{
    Course, Curriculum, CurriculumBuilder, CurriculumDoc, Edge, FORMAT_VERSION, Gap, Lint,
    Prerequisite, Scope, Skill, SkillSet, Unit,
};
pub use error::{Error, ErrorFamily, IdKind, Result, Standard};
pub use evidence::{
    Assessment, CompiledLog, EvidenceColumns, EvidenceTable, Response, assessment_from_value,
    assessments_from_value, parse_assessment, parse_jsonl, read_jsonl, to_jsonl,
};
pub use ids::{Ids, Iter as IdsIter};
pub use interop::{
    ADL_VERBS, CONTEXT_EXTENSION, CaseExportOptions, CaseIds, CaseImport, CaseImportOptions,
    CaseSummary, EvidenceImport, EvidenceMapping, EvidenceSummary, SKILLS_EXTENSION, Sittings,
    Unplaced, VerbRole, XapiExportOptions, assessments_from_caliper, assessments_from_xapi,
    curriculum_from_case, curriculum_to_case, transitions_to_xapi,
};
#[cfg(feature = "schema")]
pub use interop::{schema, schema_names};
pub use mastery::{
    ActivityRecord, Applied, CompactTransition, Event, EventKind, LearnerStore, LearnerView,
    MAX_CELL_RESPONSES, MAX_CELL_REVIEWS, Practice, SNAPSHOT_FORMAT_VERSION, SkillState,
    Transition,
};
pub use next::{
    ChallengeStatus, ChallengeStepRules, ClassSkill, ClassSkills, ClassSteps, CorrectiveRules,
    Limit, NEXT_STEPS_FORMAT_VERSION, NamedStepRow, NextStep, NextStepRules, NextStepRulesDoc,
    REASON_CODES, Reason, Requirement, ReviewRules, StepKind, StepRow, Struggler, TestRules,
    challenge_status, class_skills, next_steps, struggling,
};
pub use placement::{
    PRE_ASSESSMENT, Placement, PlacementAnswer, PlacementEstimate, PlacementMethod,
    PlacementOptions, PlacementSelector, PlacementTrial, Question, SelectorResult,
    SimulatedPlacement, SkillEstimate, compare_selectors, knowledge_states, learning_paths,
    placement_answers,
};
pub use policy::{
    ContextRules, LevelDef, LevelThreshold, MasteryChallengeRules, OutcomeBand,
    POLICY_FORMAT_VERSION, Policy, PolicyDoc, Rules, SCORE_EPSILON, TransitionRule,
    UnlockCondition,
};
pub use report::{
    ActivityOverview, ClassGoalReport, ClassMastery, ClassReport, ClassSkillRow, GoalCounts,
    GoalLearner, GoalProgress, LearnerReport, MAX_PROGRESS_PERIODS, MasteryRow, ProgressPoint,
    ScopeMastery, ScoreRow, activity, class_activity, class_goals, class_mastery, class_report,
    learner_report, progress, progress_of, progress_over_time, scores, timeline,
};
pub use roster::{
    Assignment, AssignmentStatus, AssignmentWork, Class, ClassGoal, Goal, GoalStatus,
    ROSTER_FORMAT_VERSION, Roster, RosterChange, RosterDoc,
};
pub use rows::{narrow_codes, whole_numbers};
pub use simulate::{
    LearnerOutcome, SimConfig, SimResult, Step, SyncIfParallel, Teaching, simulate, simulate_until,
    simulate_with, simulate_with_until,
};
pub use time::{DAY_MS, HOUR_MS, Timestamp};
pub use tracing::{
    BktModel, BktParams, CsvColumns, Evaluation, FIRST_PAIR, FIT_WARNING_CODES, FitOptions,
    FitWarning, FoldMetrics, GuessSlip, LearnForget, MODEL_FORMAT_VERSION, MessyConfig, MessyLog,
    Metrics, Pinned, ResponseData, SkillFit, SkillMetrics, SkillWarning, Unseen, Variants,
    cross_validate, cross_validate_until, messy_log, random_params, synthesize,
};
pub use watch::Watch;

/// The README's Rust examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
