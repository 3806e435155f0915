//! The next-steps teacher: before each sitting the engine's next steps for the learner's
//! record so far decide what to practise; the sitting is answered by the simulated learner
//! and applied to that record.

use super::learner::{LearnerRun, Mind, PerSkill, Start, log_to};
use super::{LearnerOutcome, SimConfig};
use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::evidence::{Assessment, Response};
use crate::mastery::LearnerStore;
use crate::next::{Guide, NextStepRules, StepKind};
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
        known,
    } = Start::new(config, populations, learner);
    let n = curriculum.len();
    let mut store = LearnerStore::new(curriculum.clone(), config.policy.clone())?;
    store.set_keep_history(false);
    let rules = NextStepRules::khan();
    let mut guide = Guide::new(curriculum, &config.policy, &rules, None)?;
    let id = format!("learner-{learner}");
    let mut out = LearnerOutcome::empty(n);
    let mut per_skill = vec![PerSkill::default(); n];
    let mut log = Vec::new();
    let mut mind = Mind::new(known, config);
    if mind.n_known == n {
        out.steps_to_mastery = Some(0);
    }
    let budget = max_items.min(config.max_steps);
    let at = |mind: &Mind, items: u32| {
        Timestamp::from_millis(START_MS + (mind.day(items) * DAY_MS as f64) as i64)
    };
    while out.steps < budget {
        let now = at(&mind, out.steps);
        let steps = guide.steps(&store.learner_or_empty(&id), now)?;
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
        // A sitting of a fixed shape (a mastery challenge, say) is taken whole or not at
        // all: one cut short by the budget would not be that sitting.
        let needed = u64::from(questions) * step.skills.len() as u64;
        if step.questions_per_skill.is_some() && u64::from(out.steps) + needed > u64::from(budget) {
            break;
        }
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
                let learn = mind.learn_rate(curriculum, s, &p, config);
                let correct =
                    mind.answer(&mut rng, s, &p, learn, &mut out, log_to(&mut log, config));
                responses.push(Response::answer(
                    format!("q{}", out.steps),
                    skill.clone(),
                    correct,
                ));
                per_skill[s].items += 1;
            }
        }
        if responses.is_empty() {
            break;
        }
        let mut sitting = Assessment::new(id.clone(), context, at(&mind, out.steps));
        sitting.responses = responses;
        store.apply(&sitting)?;
    }
    let view = store.learner_or_empty(&id);
    for (s, level) in view.levels().enumerate() {
        out.levels[s] = level;
    }
    out.mastered = mind.n_known as u32;
    out.under_practiced = mind.known.iter().filter(|&&k| !k).count() as u32;
    out.retained = mind.retained(&mut rng, out.steps, config);
    for (ps, &k) in per_skill.iter_mut().zip(&mind.known) {
        ps.known = k;
    }
    Ok((out, per_skill, log))
}
