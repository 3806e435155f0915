//! Interned ids: many strings in one buffer, numbered in order of first insertion, with a
//! hash index over the numbers. A million learner ids cost three flat tables and no
//! allocation per id, and dropping them frees three blocks instead of a million.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use foldhash::fast::SeedableRandomState;
use hashbrown::HashTable;

use crate::table::Table;

/// The hash seed every [`Ids`] of this process shares, random per process, so that the
/// hash of an id computed by one table (a compiled log's) is valid in another (a store's).
fn seed() -> &'static SeedableRandomState {
    static SEED: OnceLock<SeedableRandomState> = OnceLock::new();
    SEED.get_or_init(SeedableRandomState::random)
}

/// 32 bits of an id's hash: kept beside each id, they rebuild the index on growth without
/// reading the ids, and rule out almost every comparison with another id.
fn tag_of(id: &[u8]) -> u32 {
    let h = seed().hash_one(id);
    (h ^ (h >> 32)) as u32
}

/// The index's hash of a tag, spread over 64 bits (hashbrown reads the top 7 bits and the
/// low bits).
fn spread(tag: u32) -> u64 {
    u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// An index entry: tag in the high half, number in the low half.
fn entry(tag: u32, number: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(number)
}

/// Distinct string ids numbered 0, 1, 2, ... in order of insertion.
///
/// ```
/// use masterykit::Ids;
/// let mut ids = Ids::default();
/// assert_eq!(ids.intern("ana"), (0, true));
/// assert_eq!(ids.intern("ben"), (1, true));
/// assert_eq!(ids.intern("ana"), (0, false));
/// assert_eq!((ids.find("ben"), ids.find("cy")), (Some(1), None));
/// assert_eq!(&ids[1], "ben");
/// assert_eq!(ids.iter().collect::<Vec<_>>(), ["ana", "ben"]);
/// ```
#[derive(Clone, Default)]
pub struct Ids {
    /// Every id, concatenated.
    text: Table<u8>,
    /// Where id `i` ends in `text` (it starts where `i - 1` ends).
    ends: Table<u64>,
    /// The tag of id `i`.
    tags: Table<u32>,
    index: HashTable<u64>,
}

impl Ids {
    /// How many ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The number of `id`, if present.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.find_tagged(tag_of(id.as_bytes()), id.as_bytes())
    }

    /// The number of `id`, inserting it at the end when absent; true when inserted.
    pub fn intern(&mut self, id: &str) -> (u32, bool) {
        let tag = tag_of(id.as_bytes());
        match self.find_tagged(tag, id.as_bytes()) {
            Some(n) => (n, false),
            None => (self.push_tagged(tag, id.as_bytes()), true),
        }
    }

    /// Id number `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&str> {
        (i < self.len()).then(|| self.str_at(i))
    }

    /// Every id, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            ids: self,
            range: 0..self.len(),
        }
    }

    /// Whether both hold the same ids, in any order.
    pub fn same_set(&self, other: &Ids) -> bool {
        self.len() == other.len()
            && (0..self.len()).all(|i| other.find_tagged(self.tags[i], self.bytes(i)).is_some())
    }

    /// Bytes of all ids together.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Room for `additional` more ids of `bytes` bytes in all.
    pub fn reserve(&mut self, additional: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(additional);
        self.tags.reserve(additional);
        self.index
            .reserve(additional, |&e| spread((e >> 32) as u32));
    }

    /// The number in `self` of id `i` of `other`, if present (no hashing: both share a seed).
    pub(crate) fn find_from(&self, other: &Ids, i: usize) -> Option<u32> {
        self.find_tagged(other.tags[i], other.bytes(i))
    }

    /// Appends id `i` of `other`, which the caller knows is absent from `self`.
    pub(crate) fn push_from(&mut self, other: &Ids, i: usize) -> u32 {
        self.push_tagged(other.tags[i], other.bytes(i))
    }

    /// Appends id `i` of `other`, absent from `self`, without indexing it: lookups miss it
    /// until [`Ids::index_pending`]. Indexing many at once overlaps their cache misses.
    pub(crate) fn push_unindexed(&mut self, other: &Ids, i: usize) -> u32 {
        let n = self.len() as u32;
        self.text.extend_from_slice(other.bytes(i));
        self.ends.push(self.text.len() as u64);
        self.tags.push(other.tags[i]);
        n
    }

    /// Indexes the ids appended by [`Ids::push_unindexed`].
    pub(crate) fn index_pending(&mut self) {
        let from = self.index.len();
        self.index
            .reserve(self.len() - from, |&e| spread((e >> 32) as u32));
        for n in from..self.len() {
            let tag = self.tags[n];
            self.index
                .insert_unique(spread(tag), entry(tag, n as u32), |&e| {
                    spread((e >> 32) as u32)
                });
        }
    }

    /// Keeps the first `len` ids.
    pub(crate) fn truncate(&mut self, len: usize) {
        for i in (len..self.len()).rev() {
            let tag = self.tags[i];
            if let Ok(e) = self
                .index
                .find_entry(spread(tag), |&e| e == entry(tag, i as u32))
            {
                e.remove();
            }
        }
        if len < self.len() {
            let start = self.start(len);
            self.text.resize(start, 0);
            self.ends.resize(len, 0);
            self.tags.resize(len, 0);
        }
    }

    fn find_tagged(&self, tag: u32, id: &[u8]) -> Option<u32> {
        self.index
            .find(spread(tag), |&e| {
                (e >> 32) as u32 == tag && self.bytes(e as u32 as usize) == id
            })
            .map(|&e| e as u32)
    }

    fn push_tagged(&mut self, tag: u32, id: &[u8]) -> u32 {
        let n = self.len() as u32;
        self.text.extend_from_slice(id);
        self.ends.push(self.text.len() as u64);
        self.tags.push(tag);
        self.index
            .insert_unique(spread(tag), entry(tag, n), |&e| spread((e >> 32) as u32));
        n
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] as usize }
    }

    fn bytes(&self, i: usize) -> &[u8] {
        &self.text[self.start(i)..self.ends[i] as usize]
    }

    fn str_at(&self, i: usize) -> &str {
        // Only whole `str`s are ever stored, so every id is valid UTF-8.
        std::str::from_utf8(self.bytes(i)).unwrap_or_default()
    }
}

impl std::ops::Index<usize> for Ids {
    type Output = str;

    /// Id number `i`; panics past the end, like a slice.
    fn index(&self, i: usize) -> &str {
        self.str_at(i)
    }
}

/// The ids of an [`Ids`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    ids: &'a Ids,
    range: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.range.next().map(|i| self.ids.str_at(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.range.next_back().map(|i| self.ids.str_at(i))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Ids {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl PartialEq for Ids {
    /// The same ids in the same order.
    fn eq(&self, other: &Ids) -> bool {
        self.ends == other.ends && self.text == other.text
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().take(8))
            .finish_non_exhaustive()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ids {
    /// Interns every id in order (repeats keep their first number).
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Ids {
        let mut ids = Ids::default();
        for id in iter {
            ids.intern(id.as_ref());
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_insertion_and_truncation_forgets() {
        let mut ids = Ids::default();
        let names: Vec<String> = (0..300_000).map(|i| format!("learner-{i}")).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(ids.intern(n), (i as u32, true));
        }
        assert_eq!(ids.intern("learner-17"), (17, false));
        assert_eq!(ids.intern(""), (300_000, true));
        assert_eq!(ids.find(""), Some(300_000));
        ids.truncate(10);
        assert_eq!(ids.len(), 10);
        assert_eq!(ids.find("learner-11"), None);
        assert_eq!(ids.find("learner-9"), Some(9));
        assert_eq!(ids.intern("learner-11"), (10, true));
        assert_eq!(&ids[10], "learner-11");
        let copy: Ids = ids.iter().collect();
        assert_eq!(copy, ids);
        let reversed: Ids = ids.iter().rev().collect();
        assert!(reversed.same_set(&ids) && reversed != ids);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Intern(String),
        Truncate(usize),
        /// Append these (new ones only) unindexed, then index them.
        Batch(Vec<String>),
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        let id = "[ab\u{e9}]{0,3}";
        prop_oneof![
            4 => id.prop_map(Op::Intern),
            1 => (0usize..12).prop_map(Op::Truncate),
            1 => proptest::collection::vec(id, 0..6).prop_map(Op::Batch),
        ]
    }

    proptest::proptest! {
        /// Every operation agrees with a plain list searched from the front.
        #[test]
        fn ids_behave_like_a_list_of_distinct_strings(ops in proptest::collection::vec(op(), 0..60)) {
            let mut ids = Ids::default();
            let mut model: Vec<String> = Vec::new();
            for op in ops {
                match op {
                    Op::Intern(id) => {
                        let expected = match model.iter().position(|m| *m == id) {
                            Some(i) => (i as u32, false),
                            None => {
                                model.push(id.clone());
                                (model.len() as u32 - 1, true)
                            }
                        };
                        proptest::prop_assert_eq!(ids.intern(&id), expected);
                    }
                    Op::Truncate(k) => {
                        ids.truncate(k);
                        model.truncate(k);
                    }
                    Op::Batch(batch) => {
                        let source: Ids = batch.iter().collect();
                        for (i, id) in source.iter().enumerate() {
                            if ids.find_from(&source, i).is_none() && !model[ids.index.len()..].contains(&id.to_string()) {
                                ids.push_unindexed(&source, i);
                                model.push(id.to_string());
                            }
                        }
                        ids.index_pending();
                    }
                }
                proptest::prop_assert_eq!(ids.iter().collect::<Vec<_>>(), model.iter().map(String::as_str).collect::<Vec<_>>());
                for (i, m) in model.iter().enumerate() {
                    proptest::prop_assert_eq!(ids.find(m), Some(i as u32));
                }
                proptest::prop_assert_eq!(ids.find("not an id"), None);
                proptest::prop_assert_eq!(ids.index.len(), model.len());
            }
        }
    }

    #[test]
    fn lookups_across_tables_agree() {
        let a: Ids = ["x", "yy", "zzz"].into_iter().collect();
        let mut b: Ids = ["zzz", "q"].into_iter().collect();
        assert_eq!(b.find_from(&a, 2), Some(0));
        assert_eq!(b.find_from(&a, 1), None);
        assert_eq!(b.push_from(&a, 1), 2);
        assert_eq!(b.find("yy"), Some(2));
        assert_eq!(format!("{b:?}"), r#"["zzz", "q", "yy", ..]"#);
    }
}
