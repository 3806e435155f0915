//! One learner's state on one skill, packed in 16 bytes.

/// The state of one learner on one skill, in 16 bytes so a cell never straddles a cache
/// line and a class of 1M learners x 100 skills takes 1.6 GB.
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(super) struct Cell {
    /// When last practised (ms since the epoch), stored with its sign bit flipped: the order
    /// is kept, and [`NEVER`](super::NEVER) becomes 0, so an all-zero cell is an empty one (fresh mapped
    /// memory needs no initialising).
    pub(super) last_biased: u64,
    /// Sum of scores; exact for right-or-wrong answers up to 2^24 responses.
    pub(super) score_sum: f32,
    /// Responses (upper 20 bits, saturating), whether the last change of level was down
    /// (1 bit), successful reviews in a row (3 bits, saturating) and level index (lower 8
    /// bits).
    pub(super) packed: u32,
}

/// Most responses one cell counts.
pub const MAX_CELL_RESPONSES: u32 = (1 << 20) - 1;

/// Most successful reviews in a row one cell counts.
pub const MAX_CELL_REVIEWS: u8 = 7;

const RESPONSES_SHIFT: u32 = 12;
const REVIEWS_SHIFT: u32 = 8;
const REVIEWS_MASK: u32 = 0x7 << REVIEWS_SHIFT;
const DEMOTED: u32 = 1 << 11;

impl Cell {
    pub(super) fn new(
        level: u8,
        responses: u32,
        score_sum: f64,
        last: i64,
        reviews: u8,
        demoted: bool,
    ) -> Cell {
        Cell {
            last_biased: bias(last),
            score_sum: score_sum as f32,
            packed: (responses.min(MAX_CELL_RESPONSES) << RESPONSES_SHIFT)
                | if demoted { DEMOTED } else { 0 }
                | (u32::from(reviews.min(MAX_CELL_REVIEWS)) << REVIEWS_SHIFT)
                | u32::from(level),
        }
    }
    /// Whether the last change of level was down (a test or a weaker exercise demoted it).
    pub(super) fn demoted(&self) -> bool {
        self.packed & DEMOTED != 0
    }
    pub(super) fn level(&self) -> u8 {
        self.packed as u8
    }
    /// Successful reviews in a row: sittings that found the skill at the policy's target
    /// or above, on a later day (UTC) than it was last practised, and left it there.
    pub(super) fn reviews(&self) -> u8 {
        ((self.packed & REVIEWS_MASK) >> REVIEWS_SHIFT) as u8
    }
    /// After a sitting at `at` moved the skill from `from` to `to`: a held level at `target`
    /// or above counts a review when the sitting falls on a later UTC day than the last
    /// practice; a level below `target` ends the run. A move down marks the cell demoted, a
    /// move up clears it. Call before [`Cell::practiced`].
    pub(super) fn review(&mut self, from: u8, to: u8, target: u8, at: i64) {
        const DAY_MS: i64 = 86_400_000;
        let reviews = if to < target {
            0
        } else if from >= target
            && self.last() != super::NEVER
            && at.div_euclid(DAY_MS) > self.last().div_euclid(DAY_MS)
        {
            (self.reviews() + 1).min(MAX_CELL_REVIEWS)
        } else {
            self.reviews()
        };
        self.packed = (self.packed & !REVIEWS_MASK) | (u32::from(reviews) << REVIEWS_SHIFT);
        if to < from {
            self.packed |= DEMOTED;
        } else if to > from {
            self.packed &= !DEMOTED;
        }
    }
    pub(super) fn last(&self) -> i64 {
        (self.last_biased ^ SIGN) as i64
    }
    /// Practised at `at` (the latest time wins).
    pub(super) fn practiced(&mut self, at: i64) {
        self.last_biased = self.last_biased.max(bias(at));
    }
    pub(super) fn responses(&self) -> u32 {
        self.packed >> RESPONSES_SHIFT
    }
    pub(super) fn set_level(&mut self, level: u8) {
        self.packed = (self.packed & !0xff) | u32::from(level);
    }
    /// Counts `n` more responses scoring `score` in all, saturating: once the count is full,
    /// the score sum grows only by the share of the responses still counted, so the score
    /// sum never exceeds the count.
    pub(super) fn add_responses(&mut self, n: u32, score: f64) {
        let before = self.responses();
        let total = before.saturating_add(n).min(MAX_CELL_RESPONSES);
        self.packed = (total << RESPONSES_SHIFT) | (self.packed & ((1 << RESPONSES_SHIFT) - 1));
        let counted = total - before;
        self.score_sum += if counted == n {
            score as f32
        } else {
            (score * f64::from(counted) / f64::from(n)) as f32
        };
        // f32 rounding can carry a sum of fractional scores past a full count.
        self.score_sum = self.score_sum.min(total as f32);
    }
}

const SIGN: u64 = 1 << 63;

/// Maps i64 onto u64 keeping the order ([`NEVER`](super::NEVER) -> 0).
fn bias(ms: i64) -> u64 {
    (ms as u64) ^ SIGN
}

pub(super) const EMPTY_CELL: Cell = Cell {
    last_biased: 0,
    score_sum: 0.0,
    packed: 0,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_cell_keeps_level_and_saturates_responses() {
        let mut c = Cell::new(3, 7, 6.5, 42, 2, false);
        assert_eq!(
            (c.level(), c.responses(), c.score_sum, c.last(), c.reviews()),
            (3, 7, 6.5, 42, 2)
        );
        c.set_level(4);
        c.add_responses(MAX_CELL_RESPONSES, f64::from(MAX_CELL_RESPONSES));
        assert_eq!(
            (c.level(), c.responses(), c.reviews()),
            (4, MAX_CELL_RESPONSES, 2)
        );
        assert_eq!(std::mem::size_of::<Cell>(), 16);
    }

    #[test]
    fn a_full_count_stops_the_score_sum_too() {
        let full = MAX_CELL_RESPONSES;
        let mut c = Cell::new(1, full - 2, f64::from(full - 2), 0, 0, false);
        c.add_responses(5, 5.0); // only 2 of the 5 still count
        assert_eq!((c.responses(), c.score_sum), (full, full as f32));
        c.add_responses(3, 3.0);
        assert_eq!((c.responses(), c.score_sum), (full, full as f32));
        let mut half = Cell::new(1, full - 1, 0.0, 0, 0, false);
        half.add_responses(4, 2.0); // one of four counted: a quarter of the score
        assert_eq!((half.responses(), half.score_sum), (full, 0.5));
    }

    #[test]
    fn reviews_count_held_levels_on_later_days_and_end_below_the_target() {
        const DAY: i64 = 86_400_000;
        let mut c = Cell::new(3, 4, 4.0, 10 * DAY + 5, 0, false);
        c.review(3, 3, 3, 10 * DAY + 9); // the same day: no review
        assert_eq!(c.reviews(), 0);
        c.review(3, 4, 3, 11 * DAY); // the next day, held (and raised)
        c.practiced(11 * DAY);
        assert_eq!(c.reviews(), 1);
        c.review(4, 4, 3, 9 * DAY); // an older sitting, arriving late
        assert_eq!(c.reviews(), 1);
        for day in 12..40 {
            c.review(4, 4, 3, day * DAY);
            c.practiced(day * DAY);
        }
        assert_eq!(c.reviews(), MAX_CELL_REVIEWS);
        assert_eq!(c.level(), 3, "reviews leave the level bits alone");
        assert!(!c.demoted());
        c.review(4, 2, 3, 41 * DAY);
        assert_eq!(c.reviews(), 0);
        assert!(c.demoted());
        c.review(2, 2, 3, 42 * DAY); // held: still demoted
        assert!(c.demoted());
        c.review(2, 3, 3, 43 * DAY);
        assert!(!c.demoted());
        assert_eq!((c.responses(), c.level()), (4, 3));
    }
}
