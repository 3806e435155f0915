//! Right-or-wrong response logs for knowledge tracing (from columns, codes or CSV), grouped
//! per skill into each learner's ordered sequence.

use std::collections::HashMap;

use crate::error::{Error, IdKind, Result};
use crate::rows::equal_lengths;

/// One skill's responses: each learner's sequence, contiguous, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SkillSeqs {
    /// 0 or 1 per response.
    pub obs: Vec<u8>,
    /// Sequence s is `obs[seq_off[s]..seq_off[s + 1]]`.
    pub seq_off: Vec<u32>,
    /// The learner of each sequence.
    pub seq_learner: Vec<u32>,
    /// For each response, its entry index in the dataset.
    pub entry: Vec<u32>,
}

impl SkillSeqs {
    pub fn sequences(&self) -> impl Iterator<Item = &[u8]> {
        self.seq_off
            .windows(2)
            .map(|w| &self.obs[w[0] as usize..w[1] as usize])
    }
}

/// A response log for knowledge tracing. A row naming several skills becomes one entry per
/// skill (each is credited, as pyBKT does); entries keep row order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseData {
    pub(crate) skills: Vec<String>,
    pub(crate) learners: Vec<String>,
    /// Per entry.
    pub(crate) learner: Vec<u32>,
    pub(crate) skill: Vec<u32>,
    pub(crate) correct: Vec<u8>,
    /// The source row of each entry.
    pub(crate) row: Vec<u32>,
    /// Item names, and the item of each entry (empty without an item column).
    pub(crate) items: Vec<String>,
    pub(crate) item: Vec<u32>,
    /// Group names, and the group of each entry (empty without a group column).
    pub(crate) groups: Vec<String>,
    pub(crate) group: Vec<u32>,
    pub(crate) per_skill: Vec<SkillSeqs>,
}

impl ResponseData {
    /// Builds from columns of equal length. `order` (optional) sorts rows stably; otherwise
    /// rows are in the given order.
    pub fn from_columns<S: AsRef<str>, K: AsRef<str>>(
        learners: &[S],
        skills: &[K],
        correct: &[bool],
        order: Option<&[i64]>,
    ) -> Result<ResponseData> {
        let n = learners.len();
        equal_lengths(
            n,
            &[("skills", skills.len()), ("correct", correct.len())],
            order,
        )?;
        let mut b = Builder::default();
        let mut rows: Vec<u32> = (0..n as u32).collect();
        if let Some(o) = order {
            rows.sort_by_key(|&r| o[r as usize]);
        }
        for r in rows {
            let r = r as usize;
            b.push(
                r,
                learners[r].as_ref(),
                skills[r].as_ref(),
                correct[r],
                None,
            )?;
        }
        Ok(b.finish())
    }

    /// Builds from integer codes (e.g. pandas `factorize` codes) into `learners` and `skills`
    /// name tables, and 0/1 outcomes: one entry per row, rows in order or sorted by `order`.
    /// No per-row strings: the fast path for bulk data from numpy.
    pub fn from_codes(
        learners: Vec<String>,
        skills: Vec<String>,
        learner: &[u32],
        skill: &[u32],
        correct: &[u8],
        order: Option<&[i64]>,
    ) -> Result<ResponseData> {
        let n = learner.len();
        equal_lengths(
            n,
            &[("skill codes", skill.len()), ("correct", correct.len())],
            order,
        )?;
        let check = |codes: &[u32], names: usize, what: &str| match codes
            .iter()
            .position(|&c| c as usize >= names)
        {
            Some(r) => Err(Error::InvalidNumber {
                location: format!("{what} code on row {r}"),
                value: f64::from(codes[r]),
                expected: "an index into the name table",
            }),
            None => Ok(()),
        };
        check(learner, learners.len(), "learner")?;
        check(skill, skills.len(), "skill")?;
        if let Some(r) = correct.iter().position(|&c| c > 1) {
            return Err(Error::InvalidCorrect {
                row: r,
                value: correct[r].to_string(),
            });
        }
        for (kind, names) in [(IdKind::Learner, &learners), (IdKind::Skill, &skills)] {
            if let Some(i) = names.iter().position(|s| s.trim().is_empty()) {
                return Err(Error::EmptyId {
                    kind,
                    location: format!("name table entry {i}"),
                });
            }
        }
        let mut rows: Vec<u32> = (0..n as u32).collect();
        if let Some(o) = order {
            rows.sort_by_key(|&r| o[r as usize]);
        }
        let mut b = Builder::default();
        b.data.learners = learners;
        b.data.skills = skills;
        b.data.learner = rows.iter().map(|&r| learner[r as usize]).collect();
        b.data.skill = rows.iter().map(|&r| skill[r as usize]).collect();
        b.data.correct = rows.iter().map(|&r| correct[r as usize]).collect();
        b.data.row = rows;
        Ok(b.finish())
    }

    /// Attaches an item per source row (as given to [`ResponseData::from_columns`] or
    /// [`ResponseData::from_codes`]): the classes of the per-item variants.
    pub fn with_items<S: AsRef<str>>(self, items: &[S]) -> Result<ResponseData> {
        self.with_labels(items, true)
    }

    /// Attaches a learner group per source row: the classes of `multiprior` (a sequence
    /// takes the group of its first response).
    pub fn with_groups<S: AsRef<str>>(self, groups: &[S]) -> Result<ResponseData> {
        self.with_labels(groups, false)
    }

    /// Attaches items as codes per source row into `names` (e.g. from pandas `factorize`).
    pub fn with_item_codes(self, names: Vec<String>, codes: &[u32]) -> Result<ResponseData> {
        self.with_codes(names, codes, true)
    }

    /// Attaches learner groups as codes per source row into `names`.
    pub fn with_group_codes(self, names: Vec<String>, codes: &[u32]) -> Result<ResponseData> {
        self.with_codes(names, codes, false)
    }

    fn with_codes(
        mut self,
        names: Vec<String>,
        codes: &[u32],
        items: bool,
    ) -> Result<ResponseData> {
        let what = if items { "item" } else { "group" };
        let rows = self.row.iter().map(|&r| r as usize + 1).max().unwrap_or(0);
        if codes.len() < rows {
            return Err(Error::InvalidNumber {
                location: format!("length of the {what} codes"),
                value: codes.len() as f64,
                expected: "the same length as the learner column",
            });
        }
        if let Some(r) = codes.iter().position(|&c| c as usize >= names.len()) {
            return Err(Error::InvalidNumber {
                location: format!("{what} code on row {r}"),
                value: f64::from(codes[r]),
                expected: "an index into the name table",
            });
        }
        let per_entry = self.row.iter().map(|&r| codes[r as usize]).collect();
        if items {
            (self.items, self.item) = (names, per_entry);
        } else {
            (self.groups, self.group) = (names, per_entry);
        }
        Ok(self)
    }

    /// Factorizes the labels (codes in order of first appearance) for [`Self::with_codes`].
    fn with_labels<S: AsRef<str>>(self, labels: &[S], items: bool) -> Result<ResponseData> {
        let mut names = Vec::new();
        let mut index: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
        let codes: Vec<u32> = labels
            .iter()
            .map(|label| {
                let label = label.as_ref();
                *index.entry(label).or_insert_with(|| {
                    names.push(label.to_string());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        self.with_codes(names, &codes, items)
    }

    /// Number of entries (row x skill pairs).
    pub fn len(&self) -> usize {
        self.correct.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.correct.is_empty()
    }

    /// Skill names, in order of first appearance.
    pub fn skills(&self) -> &[String] {
        &self.skills
    }

    /// Learner ids, in order of first appearance.
    pub fn learners(&self) -> &[String] {
        &self.learners
    }

    /// The observed 0/1 of each entry.
    pub fn correct(&self) -> &[u8] {
        &self.correct
    }

    /// The skill index of each entry.
    pub fn entry_skills(&self) -> &[u32] {
        &self.skill
    }

    /// The learner index of each entry.
    pub fn entry_learners(&self) -> &[u32] {
        &self.learner
    }

    /// The source row of each entry (CSV rows are 1-based counting the header).
    pub fn entry_rows(&self) -> &[u32] {
        &self.row
    }

    /// The entries as CSV with pyBKT's columns (`order_id` is the entry number), plus
    /// `template_id` and `group` when the data has items and groups.
    pub fn to_csv(&self) -> String {
        let mut out = String::with_capacity(self.len() * 32);
        out.push_str("order_id,user_id,skill_name,correct");
        let (items, groups) = (!self.item.is_empty(), !self.group.is_empty());
        if items {
            out.push_str(",template_id");
        }
        if groups {
            out.push_str(",group");
        }
        out.push('\n');
        for e in 0..self.len() {
            out.push_str(&format!(
                "{},{},{},{}",
                e + 1,
                self.learners[self.learner[e] as usize],
                self.skills[self.skill[e] as usize],
                self.correct[e]
            ));
            if items {
                out.push(',');
                out.push_str(&self.items[self.item[e] as usize]);
            }
            if groups {
                out.push(',');
                out.push_str(&self.groups[self.group[e] as usize]);
            }
            out.push('\n');
        }
        out
    }

    /// Item names, in order of first appearance (empty without an item column).
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Group names, in order of first appearance (empty without a group column).
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The entries of the given learners only (e.g. one cross-validation fold).
    pub fn subset_learners(&self, keep: &[bool]) -> ResponseData {
        let mut b = Builder::default();
        for e in 0..self.len() {
            let l = self.learner[e] as usize;
            if keep.get(l).copied().unwrap_or(false) {
                b.push_indexed(
                    self.row[e] as usize,
                    &self.learners[l],
                    &self.skills[self.skill[e] as usize],
                    self.correct[e] == 1,
                );
                if let Some(&i) = self.item.get(e) {
                    b.label(&self.items[i as usize], true);
                }
                if let Some(&g) = self.group.get(e) {
                    b.label(&self.groups[g as usize], false);
                }
            }
        }
        b.finish()
    }
}

#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) data: ResponseData,
    skill_index: HashMap<String, u32, foldhash::fast::RandomState>,
    learner_index: HashMap<String, u32, foldhash::fast::RandomState>,
    /// The previous entry's skill and learner: logs repeat them row after row.
    last: Option<(u32, u32)>,
    item_index: HashMap<String, u32, foldhash::fast::RandomState>,
    group_index: HashMap<String, u32, foldhash::fast::RandomState>,
}

impl Builder {
    pub(crate) fn push(
        &mut self,
        row: usize,
        learner: &str,
        skill: &str,
        correct: bool,
        sep: Option<&str>,
    ) -> Result<()> {
        if learner.trim().is_empty() {
            return Err(Error::EmptyId {
                kind: IdKind::Learner,
                location: format!("row {row}"),
            });
        }
        let empty = || Error::EmptyId {
            kind: IdKind::Skill,
            location: format!("row {row}"),
        };
        match sep {
            Some(sep) if !sep.is_empty() && skill.contains(sep) => {
                if skill.split(sep).any(|p| p.trim().is_empty()) {
                    return Err(empty());
                }
                for p in skill.split(sep) {
                    self.push_indexed(row, learner, p.trim(), correct);
                }
            }
            _ => {
                if skill.trim().is_empty() {
                    return Err(empty());
                }
                self.push_indexed(row, learner, skill.trim(), correct);
            }
        }
        Ok(())
    }

    /// Adds an entry by name; returns its (skill, learner) codes.
    pub(crate) fn push_indexed(
        &mut self,
        row: usize,
        learner: &str,
        skill: &str,
        correct: bool,
    ) -> (u32, u32) {
        let (s, l) = match self.last {
            Some((s, l))
                if self.data.skills[s as usize] == skill
                    && self.data.learners[l as usize] == learner =>
            {
                (s, l)
            }
            _ => self.lookup(learner, skill),
        };
        self.push_codes(row, (s, l), correct);
        (s, l)
    }

    /// Makes room for `entries` more entries (with items and groups when asked).
    pub(crate) fn reserve(&mut self, entries: usize, items: bool, groups: bool) {
        let d = &mut self.data;
        d.learner.reserve(entries);
        d.skill.reserve(entries);
        d.correct.reserve(entries);
        d.row.reserve(entries);
        if items {
            d.item.reserve(entries);
        }
        if groups {
            d.group.reserve(entries);
        }
    }

    /// Adds an entry by its (skill, learner) codes.
    pub(crate) fn push_codes(&mut self, row: usize, (s, l): (u32, u32), correct: bool) {
        self.last = Some((s, l));
        let d = &mut self.data;
        d.learner.push(l);
        d.skill.push(s);
        d.correct.push(u8::from(correct));
        d.row.push(row as u32);
    }

    /// Gives the entries pushed since the last label this item (or group).
    pub(crate) fn label(&mut self, label: &str, item: bool) {
        let code = self.intern(label, item);
        let n = self.data.correct.len();
        let codes = if item {
            &mut self.data.item
        } else {
            &mut self.data.group
        };
        codes.resize(n, code);
    }

    pub(crate) fn intern(&mut self, label: &str, item: bool) -> u32 {
        let (index, names) = if item {
            (&mut self.item_index, &mut self.data.items)
        } else {
            (&mut self.group_index, &mut self.data.groups)
        };
        if let Some(&i) = index.get(label) {
            return i;
        }
        names.push(label.to_string());
        let i = (names.len() - 1) as u32;
        index.insert(label.to_string(), i);
        i
    }

    pub(crate) fn intern_skill(&mut self, skill: &str) -> u32 {
        self.lookup_one(skill, true)
    }

    pub(crate) fn intern_learner(&mut self, learner: &str) -> u32 {
        self.lookup_one(learner, false)
    }

    pub(crate) fn lookup_one(&mut self, id: &str, skill: bool) -> u32 {
        let (index, names) = if skill {
            (&mut self.skill_index, &mut self.data.skills)
        } else {
            (&mut self.learner_index, &mut self.data.learners)
        };
        match index.get(id) {
            Some(&i) => i,
            None => {
                names.push(id.to_string());
                let i = (names.len() - 1) as u32;
                index.insert(id.to_string(), i);
                i
            }
        }
    }

    pub(crate) fn lookup(&mut self, learner: &str, skill: &str) -> (u32, u32) {
        (self.intern_skill(skill), self.intern_learner(learner))
    }

    /// Puts entries in the order of `keys` (stable).
    pub(crate) fn reorder(&mut self, keys: &[f64]) {
        let d = &mut self.data;
        let mut idx: Vec<usize> = (0..d.correct.len()).collect();
        idx.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        d.learner = idx.iter().map(|&i| d.learner[i]).collect();
        d.skill = idx.iter().map(|&i| d.skill[i]).collect();
        d.correct = idx.iter().map(|&i| d.correct[i]).collect();
        d.row = idx.iter().map(|&i| d.row[i]).collect();
        if !d.item.is_empty() {
            d.item = idx.iter().map(|&i| d.item[i]).collect();
        }
        if !d.group.is_empty() {
            d.group = idx.iter().map(|&i| d.group[i]).collect();
        }
    }

    /// Groups entries per skill, then per learner, keeping row order within each learner;
    /// skills in parallel with the `parallel` feature. A skill's sequences come in the order
    /// its learners first answer it, so they depend on the skill's own rows alone: a log
    /// split by skill gives each part the sequences (and the fit) of the whole.
    pub(crate) fn finish(mut self) -> ResponseData {
        let d = &mut self.data;
        let n_skills = d.skills.len();
        let mut by_skill: Vec<Vec<u32>> = vec![Vec::new(); n_skills];
        for e in 0..d.correct.len() {
            by_skill[d.skill[e] as usize].push(e as u32);
        }
        let group = |mut entries: Vec<u32>| -> SkillSeqs {
            // Entries are in order, so a stable sort by learner leaves each run's first
            // entry its learner's first on the skill; runs are then put in that order.
            entries.sort_by_key(|&e| d.learner[e as usize]);
            let mut runs: Vec<(u32, u32)> = Vec::new();
            for (k, &e) in entries.iter().enumerate() {
                if k == 0 || d.learner[entries[k - 1] as usize] != d.learner[e as usize] {
                    runs.push((k as u32, k as u32));
                }
                if let Some(run) = runs.last_mut() {
                    run.1 = k as u32 + 1;
                }
            }
            // Sorted as plain numbers (first entry, then run), which shares the sort's code
            // with every other sort of u64.
            let mut order: Vec<u64> = runs
                .iter()
                .enumerate()
                .map(|(k, &(from, _))| (u64::from(entries[from as usize]) << 32) | k as u64)
                .collect();
            order.sort_unstable();
            let mut s = SkillSeqs {
                seq_off: Vec::with_capacity(runs.len() + 1),
                seq_learner: Vec::with_capacity(runs.len()),
                obs: Vec::with_capacity(entries.len()),
                entry: Vec::with_capacity(entries.len()),
            };
            s.seq_off.push(0);
            for key in order {
                let (from, to) = runs[(key & u64::from(u32::MAX)) as usize];
                let run = &entries[from as usize..to as usize];
                s.seq_learner.push(d.learner[run[0] as usize]);
                for &e in run {
                    s.obs.push(d.correct[e as usize]);
                    s.entry.push(e);
                }
                s.seq_off.push(s.obs.len() as u32);
            }
            s
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            d.per_skill =
                crate::parallel::install(|| by_skill.into_par_iter().map(group).collect());
        }
        #[cfg(not(feature = "parallel"))]
        {
            d.per_skill = by_skill.into_iter().map(group).collect();
        }
        self.data
    }
}
