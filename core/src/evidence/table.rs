//! Evidence tables: one row per response, read from CSV into the columns that
//! [`crate::LearnerStore::replay_columns`] replays.

use std::io::Read;

use super::EvidenceColumns;
use crate::error::{Error, Result};
use crate::ids::Ids;
use crate::time::Timestamp;

/// Evidence read from a table, one row per response, owning its id tables and codes; view
/// it with [`EvidenceTable::columns`].
///
/// CSV columns (comma- or tab-separated, names matched exactly): `learner` (or `user_id`),
/// `sitting` (any text: consecutive rows of one learner and sitting form one assessment),
/// `context`, `skill` (or `skill_name`), `correct` (0/1, true/false) or `score` (in [0, 1]),
/// `timestamp` (RFC 3339, a date, or Unix seconds), and optionally `item` and `event_id` (an
/// empty cell for none). Rows count from 0, the header excluded.
///
/// ```
/// use masterykit::{Curriculum, EvidenceTable, LearnerStore, Policy};
/// let csv = "learner,sitting,context,skill,correct,timestamp\n\
///            ana,1,practice,add,1,2026-09-01T10:00:00Z\n\
///            ana,1,practice,add,1,2026-09-01T10:01:00Z\n";
/// let table = EvidenceTable::from_csv(csv.as_bytes())?;
/// let course = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "add"}]}"#)?;
/// let mut store = LearnerStore::new(course, Policy::khan())?;
/// store.replay_columns(&table.columns())?;
/// assert_eq!(store.learner("ana").unwrap().skill("add")?.level, "proficient");
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct EvidenceTable {
    learners: (Vec<String>, Vec<u32>),
    sitting: Vec<i64>,
    contexts: (Vec<String>, Vec<u32>),
    skills: (Vec<String>, Vec<u32>),
    score: Vec<f64>,
    timestamp: Vec<i64>,
    items: Option<(Vec<String>, Vec<u32>)>,
    events: Option<(Vec<String>, Vec<u32>)>,
}

/// A column being read: its ids so far and each row's code.
#[derive(Default)]
struct Coded {
    ids: Ids,
    codes: Vec<u32>,
}

impl Coded {
    fn push(&mut self, value: &str) {
        self.codes.push(self.ids.intern(value).0);
    }

    fn finish(self) -> (Vec<String>, Vec<u32>) {
        (self.ids.iter().map(str::to_string).collect(), self.codes)
    }
}

impl EvidenceTable {
    /// Reads CSV (see [`EvidenceTable`] for the columns); an error names the missing column,
    /// or the row and the value that is wrong.
    pub fn from_csv<R: Read>(reader: R) -> Result<EvidenceTable> {
        let parse = |e: csv::Error| Error::Parse {
            format: "csv",
            message: e.to_string(),
        };
        let mut text = Vec::new();
        let mut reader = reader;
        reader.read_to_end(&mut text).map_err(|e| Error::Parse {
            format: "csv",
            message: e.to_string(),
        })?;
        let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiter = if first_line.contains(&b'\t') {
            b'\t'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text.as_slice());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(parse)?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let require = |names: &[&str]| {
            find(names).ok_or_else(|| Error::MissingColumn {
                column: names.join("` or `"),
                available: headers.join(", "),
            })
        };
        let learner = require(&["learner", "user_id"])?;
        let sitting = require(&["sitting"])?;
        let context = require(&["context"])?;
        let skill = require(&["skill", "skill_name"])?;
        let outcome = require(&["correct", "score"])?;
        let is_score = headers[outcome] == "score";
        let timestamp = require(&["timestamp"])?;
        let (item, event) = (find(&["item"]), find(&["event_id"]));

        let (mut learners, mut sittings, mut contexts, mut skills) = Default::default();
        let (mut items, mut events): (Coded, Coded) = Default::default();
        let mut t = EvidenceTable::default();
        let mut record = csv::StringRecord::new();
        let mut row = 0;
        while rdr.read_record(&mut record).map_err(parse)? {
            let at_row = |error| Error::AtRow {
                row,
                error: Box::new(error),
            };
            let cell = |i: usize| record.get(i).unwrap_or_default().trim();
            Coded::push(&mut learners, cell(learner));
            Coded::push(&mut sittings, cell(sitting));
            Coded::push(&mut contexts, cell(context));
            Coded::push(&mut skills, cell(skill));
            let value = cell(outcome);
            let score = if is_score {
                value.parse::<f64>().map_err(|_| {
                    at_row(Error::InvalidNumber {
                        location: format!("score `{value}`"),
                        value: f64::NAN,
                        expected: "a number in [0, 1]",
                    })
                })?
            } else {
                match value {
                    "1" | "true" | "True" | "TRUE" => 1.0,
                    "0" | "false" | "False" | "FALSE" => 0.0,
                    _ => {
                        return Err(at_row(Error::InvalidNumber {
                            location: format!("correct `{value}`"),
                            value: f64::NAN,
                            expected: "0/1 or true/false",
                        }));
                    }
                }
            };
            t.score.push(score);
            let when = match cell(timestamp).parse::<i64>() {
                Ok(secs) => Timestamp::try_from_secs(secs).map_err(at_row)?,
                Err(_) => Timestamp::parse(cell(timestamp)).map_err(at_row)?,
            };
            t.timestamp.push(when.as_millis());
            if let Some(i) = item {
                items.push(cell(i));
            }
            if let Some(e) = event {
                match cell(e) {
                    "" => events.codes.push(EvidenceColumns::NO_EVENT),
                    id => events.push(id),
                }
            }
            row += 1;
        }
        t.learners = learners.finish();
        t.sitting = sittings.codes.into_iter().map(i64::from).collect();
        t.contexts = contexts.finish();
        t.skills = skills.finish();
        t.items = item.map(|_| items.finish());
        t.events = event.map(|_| events.finish());
        Ok(t)
    }

    /// Where the rows of `body` (whole lines after the header `header`) can be cut without
    /// splitting a sitting: the start of the run of last lines with the last line's learner and
    /// sitting (0 when that run is all of `body`). `None` when a cell is quoted (a field may
    /// then span lines) or the header lacks the columns: the caller reads the rest whole.
    pub(crate) fn sitting_cut(header: &[u8], body: &[u8]) -> Option<usize> {
        if memchr::memchr(b'"', body).is_some() || memchr::memchr(b'"', header).is_some() {
            return None;
        }
        let delimiter = if header.contains(&b'\t') { b'\t' } else { b',' };
        // Cells compare as the reader keeps them: text trimmed of (Unicode) white space.
        let trim = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
        let names: Vec<String> = header
            .trim_ascii_end()
            .split(|&b| b == delimiter)
            .map(trim)
            .collect();
        let at = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let (learner, sitting) = (at(&["learner", "user_id"])?, at(&["sitting"])?);
        let key = |line: &[u8]| {
            let cells: Vec<&[u8]> = line.trim_ascii_end().split(|&b| b == delimiter).collect();
            Some((trim(cells.get(learner)?), trim(cells.get(sitting)?)))
        };
        // Line starts, from the end; blank lines belong to no sitting.
        let mut end = body.len();
        let mut last = None;
        while end > 0 {
            let start = memchr::memrchr(b'\n', &body[..end - 1]).map_or(0, |i| i + 1);
            let line = &body[start..end];
            if !line.trim_ascii().is_empty() {
                let k = key(line)?;
                match &last {
                    None => last = Some(k),
                    Some(l) if *l != k => return Some(end),
                    Some(_) => {}
                }
            }
            end = start;
        }
        Some(0)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.score.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }

    /// The table as evidence columns.
    pub fn columns(&self) -> EvidenceColumns<'_> {
        fn view((names, codes): &(Vec<String>, Vec<u32>)) -> (&[String], &[u32]) {
            (names, codes)
        }
        EvidenceColumns {
            learners: view(&self.learners),
            sitting: &self.sitting,
            contexts: view(&self.contexts),
            skills: view(&self.skills),
            score: &self.score,
            timestamp: &self.timestamp,
            items: self.items.as_ref().map(view),
            events: self.events.as_ref().map(view),
        }
    }
}
