"""Type stubs for masterykit's native module."""

import datetime
import os
from typing import Any, Callable, Iterable, Literal, Mapping, Optional, Sequence, TypedDict, Union, final

from typing_extensions import Unpack

JsonValue = Any

ErrorCode = Literal[
    "ambiguous_answer",
    "bonus_not_allowed",
    "cancelled",
    "conflicting_transition",
    "cycle",
    "duplicate_assignment",
    "duplicate_class",
    "duplicate_context",
    "duplicate_course",
    "duplicate_goal",
    "duplicate_learner",
    "duplicate_level",
    "duplicate_outcome",
    "duplicate_prerequisite",
    "duplicate_preset",
    "duplicate_skill",
    "duplicate_unit",
    "empty_evidence",
    "empty_id",
    "event_conflict",
    "inconsistent_answers",
    "invalid_caliper_event",
    "invalid_case",
    "invalid_correct",
    "invalid_curriculum",
    "invalid_next_step_rules",
    "invalid_number",
    "invalid_option",
    "invalid_policy",
    "invalid_roster",
    "invalid_score",
    "invalid_snapshot",
    "invalid_statement",
    "invalid_timestamp",
    "invalid_weight",
    "mastery_challenge_cooldown",
    "mastery_challenge_locked",
    "mastery_challenge_shape",
    "merge_conflict",
    "missing_column",
    "missing_transition",
    "parse_error",
    "self_prerequisite",
    "sitting_mismatch",
    "snapshot_mismatch",
    "unexpected_answer",
    "unfitted_skill",
    "unknown_assignment",
    "unknown_class",
    "unknown_context",
    "unknown_course",
    "unknown_goal",
    "unknown_learner",
    "unknown_level",
    "unknown_outcome",
    "unknown_preset",
    "unknown_skill",
    "unknown_unit",
    "unknown_verb",
    "unmapped_item",
    "unsupported_format_version",
]
"""Every code a masterykit error can carry (the core's catalogue; a test holds them equal)."""

__version__: str
"""The version of the masterykit core in this build."""

ERROR_CODES: list[tuple[ErrorCode, str]]
"""Every error code with the name of the exception class that carries it, in code order."""

PYBKT_COLUMNS: dict[str, Optional[str]]
"""pyBKT's column names as the core reads them: order, learner, skill, correct, item, group,
and the separator of several skills in one cell."""

SKILL_SEPARATOR: str
"""The separator of several skills in one cell of pyBKT's skill column (``~~``)."""

class Pinned(TypedDict, total=False):
    """Parameters held fixed while fitting."""

    prior: float
    learn: float
    guess: float
    slip: float
    forget: float

class FitOptions(TypedDict, total=False):
    """Fit options; each one left out takes the core's default (``FitOptions::default()``)."""

    num_fits: int
    seed: int
    tolerance: float
    max_iterations: int
    forgets: bool
    max_guess: float
    max_slip: float
    pinned: Pinned
    multigs: bool
    multilearn: bool
    multipair: bool
    multiprior: bool
    min_responses: int

# Called as ``progress(done, total)`` while a fit (restarts) or a simulation (learners) runs,
# from the calling thread, whenever the count moved and once at the end; an exception it
# raises stops the work and is raised. With tqdm: ``bar = tqdm(); progress=lambda d, t:
# (setattr(bar, "total", t), bar.update(d - bar.n))``.
Progress = Callable[[int, int], object]

# What prediction and evaluation do with a skill the model has no parameters for:
# "error" (the default: a ``ModelError`` with code ``unfitted_skill``), "skip" (not
# predicted, not scored), "population" (the fitted skills' response-weighted mean
# parameters) or parameters ``{"prior", "learn", "guess", "slip"[, "forget"]}``.
Unseen = Union[Literal["error", "skip", "population"], Mapping[str, float], None]

class Evaluation(TypedDict):
    """Metrics of the scored responses, and what became of the skills the model lacked."""

    rmse: float
    auc: float
    accuracy: float
    log_loss: float
    count: int
    unseen: str
    unseen_skills: list[str]
    unseen_responses: int

class SkillMetrics(TypedDict):
    """One skill's metrics."""

    skill: str
    rmse: float
    auc: float
    accuracy: float
    log_loss: float
    count: int

class FoldMetrics(TypedDict):
    """One held-out fold of a cross-validation: its metrics, and each skill's."""

    fold: int
    learners: int
    rmse: float
    auc: float
    accuracy: float
    log_loss: float
    count: int
    unseen_skills: list[str]
    skills: list[SkillMetrics]

class FitWarning(TypedDict):
    """A fitted skill whose parameters deserve doubt."""

    skill: str
    code: Literal["all_correct", "all_wrong", "few_responses", "at_bound"]
    message: str

# A time: RFC 3339 text or a date, an aware datetime, a date, a pandas Timestamp, or whole
# seconds since the Unix epoch (years 0 to 9999).
TimeLike = Union[str, datetime.date, datetime.datetime, int]
# Ids of learners, skills, items or groups: strings, or integers meaning their decimal text.
Ids = Sequence[Union[str, int]]
"""A time: RFC 3339 text, a ``YYYY-MM-DD`` date, a ``datetime`` with a time zone (a naive
one is rejected: the instant it means is not known), a ``date`` or a pandas ``Timestamp``.
In event dicts, integers are Unix seconds."""

Scope = Union[str, Sequence[str], Mapping[str, Union[str, Sequence[str]]]]
"""What a goal or an aggregate covers: ``"course:ID"``, ``"unit:ID"``, ``"skills:A,B"``, a
list of skill ids, or ``{"unit": ID}`` (also ``course`` or ``skills``)."""

class MasteryError(ValueError):
    """Base of every masterykit error."""

    code: ErrorCode
    """The core's stable snake_case error code, e.g. ``unknown_skill``."""
    problems: list[tuple[str, str]]
    """Every (code, message) when one document had several problems."""

class CurriculumError(MasteryError):
    """An invalid curriculum document, or a unit, course or skill a query names that the
    curriculum lacks."""

class PolicyError(MasteryError):
    """An invalid policy document, or a preset or level it lacks."""

class EvidenceError(MasteryError):
    """Evidence that cannot be applied, in any form (an assessment, an event log line, a row of
    a frame): malformed, naming a skill or context that does not exist, rejected by the rules,
    or conflicting with an event applied before; an unknown learner; a snapshot that is
    malformed or does not fit. The code says which (``unknown_skill``, ``parse_error``, ...)."""

class ModelError(MasteryError):
    """Knowledge-tracing input or model problems: response tables (missing columns, bad
    ``correct`` values), model documents, skills without parameters."""

class RosterError(MasteryError):
    """A roster change that cannot stand: a duplicate or unknown class, goal or assignment,
    an assignment with no skills, a due date not after the start, one given to no one."""

@final
class Curriculum:
    """A validated curriculum: skills, units, courses and an acyclic prerequisite graph."""

    @staticmethod
    def from_json(text: str) -> "Curriculum":
        """Parses and validates a JSON curriculum.

        Raises:
            CurriculumError: every problem found (``.problems``), or MasteryError for bad JSON.
        """
    @staticmethod
    def generate(skills: int, seed: int) -> "Curriculum":
        """A seeded generated curriculum: units of 25, each skill requiring 1 to 3 of the 25 before it."""
    @staticmethod
    def from_toml(text: str) -> "Curriculum":
        """Parses and validates a TOML curriculum."""
    @staticmethod
    def from_dict(doc: Mapping[str, JsonValue]) -> "Curriculum":
        """Validates a curriculum given as plain data (the JSON form as dicts and lists)."""
    def to_json(self) -> str:
        """The canonical JSON form."""
    def to_dict(self) -> dict[str, JsonValue]:
        """The curriculum as plain data."""
    def __len__(self) -> int: ...
    def skill_ids(self) -> list[str]:
        """Skill ids in document order."""
    def learnable_order(self) -> list[str]:
        """Every skill, prerequisites first, ties by course order."""
    def prerequisites(self, skill: str) -> list[str]:
        """The direct prerequisites of a skill, in document order."""
    def dependents(self, skill: str) -> list[str]:
        """The skills that list this one as a direct prerequisite."""
    def ancestors(self, skill: str) -> list[str]:
        """Direct and indirect prerequisites, in learnable order."""
    def descendants(self, skill: str) -> list[str]:
        """Direct and indirect dependents, in learnable order."""
    def depth(self, skill: str) -> int:
        """Length of the longest prerequisite chain below a skill."""
    def frontier(self, known: Optional[Sequence[str]] = None) -> list[str]:
        """Skills not known whose prerequisites all are."""
    def inner_fringe(self, known: Optional[Sequence[str]] = None) -> list[str]:
        """Known skills none of whose dependents are known."""
    def path_to(self, goals: Sequence[str], known: Optional[Sequence[str]] = None) -> list[str]:
        """The goals and their unknown prerequisites, in learnable order."""
    def gaps(self, skill: str, known: Optional[Sequence[str]] = None) -> list[tuple[str, int]]:
        """Unknown prerequisites of a struggling skill as (skill, distance), root causes first."""
    def lint(self) -> dict[str, JsonValue]:
        """Redundant edges and orphan skills."""

@final
class Policy:
    """A validated mastery policy (levels, points and rules as data)."""

    @staticmethod
    def khan() -> "Policy":
        """The current Khan-Academy-style rules (``khan-2025``)."""
    @staticmethod
    def khan_pre_2018() -> "Policy":
        """The pre-2018 Khan-style rules."""
    @staticmethod
    def probability() -> "Policy":
        """Levels from a BKT estimate of P(known) (``probability-0.95``)."""
    @staticmethod
    def preset(name: str) -> "Policy":
        """A preset by name: ``khan-2025``, ``khan-pre-2018``, ``probability-0.95``."""
    @staticmethod
    def from_json(text: str) -> "Policy":
        """Parses and validates a JSON policy.

        Raises:
            PolicyError: every missing or conflicting transition, unknown level, bad number.
        """
    @staticmethod
    def from_toml(text: str) -> "Policy":
        """Parses and validates a TOML policy."""
    @staticmethod
    def from_dict(doc: Mapping[str, JsonValue]) -> "Policy":
        """Validates a policy given as plain data (the JSON form as dicts and lists)."""
    def to_json(self) -> str:
        """The canonical JSON form."""
    def to_dict(self) -> dict[str, JsonValue]:
        """The policy as plain data."""
    @property
    def name(self) -> str:
        """The policy's name."""
    @property
    def levels(self) -> list[tuple[str, float]]:
        """(level id, points), lowest level first."""
    @property
    def contexts(self) -> list[str]:
        """Evidence contexts the policy has rules for (``practice``, ``quiz``, ...)."""
    @property
    def default_target(self) -> str:
        """The level goals aim for when they name none (e.g. ``proficient``)."""

@final
class NextStepRules:
    """Validated next-step rules: which kinds of step to propose (correctives, next up,
    reviews, mastery challenges, unit tests, course challenges, enrichment), in which order,
    and every threshold, limit and interval they use."""

    @staticmethod
    def khan() -> "NextStepRules":
        """The rules that fit the ``khan-2025`` policy."""
    @staticmethod
    def preset(name: str) -> "NextStepRules":
        """A preset by name (``khan-2025``)."""
    @staticmethod
    def from_json(text: str) -> "NextStepRules":
        """Parses and validates a JSON rules document.

        Raises:
            MasteryError: a misspelt or missing field (``parse_error``), a bad number
                (``invalid_number``), several problems (``invalid_next_step_rules``).
        """
    @staticmethod
    def from_toml(text: str) -> "NextStepRules":
        """Parses and validates a TOML rules document."""
    @staticmethod
    def from_dict(doc: Mapping[str, JsonValue]) -> "NextStepRules":
        """Validates rules given as plain data (the JSON form as dicts and lists)."""
    def to_json(self) -> str:
        """The canonical JSON form."""
    def to_dict(self) -> dict[str, JsonValue]:
        """The rules as plain data."""
    @property
    def name(self) -> str:
        """The rules' name."""

class RosterEvent(TypedDict, total=False):
    """Something applying evidence achieved (``apply(...)["events"]``)."""

    kind: Literal["skill_mastered", "unit_mastered", "course_mastered", "goal_achieved", "assignment_completed"]
    learner: str
    id: str
    timestamp: str
    score: float
    late: bool

class AssignmentWork(TypedDict, total=False):
    """A learner's work on an assignment."""

    sittings: int
    completions: int
    first_score: float
    first_completed: str
    best_score: float
    seconds: float
    last_activity: str

class ScoreRow(TypedDict):
    """One row of the Scores report."""

    assignment: str
    learner: str
    status: Literal["not_started", "in_progress", "completed", "completed_late", "missed"]
    score: Optional[float]
    best_score: Optional[float]
    completed: Optional[str]
    late: bool
    sittings: int
    seconds: float

class ProgressPoint(TypedDict):
    """A learner's mastery of a scope at the end of one period."""

    learner: str
    date: str
    mastery_percent: float
    skills_at_target: int

class Struggler(TypedDict):
    """A learner struggling with a skill and the corrective rule that says so."""

    learner: str
    rule: Literal["level", "demoted", "accuracy", "p_known"]

@final
class LearnerStore:
    """Learners' levels on every skill of a curriculum under a policy."""

    def __new__(cls, curriculum: Curriculum, policy: Policy) -> "LearnerStore": ...
    def apply(self, assessment: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
        """Applies one assessment (event-log form): all of it or nothing.

        Returns:
            ``{"transitions": [...], "duplicate": bool, "record": str | None}``: ``record``
            is the assessment as one event-log line to append to a log kept beside
            snapshots (see :meth:`restore`); ``None`` for a duplicate.

        Raises:
            EvidenceError: rejected evidence (``.code`` says why); nothing changes.
        """
    def replay_events(self, events: Iterable[Mapping[str, JsonValue]]) -> int:
        """Applies assessments (dicts in the event-log form; a list or any iterable, such as a
        generator) in order; returns the number of level changes. Every assessment is
        checked before any is applied; an error names the assessment (``line 3: ...``, from
        1). Ctrl-C while they are read stops it, changing nothing."""
    def level_matrix(self) -> Any:
        """Every learner's level index on every skill: a numpy uint8 array of shape
        (learners, skills)."""
    @property
    def skill_ids(self) -> list[str]:
        """Skill ids in curriculum order (the columns of ``level_matrix``)."""
    def replay_jsonl(self, text: str) -> int:
        """Applies a JSON Lines event log; returns the number of level changes."""
    def replay_arrays(
        self,
        learner_codes: Any,
        sitting: Any,
        context_codes: Any,
        skill_codes: Any,
        score: Any,
        timestamp_ms: Any,
        learner_names: Ids,
        context_names: Ids,
        skill_names: Ids,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        event_codes: Optional[Any] = None,
        event_names: Optional[Ids] = None,
        timestamp_unit: Literal["s", "ms"] = "ms",
    ) -> int:
        """Applies evidence columns (numpy arrays, one row per response): int64 codes into
        the name lists, int64 sittings (consecutive rows of one learner and sitting form one
        assessment), float64 scores in [0, 1], int64 timestamps in milliseconds (whole
        seconds with ``timestamp_unit="s"``); event code -1 means no event id. Returns the
        number of level changes. See :func:`replay_frame`.

        Raises:
            EvidenceError: invalid evidence, naming its row (nothing is applied), or an
                assessment the learner's state rejects (the rows before it stay applied).
            MasteryError: ``timestamp_unit`` other than ``"s"`` or ``"ms"``.
        """
    @property
    def learners(self) -> list[str]:
        """Learner ids, in order of first appearance."""
    def level(self, learner: str, skill: str) -> str:
        """A learner's level id on a skill."""
    def skill_state(self, learner: str, skill: str) -> dict[str, JsonValue]:
        """Level, points, responses, score_sum, last_practiced, reviews (successful reviews in a
        row) and demoted (the last change of level was down) of one skill."""
    def transitions(self) -> list[dict[str, JsonValue]]:
        """Every level change so far."""
    def mastery_percent(self, learner: str, scope: Scope) -> float:
        """Points earned over possible on a scope: ``course:ID``, ``unit:ID``,
        ``skills:A,B``, a list of skill ids or ``{"unit": ID}``."""
    def progress(self, learner: str, goal: Mapping[str, JsonValue], now: TimeLike) -> dict[str, JsonValue]:
        """Progress, status and pace on a goal as of ``now``."""
    def next_steps(
        self, learner: str, goal: Optional[Scope], now: TimeLike, rules: Optional[NextStepRules] = None
    ) -> list[dict[str, JsonValue]]:
        """What the learner should do next toward ``goal`` (the whole curriculum when None)
        at ``now``, most urgent first: dicts with ``kind``, ``skills``, ``reason`` (a
        ``code`` and the facts behind it), ``text``, and for challenges and tests
        ``context`` and ``questions_per_skill``. ``rules``: khan-2025 when None.

        Raises:
            EvidenceError: an unknown learner (``unknown_learner``).
            CurriculumError: a goal naming a unit, course or skill the curriculum lacks.
            PolicyError: rules naming a level or context the policy lacks.
        """
    def placement_prior(self, learner: str, by_level: Optional[Mapping[str, float]] = None) -> dict[str, float]:
        """Placement priors from the learner's record: level by ``by_level``, else BKT P(known)."""
    def challenge_status(self, learner: str, now: TimeLike) -> dict[str, JsonValue]:
        """Whether the learner may take a mastery challenge at ``now``: ``unlocked``, each
        requirement with what the learner has, ``cooldown_until`` and ``unlocks_at``."""
    def next_steps_columns(
        self, goal: Optional[Scope], now: TimeLike, rules: Optional[NextStepRules] = None
    ) -> dict[str, list[Any]]:
        """Every learner's next steps as columns of equal length: ``learner``, ``rank``,
        ``kind``, ``skills`` (a list per row), ``scope`` and ``reason``; computed on all
        cores. :func:`masterykit.next_steps_frame` makes it a DataFrame."""
    def learner_report(self, learner: str) -> dict[str, JsonValue]:
        """Levels, points, unit and course mastery %, strengths and weaknesses (an empty
        report, every skill not started, for a learner with no evidence yet)."""
    def activity(self, start: TimeLike, end: TimeLike, learner: Optional[str] = None) -> dict[str, JsonValue]:
        """Assessments, responses, time and level changes in [start, end), for one learner
        or everyone."""
    def timeline(self, learner: str) -> list[dict[str, JsonValue]]:
        """A learner's level changes over time, oldest first (none for a learner with no
        evidence yet)."""
    def class_report(self) -> dict[str, JsonValue]:
        """Per skill, learners at each level."""
    def set_roster(self, doc: Union[str, Mapping[str, JsonValue]]) -> None:
        """Replaces the roster with a document (``format_version``, ``classes``, ``goals``,
        ``assignments``), checked whole: on error (a ``RosterError``, or the curriculum's or
        policy's error for an unknown skill, unit or level) nothing changes."""
    def roster(self) -> dict[str, JsonValue]:
        """The roster as a document."""
    def change_roster(
        self, change: Union[str, Mapping[str, JsonValue]], event_id: Optional[str] = None
    ) -> Optional[str]:
        """Applies one roster change (``{"op": "add_class" | "remove_class" | "enrol" |
        "unenrol" | "add_goal" | "remove_goal" | "add_assignment" | "remove_assignment",
        ...}``), all or nothing; returns it as an event-log line. With ``event_id``, a change
        whose id was applied before is skipped (None) when it says the same, and an
        ``event_conflict`` error when it does not."""
    def add_class(self, class_id: str, name: str = "", learners: Sequence[str] = ...) -> str:
        """Adds a class; returns the change's event-log line."""
    def remove_class(self, class_id: str) -> str:
        """Removes a class no goal or assignment is given to."""
    def enrol(self, class_id: str, learners: Sequence[str]) -> str:
        """Adds learners to a class."""
    def unenrol(self, class_id: str, learners: Sequence[str]) -> str:
        """Removes learners from a class (each must be in it: ``unknown_learner``)."""
    def add_goal(self, goal: Mapping[str, JsonValue]) -> str:
        """Gives a goal: ``id``, ``scope``, ``target``, ``start``, ``due``, ``class``,
        ``learners``."""
    def remove_goal(self, goal_id: str) -> str:
        """Removes a goal."""
    def add_assignment(self, assignment: Mapping[str, JsonValue]) -> str:
        """Adds an assignment: ``id``, ``skills``, ``context``, ``start``, ``due``,
        ``class``, ``learners``."""
    def remove_assignment(self, assignment_id: str) -> str:
        """Removes an assignment and the work recorded on it."""
    def assignment_work(self, assignment_id: str, learner: str) -> AssignmentWork:
        """A learner's work on an assignment (empty when none yet)."""
    def struggling(
        self, skill: str, class_id: Optional[str] = None, rules: Optional[NextStepRules] = None
    ) -> list[Struggler]:
        """The learners of a class (or the store) struggling with a skill."""
    def assign_correctives(
        self,
        assignment_id: str,
        skill: str,
        class_id: Optional[str] = None,
        rules: Optional[NextStepRules] = None,
        start: Optional[TimeLike] = None,
        due: Optional[TimeLike] = None,
    ) -> Optional[dict[str, JsonValue]]:
        """Gives practice on ``skill`` to everyone struggling with it; the assignment, or
        None when no one struggles."""
    def class_goals(self, class_id: str, now: TimeLike) -> list[dict[str, JsonValue]]:
        """Per goal given to the class: ``counts`` per status, ``behind`` and each learner's
        progress."""
    def scores(self, class_id: str, now: TimeLike) -> list[ScoreRow]:
        """The Scores report: assignment x learner."""
    def class_mastery(self, class_id: str) -> dict[str, JsonValue]:
        """The Mastery report: learner x skill levels, unit and course mastery %."""
    def class_skills(self, class_id: str, rules: Optional[NextStepRules] = None) -> dict[str, JsonValue]:
        """The Skills report: per skill, learners at each level and who struggles."""
    def progress_over_time(
        self, learners: Sequence[str], scope: Scope, start: TimeLike, end: TimeLike, step_days: int = 7
    ) -> list[ProgressPoint]:
        """Mastery % of a scope per period, for each learner."""
    def class_activity(self, class_id: str, start: TimeLike, end: TimeLike) -> dict[str, JsonValue]:
        """Activity of a class's learners in [start, end)."""
    def merge(self, other: "LearnerStore") -> None:
        """Adds the learners of ``other``, a store of other learners under the same
        curriculum, policy and roster (one part of a replay split by learner).

        Raises:
            MasteryError: ``merge_conflict`` (different curricula, policies or rosters, or
                an event id in both); EvidenceError: ``duplicate_learner`` (evidence of one
                learner in both). Nothing changes on error.
        """
    def to_snapshot_json(self) -> str:
        """The state as a versioned JSON snapshot."""
    @staticmethod
    def from_snapshot_json(curriculum: Curriculum, policy: Policy, text: str) -> "LearnerStore":
        """Restores a snapshot under the same curriculum and policy."""
    @staticmethod
    def restore(curriculum: Curriculum, policy: Policy, snapshot: str, tail: str) -> "LearnerStore":
        """Rebuilds a store from a snapshot and the event-log lines appended since it was
        taken (each :meth:`apply`'s ``record``, one per line): the same state as the store
        it was taken of. Lines the snapshot already holds are skipped by their event ids.

        Raises:
            EvidenceError: a snapshot that is malformed or does not fit; a bad line, named.
        """

@final
class BktModel:
    """Fitted Bayesian Knowledge Tracing parameters per skill."""

    @staticmethod
    def fit(
        learners: Ids,
        skills: Ids,
        correct: Sequence[Union[bool, int]],
        order: Optional[Sequence[int]] = None,
        *,
        items: Optional[Ids] = None,
        groups: Optional[Ids] = None,
        progress: Optional[Progress] = None,
        **options: Unpack[FitOptions],
    ) -> "BktModel":
        """Fits by EM with random restarts; releases the GIL while fitting, and Ctrl-C stops
        it promptly (``KeyboardInterrupt``).

        Args:
            options: fit options (:class:`FitOptions`); each left out takes the core's
                default. ``pinned`` holds parameters fixed, e.g. ``{"guess": 0.2}``;
            multigs: guess and slip per item (pyBKT's variant); needs ``items``.
            multilearn: learn and forget per item; needs ``items``.
            multipair: learn and forget per pair of consecutive items; needs ``items``.
            multiprior: prior per group of a learner's first response (``groups``, or
                without them that response's 0/1).
            items: the item of each row; groups: the learner group of each row.

        Raises:
            ModelError: empty ids; MasteryError with code ``parse_error`` for an unknown or
            mistyped option, ``invalid_number`` for one out of range.
        """
    @staticmethod
    def cross_validate(
        learners: Ids,
        skills: Ids,
        correct: Sequence[Union[bool, int]],
        order: Optional[Sequence[int]] = None,
        *,
        folds: int = 5,
        items: Optional[Ids] = None,
        groups: Optional[Ids] = None,
        progress: Optional[Progress] = None,
        **options: Unpack[FitOptions],
    ) -> list[FoldMetrics]:
        """k-fold cross-validation split by learner (folds drawn with ``seed``): each
        held-out fold's metrics, learners and per-skill metrics (``progress`` counts folds;
        Ctrl-C stops it)."""
    @staticmethod
    def cross_validate_arrays(
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        folds: int = 5,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        progress: Optional[Progress] = None,
        **options: Unpack[FitOptions],
    ) -> list[FoldMetrics]:
        """``cross_validate`` on numpy arrays (as ``fit_arrays``). Releases the GIL."""
    @staticmethod
    def fit_csv(
        text: Union[str, "os.PathLike[str]"], *, progress: Optional[Progress] = None, **options: Unpack[FitOptions]
    ) -> "BktModel":
        """Fits to CSV text with pyBKT's or DataShop's columns (``template_id`` / ``Problem
        Name`` and ``group`` feed the variants), or to the file at a path (a one-line ``str``
        or an ``os.PathLike``; a CSV always has more than one line).

        Raises:
            OSError: a path that cannot be read.
        """
    @staticmethod
    def fit_arrays(
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        progress: Optional[Progress] = None,
        **options: Unpack[FitOptions],
    ) -> "BktModel":
        """Fits from numpy arrays read in place: learner and skill codes into the name lists
        (as from ``pandas.factorize``; int64 is read in place, any other integer type is
        converted once), bool or 0/1 integer outcomes, optional integer order."""
    def partial_fit_arrays(
        self,
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        progress: Optional[Progress] = None,
        **options: Unpack[FitOptions],
    ) -> "BktModel":
        """A new model fitted to numpy arrays (as :meth:`fit_arrays`) continuing from this
        one: a skill this model has parameters for runs EM once from them, the others take
        seeded restarts (pyBKT's ``partial_fit``)."""
    def predict_states_arrays(
        self,
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        unseen: Unseen = None,
    ) -> tuple[Any, Any]:
        """P(correct) and P(known) before each row's response (pyBKT's
        ``correct_predictions`` and ``state_predictions``): two numpy float64 arrays, masked
        arrays under ``unseen="skip"``."""
    def predict_arrays(
        self,
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        unseen: Unseen = None,
    ) -> Any:
        """P(correct) before each row's response as a numpy float64 array; under
        ``unseen="skip"`` a ``numpy.ma.MaskedArray`` masked where the model lacked the skill."""
    def evaluate_arrays(
        self,
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        unseen: Unseen = None,
    ) -> Evaluation:
        """RMSE, AUC, accuracy, log loss and count, from numpy arrays, with the skills the
        model lacked and the responses on them."""
    def evaluate_by_skill_arrays(
        self,
        learner_codes: Any,
        skill_codes: Any,
        correct: Any,
        learner_names: Ids,
        skill_names: Ids,
        order: Optional[Any] = None,
        *,
        item_codes: Optional[Any] = None,
        item_names: Optional[Ids] = None,
        group_codes: Optional[Any] = None,
        group_names: Optional[Ids] = None,
        unseen: Unseen = None,
    ) -> list[SkillMetrics]:
        """The metrics of each skill with scored responses: ``[{"skill", "rmse", "auc",
        "accuracy", "log_loss", "count"}, ...]`` in the data's skill order."""
    def predict(
        self,
        learners: Ids,
        skills: Ids,
        correct: Sequence[Union[bool, int]],
        order: Optional[Sequence[int]] = None,
        *,
        items: Optional[Ids] = None,
        groups: Optional[Ids] = None,
        unseen: Unseen = None,
    ) -> list[Optional[float]]:
        """P(correct) before each row's response, in row order (``None`` where
        ``unseen="skip"`` left a skill the model lacks out)."""
    def evaluate(
        self,
        learners: Ids,
        skills: Ids,
        correct: Sequence[Union[bool, int]],
        order: Optional[Sequence[int]] = None,
        *,
        items: Optional[Ids] = None,
        groups: Optional[Ids] = None,
        unseen: Unseen = None,
    ) -> Evaluation:
        """RMSE, AUC, accuracy, log loss and count, with the skills the model lacked
        (``unseen_skills``) and the responses on them (``unseen_responses``).

        Raises:
            ModelError: ``unfitted_skill`` for a skill the model lacks under ``unseen="error"``.
        """
    def params(self) -> dict[str, dict[str, JsonValue]]:
        """Per skill: prior, learn, guess, slip, forget, fit figures and any per-item,
        per-pair or per-group maps of the variants."""
    def warnings(self) -> list[FitWarning]:
        """Skills whose parameters deserve doubt: every answer right or wrong, fewer
        responses than ``min_responses``, parameters that ended on a bound."""
    def population(self) -> dict[str, float]:
        """Each parameter's mean over the fitted skills, weighted by their responses (what
        ``unseen="population"`` traces with)."""
    def merge(self, other: "BktModel") -> "BktModel":
        """A model with the skills of this one and of ``other``, fitted on other skills (one
        part of a fit split by skill). A skill in both raises ``MasteryError``
        (``merge_conflict``)."""
    def to_json(self) -> str:
        """The JSON form."""
    @staticmethod
    def from_json(text: str) -> "BktModel":
        """Reads the JSON form; a ``null`` or a probability outside [0, 1] is a
        ``ModelError`` (``invalid_number``) naming the skill and field."""
    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the JSON form to a file."""
    @staticmethod
    def load(path: Union[str, "os.PathLike[str]"]) -> "BktModel":
        """Reads a model file written by :meth:`save` or ``masterykit fit -o``.

        Raises:
            OSError: a file that cannot be read.
            MasteryError: a malformed model, naming the skill and field.
        """
    @staticmethod
    def from_params(params: Mapping[str, Mapping[str, float]]) -> "BktModel":
        """A model from parameters per skill, e.g. ``{"add": {"prior": 0.1, "learn": 0.2,
        "guess": 0.2, "slip": 0.1}}``; each probability is checked."""
    @property
    def skills(self) -> list[str]:
        """Skills with parameters."""
    def prior(self, skill: str) -> float:
        """P(known) before any practice of a skill."""
    def predict_correct(self, skill: str, p_known: float) -> float:
        """P(correct) on the next response of a skill given P(known)."""
    def update(self, skill: str, p_known: float, score: float) -> float:
        """P(known) after a response scored in [0, 1] and one learning opportunity."""

def simulate(
    curriculum: Curriculum,
    teaching: Union[Mapping[str, JsonValue], Callable[[dict[str, JsonValue]], bool]],
    config: Optional[Mapping[str, JsonValue]] = None,
    *,
    progress: Optional[Progress] = None,
) -> dict[str, JsonValue]:
    """Simulates learners under a teaching policy; seeded, identical to the Rust core.

    Args:
        teaching: a callable teacher, given ``{"learner", "skill", "items", "estimate",
            "level", "last_correct"}`` before each item and returning True to move on (its
            exceptions are re-raised), or ``{"kind": "fixed_pace", "items": 5}``, ``{"kind": "mastery_threshold",
            "threshold": 0.95, "max_items": 30}``, ``{"kind": "policy_level", "level":
            "proficient", "max_items": 30}`` or ``{"kind": "next_steps", "max_items": 3000}``
            (follow the engine's next steps).
        config: overrides of learners, seed, population, spread, prerequisite_factor,
            memory_days (forgetting over time), items_per_day, retention_days, ...;
            ``first_learner`` makes the run learners ``first_learner..first_learner +
            learners`` of a larger run (see ``merge_simulations``).
    """

def merge_simulations(parts: Iterable[Mapping[str, JsonValue]]) -> dict[str, JsonValue]:
    """The result of one run from ``simulate`` results over consecutive learner ranges, in
    order: exactly what one run over all of them returns.

    Raises:
        MasteryError: ``merge_conflict`` when the ranges do not follow each other or the
            runs have different skills or levels.
    """

class PlacementOptions(TypedDict, total=False):
    """Placement options; every field optional (defaults in parentheses)."""

    careless: float  # P(wrong | known), BLIM's beta, in [0, 0.5) (0.1)
    lucky: float  # P(right | not known), BLIM's eta, in [0, 0.5) (0.1)
    careless_by_skill: Mapping[str, float]
    lucky_by_skill: Mapping[str, float]
    confidence: Optional[float]  # stop once every P(known) is >= it or <= 1 - it (0.9)
    max_questions: Optional[int]  # question budget (None: three per skill at most)
    prior: Mapping[str, float]  # prior P(known) per skill, in (0, 1)
    default_prior: float  # (0.5)
    method: Literal["auto", "exact", "sampling"]
    max_states: int  # most closed states enumerated exactly (1,000,000)
    sweeps: Optional[int]  # Gibbs sweeps per answer (sampling)
    selector: Literal["informative", "half_split", "random", "in_order"]
    strict: bool  # answers only for the skill asked
    seed: int

class Question(TypedDict):
    """The skill to test next."""

    skill: str
    p_known: float
    information: float  # bits

class SkillEstimate(TypedDict):
    skill: str
    p_known: float
    known: bool  # in the estimated state

class PlacementEstimate(TypedDict, total=False):
    """Where a placement stands; ``states`` only under the exact method."""

    skills: list[SkillEstimate]
    state: list[str]  # the estimated knowledge state, in learnable order
    questions: int
    done: bool
    method: Literal["exact", "sampling"]
    states: int

class SimulatedPlacement(TypedDict):
    """A simulated learner's placement."""

    hidden: list[str]
    answers: list[tuple[str, bool]]
    wrong_after: list[int]  # skills wrong before any answer, then after each
    estimate: PlacementEstimate
    wrong: int

class PlacementTrial(TypedDict, total=False):
    learners: int  # (100)
    within: int  # placed once at most this many skills are wrong (0)
    budget: Optional[int]  # questions per learner (None: one per skill)
    seed: int  # (7)

class SelectorResult(TypedDict):
    selector: Literal["informative", "half_split", "random", "in_order"]
    placed: int
    learners: int
    median_questions: Optional[float]
    questions: list[Optional[int]]  # per learner; None when the budget ran out first
    mean_wrong: list[float]  # mean skills wrong before any answer, then after each question

@final
class Placement:
    """An adaptive pre-assessment over a curriculum's prerequisite graph.

    Knowledge states are the prerequisite-closed skill sets; answers are noisy (careless and
    lucky rates); ``next_question`` gives the most informative skill, ``estimate`` each
    skill's P(known) and the most likely state, ``done`` whether the stopping rule is met.
    A session is a function of its curriculum, options and answers: ``restore`` (and pickle)
    rebuilds it from them, and it asks the same next question.
    Errors are ``EvidenceError`` (``unknown_skill``, ``unexpected_answer``,
    ``inconsistent_answers``) or ``MasteryError`` for options (``invalid_number``, ...).
    """

    def __new__(
        cls, curriculum: Curriculum, options: Optional[PlacementOptions] = None, **kwargs: Unpack[PlacementOptions]
    ) -> "Placement": ...
    @staticmethod
    def restore(
        curriculum: Curriculum, options: PlacementOptions, answers: Sequence[tuple[str, bool]]
    ) -> "Placement":
        """A session rebuilt from its options and answers: the same estimate and next question."""
    def next_question(self) -> Optional[Question]:
        """The skill to test next, or None once the stopping rule is met."""
    def record(self, skill: str, correct: bool) -> None:
        """Records an answer; on error nothing changes."""
    def record_answers(self, answers: Sequence[tuple[str, bool]]) -> None:
        """Records answers in order; on error none is recorded."""
    def done(self) -> bool:
        """Whether the stopping rule is met."""
    def estimate(self) -> PlacementEstimate:
        """Per-skill P(known), the estimated state and where the session stands."""
    def answers(self) -> list[tuple[str, bool]]:
        """The answers so far, in order."""
    def assessment(self, learner: str, timestamp: TimeLike, event_id: Optional[str] = None) -> dict[str, JsonValue]:
        """The placement as a ``pre_assessment`` assessment, for ``LearnerStore.apply``."""
    def answer_as(self, known: Sequence[str], seed: int) -> SimulatedPlacement:
        """Answers until the stopping rule as a learner knowing ``known`` (and prerequisites)."""
    @property
    def options(self) -> PlacementOptions: ...

def compare_selectors(
    curriculum: Curriculum,
    trial: Optional[PlacementTrial] = None,
    selectors: Optional[Sequence[Literal["informative", "half_split", "random", "in_order"]]] = None,
    options: Optional[PlacementOptions] = None,
) -> list[SelectorResult]:
    """Compares question selectors on the same simulated learners (hidden states drawn
    consistent with the graph, answers with the options' noise)."""

def knowledge_states(curriculum: Curriculum, max: int = 1_000_000) -> list[list[str]]:
    """Every knowledge state (prerequisite-closed skill set), each in learnable order.

    Raises:
        MasteryError: ``invalid_option`` when there are more than ``max``.
    """

def learning_paths(curriculum: Curriculum, max: int = 100_000) -> list[list[str]]:
    """Every order of all skills with each after its prerequisites (each prefix a state).

    Raises:
        MasteryError: ``invalid_option`` when there are more than ``max``.
    """

# Interchange standards. Documents are JSON text or plain data (dicts and lists); options are
# dicts of the core's option fields (unknown fields are ``invalid_option`` errors).

def curriculum_from_case(
    package: str | Mapping[str, JsonValue], options: Mapping[str, JsonValue] | None = None
) -> tuple[Curriculum, dict[str, JsonValue]]:
    """Reads a 1EdTech CASE 1.0/1.1 package as a curriculum; returns it and a summary
    (items, skills, units, courses, prerequisites, ignored associations by type).

    Options: ``ids`` (``"identifier"`` or ``"human_coding_scheme"``), ``skill_types`` (the
    CFItemTypes that are skills; items with no children otherwise), ``unit_depth``,
    ``course_depth``.

    Raises:
        CurriculumError: ``invalid_case`` naming the record and field; the curriculum's own
            codes (``cycle``, ``unknown_skill``, ``duplicate_skill``) naming CASE identifiers.
    """

def curriculum_to_case(curriculum: Curriculum, options: Mapping[str, JsonValue] | None = None) -> str:
    """A curriculum as a CASE 1.1 package (JSON text). Options: ``base_uri``, ``title``,
    ``creator``, ``last_change``."""

def assessments_from_xapi(
    statements: str | Mapping[str, JsonValue] | Sequence[Mapping[str, JsonValue]],
    mapping: Mapping[str, JsonValue] | None = None,
) -> tuple[list[dict[str, JsonValue]], dict[str, JsonValue]]:
    """Reads xAPI 1.0.3 statements (a batch, a list, one statement, or JSON Lines text) as
    assessments in the event-log form (for ``LearnerStore.replay_events``); returns them and
    a summary (records, responses, sittings, duplicates, voided, skipped by reason).

    The mapping: ``items`` (activity id to skill ids), ``skills_extension``,
    ``context_extension``, ``context``, ``verbs`` (IRI to ``answered``, ``passed``,
    ``failed``, ``mastered`` or ``ignore``), ``unknown_verbs`` and ``unmapped_items``
    (``"error"`` or ``"skip"``), ``sittings`` (``"registration"``, ``"record"``, ``"gap"``),
    ``gap_seconds``, ``qualify_accounts``.

    Raises:
        EvidenceError: ``invalid_statement`` naming the statement and field,
            ``unknown_verb``, ``unmapped_item``, ``invalid_score``.
        MasteryError: ``parse_error`` for text that is not JSON; ``invalid_option``.
    """

def assessments_from_caliper(
    events: str | Mapping[str, JsonValue] | Sequence[Mapping[str, JsonValue]],
    mapping: Mapping[str, JsonValue] | None = None,
) -> tuple[list[dict[str, JsonValue]], dict[str, JsonValue]]:
    """Reads Caliper 1.1/1.2 events (an envelope, a list, one event, or JSON Lines text) as
    assessments: each ``GradeEvent`` is an answer scored ``scoreGiven / maxScore``; other
    events are skipped and counted. The mapping is that of ``assessments_from_xapi``.

    Raises:
        EvidenceError: ``invalid_caliper_event``, ``unknown_verb``, ``unmapped_item``,
            ``invalid_score``.
    """

def transitions_to_xapi(store: LearnerStore, options: Mapping[str, JsonValue] | None = None) -> str:
    """The store's level changes as xAPI statements (JSON text): ADL ``mastered`` for the
    policy's top level, ``progressed`` otherwise. Options: ``home_page``,
    ``activity_prefix``."""

def schema(name: str) -> str:
    """The JSON Schema (draft 2020-12, JSON text) of a document masterykit reads or writes:
    ``curriculum``, ``policy``, ``event``, ``snapshot``, ``model``, ... (``schema_names()``).

    Raises:
        MasteryError: ``invalid_option`` for an unknown name, listing the names.
    """

def schema_names() -> list[str]:
    """The names ``schema`` takes."""
