//! Knowledge-tracing commands: fit, predict, evaluate, crossvalidate, synthesize.

use std::path::{Path, PathBuf};

use masterykit::{BktModel, MessyConfig, Metrics, Unseen};
use serde_json::json;

use crate::args::{FitArgs, LogColumns};
use crate::load;
use crate::output::{Failure, out};

/// `, peak memory N MiB`: this process's high-water mark of resident memory, where the
/// system tells it (Linux's `/proc/self/status`), else nothing.
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kib| format!(", peak memory {} MiB", kib.div_ceil(1024)))
        .unwrap_or_default()
}

/// `fit`: the fitted model, printed or written with a summary per skill.
pub fn fit(fit: &FitArgs, output: Option<&PathBuf>, json: bool) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let data = load::response_log(&fit.log, &fit.columns)?;
    let read = started.elapsed();
    let options = fit.options();
    let model = crate::progress::watched("fitting", |w| {
        BktModel::fit_from_until(&data, &options, None, w)
    })?;
    let warnings = model.warnings();
    if !json {
        for w in &warnings {
            eprintln!("warning[{}]: skill `{}`: {}", w.code, w.skill, w.message);
        }
    }
    if fit.timings {
        eprintln!(
            "timings: read {:.3} s, fit {:.3} s ({} responses, {} skills){}",
            read.as_secs_f64(),
            (started.elapsed() - read).as_secs_f64(),
            data.len(),
            data.skills().len(),
            peak_memory()
        );
    }
    let Some(path) = output else {
        out!("{}", model.to_json());
        return Ok(());
    };
    load::write_file(path, &model.to_json())?;
    if json {
        out!(
            "{}",
            json!({"ok": true, "skills": model.skills.len(), "warnings": warnings})
        );
        return Ok(());
    }
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
    Ok(())
}

/// `predict`: P(correct) and P(known) before each response, as CSV (empty cells where
/// `--unseen skip` left a response out).
pub fn predict(
    log: &Path,
    model: &Path,
    unseen: &Unseen,
    columns: &LogColumns,
) -> Result<(), Failure> {
    let data = load::response_log(log, columns)?;
    let model = load::model(model)?;
    let predicted = hint_unseen(model.predict_states_in_row_order_with(&data, unseen), false)?;
    // Entries in row order, as the predictions are.
    let mut entries: Vec<usize> = (0..data.len()).collect();
    entries.sort_by_key(|&e| data.entry_rows()[e]);
    out!("row,user_id,skill_name,correct,predicted,p_known");
    for (&e, p) in entries.iter().zip(&predicted) {
        let p = p
            .map(|[c, k]| format!("{c:.6},{k:.6}"))
            .unwrap_or_else(|| ",".into());
        out!(
            "{},{},{},{},{p}",
            data.entry_rows()[e],
            data.learners()[data.entry_learners()[e] as usize],
            data.skills()[data.entry_skills()[e] as usize],
            data.correct()[e]
        );
    }
    Ok(())
}

/// `r`, with a hint on standard error when it failed on a skill the model lacks.
fn hint_unseen<T>(r: masterykit::Result<T>, json: bool) -> Result<T, Failure> {
    if let (Err(masterykit::Error::UnfittedSkill { .. }), false) = (&r, json) {
        eprintln!("hint: --unseen skip leaves such skills out, --unseen population traces them");
    }
    Ok(r?)
}

/// The metrics on one line.
fn metrics_line(m: &Metrics) -> String {
    format!(
        "rmse {:.6}  auc {:.6}  accuracy {:.6}  log_loss {:.6}  ({} responses)",
        m.rmse, m.auc, m.accuracy, m.log_loss, m.count
    )
}

/// What `evaluate` was asked for.
pub struct Scoring<'a> {
    pub log: &'a Path,
    pub model: &'a Path,
    pub columns: &'a LogColumns,
    pub unseen: &'a Unseen,
    pub by_skill: bool,
}

/// `evaluate`: a fitted model's metrics on a log (and each skill's with `--by-skill`).
pub fn evaluate(s: &Scoring<'_>, timings: bool, json: bool) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let data = load::response_log(s.log, s.columns)?;
    let read = started.elapsed();
    let model = load::model(s.model)?;
    let e = hint_unseen(model.evaluate_with(&data, s.unseen), json)?;
    let by_skill = if s.by_skill {
        model.evaluate_by_skill(&data, s.unseen)?
    } else {
        Vec::new()
    };
    if timings {
        eprintln!(
            "timings: read {:.3} s, predict and score {:.3} s{}",
            read.as_secs_f64(),
            (started.elapsed() - read).as_secs_f64(),
            peak_memory()
        );
    }
    if json {
        out!(
            "{}",
            json!({
                "ok": true,
                "metrics": e.metrics,
                "unseen": e.unseen,
                "unseen_skills": e.unseen_skills,
                "unseen_responses": e.unseen_responses,
                "by_skill": by_skill,
            })
        );
        return Ok(());
    }
    out!("{}", metrics_line(&e.metrics));
    for m in &by_skill {
        out!("{}: {}", m.skill, metrics_line(&m.metrics));
    }
    if !e.unseen_skills.is_empty() {
        let done = if e.unseen == "skip" {
            "left out"
        } else {
            "traced with the population's parameters"
        };
        out!(
            "unseen skills: {} ({} responses {done}): {}",
            e.unseen_skills.len(),
            e.unseen_responses,
            e.unseen_skills.join(", ")
        );
    }
    Ok(())
}

/// `crossvalidate`: the metrics of each held-out fold (and of each skill in it with
/// `--by-skill`).
pub fn crossvalidate(
    fit: &FitArgs,
    folds: usize,
    by_skill: bool,
    json: bool,
) -> Result<(), Failure> {
    let data = load::response_log(&fit.log, &fit.columns)?;
    let options = fit.options();
    let results = crate::progress::watched("cross-validating (folds)", |w| {
        masterykit::cross_validate_until(&data, folds, &options, w)
    })?;
    if json {
        out!("{}", json!({"ok": true, "folds": results}));
    } else {
        for f in &results {
            out!(
                "fold {} ({} learners): {}",
                f.fold,
                f.learners,
                metrics_line(&f.metrics)
            );
            for m in f.skills.iter().filter(|_| by_skill) {
                out!("  {}: {}", m.skill, metrics_line(&m.metrics));
            }
        }
    }
    Ok(())
}

/// What `synthesize` was asked for.
pub struct Synthesis<'a> {
    pub skills: usize,
    pub learners: usize,
    pub steps: usize,
    pub seed: u64,
    pub forgets: bool,
    pub output: &'a Path,
    pub params: Option<&'a PathBuf>,
}

/// `synthesize`: a response log from seeded random parameters.
pub fn synthesize(s: &Synthesis<'_>) -> Result<(), Failure> {
    let truth = masterykit::random_params(s.skills, s.forgets, s.seed);
    let data = masterykit::synthesize(&truth, s.learners, s.steps, s.seed);
    load::write_file(s.output, &data.to_csv())?;
    if let Some(path) = s.params {
        load::write_file(path, &BktModel::from_params(truth).to_json())?;
    }
    out!("wrote {} responses to {}", data.len(), s.output.display());
    Ok(())
}

/// `synthesize --messy`: a log shaped like real ones, split by learner.
pub fn messy(config: &MessyConfig, train: &Path, test: &Path) -> Result<(), Failure> {
    let log = masterykit::messy_log(config);
    load::write_file(train, &log.train)?;
    load::write_file(test, &log.test)?;
    let rows = |t: &str| t.lines().count().saturating_sub(1);
    out!(
        "wrote {} rows to {} and {} rows to {}",
        rows(&log.train),
        train.display(),
        rows(&log.test),
        test.display()
    );
    Ok(())
}
