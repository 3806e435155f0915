//! Shared by the benchmarks: a fixed seed and a tiny deterministic generator (each bench
//! compiles this module on its own and may use only part of it).
#![allow(dead_code)]

/// The seed of every generated benchmark input.
pub const SEED: u64 = 20_261_123;

/// splitmix64: enough randomness for shaping benchmark data, with no dependencies.
pub struct Mix(pub u64);

impl Mix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A chain of `n` skills `s000`, `s001`, ..., each requiring the one before.
pub fn chain(n: usize) -> masterykit::CurriculumDoc {
    let mut doc = masterykit::CurriculumDoc::default();
    for i in 0..n {
        let mut s = masterykit::Skill::new(format!("s{i:03}"), "");
        if i > 0 {
            s = s.with_prerequisites([format!("s{:03}", i - 1)]);
        }
        doc.skills.push(s);
    }
    doc
}
