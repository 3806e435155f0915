//! A run: every learner simulated (in parallel with the `parallel` feature), results summed
//! in learner order.

use super::learner::{LearnerRun, run_learner};
use super::teacher::Gate;
use super::{LearnerOutcome, SimConfig, SimResult, SkillOutcome};
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::tracing::{BktParams, ResponseData};
use crate::watch::Watch;

pub(super) fn run_all(
    curriculum: &Curriculum,
    gate: &Gate<'_>,
    config: &SimConfig,
    watch: &Watch,
) -> Result<SimResult> {
    let populations: Vec<BktParams> = curriculum
        .skills()
        .iter()
        .map(|s| {
            config
                .skill_population
                .get(&s.id)
                .copied()
                .unwrap_or(config.population)
        })
        .collect();
    watch.begin(config.learners as u64);
    let run = |l: usize| {
        if watch.is_stopped() {
            return Err(Error::Cancelled);
        }
        let out = run_learner(
            curriculum,
            gate,
            config,
            &populations,
            config.first_learner + l,
        );
        watch.advance();
        out
    };
    #[cfg(feature = "parallel")]
    let per: Vec<LearnerRun> = {
        use rayon::prelude::*;
        crate::parallel::install(|| {
            (0..config.learners)
                .into_par_iter()
                .map(run)
                .collect::<Result<_>>()
        })?
    };
    #[cfg(not(feature = "parallel"))]
    let per: Vec<LearnerRun> = (0..config.learners).map(run).collect::<Result<_>>()?;

    let n_skills = curriculum.len();
    let log = if config.record_log {
        let names: Vec<String> = (0..config.learners)
            .map(|l| format!("learner-{}", config.first_learner + l))
            .collect();
        let (mut ls, mut ss, mut cs) = (Vec::new(), Vec::new(), Vec::new());
        for (l, (_, _, responses)) in per.iter().enumerate() {
            for &(s, correct) in responses {
                ls.push(names[l].as_str());
                ss.push(curriculum.skills()[s as usize].id.as_str());
                cs.push(correct);
            }
        }
        Some(ResponseData::from_columns(&ls, &ss, &cs, None)?)
    } else {
        None
    };
    let mut true_known = vec![0u64; n_skills];
    let mut items = vec![0u64; n_skills];
    for (_, per_skill, _) in &per {
        for (s, ps) in per_skill.iter().enumerate() {
            items[s] += u64::from(ps.items);
            true_known[s] += u64::from(ps.known);
        }
    }
    let skills = curriculum
        .learnable_order_indices()
        .iter()
        .map(|&s| {
            let s = s as usize;
            (curriculum.skills()[s].id.clone(), true_known[s], items[s])
        })
        .collect();
    let levels = config
        .policy
        .levels()
        .iter()
        .map(|l| l.id.clone())
        .collect();
    Ok(summarize(
        config.first_learner,
        per.into_iter().map(|(o, _, _)| o).collect(),
        skills,
        levels,
        log,
    ))
}

/// The result of learners `first_learner..` with these outcomes; `skills` are (id, learners
/// who truly know it, items practised on it) in learnable order. Every figure is summed in
/// learner order, so a run and the merge of its parts give the same bits.
pub(super) fn summarize(
    first_learner: usize,
    learners: Vec<LearnerOutcome>,
    skills: Vec<(String, u64, u64)>,
    levels: Vec<String>,
    log: Option<ResponseData>,
) -> SimResult {
    let n = learners.len().max(1) as f64;
    let n_skills = skills.len().max(1) as f64;
    let mean = |f: &dyn Fn(&LearnerOutcome) -> f64| learners.iter().map(f).sum::<f64>() / n;
    let mut level_counts = vec![0u64; levels.len()];
    for o in &learners {
        for &l in &o.levels {
            level_counts[l as usize] += 1;
        }
    }
    let pairs = (n * n_skills).max(1.0);
    SimResult {
        first_learner,
        mastery_share: mean(&|o| f64::from(o.mastered)) / n_skills,
        mean_steps: mean(&|o| f64::from(o.steps)),
        mean_over_practice: mean(&|o| f64::from(o.over_practice)),
        mean_under_practiced: mean(&|o| f64::from(o.under_practiced)),
        retention_share: mean(&|o| f64::from(o.retained)) / n_skills,
        completion_share: mean(&|o| f64::from(u8::from(o.steps_to_mastery.is_some()))),
        mean_steps_to_mastery: {
            let done: Vec<u32> = learners.iter().filter_map(|o| o.steps_to_mastery).collect();
            (!done.is_empty())
                .then(|| done.iter().map(|&s| f64::from(s)).sum::<f64>() / done.len() as f64)
        },
        skills: skills
            .into_iter()
            .map(|(skill, known, items)| SkillOutcome {
                skill,
                true_mastery: known as f64 / n,
                mean_items: items as f64 / n,
                learners_known: known,
                items,
            })
            .collect(),
        level_shares: levels
            .into_iter()
            .zip(&level_counts)
            .map(|(l, &c)| (l, c as f64 / pairs))
            .collect(),
        learners,
        log,
    }
}
