// Compiled by `tsc --noEmit` (tests/types.test.mjs), never run: the public declarations
// describe every input and output, and misuse does not type-check.
import {
  BktModel,
  Curriculum,
  LearnerStore,
  NextStepRules,
  Placement,
  Policy,
  compareSelectors,
  simulate,
  type PlacementEstimate,
  type ScoreRow,
  type ClassGoalReport,
  type RosterEvent,
  type Question,
  type SelectorResult,
  type ChallengeStatus,
  type NextStep,
  type StepRow,
  type Applied,
  type Assessment,
  type ClassReport,
  type GoalProgress,
  type LearnerReport,
  type MasteryError,
  type Metrics,
  type Evaluation,
  type FitWarning,
  type ResponseColumns,
  type SimResult,
  type Step,
} from "masterykit";

const course: Curriculum = Curriculum.fromJson("{}");
const order: string[] = course.learnableOrder();
const depth: number = course.depth(order[0]);
const gapSkills: string[] = course.gaps("x", ["y"]).map((g) => g.skill);
const redundant: number = course.lint().redundant_edges.length;
const store = new LearnerStore(course, Policy.khan());
const assessment: Assessment = {
  learner: "ana",
  context: "practice",
  timestamp: "2026-09-01T09:00:00Z",
  responses: [{ item: "q1", skills: ["add"], correct: true }],
};
const applied: Applied = store.apply(assessment);
const to: string = applied.transitions[0].to;
const report: LearnerReport = store.learnerReport("ana");
const percent: number = report.courses[0].mastery_percent;
const klass: ClassReport = store.classReport();
const counts: number[] = klass.skills[0].counts;
const progress: GoalProgress = store.progress("ana", { scope: { unit: "u" }, due: "2026-10-01" }, "2026-09-15");
const projected: string | null = progress.projected_completion;
const matrix: Uint8Array = store.levelMatrix();
const points: number = store.skillState("ana", "add").points;
const columns: ResponseColumns = {
  learner_codes: new Uint32Array(1),
  skill_codes: new Uint32Array(1),
  correct: new Uint8Array(1),
  learner_names: ["u"],
  skill_names: ["s"],
  item_codes: [0],
  item_names: ["i"],
};
const model: BktModel = BktModel.fit(columns, { num_fits: 2, multigs: true });
const metrics: Metrics = model.evaluate(columns);
const predicted: Float64Array = model.predict(columns);
const skipped: (number | null)[] = model.predict(columns, "skip");
const traced: Float64Array = model.predict(columns, "population");
const evaluation: Evaluation = model.evaluate(columns, { prior: 0.1, learn: 0.2, guess: 0.2, slip: 0.1 });
const unseenSkills: string[] = evaluation.unseen_skills;
const warnings: FitWarning[] = model.warnings();
// @ts-expect-error: only "skip" leaves nulls
const notAllNumbers: Float64Array = model.predict(columns, "skip");
const learn: number = model.params()["s"].learn;
const result: SimResult = simulate(course, { kind: "fixed_pace", items: 5 }, { learners: 10 });
const custom: SimResult = simulate(course, (step: Step) => step.items >= 3 && step.level !== "attempted");
const share: number = result.level_shares[0][1];

const steps: NextStep[] = store.nextSteps("ana", "unit:ops", new Date(), NextStepRules.khan());
const why: string = steps[0].reason.code === "review_due" ? String(steps[0].reason.interval_days) : steps[0].text;
const status: ChallengeStatus = store.challengeStatus("ana", "2026-09-01");
const rows: StepRow[] = store.nextStepsAll(null, 1788000000);

const placement = new Placement(course, { careless: 0.05, selector: "half_split", max_questions: 10 });
const question: Question | null = placement.nextQuestion();
if (question) placement.record(question.skill, true);
placement.recordAnswers([["add", false]]);
const placed: PlacementEstimate = placement.estimate();
const placedState: string[] = placed.state;
const preAssessment: Assessment = placement.assessment("ana", new Date(), "place-1");
const compared: SelectorResult[] = compareSelectors(course, { learners: 5, within: 1 }, ["random"]);
// @ts-expect-error: selectors are a closed set
new Placement(course, { selector: "best" });

function codeOf(e: unknown): string {
  return (e as MasteryError).code;
}

// @ts-expect-error: an assessment needs a learner, a context, a timestamp and responses
store.apply({ learner: "ana" });
// @ts-expect-error: columns are typed
BktModel.fit({ learner_codes: "0" });
// @ts-expect-error: fit options are checked by name
BktModel.fitCsv("", { num_fitz: 2 });
// @ts-expect-error: teaching kinds are a closed set
simulate(course, { kind: "psychic" });
// @ts-expect-error: step kinds are a closed set
const kind: NextStep["kind"] = "homework";
store.setRoster({ format_version: 1, classes: [{ id: "c", learners: ["ana"] }] });
const line: string = store.addAssignment({ id: "a", skills: ["add"], class: "c", due: "2026-10-01" });
const scoreRows: ScoreRow[] = store.scores("c", "2026-09-15");
const late: boolean = scoreRows[0].late;
const goalReports: ClassGoalReport[] = store.classGoals("c", "2026-09-15");
const behind: string[] = goalReports.length ? goalReports[0].behind : [];
const celebrated: RosterEvent[] = applied.events;
const fixes = store.assignCorrectives("f", "add", "c");
// @ts-expect-error: an assignment status is one of five
const badStatus: ScoreRow["status"] = "done";
// @ts-expect-error: results are typed, not `any`
const wrong: string = report.courses;

export { line, late, behind, celebrated, fixes, badStatus, steps, why, status, rows, kind, depth, gapSkills, redundant, to, percent, counts, projected, matrix, points, metrics, predicted, learn, custom, share, codeOf, wrong, placedState, preAssessment, compared };
