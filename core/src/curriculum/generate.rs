//! Generated curricula of any size, shaped like courses, for simulations and benchmarks.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Curriculum;
use crate::error::{Error, Result};

impl Curriculum {
    /// A seeded curriculum of `skills` skills (`k0`, `k1`, ...) in units of 25 and one
    /// course: each skill after a unit's first requires one to three of the 25 skills
    /// before it, the first of a unit one of the previous unit's. Depth grows with the
    /// course like a real one's, and the prerequisite-closed states are far too many to
    /// enumerate beyond a few dozen skills.
    ///
    /// ```
    /// use masterykit::Curriculum;
    /// let c = Curriculum::generate(5_000, 7)?;
    /// assert_eq!((c.len(), c.units().len()), (5_000, 200));
    /// assert_eq!(Curriculum::generate(5_000, 7)?.to_json(), c.to_json());
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn generate(skills: usize, seed: u64) -> Result<Curriculum> {
        if skills == 0 {
            return Err(Error::InvalidNumber {
                location: "number of skills".into(),
                value: 0.0,
                expected: "at least 1",
            });
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let unit = 25;
        let mut doc = Vec::with_capacity(skills);
        for i in 0..skills {
            let mut pre: Vec<usize> = Vec::new();
            if i > 0 {
                let wanted = if i % unit == 0 {
                    1
                } else {
                    rng.random_range(1..=3)
                };
                let lo = i.saturating_sub(unit);
                for _ in 0..wanted {
                    let p = rng.random_range(lo..i);
                    if !pre.contains(&p) {
                        pre.push(p);
                    }
                }
            }
            let pre: Vec<String> = pre.iter().map(|p| format!("k{p}")).collect();
            doc.push(serde_json::json!({"id": format!("k{i}"), "name": format!("Skill {i}"), "prerequisites": pre}));
        }
        let units: Vec<serde_json::Value> = (0..skills.div_ceil(unit))
            .map(|u| {
                let ids: Vec<String> = (u * unit..((u + 1) * unit).min(skills)).map(|i| format!("k{i}")).collect();
                serde_json::json!({"id": format!("u{u}"), "name": format!("Unit {u}"), "skills": ids})
            })
            .collect();
        let unit_ids: Vec<String> = (0..units.len()).map(|u| format!("u{u}")).collect();
        let text = serde_json::json!({
            "format_version": 1,
            "skills": doc,
            "units": units,
            "courses": [{"id": "generated", "name": "Generated course", "units": unit_ids}],
        });
        Curriculum::from_json(&text.to_string())
    }
}
