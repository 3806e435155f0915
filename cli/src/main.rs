//! `masterykit`: a command-line front over the masterykit core.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use masterykit::{
    BktModel, CsvColumns, Curriculum, Error, EvidenceTable, FitOptions, Goal, LearnerStore, Policy,
    ResponseData, Scope, Timestamp,
};
use serde_json::json;

/// Mastery-learning engine: curricula, mastery levels, event replay and reports.
#[derive(Debug, Parser)]
#[command(name = "masterykit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
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
    },
    /// Replay an event log, then print a report.
    Report {
        #[command(flatten)]
        engine: EngineArgs,
        #[command(subcommand)]
        kind: ReportKind,
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
        /// Print machine-readable JSON.
        #[arg(long)]
        json: bool,
        /// Print how long reading and scoring took (to standard error).
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        columns: LogColumns,
    },
    /// k-fold cross-validation split by learner.
    Crossvalidate {
        #[command(flatten)]
        fit: FitArgs,
        /// Number of folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
    },
    /// Generate a response log (pyBKT's CSV columns) from seeded random BKT parameters.
    Synthesize {
        /// Number of skills.
        #[arg(long, default_value_t = 20)]
        skills: usize,
        /// Number of learners.
        #[arg(long, default_value_t = 5000)]
        learners: usize,
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
    },
    /// Simulate learners taught under one or more teaching policies and compare outcomes.
    Simulate {
        /// Curriculum file (.json or .toml).
        #[arg(long)]
        curriculum: PathBuf,
        /// Teaching policies: `fixed:N` (N items per skill), `mastery:P[:MAX]` (until the
        /// BKT estimate reaches P) or `level:ID[:MAX]` (until the Khan-style level reaches ID),
        /// at most MAX items per skill (default 30). Comma-separated.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "fixed:5,mastery:0.8,mastery:0.9,mastery:0.95,level:proficient"
        )]
        teaching: Vec<String>,
        /// Number of learners.
        #[arg(long, default_value_t = 10_000)]
        learners: usize,
        /// Seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Learning-rate factor while a prerequisite is unknown.
        #[arg(long, default_value_t = 0.3)]
        prerequisite_factor: f64,
        /// Write the first policy's response log here (pyBKT CSV columns).
        #[arg(long)]
        log: Option<PathBuf>,
        /// Print machine-readable JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a preset policy (`khan-2025`, `khan-pre-2018`, `probability-0.95`) as JSON, or
    /// validate a policy file.
    Policy {
        /// A preset name or a policy file.
        policy: String,
    },
}

#[derive(Debug, Subcommand)]
enum ReportKind {
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
    },
}

#[derive(Debug, Args)]
struct FitArgs {
    /// Response log (CSV: `order_id, user_id, skill_name, correct`, or DataShop columns).
    log: PathBuf,
    /// Fit a forgetting probability too.
    #[arg(long)]
    forgets: bool,
    /// Random restarts per skill.
    #[arg(long, default_value_t = 5)]
    num_fits: u32,
    /// Seed of the restarts.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Convergence tolerance on the log-likelihood.
    #[arg(long, default_value_t = 1e-3)]
    tolerance: f64,
    /// Most EM iterations.
    #[arg(long, default_value_t = 100)]
    max_iterations: u32,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
    /// Print how long reading and fitting took (to standard error).
    #[arg(long)]
    timings: bool,
    /// Guess and slip per item (pyBKT's multigs; items from the item column).
    #[arg(long)]
    multigs: bool,
    /// Learn and forget per item (pyBKT's multilearn).
    #[arg(long, conflicts_with = "multipair")]
    multilearn: bool,
    /// Learn and forget per pair of consecutive items (pyBKT's multipair).
    #[arg(long)]
    multipair: bool,
    /// Prior per learner group: the group column at a learner's first response on the
    /// skill, or without one that response's 0/1 (pyBKT's multiprior).
    #[arg(long)]
    multiprior: bool,
    #[command(flatten)]
    columns: LogColumns,
}

impl FitArgs {
    fn options(&self) -> FitOptions {
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
struct LogColumns {
    /// The item column (default `template_id`, or DataShop's `Problem Name`).
    #[arg(long)]
    item_column: Option<String>,
    /// The learner-group column for --multiprior (default `group`).
    #[arg(long)]
    group_column: Option<String>,
}

#[derive(Debug, Args)]
struct EngineArgs {
    /// Event log: JSON Lines, one assessment per line; or a table of responses, one per row
    /// (.csv or .tsv: learner, sitting, context, skill, correct or score, timestamp, and
    /// optionally item and event_id).
    events: PathBuf,
    /// Curriculum file (.json or .toml).
    #[arg(long)]
    curriculum: PathBuf,
    /// A preset name (`khan-2025`, `khan-pre-2018`, `probability-0.95`) or a policy file.
    #[arg(long, default_value = "khan-2025")]
    policy: String,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct FileArgs {
    /// Curriculum file (.json or .toml; `-` reads JSON from standard input).
    file: PathBuf,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
}

/// What went wrong: the curriculum or query (exit 1) or reading the file (exit 2).
enum Failure {
    Invalid(Error),
    Io(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Invalid(e)
    }
}

thread_local! {
    /// Standard output, buffered: large outputs (predictions, transitions) are written in
    /// blocks rather than a system call per line.
    static OUT: std::cell::RefCell<std::io::BufWriter<std::io::Stdout>> =
        std::cell::RefCell::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()));
}

/// Ends the program on a failed write to standard output: quietly with success when the
/// reader stopped early (`| head`), otherwise as an I/O error (exit code 2).
fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(2);
}

fn write_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    OUT.with(|out| {
        if let Err(e) = writeln!(out.borrow_mut(), "{args}") {
            output_failed(e);
        }
    });
}

fn flush_output() {
    use std::io::Write as _;
    OUT.with(|out| {
        if let Err(e) = out.borrow_mut().flush() {
            output_failed(e);
        }
    });
}

/// Prints a line to (buffered) standard output.
macro_rules! out {
    () => {
        write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        write_line(format_args!($($arg)*))
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Validate(f) | Command::Order(f) | Command::Lint(f) => f.json,
        Command::Path { file, .. }
        | Command::Frontier { file, .. }
        | Command::Gaps { file, .. } => file.json,
        Command::Replay { engine, .. } | Command::Report { engine, .. } => engine.json,
        Command::Policy { .. } | Command::Predict { .. } | Command::Synthesize { .. } => false,
        Command::Simulate { json, .. } => *json,
        Command::Fit { fit, .. } | Command::Crossvalidate { fit, .. } => fit.json,
        Command::Evaluate { json, .. } => *json,
    };
    let result = run(cli.command);
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(e)) => {
            if json {
                let problems: Vec<_> = e
                    .problems()
                    .iter()
                    .map(|p| json!({"code": p.code(), "message": p.to_string()}))
                    .collect();
                out!("{}", json!({"ok": false, "problems": problems}));
            } else {
                for p in e.problems() {
                    eprintln!("error[{}]: {p}", p.code());
                }
            }
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    };
    flush_output();
    code
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Validate(f) => {
            let c = load(&f.file)?;
            let courses = c.courses().len();
            if f.json {
                out!(
                    "{}",
                    json!({"ok": true, "skills": c.len(), "units": c.units().len(),
                           "courses": courses, "prerequisites": c.edge_count()})
                );
            } else {
                out!(
                    "valid: {}, {}, {}, {}",
                    plural(c.len(), "skill"),
                    plural(c.units().len(), "unit"),
                    plural(courses, "course"),
                    plural(c.edge_count(), "prerequisite")
                );
            }
        }
        Command::Order(f) => {
            let c = load(&f.file)?;
            print_skills(&c, &c.learnable_order(), f.json);
        }
        Command::Path { file, to, known } => {
            let c = load(&file.file)?;
            let known = c.skill_set(&known)?;
            print_skills(&c, &c.path_to(&to, &known)?, file.json);
        }
        Command::Frontier { file, known } => {
            let c = load(&file.file)?;
            let known = c.skill_set(&known)?;
            print_skills(&c, &c.frontier(&known), file.json);
        }
        Command::Gaps { file, skill, known } => {
            let c = load(&file.file)?;
            let known = c.skill_set(&known)?;
            let gaps = c.gaps(&skill, &known)?;
            if file.json {
                out!("{}", json!({"ok": true, "skill": skill, "gaps": gaps}));
            } else {
                for g in gaps {
                    out!("{}\t{}\t{}", g.distance, g.skill, display_name(&c, g.skill));
                }
            }
        }
        Command::Lint(f) => {
            let c = load(&f.file)?;
            let lint = c.lint();
            if f.json {
                out!("{}", json!({"ok": true, "lint": lint}));
            } else if lint.is_clean() {
                out!("clean: no redundant edges, no orphan skills");
            } else {
                for e in &lint.redundant_edges {
                    out!(
                        "redundant_edge: `{}` -> `{}` is implied by a longer chain",
                        e.from,
                        e.to
                    );
                }
                for id in &lint.orphans {
                    out!("orphan: `{id}` belongs to no unit");
                }
            }
        }
        Command::Replay {
            engine,
            snapshot,
            timings,
        } => {
            let store = replay_timed(&engine, timings)?;
            if let Some(path) = snapshot {
                std::fs::write(&path, store.to_snapshot_json())
                    .map_err(|e| Failure::Io(format!("cannot write `{}`: {e}", path.display())))?;
            }
            let transitions = store.transitions();
            if engine.json {
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
            } else {
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
            }
        }
        Command::Report { engine, kind } => {
            let store = replay(&engine)?;
            let value = match kind {
                ReportKind::Learner { id } => {
                    serde_json::to_value(masterykit::learner_report(&store.require_learner(&id)?)?)
                }
                ReportKind::Class => serde_json::to_value(masterykit::class_report(&store)),
                ReportKind::Timeline { id } => {
                    serde_json::to_value(masterykit::timeline(&store.require_learner(&id)?))
                }
                ReportKind::Activity { from, to } => serde_json::to_value(masterykit::activity(
                    &store,
                    Timestamp::parse(&from)?,
                    Timestamp::parse(&to)?,
                    None,
                )),
                ReportKind::Goal {
                    id,
                    scope,
                    target,
                    due,
                    now,
                } => {
                    let learner = store.require_learner(&id)?;
                    let scope = parse_scope(&scope)?;
                    let due = due.as_deref().map(Timestamp::parse).transpose()?;
                    let now = match now {
                        Some(n) => Timestamp::parse(&n)?,
                        None => store
                            .activity()
                            .iter()
                            .map(|a| Timestamp::from_millis(a.timestamp))
                            .max()
                            .unwrap_or_default(),
                    };
                    let goal = Goal {
                        target,
                        due,
                        ..Goal::new(scope)
                    };
                    serde_json::to_value(masterykit::progress(&learner, &goal, now)?)
                }
            }
            .map_err(|e| Failure::Io(format!("cannot encode report: {e}")))?;
            if engine.json {
                out!("{}", json!({"ok": true, "report": value}));
            } else {
                out!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
            }
        }
        Command::Policy { policy } => {
            out!("{}", load_policy(&policy)?.to_json_pretty());
        }
        Command::Simulate {
            curriculum,
            teaching,
            learners,
            seed,
            prerequisite_factor,
            log,
            json,
        } => {
            let course = load(&curriculum)?;
            let mut rows = Vec::new();
            for (k, spec) in teaching.iter().enumerate() {
                let t = parse_teaching(spec)?;
                let config = masterykit::SimConfig {
                    learners,
                    seed,
                    prerequisite_factor,
                    record_log: k == 0 && log.is_some(),
                    ..masterykit::SimConfig::default()
                };
                let r = masterykit::simulate(&course, &t, &config)?;
                if let (Some(path), Some(data)) = (&log, &r.log) {
                    write_file(path, &data.to_csv())?;
                }
                rows.push((spec.clone(), r));
            }
            if json {
                let out: Vec<_> = rows
                    .iter()
                    .map(|(spec, r)| {
                        json!({"teaching": spec, "mastery_share": r.mastery_share,
                               "mean_steps": r.mean_steps, "mean_over_practice": r.mean_over_practice,
                               "mean_under_practiced": r.mean_under_practiced,
                               "completion_share": r.completion_share,
                               "mean_steps_to_mastery": r.mean_steps_to_mastery,
                               "level_shares": r.level_shares, "skills": r.skills})
                    })
                    .collect();
                out!("{}", json!({"ok": true, "results": out}));
            } else {
                let policy = masterykit::Policy::khan();
                let target = policy.default_target() as usize;
                out!(
                    "{:<18} {:>9} {:>9} {:>14} {:>15} {:>10} {:>12}",
                    "teaching",
                    "mastery",
                    "items",
                    "over-practice",
                    "under-practiced",
                    "completed",
                    format!("{}+", policy.level_id(target as u8))
                );
                for (spec, r) in &rows {
                    let at_target: f64 = r.level_shares.iter().skip(target).map(|(_, s)| s).sum();
                    out!(
                        "{spec:<18} {:>8.1}% {:>9.1} {:>14.1} {:>15.2} {:>9.1}% {:>11.1}%",
                        100.0 * r.mastery_share,
                        r.mean_steps,
                        r.mean_over_practice,
                        r.mean_under_practiced,
                        100.0 * r.completion_share,
                        100.0 * at_target
                    );
                }
                out!(
                    "mastery: skills truly known at the end; items: per learner; completed: learners \
                     who truly know every skill; {}+: skills at that level or above under {}",
                    policy.level_id(target as u8),
                    policy.name()
                );
            }
        }
        Command::Synthesize {
            skills,
            learners,
            steps,
            seed,
            forgets,
            output,
            params,
        } => {
            let truth = masterykit::random_params(skills, forgets, seed);
            let data = masterykit::synthesize(&truth, learners, steps, seed);
            write_file(&output, &data.to_csv())?;
            if let Some(path) = params {
                let model = BktModel::from_params(truth);
                write_file(&path, &model.to_json())?;
            }
            out!("wrote {} responses to {}", data.len(), output.display());
        }
        Command::Fit { fit, output } => {
            let started = std::time::Instant::now();
            let data = load_log(&fit.log, &fit.columns)?;
            let read = started.elapsed();
            let model = BktModel::fit(&data, &fit.options())?;
            if fit.timings {
                eprintln!(
                    "timings: read {:.3} s, fit {:.3} s ({} responses, {} skills)",
                    read.as_secs_f64(),
                    (started.elapsed() - read).as_secs_f64(),
                    data.len(),
                    data.skills().len()
                );
            }
            match output {
                Some(path) => {
                    write_file(&path, &model.to_json())?;
                    if fit.json {
                        out!("{}", json!({"ok": true, "skills": model.skills.len()}));
                    } else {
                        for (name, f) in &model.skills {
                            let p = f.params;
                            out!(
                                "{name}: prior {:.4} learn {:.4} guess {:.4} slip {:.4} forget {:.4} (log-likelihood {:.2}, {} iterations)",
                                p.prior,
                                p.learn,
                                p.guess,
                                p.slip,
                                p.forget,
                                f.log_likelihood,
                                f.iterations
                            );
                        }
                    }
                }
                None => out!("{}", model.to_json()),
            }
        }
        Command::Predict {
            log,
            model,
            columns,
        } => {
            let data = load_log(&log, &columns)?;
            let model = load_model(&model)?;
            let predicted = model.predict(&data)?;
            out!("row,user_id,skill_name,correct,predicted");
            for (e, p) in predicted.iter().enumerate() {
                out!(
                    "{},{},{},{},{p:.6}",
                    data.entry_rows()[e],
                    data.learners()[data.entry_learners()[e] as usize],
                    data.skills()[data.entry_skills()[e] as usize],
                    data.correct()[e]
                );
            }
        }
        Command::Evaluate {
            log,
            model,
            json,
            timings,
            columns,
        } => {
            let started = std::time::Instant::now();
            let data = load_log(&log, &columns)?;
            let read = started.elapsed();
            let m = load_model(&model)?.evaluate(&data)?;
            if timings {
                eprintln!(
                    "timings: read {:.3} s, predict and score {:.3} s",
                    read.as_secs_f64(),
                    (started.elapsed() - read).as_secs_f64()
                );
            }
            if json {
                out!("{}", json!({"ok": true, "metrics": m}));
            } else {
                out!(
                    "rmse {:.6}  auc {:.6}  accuracy {:.6}  log_loss {:.6}  ({} responses)",
                    m.rmse,
                    m.auc,
                    m.accuracy,
                    m.log_loss,
                    m.count
                );
            }
        }
        Command::Crossvalidate { fit, folds } => {
            let data = load_log(&fit.log, &fit.columns)?;
            let results = masterykit::cross_validate(&data, folds, &fit.options())?;
            if fit.json {
                out!("{}", json!({"ok": true, "folds": results}));
            } else {
                for (k, m) in results.iter().enumerate() {
                    out!(
                        "fold {}: rmse {:.6}  auc {:.6}  accuracy {:.6}  log_loss {:.6}  ({} responses)",
                        k + 1,
                        m.rmse,
                        m.auc,
                        m.accuracy,
                        m.log_loss,
                        m.count
                    );
                }
            }
        }
    }
    Ok(())
}

fn parse_scope(text: &str) -> Result<Scope, Failure> {
    match text.split_once(':') {
        Some(("course", id)) => Ok(Scope::Course(id.to_string())),
        Some(("unit", id)) => Ok(Scope::Unit(id.to_string())),
        Some(("skills", ids)) => Ok(Scope::Skills(ids.split(',').map(str::to_string).collect())),
        _ => Err(Failure::Io(format!(
            "invalid scope `{text}`: expected course:ID, unit:ID or skills:A,B"
        ))),
    }
}

fn parse_teaching(spec: &str) -> Result<masterykit::Teaching, Failure> {
    let bad = || {
        Failure::Io(format!(
            "invalid teaching `{spec}`: expected fixed:N, mastery:P[:MAX] or level:ID[:MAX]"
        ))
    };
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.as_slice() {
        ["fixed", n] => Ok(masterykit::Teaching::FixedPace {
            items: n.parse().map_err(|_| bad())?,
        }),
        ["level", l] | ["level", l, _] => Ok(masterykit::Teaching::PolicyLevel {
            level: (*l).to_string(),
            max_items: match parts.get(2) {
                Some(m) => m.parse().map_err(|_| bad())?,
                None => 30,
            },
        }),
        ["mastery", p] | ["mastery", p, _] => Ok(masterykit::Teaching::MasteryThreshold {
            threshold: p.parse().map_err(|_| bad())?,
            max_items: match parts.get(2) {
                Some(m) => m.parse().map_err(|_| bad())?,
                None => 30,
            },
        }),
        _ => Err(bad()),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text)
        .map_err(|e| Failure::Io(format!("cannot write `{}`: {e}", path.display())))
}

fn load_log(path: &Path, columns: &LogColumns) -> Result<ResponseData, Failure> {
    let bytes = if path == Path::new("-") {
        read_text(path)?.into_bytes()
    } else {
        std::fs::read(path)
            .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?
    };
    let mut cols = CsvColumns::detect(&bytes);
    cols.item = columns.item_column.clone().or(cols.item);
    cols.group = columns.group_column.clone().or(cols.group);
    let data = ResponseData::from_csv_bytes_with(&bytes, &cols)?;
    // A column asked for by name must be there.
    for (asked, found) in [
        (&columns.item_column, data.items()),
        (&columns.group_column, data.groups()),
    ] {
        if let Some(name) = asked
            && found.is_empty()
        {
            return Err(masterykit::Error::MissingColumn {
                column: name.clone(),
                available: String::from_utf8_lossy(
                    bytes.split(|&b| b == b'\n').next().unwrap_or_default(),
                )
                .trim()
                .to_string(),
            }
            .into());
        }
    }
    Ok(data)
}

fn load_model(path: &Path) -> Result<BktModel, Failure> {
    Ok(BktModel::from_json(&read_text(path)?)?)
}

fn load_policy(name_or_path: &str) -> Result<Policy, Failure> {
    if let Some(p) = Policy::by_name(name_or_path) {
        return Ok(p);
    }
    let path = Path::new(name_or_path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Io(format!(
            "`{name_or_path}` is neither a preset ({}) nor a readable file: {e}",
            Policy::PRESETS.join(", ")
        ))
    })?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    Ok(if is_toml {
        Policy::from_toml(&text)?
    } else {
        Policy::from_json(&text)?
    })
}

fn replay(engine: &EngineArgs) -> Result<LearnerStore, Failure> {
    replay_timed(engine, false)
}

/// Replays the event log; with `timings`, reports reading and replay (parse, validate,
/// apply) times on standard error.
fn replay_timed(engine: &EngineArgs, timings: bool) -> Result<LearnerStore, Failure> {
    let curriculum = load(&engine.curriculum)?;
    let policy = load_policy(&engine.policy)?;
    let started = std::time::Instant::now();
    let text = read_text(&engine.events)?;
    let read = started.elapsed();
    let mut store = LearnerStore::new(curriculum, policy)?;
    let started = std::time::Instant::now();
    let is_table = engine
        .events
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"));
    if is_table {
        store.replay_columns(&EvidenceTable::from_csv(text.as_bytes())?.columns())?;
    } else {
        store.replay_jsonl(&text)?;
    }
    if timings {
        let responses: usize = store.activity().iter().map(|a| a.responses as usize).sum();
        eprintln!(
            "timings: read {:.3} s, replay {:.3} s ({} assessments, {} responses)",
            read.as_secs_f64(),
            started.elapsed().as_secs_f64(),
            store.activity().len(),
            responses
        );
    }
    Ok(store)
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn display_name<'a>(c: &'a Curriculum, id: &'a str) -> &'a str {
    c.skill(id).map_or(id, |s| s.display_name())
}

fn print_skills(c: &Curriculum, ids: &[&str], json: bool) {
    if json {
        out!("{}", json!({"ok": true, "skills": ids}));
    } else {
        for (i, id) in ids.iter().enumerate() {
            out!("{:>4}  {id:<24} {}", i + 1, display_name(c, id));
        }
    }
}

fn read_text(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?;
    }
    Ok(text)
}

fn load(path: &Path) -> Result<Curriculum, Failure> {
    let text = read_text(path)?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    Ok(if is_toml {
        Curriculum::from_toml(&text)?
    } else {
        Curriculum::from_json(&text)?
    })
}
