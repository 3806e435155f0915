//! Forgetting over time: each skill's memory stability and when it was last practised, on
//! the learner's clock of items answered.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::SimConfig;

/// One learner's memory of every skill.
pub(super) struct Memory {
    /// Days of stability; 0 when forgetting over time is off.
    stability: Vec<f64>,
    /// Day of the last practice (`None`: never practised, so known from before).
    last: Vec<Option<f64>>,
    days_per_item: f64,
}

impl Memory {
    pub(super) fn new(config: &SimConfig, skills: usize) -> Memory {
        Memory {
            stability: vec![config.memory_days; skills],
            last: vec![None; skills],
            days_per_item: 1.0 / config.items_per_day,
        }
    }

    /// The day after `items` items.
    pub(super) fn day(&self, items: u32) -> f64 {
        f64::from(items) * self.days_per_item
    }

    /// Whether known skill `s` is still known on `day` (it is forgotten with probability
    /// `1 - exp(-days since its last practice / stability)`); no draw without forgetting
    /// over time or before its first practice.
    pub(super) fn recalls(&self, rng: &mut ChaCha8Rng, s: usize, day: f64) -> bool {
        let (stability, Some(last)) = (self.stability[s], self.last[s]) else {
            return true;
        };
        if stability == 0.0 || day <= last {
            return true;
        }
        rng.random::<f64>() < (-(day - last) / stability).exp()
    }

    /// Skill `s` practised on `day`; practice on a later day while known doubles its
    /// stability (spaced practice makes memories last).
    pub(super) fn practised(&mut self, s: usize, day: f64, known: bool) {
        if known && self.last[s].is_some_and(|last| day.floor() > last.floor()) {
            self.stability[s] *= 2.0;
        }
        self.last[s] = Some(day);
    }
}
