//! The next-steps teacher: before each sitting the engine's next steps for the learner's
//! record so far decide what to practise; the sitting is answered by the simulated learner
//! and applied to that record.

use rand::RngExt;

use super::learner::{LearnerRun, PerSkill, Start, retained};
use super::memory::Memory;
use super::{LearnerOutcome, SimConfig};
use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::evidence::{Assessment, Response};
use crate::mastery::LearnerStore;
use crate::next::{NextStepRules, StepKind, next_steps};
use crate::time::{DAY_MS, Timestamp};
use crate::tracing::BktParams;

/// When every simulated learner starts (2026-09-01T00:00:00Z).
const START_MS: i64 = 1_788_220_800_000;

/// One learner taught by the next steps, at most `max_items` items in all.
pub(super) fn run_learner(
    curriculum: &Curriculum,
    config: &SimConfig,
    populations: &[BktParams],
    learner: usize,
    max_items: u32,
) -> Result<LearnerRun> {
    let Start {
        mut rng,
        hidden,
        mut known,
    } = Start::new(config, populations, learner);
    let n = curriculum.len();
    let mut store = LearnerStore::new(curriculum.clone(), config.policy.clone())?;
    store.set_keep_history(false);
    let rules = NextStepRules::khan();
    let id = format!("learner-{learner}");
    let mut memory = Memory::new(config, n);
    let mut out = LearnerOutcome {
        steps: 0,
        mastered: 0,
        over_practice: 0,
        under_practiced: 0,
        steps_to_mastery: None,
        retained: 0,
        levels: vec![0; n],
    };
    let mut per_skill = vec![PerSkill::default(); n];
    let mut log = Vec::new();
    let mut n_known = known.iter().filter(|&&k| k).count();
    if n_known == n {
        out.steps_to_mastery = Some(0);
    }
    let budget = max_items.min(config.max_steps);
    let at = |memory: &Memory, items: u32| {
        Timestamp::from_millis(START_MS + (memory.day(items) * DAY_MS as f64) as i64)
    };
    while out.steps < budget {
        let now = at(&memory, out.steps);
        let steps = next_steps(&store.learner_or_empty(&id), &rules, None, now)?;
        if !steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::Corrective | StepKind::NextUp))
        {
            break;
        }
        let step = &steps[0];
        let (context, questions) = match (&step.context, step.questions_per_skill) {
            (Some(context), Some(q)) => (context.as_str(), q),
            _ => ("practice", config.exercise_size),
        };
        let mut responses = Vec::new();
        for skill in &step.skills {
            let s = curriculum
                .skill_index(skill)
                .ok_or_else(|| Error::UnknownId {
                    kind: IdKind::Skill,
                    id: skill.clone(),
                    referenced_in: "a next step".into(),
                })?;
            let p = hidden[s];
            for _ in 0..questions {
                if out.steps >= budget {
                    break;
                }
                let day = memory.day(out.steps);
                if known[s] && !memory.recalls(&mut rng, s, day) {
                    known[s] = false;
                    n_known -= 1;
                }
                memory.practised(s, day, known[s]);
                if known[s] {
                    out.over_practice += 1;
                }
                let correct = if known[s] {
                    rng.random::<f64>() >= p.slip
                } else {
                    rng.random::<f64>() < p.guess
                };
                if config.record_log {
                    log.push((s as u32, correct));
                }
                responses.push(Response::answer(
                    format!("q{}", out.steps),
                    skill.clone(),
                    correct,
                ));
                let prerequisites_known = curriculum
                    .prerequisite_indices(s)
                    .iter()
                    .all(|&q| known[q as usize]);
                let learn = if prerequisites_known {
                    p.learn
                } else {
                    p.learn * config.prerequisite_factor
                };
                let now_known = if known[s] {
                    rng.random::<f64>() >= p.forget
                } else {
                    rng.random::<f64>() < learn
                };
                if now_known != known[s] {
                    if now_known {
                        n_known += 1;
                    } else {
                        n_known -= 1;
                    }
                    known[s] = now_known;
                }
                per_skill[s].items += 1;
                out.steps += 1;
                if out.steps_to_mastery.is_none() && n_known == n {
                    out.steps_to_mastery = Some(out.steps);
                }
            }
        }
        if responses.is_empty() {
            break;
        }
        let mut sitting = Assessment::new(id.clone(), context, at(&memory, out.steps));
        sitting.responses = responses;
        store.apply(&sitting)?;
    }
    let view = store.learner_or_empty(&id);
    for (s, level) in view.levels().enumerate() {
        out.levels[s] = level;
    }
    out.mastered = n_known as u32;
    out.under_practiced = known.iter().filter(|&&k| !k).count() as u32;
    out.retained = retained(&mut rng, &memory, &known, memory.day(out.steps), config);
    for (ps, &k) in per_skill.iter_mut().zip(&known) {
        ps.known = k;
    }
    Ok((out, per_skill, log))
}
