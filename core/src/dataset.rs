//! Right-or-wrong response logs for knowledge tracing: from columns or CSV (pyBKT's and
//! DataShop's column names), grouped per skill into each learner's ordered sequence.

use std::collections::HashMap;
use std::io::Read;

use crate::error::{Error, IdKind, Result};

/// Column names of a response CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvColumns {
    /// Ordering column (rows are sorted by it, stably); none keeps file order.
    pub order: Option<String>,
    /// Learner column.
    pub learner: String,
    /// Skill column; several skills in one cell are split on `separator`.
    pub skill: String,
    /// Right-or-wrong column: 0/1 (also `true`/`false`).
    pub correct: String,
    /// Separator of several skills in one cell.
    pub separator: String,
}

impl CsvColumns {
    /// pyBKT's names: `order_id, user_id, skill_name, correct`, skills split on `~~`.
    pub fn pybkt() -> CsvColumns {
        CsvColumns {
            order: Some("order_id".into()),
            learner: "user_id".into(),
            skill: "skill_name".into(),
            correct: "correct".into(),
            separator: "~~".into(),
        }
    }

    /// DataShop / Cognitive Tutor names: `Row, Anon Student Id, KC(Default),
    /// Correct First Attempt`.
    pub fn datashop() -> CsvColumns {
        CsvColumns {
            order: Some("Row".into()),
            learner: "Anon Student Id".into(),
            skill: "KC(Default)".into(),
            correct: "Correct First Attempt".into(),
            separator: "~~".into(),
        }
    }
}

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
        for (name, len) in [("skills", skills.len()), ("correct", correct.len())]
            .into_iter()
            .chain(order.map(|o| ("order", o.len())))
        {
            if len != n {
                return Err(Error::InvalidNumber {
                    location: format!("length of column `{name}`"),
                    value: len as f64,
                    expected: "the same length as the learner column",
                });
            }
        }
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

    /// Reads a CSV, detecting pyBKT or DataShop column names (comma or tab separated).
    pub fn from_csv<R: Read>(reader: R) -> Result<ResponseData> {
        Self::read_csv(reader, None)
    }

    /// Reads a CSV with the given column names.
    pub fn from_csv_with<R: Read>(reader: R, columns: &CsvColumns) -> Result<ResponseData> {
        Self::read_csv(reader, Some(columns))
    }

    fn read_csv<R: Read>(mut reader: R, columns: Option<&CsvColumns>) -> Result<ResponseData> {
        let mut text = Vec::new();
        reader
            .read_to_end(&mut text)
            .map_err(|e| csv_error(e.to_string()))?;
        Self::parse_csv(&text, columns)
    }

    /// Parses CSV bytes already in memory (no copy), detecting the column names.
    pub fn from_csv_bytes(text: &[u8]) -> Result<ResponseData> {
        Self::parse_csv(text, None)
    }

    fn parse_csv(text: &[u8], columns: Option<&CsvColumns>) -> Result<ResponseData> {
        let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiter = if first_line.contains(&b'\t') {
            b'\t'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text);
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| csv_error(e.to_string()))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let cols = match columns {
            Some(c) => c.clone(),
            None if headers.iter().any(|h| h == "Anon Student Id") => CsvColumns::datashop(),
            None => CsvColumns::pybkt(),
        };
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| Error::MissingColumn {
                    column: name.to_string(),
                    available: headers.join(", "),
                })
        };
        let (li, si, ci) = (
            find(&cols.learner)?,
            find(&cols.skill)?,
            find(&cols.correct)?,
        );
        let oi = match &cols.order {
            Some(o) => headers.iter().position(|h| h == o),
            None => None,
        };
        // One pass: parse into columns, interning ids without allocating per row.
        let mut b = Builder::default();
        let mut order_keys: Vec<f64> = Vec::new();
        let mut rec = csv::ByteRecord::new();
        let mut r = 0usize;
        while rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_error(e.to_string()))?
        {
            let row = r + 2; // 1-based, after the header
            r += 1;
            let field = |i: usize| -> Result<&str> {
                std::str::from_utf8(rec.get(i).unwrap_or_default())
                    .map(str::trim)
                    .map_err(|_| csv_error(format!("row {row} is not UTF-8")))
            };
            if let Some(i) = oi {
                let v = field(i)?;
                order_keys.push(v.parse::<f64>().map_err(|_| Error::InvalidNumber {
                    location: format!("`{}` on row {row} (`{v}`)", headers[i]),
                    value: f64::NAN,
                    expected: "a number",
                })?);
            }
            let correct = match field(ci)? {
                "1" | "1.0" | "true" | "True" | "TRUE" => true,
                "0" | "0.0" | "false" | "False" | "FALSE" => false,
                other => {
                    return Err(Error::InvalidCorrect {
                        row,
                        value: other.to_string(),
                    });
                }
            };
            let before = b.data.correct.len();
            b.push(row, field(li)?, field(si)?, correct, Some(&cols.separator))?;
            // A row with several skills adds several entries; each keeps the row's order key.
            if oi.is_some() {
                let key = order_keys[order_keys.len() - 1];
                order_keys.resize(order_keys.len() + (b.data.correct.len() - before - 1), key);
            }
        }
        if oi.is_some() && !order_keys.windows(2).all(|w| w[0] <= w[1]) {
            b.reorder(&order_keys);
        }
        Ok(b.finish())
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

    /// The entries as CSV with pyBKT's columns (`order_id` is the entry number).
    pub fn to_csv(&self) -> String {
        let mut out = String::with_capacity(self.len() * 32);
        out.push_str("order_id,user_id,skill_name,correct\n");
        for e in 0..self.len() {
            out.push_str(&format!(
                "{},{},{},{}\n",
                e + 1,
                self.learners[self.learner[e] as usize],
                self.skills[self.skill[e] as usize],
                self.correct[e]
            ));
        }
        out
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
            }
        }
        b.finish()
    }
}

fn csv_error(message: String) -> Error {
    Error::Parse {
        format: "csv",
        message,
    }
}

#[derive(Default)]
struct Builder {
    data: ResponseData,
    skill_index: HashMap<String, u32, foldhash::fast::RandomState>,
    learner_index: HashMap<String, u32, foldhash::fast::RandomState>,
    /// The previous entry's skill and learner: logs repeat them row after row.
    last: Option<(u32, u32)>,
}

impl Builder {
    fn push(
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

    fn push_indexed(&mut self, row: usize, learner: &str, skill: &str, correct: bool) {
        let (s, l) = match self.last {
            Some((s, l))
                if self.data.skills[s as usize] == skill
                    && self.data.learners[l as usize] == learner =>
            {
                (s, l)
            }
            _ => self.lookup(learner, skill),
        };
        self.last = Some((s, l));
        let d = &mut self.data;
        d.learner.push(l);
        d.skill.push(s);
        d.correct.push(u8::from(correct));
        d.row.push(row as u32);
    }

    fn lookup(&mut self, learner: &str, skill: &str) -> (u32, u32) {
        let d = &mut self.data;
        let s = match self.skill_index.get(skill) {
            Some(&s) => s,
            None => {
                d.skills.push(skill.to_string());
                let s = (d.skills.len() - 1) as u32;
                self.skill_index.insert(skill.to_string(), s);
                s
            }
        };
        let l = match self.learner_index.get(learner) {
            Some(&l) => l,
            None => {
                d.learners.push(learner.to_string());
                let l = (d.learners.len() - 1) as u32;
                self.learner_index.insert(learner.to_string(), l);
                l
            }
        };
        (s, l)
    }

    /// Puts entries in the order of `keys` (stable).
    fn reorder(&mut self, keys: &[f64]) {
        let d = &mut self.data;
        let mut idx: Vec<usize> = (0..d.correct.len()).collect();
        idx.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        d.learner = idx.iter().map(|&i| d.learner[i]).collect();
        d.skill = idx.iter().map(|&i| d.skill[i]).collect();
        d.correct = idx.iter().map(|&i| d.correct[i]).collect();
        d.row = idx.iter().map(|&i| d.row[i]).collect();
    }

    /// Groups entries per skill, then per learner, keeping order (stable counting sorts).
    fn finish(mut self) -> ResponseData {
        let d = &mut self.data;
        let n_skills = d.skills.len();
        let mut by_skill: Vec<Vec<u32>> = vec![Vec::new(); n_skills];
        for e in 0..d.correct.len() {
            by_skill[d.skill[e] as usize].push(e as u32);
        }
        d.per_skill = by_skill
            .into_iter()
            .map(|mut entries| {
                entries.sort_by_key(|&e| d.learner[e as usize]);
                let mut s = SkillSeqs {
                    seq_off: vec![0],
                    ..SkillSeqs::default()
                };
                for (k, &e) in entries.iter().enumerate() {
                    let l = d.learner[e as usize];
                    if k == 0 || d.learner[entries[k - 1] as usize] != l {
                        if k > 0 {
                            s.seq_off.push(s.obs.len() as u32);
                        }
                        s.seq_learner.push(l);
                    }
                    s.obs.push(d.correct[e as usize]);
                    s.entry.push(e);
                }
                if !entries.is_empty() {
                    s.seq_off.push(s.obs.len() as u32);
                }
                s
            })
            .collect();
        self.data
    }
}
