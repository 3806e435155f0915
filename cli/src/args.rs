//! The command line's shape: commands, their arguments and their help. Defaults come from
//! the core's `Default`s.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use masterykit::{FitOptions, SimConfig, Unseen};

/// masterykit: an embeddable mastery-learning engine. Validate and query curricula
/// (prerequisite order, paths, gaps), replay evidence into mastery levels under a policy,
/// report on learners, classes and goals, fit and score knowledge-tracing (BKT) models, and
/// simulate learners under teaching policies.
#[derive(Debug, Parser)]
#[command(name = "masterykit", version, long_about = None)]
pub struct Cli {
    /// Print machine-readable JSON, failures included (accepted before or after the command).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a curriculum; print every problem with its code (exit 1 when invalid).
    Validate(FileArgs),
    /// Print the skills in learnable order (prerequisites first, ties by course order).
    Order(FileArgs),
    /// Print the skills still to learn on the way to one or more goal skills, in order.
    Path {
        #[command(flatten)]
        file: FileArgs,
        /// Goal skill ids, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        to: Vec<String>,
        /// Skills the learner already knows, comma-separated.
        #[arg(long, value_delimiter = ',')]
        known: Vec<String>,
    },
    /// Print the skills ready to learn: not known, every prerequisite known.
    Frontier {
        #[command(flatten)]
        file: FileArgs,
        /// Skills the learner already knows, comma-separated.
        #[arg(long, value_delimiter = ',')]
        known: Vec<String>,
    },
    /// Diagnose a struggling skill: its unknown prerequisites, root causes first.
    Gaps {
        #[command(flatten)]
        file: FileArgs,
        /// The skill the learner struggles with.
        #[arg(long)]
        skill: String,
        /// Skills the learner already knows, comma-separated.
        #[arg(long, value_delimiter = ',')]
        known: Vec<String>,
    },
    /// Print the knowledge states (every prerequisite-closed skill set), one per line with
    /// its skills space-separated (an empty line for the empty state); or with --paths every
    /// learning path (each order of all skills with every skill after its prerequisites).
    States {
        #[command(flatten)]
        file: FileArgs,
        /// Learning paths instead of states.
        #[arg(long)]
        paths: bool,
        /// Fail (invalid_option) beyond this many.
        #[arg(long, default_value_t = 100_000)]
        max: usize,
    },
    /// Write a seeded generated curriculum (JSON): units of 25 skills, each requiring one to
    /// three of the 25 before it; for benchmarks, simulations and placement trials.
    Generate {
        /// Number of skills.
        #[arg(long)]
        skills: usize,
        /// Seed.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Where to write it (printed otherwise).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Report redundant prerequisite edges and skills in no unit.
    Lint(FileArgs),
    /// Apply an event log (JSON Lines, one assessment per line) and print the final levels
    /// and every level change.
    Replay {
        #[command(flatten)]
        engine: EngineArgs,
        /// Also write the final state as a JSON snapshot to this file.
        #[arg(long)]
        snapshot: Option<PathBuf>,
        /// Print how long reading and replaying took (to standard error).
        #[arg(long)]
        timings: bool,
        /// Keep no level-change history: print the final state only. Memory then grows with
        /// learners and event ids, not with the log (a JSON Lines log is read as a stream).
        #[arg(long)]
        no_history: bool,
    },
    /// Replay an event log, then print a report.
    Report {
        #[command(flatten)]
        engine: EngineArgs,
        #[command(subcommand)]
        kind: ReportKind,
    },
    /// Replay an event log, then give practice on a skill to every learner of a class
    /// struggling with it: prints the roster change as a log line (append it to the log),
    /// or nothing when no one struggles.
    Correctives {
        #[command(flatten)]
        engine: EngineArgs,
        /// The skill.
        #[arg(long)]
        skill: String,
        /// The class (every learner of the store otherwise).
        #[arg(long)]
        class: Option<String>,
        /// The new assignment's id.
        #[arg(long)]
        id: String,
        /// Its due date.
        #[arg(long)]
        due: Option<String>,
        /// Next-step rules whose corrective rules say who struggles.
        #[arg(long, default_value = "khan-2025")]
        rules: String,
    },
    /// Replay an event log, then print what a learner should do next, and why (or, with
    /// `--all`, every learner's next steps as CSV rows).
    Next {
        #[command(flatten)]
        engine: EngineArgs,
        /// The learner id (not with `--all`).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        learner: Option<String>,
        /// The goal: `course:ID`, `unit:ID` or `skills:A,B,C` (the whole curriculum otherwise).
        #[arg(long)]
        goal: Option<String>,
        /// "Now" (RFC 3339 or YYYY-MM-DD; the last event's time otherwise).
        #[arg(long)]
        now: Option<String>,
        /// Next-step rules: a preset name (`khan-2025`) or a rules file (.json or .toml).
        #[arg(long, default_value = "khan-2025")]
        rules: String,
        /// Every learner's steps, one CSV row each: learner, rank, kind, skills, scope, reason.
        #[arg(long)]
        all: bool,
    },
    /// Fit BKT parameters per skill to a response log (CSV with pyBKT's or DataShop's columns).
    Fit {
        #[command(flatten)]
        fit: FitArgs,
        /// Write the fitted model (JSON) here; printed otherwise.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print P(correct) before each response of a log under a fitted model (CSV).
    Predict {
        /// Response log (CSV).
        log: PathBuf,
        /// Fitted model (JSON from `masterykit fit`).
        #[arg(long)]
        model: PathBuf,
        /// A skill the model has no parameters for: `error`, `skip` (empty prediction) or
        /// `population` (the fitted skills' response-weighted mean parameters).
        #[arg(long, default_value = "error", value_parser = unseen)]
        unseen: Unseen,
        #[command(flatten)]
        columns: LogColumns,
    },
    /// Score a fitted model on a response log: RMSE, AUC, accuracy, log loss.
    Evaluate {
        /// Response log (CSV).
        log: PathBuf,
        /// Fitted model (JSON from `masterykit fit`).
        #[arg(long)]
        model: PathBuf,
        /// Print how long reading and scoring took (to standard error).
        #[arg(long)]
        timings: bool,
        /// A skill the model has no parameters for: `error`, `skip` (not scored) or
        /// `population` (the fitted skills' response-weighted mean parameters).
        #[arg(long, default_value = "error", value_parser = unseen)]
        unseen: Unseen,
        /// Also each skill's metrics.
        #[arg(long)]
        by_skill: bool,
        #[command(flatten)]
        columns: LogColumns,
    },
    /// Convert between interchange standards and masterykit's documents: a CASE package to
    /// a curriculum and back, xAPI statements or Caliper events to an event log, an event
    /// log's level changes to xAPI statements. What was read, kept and skipped goes to
    /// standard error.
    Convert(ConvertArgs),
    /// Merge the parts of a job split by skill or by learner: models fitted on disjoint
    /// skills, or snapshots of stores of disjoint learners (each replayed from its learners'
    /// events), into the model or snapshot of the whole.
    Merge {
        #[command(subcommand)]
        kind: MergeKind,
        /// Write the merged model or snapshot (JSON) here; printed otherwise.
        #[arg(short, long, global = true)]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema (draft 2020-12) of a document masterykit reads or writes; with
    /// no name, list the names; with --out-dir, write every schema there.
    Schema {
        /// The document: curriculum, policy, event, snapshot, model, ...
        name: Option<String>,
        /// Write every schema to this folder as NAME.schema.json.
        #[arg(long, conflicts_with = "name")]
        out_dir: Option<PathBuf>,
    },
    /// k-fold cross-validation split by learner (folds drawn with --seed).
    Crossvalidate {
        #[command(flatten)]
        fit: FitArgs,
        /// Number of folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Also each skill's metrics in each fold (always in --json).
        #[arg(long)]
        by_skill: bool,
    },
    /// Generate a response log (pyBKT's CSV columns) from seeded random BKT parameters.
    Synthesize {
        /// Number of skills (default 20, or 123 with --messy).
        #[arg(long)]
        skills: Option<usize>,
        /// Number of learners (default 5000, or 533 with --messy).
        #[arg(long)]
        learners: Option<usize>,
        /// Responses per learner per skill.
        #[arg(long, default_value_t = 20)]
        steps: usize,
        /// Seed of the parameters and the responses.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Include forgetting.
        #[arg(long)]
        forgets: bool,
        /// Where to write the CSV.
        #[arg(short, long)]
        output: PathBuf,
        /// Also write the true parameters as a model file.
        #[arg(long)]
        params: Option<PathBuf>,
        /// A log shaped like real ones instead: skills all right or all wrong, sequences of
        /// one response or of thousands, sparse skills, numeric ids, multi-skill rows,
        /// duplicate and shuffled rows, split by learner (the training part goes to
        /// --output).
        #[arg(long, requires = "test_output", conflicts_with_all = ["params", "steps", "forgets"])]
        messy: bool,
        /// With --messy: about how many responses in all.
        #[arg(long, default_value_t = 400_000, requires = "messy")]
        responses: usize,
        /// With --messy: where to write the test split (other learners, and skills seen only
        /// there).
        #[arg(long, requires = "messy")]
        test_output: Option<PathBuf>,
    },
    /// Simulate learners taught under one or more teaching policies and compare outcomes.
    Simulate {
        /// Curriculum file (.json or .toml).
        #[arg(long)]
        curriculum: PathBuf,
        /// Teaching policies: `fixed:N` (N items per skill), `mastery:P[:MAX]` (until the
        /// BKT estimate reaches P) or `level:ID[:MAX]` (until the Khan-style level reaches ID),
        /// at most MAX items per skill (default 30), or `next[:MAX]` (the engine's next steps,
        /// at most MAX items in all, default 3000). Comma-separated.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "fixed:5,mastery:0.8,mastery:0.9,mastery:0.95,level:proficient"
        )]
        teaching: Vec<String>,
        /// Number of learners.
        #[arg(long, default_value_t = SimConfig::default().learners)]
        learners: usize,
        /// Seed.
        #[arg(long, default_value_t = SimConfig::default().seed)]
        seed: u64,
        /// Learning-rate factor while a prerequisite is unknown.
        #[arg(long, default_value_t = SimConfig::default().prerequisite_factor)]
        prerequisite_factor: f64,
        /// Forgetting over time: a known skill's memory stability in days (doubling with
        /// each practice on a later day); 0 forgets nothing over time.
        #[arg(long, default_value_t = SimConfig::default().memory_days)]
        memory_days: f64,
        /// Write the first policy's response log here (pyBKT CSV columns).
        #[arg(long)]
        log: Option<PathBuf>,
    },
    /// Place a new learner: an adaptive pre-assessment over the curriculum's prerequisite
    /// graph, printing the estimate as JSON. Asks on the terminal (a skill, then y or n)
    /// unless --answers or --simulate answers; --compare compares question selectors.
    Place(PlaceArgs),
    /// Print a preset policy (`khan-2025`, `khan-pre-2018`, `probability-0.95`) as JSON, or
    /// validate a policy file.
    Policy {
        /// A preset name or a policy file.
        policy: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// One learner: levels, points, unit and course mastery %, strengths and weaknesses.
    Learner {
        /// The learner id.
        id: String,
    },
    /// Per skill, how many learners are at each level.
    Class,
    /// One learner's level changes over time, oldest first.
    Timeline {
        /// The learner id.
        id: String,
    },
    /// Assessments, responses, time and level changes in a window.
    Activity {
        /// Window start (RFC 3339 or YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Window end, exclusive.
        #[arg(long)]
        to: String,
        /// Only the learners of this class.
        #[arg(long)]
        class: Option<String>,
    },
    /// The goals given to a class: learners per status (achieved, on track, behind,
    /// overdue, ...) and who is behind.
    ClassGoals(ClassArgs),
    /// Assignment x learner: status, first and best score, time spent, late.
    Scores(ClassArgs),
    /// Learner x skill levels, with unit and course mastery % per learner.
    Mastery(ClassArgs),
    /// Per skill: learners at each level, % at the target, and who is struggling.
    Skills {
        #[command(flatten)]
        class: ClassArgs,
        /// Next-step rules whose corrective rules say who struggles: a preset or a file.
        #[arg(long, default_value = "khan-2025")]
        rules: String,
    },
    /// Mastery % of a scope by day or week for each learner of a class (or one learner).
    Progress {
        #[command(flatten)]
        class: ClassArgs,
        /// Only this learner (of the class).
        #[arg(long)]
        learner: Option<String>,
        /// `course:ID`, `unit:ID` or `skills:A,B,C`; or `goal:ID` for a roster goal's scope.
        #[arg(long)]
        scope: String,
        /// First day (the class's first activity otherwise).
        #[arg(long)]
        from: Option<String>,
        /// Days per point: 1 daily, 7 weekly.
        #[arg(long, default_value_t = 7)]
        step_days: u32,
    },
    /// One learner's progress toward a goal.
    Goal {
        /// The learner id.
        id: String,
        /// `course:ID`, `unit:ID` or `skills:A,B,C`.
        #[arg(long)]
        scope: String,
        /// Target level (the policy's default target otherwise).
        #[arg(long)]
        target: Option<String>,
        /// Due date.
        #[arg(long)]
        due: Option<String>,
        /// "Now" for status and pace (the last event's time otherwise).
        #[arg(long)]
        now: Option<String>,
        /// Days of work before a pace is projected (status `too_early` before; 1 otherwise).
        #[arg(long)]
        min_pace_days: Option<f64>,
    },
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// Response log (CSV: `order_id, user_id, skill_name, correct`, or DataShop columns).
    pub log: PathBuf,
    /// Fit a forgetting probability too.
    #[arg(long)]
    pub forgets: bool,
    /// Random restarts per skill.
    #[arg(long, default_value_t = FitOptions::default().num_fits)]
    pub num_fits: u32,
    /// Seed of the restarts.
    #[arg(long, default_value_t = FitOptions::default().seed)]
    pub seed: u64,
    /// Convergence tolerance on the log-likelihood.
    #[arg(long, default_value_t = FitOptions::default().tolerance)]
    pub tolerance: f64,
    /// Most EM iterations.
    #[arg(long, default_value_t = FitOptions::default().max_iterations)]
    pub max_iterations: u32,
    /// Print how long reading and fitting took (to standard error).
    #[arg(long)]
    pub timings: bool,
    /// Guess and slip per item (pyBKT's multigs; items from the item column).
    #[arg(long)]
    pub multigs: bool,
    /// Learn and forget per item (pyBKT's multilearn).
    #[arg(long, conflicts_with = "multipair")]
    pub multilearn: bool,
    /// Learn and forget per pair of consecutive items (pyBKT's multipair).
    #[arg(long)]
    pub multipair: bool,
    /// Prior per learner group: the group column at a learner's first response on the
    /// skill, or without one that response's 0/1 (pyBKT's multiprior).
    #[arg(long)]
    pub multiprior: bool,
    #[command(flatten)]
    pub columns: LogColumns,
}

impl FitArgs {
    /// The core's fit options with these arguments.
    pub fn options(&self) -> FitOptions {
        FitOptions {
            num_fits: self.num_fits,
            seed: self.seed,
            tolerance: self.tolerance,
            max_iterations: self.max_iterations,
            forgets: self.forgets,
            multigs: self.multigs,
            multilearn: self.multilearn,
            multipair: self.multipair,
            multiprior: self.multiprior,
            ..FitOptions::default()
        }
    }
}

/// Optional columns of a response log, for pyBKT's variants.
#[derive(Debug, Args)]
pub struct LogColumns {
    /// The item column (default `template_id`, or DataShop's `Problem Name`).
    #[arg(long)]
    pub item_column: Option<String>,
    /// The learner-group column for --multiprior (default `group`).
    #[arg(long)]
    pub group_column: Option<String>,
}

#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Event log: JSON Lines, one assessment per line; or a table of responses, one per row
    /// (.csv or .tsv: learner, sitting, context, skill, correct or score, timestamp, and
    /// optionally item and event_id).
    pub events: PathBuf,
    /// Curriculum file (.json or .toml).
    #[arg(long)]
    pub curriculum: PathBuf,
    /// A preset name (`khan-2025`, `khan-pre-2018`, `probability-0.95`) or a policy file.
    #[arg(long, default_value = "khan-2025")]
    pub policy: String,
    /// Resume from this snapshot (from `replay --snapshot`): the event log is then only what
    /// came after it. Lines the snapshot already holds are skipped by their event ids.
    #[arg(long, value_name = "SNAPSHOT")]
    pub from_snapshot: Option<PathBuf>,
    /// Roster document (JSON: classes, goals, assignments), set before the log is replayed.
    /// The log may change it too, with `{"roster": {"op": ...}}` lines.
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// What the event log is: masterykit's own (JSON Lines, or a table by extension), xAPI
    /// statements or Caliper events (read with `--mapping`).
    #[arg(long, value_enum, default_value = "native")]
    pub events_format: EventsFormat,
    /// With `--events-format xapi` or `caliper`: the mapping document (JSON).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
}

/// What `merge` puts together.
#[derive(Debug, Subcommand)]
pub enum MergeKind {
    /// Models (JSON from `masterykit fit`) fitted on disjoint skills.
    Models {
        /// The model files.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
    },
    /// Snapshots (from `masterykit replay --snapshot`) of disjoint learners, under one
    /// curriculum, policy and roster.
    Snapshots {
        /// Curriculum file (.json or .toml).
        #[arg(long)]
        curriculum: PathBuf,
        /// A preset name or a policy file.
        #[arg(long, default_value = "khan-2025")]
        policy: String,
        /// The roster every part was replayed with, if any.
        #[arg(long)]
        roster: Option<PathBuf>,
        /// The snapshot files.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
    },
}

/// The forms an event log comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventsFormat {
    /// JSON Lines of assessments, or a .csv/.tsv table of responses.
    Native,
    /// xAPI 1.0.3 statements.
    Xapi,
    /// IMS Caliper 1.1/1.2 events.
    Caliper,
}

/// The class a report is about, and when.
#[derive(Debug, Args)]
pub struct ClassArgs {
    /// The class id (of the roster).
    #[arg(long)]
    pub class: String,
    /// "Now" for statuses (RFC 3339 or YYYY-MM-DD; the last event's time otherwise).
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(Debug, Args)]
pub struct FileArgs {
    /// Curriculum file (.json or .toml; `-` reads JSON from standard input).
    pub file: PathBuf,
}

/// `--unseen`: one of [`Unseen::NAMES`].
fn unseen(text: &str) -> Result<Unseen, String> {
    Unseen::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// Curriculum file (.json or .toml).
    #[arg(long)]
    pub curriculum: PathBuf,
    /// Placement options: a JSON file (careless, lucky, confidence, max_questions, prior,
    /// selector, method, ...); the flags below override it.
    #[arg(long)]
    pub options: Option<PathBuf>,
    /// Record these answers instead of asking: CSV with `skill,correct` columns or JSON
    /// Lines of `{"skill": ..., "correct": ...}`.
    #[arg(long, conflicts_with = "simulate")]
    pub answers: Option<PathBuf>,
    /// Answer as a simulated learner who knows these skills and their prerequisites
    /// (comma-separated; "" for none), with the options' noise rates drawn from --seed.
    #[arg(long, value_delimiter = ',')]
    pub simulate: Option<Vec<String>>,
    /// Seed of the simulated answers and of the session (overrides the options' seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Stop after this many questions.
    #[arg(long)]
    pub max_questions: Option<usize>,
    /// Stop once every skill's P(known) is at least this or at most 1 minus it.
    #[arg(long)]
    pub confidence: Option<f64>,
    /// How questions are chosen: `informative`, `half_split`, `random` or `in_order`.
    #[arg(long)]
    pub selector: Option<String>,
    /// Also print the result as a `pre_assessment` assessment of this learner: a line for
    /// the event log.
    #[arg(long)]
    pub learner: Option<String>,
    /// The assessment's time (RFC 3339 or YYYY-MM-DD; now otherwise).
    #[arg(long, requires = "learner")]
    pub at: Option<String>,
    /// The assessment's event id.
    #[arg(long, requires = "learner")]
    pub event_id: Option<String>,
    /// Start from --learner's record: replay this event log (JSON Lines, or a .csv/.tsv
    /// table) under --policy and take the priors from it.
    #[arg(long, requires = "learner")]
    pub events: Option<PathBuf>,
    /// With --events: the policy (a preset name or a file).
    #[arg(long, default_value = "khan-2025")]
    pub policy: String,
    /// With --events: P(known) by level, e.g. `familiar=0.7,proficient=0.9,mastered=0.97`
    /// (other skills take the store's BKT estimate when it tracks one).
    #[arg(long, value_delimiter = ',', requires = "events")]
    pub prior_levels: Vec<String>,
    /// Compare the selectors on simulated learners instead: questions to place each within
    /// --within wrong skills, and the mean wrong skills after each question.
    #[arg(long, conflicts_with_all = ["answers", "simulate", "learner"])]
    pub compare: bool,
    /// With --compare: simulated learners.
    #[arg(long, default_value_t = masterykit::PlacementTrial::default().learners, requires = "compare")]
    pub learners: usize,
    /// With --compare: a learner is placed once the estimate gets at most this many skills
    /// wrong.
    #[arg(long, default_value_t = 0, requires = "compare")]
    pub within: usize,
    /// With --compare: most questions per learner (one per skill otherwise).
    #[arg(long, requires = "compare")]
    pub budget: Option<usize>,
}

/// A format `convert` reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A 1EdTech CASE 1.0/1.1 package (JSON).
    Case,
    /// xAPI 1.0.3 statements: a batch as an LRS returns it, an array, or JSON Lines.
    Xapi,
    /// IMS Caliper 1.1/1.2 events: an envelope, an array, or JSON Lines.
    Caliper,
    /// A masterykit curriculum (JSON, or TOML by extension).
    Curriculum,
    /// A masterykit event log (JSON Lines of assessments).
    Events,
}

/// Which CFItem field becomes ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CaseIdField {
    /// The item's identifier (a UUID).
    Identifier,
    /// The item's humanCodingScheme (such as 4.NBT.B.4).
    HumanCodingScheme,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The input file (`-` for standard input).
    pub input: PathBuf,
    /// What the input is.
    #[arg(long, value_enum)]
    pub from: Format,
    /// What to write: case -> curriculum, curriculum -> case, xapi or caliper -> events,
    /// events -> xapi.
    #[arg(long, value_enum)]
    pub to: Format,
    /// Where to write it (standard output otherwise).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// xAPI and Caliper in: the mapping document (JSON): items to skills, extensions,
    /// default context, verb roles, sittings.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// CASE in: which CFItem field becomes ids.
    #[arg(long, value_enum, default_value = "identifier")]
    pub ids: CaseIdField,
    /// CASE in: a CFItemType whose items are skills (repeatable; items with no children
    /// otherwise).
    #[arg(long = "skill-type")]
    pub skill_types: Vec<String>,
    /// CASE in: depth of the items that become units (1 = top level; a skill's parent
    /// otherwise).
    #[arg(long)]
    pub unit_depth: Option<u32>,
    /// CASE in: depth of the items that become courses (1 otherwise).
    #[arg(long)]
    pub course_depth: Option<u32>,
    /// CASE out: the base of every URI written.
    #[arg(long)]
    pub base_uri: Option<String>,
    /// Events to xAPI: the curriculum the events are replayed on.
    #[arg(long)]
    pub curriculum: Option<PathBuf>,
    /// Events to xAPI: a preset name or a policy file.
    #[arg(long, default_value = "khan-2025")]
    pub policy: String,
    /// Events to xAPI: the homePage of learners' accounts.
    #[arg(long)]
    pub home_page: Option<String>,
    /// Events to xAPI: the prefix of skills' activity ids.
    #[arg(long)]
    pub activity_prefix: Option<String>,
}
