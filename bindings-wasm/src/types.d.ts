/** An RFC 3339 timestamp (`2026-09-01T09:00:00Z`) or a date (`2026-09-01`). */
export type Timestamp = string;
/**
 * A time as input: RFC 3339 text or a date (`"2026-09-01"`), a `Date`, or whole seconds
 * since the Unix epoch (not milliseconds: a number that looks like milliseconds is an
 * `invalid_timestamp` error saying so). Years 0-9999.
 */
export type TimeLike = Timestamp | Date | number;

/** The stable code of every error masterykit throws (the core's `Error::CODES`; a test holds them equal). */
export type ErrorCode =
  | "ambiguous_answer" | "bonus_not_allowed" | "cancelled" | "conflicting_transition" | "cycle"
  | "duplicate_assignment" | "duplicate_class" | "duplicate_context" | "duplicate_course"
  | "duplicate_goal" | "duplicate_learner" | "duplicate_level" | "duplicate_outcome"
  | "duplicate_prerequisite" | "duplicate_preset" | "duplicate_skill" | "duplicate_unit"
  | "empty_evidence" | "empty_id" | "event_conflict" | "inconsistent_answers"
  | "invalid_caliper_event" | "invalid_case" | "invalid_correct" | "invalid_curriculum"
  | "invalid_next_step_rules" | "invalid_number" | "invalid_option" | "invalid_policy"
  | "invalid_roster" | "invalid_score" | "invalid_snapshot" | "invalid_statement"
  | "invalid_timestamp" | "invalid_weight" | "mastery_challenge_cooldown"
  | "mastery_challenge_locked" | "mastery_challenge_shape" | "merge_conflict" | "missing_column"
  | "missing_transition"
  | "parse_error" | "self_prerequisite" | "sitting_mismatch" | "snapshot_mismatch"
  | "unexpected_answer" | "unfitted_skill" | "unknown_assignment" | "unknown_class"
  | "unknown_context" | "unknown_course" | "unknown_goal" | "unknown_learner" | "unknown_level"
  | "unknown_outcome" | "unknown_preset" | "unknown_skill" | "unknown_unit" | "unknown_verb"
  | "unmapped_item" | "unsupported_format_version";

/** One problem of a document that had several. */
export interface Problem {
  code: ErrorCode;
  message: string;
}

/**
 * What every masterykit function throws: an `Error` whose `name` is the family
 * (`CurriculumError`, `PolicyError`, `EvidenceError`, `ModelError`, `RosterError` or
 * `MasteryError`).
 */
export interface MasteryError extends Error {
  name: "CurriculumError" | "PolicyError" | "EvidenceError" | "ModelError" | "RosterError" | "MasteryError";
  code: ErrorCode;
  /** Every problem found, when one document had several (otherwise the error alone). */
  problems: Problem[];
}

/** A prerequisite: a skill id (weight 1) or a weighted reference. */
export type Prerequisite = string | { skill: string; weight: number };

/** A skill of a curriculum document. */
export interface SkillDoc {
  id: string;
  name?: string;
  description?: string | null;
  tags?: string[];
  external_code?: string | null;
  weight?: number;
  prerequisites?: Prerequisite[];
}

/** A unit: an ordered list of skill ids. */
export interface UnitDoc {
  id: string;
  name?: string;
  skills?: string[];
}

/** A course: an ordered list of unit ids. */
export interface CourseDoc {
  id: string;
  name?: string;
  units?: string[];
}

/** The curriculum format (JSON, TOML, or this object). */
export interface CurriculumDoc {
  format_version: number;
  name?: string | null;
  skills?: SkillDoc[];
  units?: UnitDoc[];
  courses?: CourseDoc[];
}

/** An unknown prerequisite of a struggling skill and how far below it lies. */
export interface Gap {
  skill: string;
  distance: number;
}

/** A prerequisite edge. */
export interface Edge {
  from: string;
  to: string;
}

/** Redundant edges (implied by longer paths) and skills outside every unit. */
export interface Lint {
  redundant_edges: Edge[];
  orphans: string[];
}

/** A mastery level and its points. */
export interface LevelDef {
  id: string;
  name: string;
  points: number;
}

/** A named band of the share correct within a context. */
export interface OutcomeBand {
  id: string;
  min_score: number;
}

/** The outcome bands of an evidence context. */
export interface ContextRules {
  id: string;
  outcomes: OutcomeBand[];
  bonus_question?: boolean;
}

/** A cell group of the transition table: (from levels, contexts, outcome) -> level. */
export interface TransitionRule {
  contexts: string[];
  outcome: string;
  from: string[];
  to: string;
}

/** A mastery challenge unlocks when at least `at_least` skills are at `level` or above. */
export interface UnlockCondition {
  level: string;
  at_least: number;
}

/** Extra rules of the mastery challenge context. */
export interface MasteryChallengeRules {
  context: string;
  questions_per_skill: number;
  max_skills: number;
  unlock?: UnlockCondition[];
  cooldown_hours?: number;
}

/** A level reached when P(known) is at least `min_p_known`. */
export interface LevelThreshold {
  level: string;
  min_p_known: number;
}

/** How evidence moves levels: a transition table, or thresholds on a BKT estimate. */
export type Rules =
  | {
      kind: "table";
      contexts: ContextRules[];
      transitions: TransitionRule[];
      mastery_challenge?: MasteryChallengeRules | null;
    }
  | {
      kind: "probability";
      contexts: string[];
      bkt: BktParams;
      skill_bkt?: Record<string, BktParams>;
      thresholds: LevelThreshold[];
    };

/** The policy format (JSON, TOML, or this object). */
export interface PolicyDoc {
  format_version: number;
  name: string;
  description?: string;
  levels: LevelDef[];
  max_points?: number;
  default_target: string;
  rules: Rules;
}

/** One answer: `correct` or a `score` in [0, 1]. */
export interface Response {
  item: string;
  skills: string[];
  correct?: boolean | null;
  score?: number | null;
  hints?: number | null;
  duration?: number | null;
  timestamp?: TimeLike | null;
  bonus?: boolean;
}

/**
 * Evidence in columns, one row per response: codes into the name lists. Consecutive rows of
 * one learner and sitting form one assessment; its context and event id are its first row's.
 */
export interface EvidenceColumns {
  learner_codes: Uint32Array | number[];
  learner_names: string[];
  /** Whole numbers: rows of one assessment are consecutive and share it. */
  sitting: Float64Array | number[];
  context_codes: Uint32Array | number[];
  context_names: string[];
  skill_codes: Uint32Array | number[];
  skill_names: string[];
  /** In [0, 1]: 1 or 0 for a right or wrong answer. */
  score: Float64Array | number[];
  /** Milliseconds since the epoch. */
  timestamp_ms: Float64Array | number[];
  item_codes?: Float64Array | number[];
  item_names?: string[];
  /** -1 for a row without an event id. */
  event_codes?: Float64Array | number[];
  event_names?: string[];
}

/** One sitting (a practice exercise, quiz, unit test, ...): applied all or nothing. */
export interface Assessment {
  event_id?: string | null;
  learner: string;
  context: string;
  timestamp: TimeLike;
  responses: Response[];
}

/** A level change. */
export interface Transition {
  learner: string;
  skill: string;
  from: string;
  to: string;
  context: string;
  outcome?: string | null;
  timestamp: Timestamp;
  event_id?: string | null;
}

/** What applying an assessment did. */
export interface Applied {
  transitions: Transition[];
  /** The event id was seen before: nothing changed. */
  duplicate: boolean;
  /**
   * The assessment as one event-log line (JSON Lines, no line break) to append to a log
   * kept beside snapshots: `LearnerStore.restore(curriculum, policy, snapshot, tail)`
   * rebuilds the state. `null` for a duplicate.
   */
  record: string | null;
  /** Skills, units and courses newly mastered, goals achieved, assignments completed. */
  events: RosterEvent[];
}

/** Something applying evidence achieved. */
export interface RosterEvent {
  kind: "skill_mastered" | "unit_mastered" | "course_mastered" | "goal_achieved" | "assignment_completed";
  learner: string;
  /** The skill, unit, course, goal or assignment. */
  id: string;
  timestamp: Timestamp;
  /** A completed assignment's share correct. */
  score?: number;
  /** A completed assignment was completed after its due date. */
  late?: boolean;
}

/** A class: an id, a name and its learners. */
export interface Class {
  id: string;
  name?: string;
  learners?: string[];
}

/** A goal given to a class or to learners. */
export interface ClassGoal {
  id: string;
  name?: string;
  scope: Scope;
  target?: string;
  start?: Timestamp;
  due?: Timestamp;
  min_pace_days?: number;
  class?: string;
  learners?: string[];
}

/** Skills to work on in a context, given to a class or to learners. */
export interface Assignment {
  id: string;
  name?: string;
  skills: string[];
  /** `practice` (the default), `quiz`, `unit_test`, ... */
  context?: string;
  start?: Timestamp;
  due?: Timestamp;
  class?: string;
  learners?: string[];
}

/** Classes, goals and assignments. */
export interface RosterDoc {
  format_version: 1;
  classes?: Class[];
  goals?: ClassGoal[];
  assignments?: Assignment[];
}

/** One change to a roster (also a `{"roster": ...}` line of an event log). */
export type RosterChange =
  | { op: "add_class"; class: Class }
  | { op: "remove_class"; id: string }
  | { op: "enrol"; class: string; learners: string[] }
  | { op: "unenrol"; class: string; learners: string[] }
  | { op: "add_goal"; goal: ClassGoal }
  | { op: "remove_goal"; id: string }
  | { op: "add_assignment"; assignment: Assignment }
  | { op: "remove_assignment"; id: string };

export type AssignmentStatus = "not_started" | "in_progress" | "completed" | "completed_late" | "missed";

/** A learner's work on an assignment. */
export interface AssignmentWork {
  sittings: number;
  completions: number;
  first_score?: number;
  first_completed?: Timestamp;
  best_score?: number;
  seconds: number;
  last_activity?: Timestamp;
}

/** One row of the Scores report. */
export interface ScoreRow {
  assignment: string;
  learner: string;
  status: AssignmentStatus;
  score: number | null;
  best_score: number | null;
  completed: Timestamp | null;
  late: boolean;
  sittings: number;
  seconds: number;
}

/** A learner struggling with a skill, and the corrective rule that says so. */
export interface Struggler {
  learner: string;
  rule: "level" | "demoted" | "accuracy" | "p_known";
}

/** Learners of a class per goal status. */
export interface GoalCounts {
  not_started: number;
  in_progress: number;
  too_early: number;
  on_track: number;
  behind: number;
  achieved: number;
  overdue: number;
}

/** A goal given to a class, and where its learners stand. */
export interface ClassGoalReport {
  goal: string;
  name: string;
  scope: Scope;
  due: Timestamp | null;
  counts: GoalCounts;
  /** Learners behind or overdue. */
  behind: string[];
  learners: { learner: string; progress: GoalProgress }[];
}

/** The Mastery report of a class. */
export interface ClassMastery {
  class: string;
  skills: string[];
  units: string[];
  courses: string[];
  learners: {
    learner: string;
    /** One level id per skill of `skills`. */
    levels: string[];
    units: number[];
    courses: number[];
    skills_at_target: number;
    mastery_percent: number;
    last_active: Timestamp | null;
  }[];
}

/** One skill of the class Skills report. */
export interface ClassSkill {
  skill: string;
  name: string;
  /** Learners per level, in the policy's level order. */
  counts: number[];
  percent_at_target: number;
  struggling: string[];
}

/** The Skills report of a class. */
export interface ClassSkills {
  class: string;
  levels: string[];
  learners: number;
  skills: ClassSkill[];
}

/** A learner's mastery of a scope at the end of one period. */
export interface ProgressPoint {
  learner: string;
  date: Timestamp;
  mastery_percent: number;
  skills_at_target: number;
}

/** A learner's state on one skill. */
export interface SkillState {
  skill: string;
  level: string;
  points: number;
  responses: number;
  score_sum: number;
  last_practiced: Timestamp | null;
  /**
   * Successful reviews in a row: sittings on a later day than the last practice that found
   * the skill at the policy's default target or above and left it there (at most 7).
   */
  reviews: number;
  /** Whether the last change of level was down (a test or a weaker exercise demoted it). */
  demoted: boolean;
  /** P(known) under a probability policy. */
  p_known?: number;
}

/** What a goal covers. */
/** What a goal or an aggregate covers: `"course:ID"`, `"unit:ID"`, `"skills:A,B"`, an array of skill ids, or the object form. */
export type Scope =
  | `course:${string}`
  | `unit:${string}`
  | `skills:${string}`
  | string[]
  | { course: string }
  | { unit: string }
  | { skills: string[] };

/** A learning goal. */
export interface Goal {
  scope: Scope;
  /** Level to reach (the policy's default target when absent). */
  target?: string | null;
  start?: TimeLike | null;
  due?: TimeLike | null;
  /** Days of work since the start before a pace is projected (1 when absent). */
  min_pace_days?: number | null;
}

/** Where a learner stands on a goal. */
export type GoalStatus =
  | "not_started" | "in_progress" | "too_early" | "on_track" | "behind" | "achieved" | "overdue";

/** Progress on a goal as of a moment. */
export interface GoalProgress {
  target: string;
  skills_total: number;
  skills_at_target: number;
  share_at_target: number;
  points_earned: number;
  points_possible: number;
  mastery_percent: number;
  remaining: string[];
  status: GoalStatus;
  started: Timestamp | null;
  skills_per_day: number | null;
  projected_completion: Timestamp | null;
}

/** A kind of next step. */
export type StepKind =
  | "corrective" | "next_up" | "review" | "mastery_challenge" | "unit_test" | "course_challenge"
  | "enrichment";

/** Why a step was proposed: a `code` and the facts behind it. */
export type StepReason =
  | {
      /** The learner struggles with `skill`; `prerequisite`, `depth` steps below it, is weak. */
      code: "weak_prerequisite"; skill: string; level: string; responses: number; accuracy: number;
      prerequisite: string; prerequisite_level: string; required_level: string; depth: number;
    }
  | {
      /** The learner struggles with `skill`, whose prerequisites are fine: retry it. */
      code: "struggling"; skill: string; level: string; responses: number; accuracy: number;
      p_known?: number; rule: "level" | "demoted" | "accuracy" | "p_known";
    }
  | { code: "prerequisites_met"; skill: string; level: string; prerequisites: string[]; required_level: string }
  | {
      code: "review_due"; skill: string; level: string; last_practiced: Timestamp; days_since: number;
      interval_days: number; reviews: number;
    }
  | { code: "challenge_unlocked"; requirements: ChallengeRequirement[] }
  | { code: "mostly_known"; scope: string; known: number; skills: number; level: string; min_share: number }
  | { code: "goal_met"; goal: string; skill: string; required_level: string };

/** One next step. */
export interface NextStep {
  kind: StepKind;
  /** The skills to work on (a challenge's or test's skills, in the order asked). */
  skills: string[];
  /** `unit:ID` of a unit test, `course:ID` of a course challenge. */
  scope?: string;
  /** The policy context to take a challenge or test in. */
  context?: string;
  questions_per_skill?: number;
  reason: StepReason;
  /** The reason in a sentence. */
  text: string;
}

/** One unlock condition of the mastery challenge, and where the learner stands. */
export interface ChallengeRequirement {
  level: string;
  at_least: number;
  has: number;
  met: boolean;
}

/** Whether a learner may take a mastery challenge now, why not, and when. */
export interface ChallengeStatus {
  /** The policy has a mastery challenge. */
  available: boolean;
  unlocked: boolean;
  requirements: ChallengeRequirement[];
  last_challenge: Timestamp | null;
  /** When the cool-down after the last challenge ends, while it runs. */
  cooldown_until: Timestamp | null;
  /** When it unlocks, when only the cool-down stands in the way. */
  unlocks_at: Timestamp | null;
  context: string | null;
  questions_per_skill: number;
  max_skills: number;
}

/** One step of one learner, from `LearnerStore.nextStepsAll`. */
export interface StepRow {
  learner: string;
  /** From 1, in the learner's list. */
  rank: number;
  kind: StepKind;
  skills: string[];
  scope: string | null;
  /** The reason's code. */
  reason: StepReason["code"];
}

/** How many steps of one kind to propose at most. */
export interface StepLimit {
  max: number;
}

/** A unit test's or course challenge's rules. */
export interface TestStepRules {
  max: number;
  context: string;
  min_level: string;
  min_share: number;
  questions_per_skill: number;
}

/** The next-step rules document (`NextStepRules.khan().toObject()` is the khan-2025 preset). */
export interface NextStepRulesDoc {
  format_version: number;
  name: string;
  description?: string;
  /** The level skills must reach; `null`: the policy's default target. */
  target: string | null;
  max_steps: number;
  /** The kinds proposed, most urgent first. */
  order: StepKind[];
  corrective: {
    max: number;
    struggling_levels: string[];
    /** A skill whose last change of level was down is a struggle. */
    demoted: boolean;
    min_responses: number;
    max_accuracy: number;
    max_p_known: number;
    prerequisite_level: string | null;
  };
  next_up: StepLimit;
  review: {
    max: number;
    min_level: string;
    first_interval_days: number;
    growth: number;
    max_interval_days: number;
  };
  mastery_challenge: { enabled: boolean };
  unit_test: TestStepRules;
  course_challenge: TestStepRules;
  enrichment: StepLimit;
}

/** Mastery of one unit or course. */
export interface ScopeMastery {
  id: string;
  name: string;
  points_earned: number;
  points_possible: number;
  mastery_percent: number;
}

/** A learner's mastery report. */
export interface LearnerReport {
  learner: string;
  /** Every skill, in learnable order. */
  skills: SkillState[];
  courses: ScopeMastery[];
  units: ScopeMastery[];
  strengths: string[];
  weaknesses: string[];
}

/** One skill across a class: learners at each level (in `ClassReport.levels` order). */
export interface ClassSkillRow {
  skill: string;
  counts: number[];
  mastery_percent: number;
}

/** Per skill, learners at each level. */
export interface ClassReport {
  levels: string[];
  learners: number;
  skills: ClassSkillRow[];
}

/** Activity in a time window. */
export interface ActivityOverview {
  from: Timestamp;
  to: Timestamp;
  learners_active: number;
  assessments: number;
  responses: number;
  accuracy: number;
  seconds: number;
  levels_up: number;
  levels_down: number;
  by_context: Record<string, number>;
}

/** BKT parameters of one skill. */
export interface BktParams {
  prior: number;
  learn: number;
  guess: number;
  slip: number;
  forget?: number;
}

/** Parameters held fixed while fitting. */
export interface Pinned {
  prior?: number | null;
  learn?: number | null;
  guess?: number | null;
  slip?: number | null;
  forget?: number | null;
}

/** How to fit (every field optional; defaults follow pyBKT). */
export interface FitOptions {
  num_fits?: number;
  seed?: number;
  tolerance?: number;
  max_iterations?: number;
  forgets?: boolean;
  max_guess?: number;
  max_slip?: number;
  pinned?: Pinned;
  /** Guess and slip per item (pyBKT's multigs; the CSV's `template_id`). */
  multigs?: boolean;
  /** Learn and forget per item (pyBKT's multilearn). */
  multilearn?: boolean;
  /** Learn and forget per pair of consecutive items (pyBKT's multipair). */
  multipair?: boolean;
  /** A skill with fewer responses earns a `few_responses` warning (default 10). */
  min_responses?: number;
  /** Prior per learner group (the CSV's `group`, else the first response's 0/1). */
  multiprior?: boolean;
}

/** Guess and slip of one item. */
export interface GuessSlip {
  guess: number;
  slip: number;
}

/** Learn and forget after one item or pair of items. */
export interface LearnForget {
  learn: number;
  forget: number;
}

/** Fitted parameters of one skill, the fit's figures, and any per-class maps of the variants. */
export interface SkillFit extends BktParams {
  log_likelihood: number;
  iterations: number;
  responses: number;
  /** Why the parameters deserve doubt; absent when there is nothing to say. */
  warnings?: FitWarningDoc[];
  guess_slip_by_item?: Record<string, GuessSlip>;
  learn_by_item?: Record<string, LearnForget>;
  /** Keyed `previous -> item`, and `(start)` after a sequence's first response. */
  learn_by_pair?: Record<string, LearnForget>;
  prior_by_group?: Record<string, number>;
}

/**
 * Responses as columns, one entry per row (rows in time order, or sorted by `order`):
 * learner and skill codes into the name arrays and 0/1 outcomes; typed arrays are copied once
 * into wasm memory (plain number arrays work too). Items and groups feed the variants.
 */
export interface ResponseColumns {
  learner_codes: Uint32Array | number[];
  skill_codes: Uint32Array | number[];
  correct: Uint8Array | number[];
  learner_names: string[];
  skill_names: string[];
  /** Whole numbers (e.g. timestamps in ms) that rows are sorted by, stably. */
  order?: Float64Array | number[];
  item_codes?: Uint32Array | number[];
  item_names?: string[];
  group_codes?: Uint32Array | number[];
  group_names?: string[];
}

/** Quality of predictions. */
export interface Metrics {
  rmse: number;
  auc: number;
  accuracy: number;
  log_loss: number;
  count: number;
}

/**
 * What `predict` and `evaluate` do with a skill the model has no parameters for: `"error"`
 * (the default: a `ModelError` with code `unfitted_skill`), `"skip"` (not predicted, not
 * scored), `"population"` (the fitted skills' response-weighted mean parameters) or
 * parameters.
 */
export type Unseen = "error" | "skip" | "population" | BktParams;

/** P(correct) and P(known) before each row's response (`null` where `"skip"` left a row out). */
export interface StatePredictions {
  correct: Float64Array | (number | null)[];
  state: Float64Array | (number | null)[];
}

/** Metrics of the scored responses, and what became of the skills the model lacked. */
export interface Evaluation extends Metrics {
  unseen: "error" | "skip" | "population" | "params";
  unseen_skills: string[];
  unseen_responses: number;
}

/** One skill's metrics. */
export interface SkillMetrics extends Metrics {
  skill: string;
}

/** One held-out fold of a cross-validation: its metrics, and each skill's. */
export interface FoldMetrics extends Metrics {
  /** The fold, from 0. */
  fold: number;
  /** Learners held out in it. */
  learners: number;
  /** Skills seen only in this fold (not scored). */
  unseen_skills: string[];
  skills: SkillMetrics[];
}

/** Codes of fit warnings. */
export type FitWarningCode = "all_correct" | "all_wrong" | "few_responses" | "at_bound";

/** A fit warning as a model file holds it. */
export type FitWarningDoc =
  | { code: "all_correct" }
  | { code: "all_wrong" }
  | { code: "few_responses"; responses: number; min: number }
  | { code: "at_bound"; parameters: string[] };

/** A fitted skill whose parameters deserve doubt. */
export interface FitWarning {
  skill: string;
  code: FitWarningCode;
  message: string;
}

/** When the simulated teacher moves a learner on. */
export type Teaching =
  | { kind: "fixed_pace"; items: number }
  | { kind: "mastery_threshold"; threshold: number; max_items: number }
  | { kind: "policy_level"; level: string; max_items: number }
  /** Follow the engine's next steps (khan-2025 rules), at most `max_items` items in all. */
  | { kind: "next_steps"; max_items: number };

/** A simulation run (every field optional). */
export interface SimConfig {
  learners?: number;
  /** Index of the first learner: a run over `first_learner..first_learner + learners` is one part of a larger run (see `mergeSimulations`). */
  first_learner?: number;
  seed?: number;
  population?: BktParams;
  skill_population?: Record<string, BktParams>;
  spread?: number;
  prerequisite_factor?: number;
  max_steps?: number;
  record_log?: boolean;
  exercise_size?: number;
  /** Forgetting over time: a known skill's memory stability in days, doubling with each practice on a later day (0: none). */
  memory_days?: number;
  /** Items a learner answers per day (the clock of forgetting and reviews). */
  items_per_day?: number;
  /** Days after the last item at which retention is measured. */
  retention_days?: number;
}

/** What a custom teacher sees before each item. */
export interface Step {
  learner: number;
  skill: string;
  items: number;
  estimate: number;
  level: string;
  last_correct: boolean | null;
}

/** One simulated learner's outcome. */
export interface LearnerOutcome {
  steps: number;
  mastered: number;
  over_practice: number;
  under_practiced: number;
  steps_to_mastery: number | null;
  /** Skills still known `retention_days` after the last item. */
  retained: number;
  /** Final level index of every skill (curriculum order). */
  levels: number[];
}

/** How one skill fared across simulated learners. */
export interface SkillOutcome {
  skill: string;
  true_mastery: number;
  mean_items: number;
  /** Learners who truly know it at the end. */
  learners_known: number;
  /** Items practised on it, by all learners. */
  items: number;
}

/** Results of a simulation, per learner and aggregated. */
export interface SimResult {
  /** Index of the first learner (the run's `first_learner`). */
  first_learner: number;
  learners: LearnerOutcome[];
  mastery_share: number;
  mean_steps: number;
  mean_over_practice: number;
  mean_under_practiced: number;
  completion_share: number;
  mean_steps_to_mastery: number | null;
  /** Share of (learner, skill) pairs still known `retention_days` after the last item. */
  retention_share: number;
  skills: SkillOutcome[];
  /** [level id, share of (learner, skill) pairs at it]. */
  level_shares: [string, number][];
}

/** How a placement chooses its next question. */
export type PlacementSelector = "informative" | "half_split" | "random" | "in_order";

/** Placement options; every field optional (defaults in parentheses). */
export interface PlacementOptions {
  /** P(wrong | known), BLIM's beta, in [0, 0.5) (0.1). */
  careless?: number;
  /** P(right | not known), BLIM's eta, in [0, 0.5) (0.1). */
  lucky?: number;
  careless_by_skill?: Record<string, number>;
  lucky_by_skill?: Record<string, number>;
  /** Stop once every P(known) is at least this or at most 1 minus it (0.9); null for none. */
  confidence?: number | null;
  /** Question budget; null for three per skill at most. */
  max_questions?: number | null;
  /** Prior P(known) per skill, in (0, 1). */
  prior?: Record<string, number>;
  default_prior?: number;
  method?: "auto" | "exact" | "sampling";
  /** Most prerequisite-closed states enumerated exactly (1,000,000). */
  max_states?: number;
  /** Gibbs sweeps per answer (sampling); null for about 4 million skill visits. */
  sweeps?: number | null;
  selector?: PlacementSelector;
  /** Accept answers only for the skill asked. */
  strict?: boolean;
  seed?: number;
}

/** The skill to test next. */
export interface Question {
  skill: string;
  p_known: number;
  /** Mutual information between its answer and the knowledge state, in bits. */
  information: number;
}

/** One skill's placement estimate. */
export interface SkillEstimate {
  skill: string;
  p_known: number;
  /** In the estimated state. */
  known: boolean;
}

/** Where a placement stands. */
export interface PlacementEstimate {
  skills: SkillEstimate[];
  /** The estimated knowledge state (prerequisite-closed), in learnable order. */
  state: string[];
  questions: number;
  done: boolean;
  method: "exact" | "sampling";
  /** Prerequisite-closed states (exact method only). */
  states?: number;
}

/** A simulated learner's placement. */
export interface SimulatedPlacement {
  hidden: string[];
  answers: [string, boolean][];
  /** Skills the estimate gets wrong before any answer, then after each. */
  wrong_after: number[];
  estimate: PlacementEstimate;
  wrong: number;
}

/** How selectors are compared. */
export interface PlacementTrial {
  learners?: number;
  /** Placed once at most this many skills are wrong. */
  within?: number;
  /** Questions per learner; null for one per skill. */
  budget?: number | null;
  seed?: number;
}

/** One selector's questions to place the trial's learners. */
export interface SelectorResult {
  selector: PlacementSelector;
  placed: number;
  learners: number;
  median_questions: number | null;
  /** Per learner; null when the budget ran out first. */
  questions: (number | null)[];
  /** Mean skills wrong before any answer, then after each question. */
  mean_wrong: number[];
}

/** How a CASE package becomes a curriculum. */
export interface CaseImportOptions {
  /** Which CFItem field becomes ids (default `"identifier"`). */
  ids?: "identifier" | "human_coding_scheme";
  /** The CFItemTypes whose items are skills (default: items with no children). */
  skill_types?: string[];
  /** Depth of the items that become units (1: top level; default: a skill's parent). */
  unit_depth?: number | null;
  /** Depth of the items that become courses (default 1). */
  course_depth?: number | null;
}

/** What reading a CASE package found. */
export interface CaseSummary {
  items: number;
  skills: number;
  units: number;
  courses: number;
  prerequisites: number;
  /** Associations not mapped, by type (`precedes (groupings)` for precedes between groupings). */
  ignored_associations: Record<string, number>;
}

/** `curriculumFromCase`'s result: the curriculum and the summary. */
export type CaseImport = [Curriculum, CaseSummary];

/** How a curriculum is written as a CASE package. */
export interface CaseExportOptions {
  base_uri?: string;
  title?: string | null;
  creator?: string;
  /** Every record's lastChangeDateTime (default the Unix epoch, so output is deterministic). */
  last_change?: Timestamp;
}

/** How xAPI statements and Caliper events map onto evidence. */
export interface EvidenceMapping {
  /** Skills of each activity (item) id. */
  items?: Record<string, string[]>;
  /** Extension IRI holding skill ids (default `urn:masterykit:skills`). */
  skills_extension?: string;
  /** Context extension IRI naming the evidence context (default `urn:masterykit:context`). */
  context_extension?: string;
  /** The evidence context when no extension names one (default `practice`). */
  context?: string;
  /** Roles of verb IRIs, over the ADL defaults. */
  verbs?: Record<string, "answered" | "passed" | "failed" | "mastered" | "ignore">;
  unknown_verbs?: "error" | "skip";
  unmapped_items?: "error" | "skip";
  /** How answers group into sittings (default `registration`). */
  sittings?: "registration" | "record" | "gap";
  gap_seconds?: number;
  /** Account learner ids as `homePage#name`. */
  qualify_accounts?: boolean;
}

/** What reading statements or events found. */
export interface EvidenceSummary {
  records: number;
  responses: number;
  sittings: number;
  duplicates: number;
  voided: number;
  skipped: Record<string, number>;
}

/** Assessments read from xAPI or Caliper, in the event-log form, with a summary. */
export interface EvidenceImport {
  assessments: Assessment[];
  summary: EvidenceSummary;
}

/** How level changes are written as xAPI statements. */
export interface XapiExportOptions {
  home_page?: string;
  activity_prefix?: string;
}
