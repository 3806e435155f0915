//! `simulate`: learners taught under several teaching policies, compared.

use std::path::PathBuf;

use masterykit::{Policy, SimConfig, SimResult, Teaching};
use serde_json::json;

use crate::load;
use crate::output::{Failure, out};

/// What `simulate` was asked for.
pub struct Request<'a> {
    pub curriculum: &'a PathBuf,
    pub teaching: &'a [String],
    pub learners: usize,
    pub seed: u64,
    pub prerequisite_factor: f64,
    pub memory_days: f64,
    pub log: Option<&'a PathBuf>,
}

/// Runs each teaching policy and prints the comparison.
pub fn run(req: &Request<'_>, json: bool) -> Result<(), Failure> {
    let course = load::curriculum(req.curriculum)?;
    let mut rows = Vec::new();
    for (k, spec) in req.teaching.iter().enumerate() {
        let t: Teaching = spec.parse().map_err(|_| {
            Failure::Usage(format!(
                "invalid teaching `{spec}`: expected fixed:N, mastery:P[:MAX], level:ID[:MAX] or next[:MAX]"
            ))
        })?;
        let config = SimConfig {
            learners: req.learners,
            seed: req.seed,
            prerequisite_factor: req.prerequisite_factor,
            memory_days: req.memory_days,
            record_log: k == 0 && req.log.is_some(),
            ..SimConfig::default()
        };
        let r = crate::progress::watched("simulating", |w| {
            masterykit::simulate_until(&course, &t, &config, w)
        })?;
        if let (Some(path), Some(data)) = (req.log, &r.log) {
            load::write_file(path, &data.to_csv())?;
        }
        rows.push((spec.clone(), r));
    }
    if json {
        print_json(&rows);
    } else {
        print_table(&rows);
    }
    Ok(())
}

fn print_json(rows: &[(String, SimResult)]) {
    let out: Vec<_> = rows
        .iter()
        .map(|(spec, r)| {
            json!({"teaching": spec, "mastery_share": r.mastery_share,
                   "mean_steps": r.mean_steps, "mean_over_practice": r.mean_over_practice,
                   "mean_under_practiced": r.mean_under_practiced,
                   "completion_share": r.completion_share,
                   "mean_steps_to_mastery": r.mean_steps_to_mastery,
                   "retention_share": r.retention_share,
                   "level_shares": r.level_shares, "skills": r.skills})
        })
        .collect();
    out!("{}", json!({"ok": true, "results": out}));
}

fn print_table(rows: &[(String, SimResult)]) {
    let policy = Policy::khan();
    let target = policy.default_target() as usize;
    out!(
        "{:<18} {:>9} {:>9} {:>14} {:>15} {:>10} {:>12} {:>9}",
        "teaching",
        "mastery",
        "items",
        "over-practice",
        "under-practiced",
        "completed",
        format!("{}+", policy.level_id(target as u8)),
        "retained"
    );
    for (spec, r) in rows {
        let at_target: f64 = r.level_shares.iter().skip(target).map(|(_, s)| s).sum();
        out!(
            "{spec:<18} {:>8.1}% {:>9.1} {:>14.1} {:>15.2} {:>9.1}% {:>11.1}% {:>8.1}%",
            100.0 * r.mastery_share,
            r.mean_steps,
            r.mean_over_practice,
            r.mean_under_practiced,
            100.0 * r.completion_share,
            100.0 * at_target,
            100.0 * r.retention_share
        );
    }
    out!(
        "mastery: skills truly known at the end; items: per learner; completed: learners \
         who truly know every skill; {}+: skills at that level or above under {}; retained: \
         skills still known 30 days after the last item",
        policy.level_id(target as u8),
        policy.name()
    );
}
