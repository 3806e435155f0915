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
#[derive(Debug, Clone, Default, PartialEq)]
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

    /// [`Coded::push`], reusing the previous row's code when the cell repeats it (rows of
    /// one sitting repeat learner, sitting, context and often the rest).
    fn push_repeat(&mut self, value: &str, last: &mut Option<(String, u32)>) {
        if let Some((text, code)) = last
            && text == value
        {
            self.codes.push(*code);
            return;
        }
        let code = self.ids.intern(value).0;
        self.codes.push(code);
        match last {
            Some((text, c)) => {
                text.clear();
                text.push_str(value);
                *c = code;
            }
            None => *last = Some((value.to_string(), code)),
        }
    }

    fn finish(self) -> (Vec<String>, Vec<u32>) {
        (self.ids.iter().map(str::to_string).collect(), self.codes)
    }
}

impl EvidenceTable {
    /// Reads CSV (see [`EvidenceTable`] for the columns); an error names the missing column,
    /// or the row and the value that is wrong.
    pub fn from_csv<R: Read>(reader: R) -> Result<EvidenceTable> {
        Self::read(reader, true)
    }

    /// [`EvidenceTable::from_csv`] by the general reader alone (for tests and benchmarks:
    /// the fast reader gives the same table).
    #[doc(hidden)]
    pub fn from_csv_general<R: Read>(reader: R) -> Result<EvidenceTable> {
        Self::read(reader, false)
    }

    fn read<R: Read>(reader: R, fast: bool) -> Result<EvidenceTable> {
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
        let layout = Layout {
            delimiter,
            width: headers.len(),
            learner,
            sitting,
            context,
            skill,
            outcome,
            is_score,
            timestamp,
            item,
            event,
        };
        let header_end = memchr::memchr(b'\n', &text).map_or(text.len(), |i| i + 1);
        if fast
            && plain(&text)
            && let Some(t) = fast_table(&text[header_end..], &layout)
        {
            return Ok(t);
        }

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
        if !plain(body) || !plain(header) {
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

/// Whether a text has no quote and no carriage return that ends a record without a line
/// feed: the plain text the fast reader takes (the general reader judges the rest).
fn plain(text: &[u8]) -> bool {
    memchr::memchr(b'"', text).is_none()
        && memchr::memchr_iter(b'\r', text).all(|i| text.get(i + 1) == Some(&b'\n'))
}

/// Where the columns of an evidence table are.
struct Layout {
    delimiter: u8,
    width: usize,
    learner: usize,
    sitting: usize,
    context: usize,
    skill: usize,
    outcome: usize,
    is_score: bool,
    timestamp: usize,
    item: Option<usize>,
    event: Option<usize>,
}

/// The rows of part of a table, ids interned in the part.
#[derive(Default)]
struct Part {
    learners: Coded,
    sittings: Coded,
    contexts: Coded,
    skills: Coded,
    score: Vec<f64>,
    timestamp: Vec<i64>,
    items: Coded,
    events: Coded,
}

/// Reads plain rows (no quotes, no lone carriage returns) on all cores with the `parallel`
/// feature, in chunks cut at line ends whose ids merge in order (so ids keep their order of
/// first appearance). `None` on anything the general reader must judge: a blank or ragged
/// line, a cell with a non-ASCII edge or not UTF-8, a value that does not read (so the error
/// is the general reader's, naming its row).
fn fast_table(body: &[u8], layout: &Layout) -> Option<EvidenceTable> {
    if !plain(body) {
        return None;
    }
    #[cfg(feature = "parallel")]
    let parts: Vec<Part> = {
        use rayon::prelude::*;
        const MIN_CHUNK: usize = 1 << 20;
        let threads = rayon::current_num_threads();
        let target = (body.len() / (threads * 4).max(1)).max(MIN_CHUNK);
        let bounds = crate::rows::line_chunks(body, target);
        crate::parallel::install(|| {
            bounds
                .par_windows(2)
                .map(|w| fast_part(&body[w[0]..w[1]], layout))
                .collect::<Option<Vec<Part>>>()
        })?
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<Part> = vec![fast_part(body, layout)?];
    let mut all = Part::default();
    for part in parts {
        for (to, from) in [
            (&mut all.learners, part.learners),
            (&mut all.sittings, part.sittings),
            (&mut all.contexts, part.contexts),
            (&mut all.skills, part.skills),
            (&mut all.items, part.items),
            (&mut all.events, part.events),
        ] {
            let map: Vec<u32> = from.ids.iter().map(|id| to.ids.intern(id).0).collect();
            to.codes.extend(from.codes.iter().map(|&c| match c {
                EvidenceColumns::NO_EVENT => c,
                c => map[c as usize],
            }));
        }
        all.score.extend(part.score);
        all.timestamp.extend(part.timestamp);
    }
    Some(EvidenceTable {
        learners: all.learners.finish(),
        sitting: all.sittings.codes.into_iter().map(i64::from).collect(),
        contexts: all.contexts.finish(),
        skills: all.skills.finish(),
        score: all.score,
        timestamp: all.timestamp,
        items: layout.item.map(|_| all.items.finish()),
        events: layout.event.map(|_| all.events.finish()),
    })
}

/// The rows of one chunk of whole lines (see [`fast_table`]).
fn fast_part(body: &[u8], l: &Layout) -> Option<Part> {
    let mut p = Part::default();
    let rows = memchr::memchr_iter(b'\n', body).count() + 1;
    p.score.reserve(rows);
    p.timestamp.reserve(rows);
    // The general reader refuses a record that is not UTF-8 anywhere in it; checked once,
    // the cells (cut at an ASCII delimiter) need no second look.
    let body = std::str::from_utf8(body).ok()?;
    let delimiter = char::from(l.delimiter);
    let mut cells: Vec<&str> = Vec::with_capacity(l.width);
    // Each column's previous cell and code, and the previous timestamp text and value.
    let mut last: [Option<(String, u32)>; 6] = Default::default();
    let mut last_when: Option<(String, i64)> = None;
    for line in body.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        cells.clear();
        cells.extend(line.split(delimiter));
        if cells.len() != l.width {
            return None;
        }
        let cell = |i: usize| -> Option<&str> {
            let c = cells[i];
            // A non-ASCII edge may be white space the general reader trims.
            if c.as_bytes().first().is_some_and(|b| !b.is_ascii())
                || c.as_bytes().last().is_some_and(|b| !b.is_ascii())
            {
                return None;
            }
            Some(c.trim_ascii())
        };
        let [learner, sitting, context, skill, item, event] = &mut last;
        p.learners.push_repeat(cell(l.learner)?, learner);
        p.sittings.push_repeat(cell(l.sitting)?, sitting);
        p.contexts.push_repeat(cell(l.context)?, context);
        p.skills.push_repeat(cell(l.skill)?, skill);
        let value = cell(l.outcome)?;
        p.score.push(if l.is_score {
            value.parse::<f64>().ok()?
        } else {
            match value {
                "1" | "true" | "True" | "TRUE" => 1.0,
                "0" | "false" | "False" | "FALSE" => 0.0,
                _ => return None,
            }
        });
        let text = cell(l.timestamp)?;
        let when = match &last_when {
            Some((t, ms)) if t == text => *ms,
            _ => {
                let ms = match text.parse::<i64>() {
                    Ok(secs) => Timestamp::try_from_secs(secs).ok()?,
                    Err(_) => Timestamp::parse(text).ok()?,
                }
                .as_millis();
                last_when = Some((text.to_string(), ms));
                ms
            }
        };
        p.timestamp.push(when);
        if let Some(i) = l.item {
            p.items.push_repeat(cell(i)?, item);
        }
        if let Some(e) = l.event {
            match cell(e)? {
                "" => p.events.codes.push(EvidenceColumns::NO_EVENT),
                id => p.events.push_repeat(id, event),
            }
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell of a messy table: padded, numeric, Unicode-edged and empty ids.
    fn cell() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof!["[0-9]{1,3}", "[ ]?[a-c]{1,2}[ ]?", "é[a-b]", "\u{a0}x", ""]
    }

    proptest::proptest! {
        /// The fast reader gives what the general reader gives, table or error, on tables
        /// with padded, numeric, Unicode and empty cells, odd outcomes and timestamps, CRLF
        /// and lone CR ends, ragged and blank lines.
        #[test]
        fn fast_reader_equals_the_general_one(
            rows in proptest::collection::vec(
                (
                    cell(),
                    cell(),
                    proptest::prop_oneof!["practice", "quiz", ""],
                    cell(),
                    proptest::prop_oneof!["0", "1", " 1", "true", "2", "0.5", ""],
                    proptest::prop_oneof!["1788000000", "2026-09-01", "2026-09-01T10:00:00Z", "soon", "-9999999999999"],
                    proptest::prop_oneof!["", "e1", "e2"],
                    0u8..20,
                ),
                1..40,
            ),
            score in proptest::bool::ANY,
        ) {
            let outcome = if score { "score" } else { "correct" };
            let mut text = format!("learner,sitting,context,skill,{outcome},timestamp,event_id\n");
            for (learner, sitting, context, skill, value, when, event, shape) in &rows {
                let end = match shape { 0 => "\r\n", 1 => "\r", _ => "\n" };
                match shape {
                    2 => text.push_str(&format!("{learner},{sitting}{end}")),
                    3 => text.push_str(end),
                    _ => text.push_str(&format!("{learner},{sitting},{context},{skill},{value},{when},{event}{end}")),
                }
            }
            let fast = EvidenceTable::from_csv(text.as_bytes());
            let general = EvidenceTable::from_csv_general(text.as_bytes());
            match (fast, general) {
                (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                (Err(a), Err(b)) => proptest::prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => proptest::prop_assert!(false, "{a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn a_large_table_read_in_parallel_chunks_equals_the_general_read() {
        let mut text =
            String::from("user_id\tsitting\tcontext\tskill_name\tscore\ttimestamp\titem\n");
        for i in 0..120_000u32 {
            text.push_str(&format!(
                "u{}\t{}\t{}\ts{}\t{}\t{}\tq{}\n",
                i % 997,
                i / 3,
                if i % 7 == 0 { "quiz" } else { "practice" },
                i % 13,
                f64::from(i % 5) / 4.0,
                1_788_000_000 + i64::from(i),
                i % 31
            ));
        }
        // The fast reader takes it (no fallback), in several chunks.
        let layout = Layout {
            delimiter: b'\t',
            width: 7,
            learner: 0,
            sitting: 1,
            context: 2,
            skill: 3,
            outcome: 4,
            is_score: true,
            timestamp: 5,
            item: Some(6),
            event: None,
        };
        let body = &text.as_bytes()[text.find('\n').expect("header") + 1..];
        assert!(body.len() > 2 << 20);
        assert!(fast_table(body, &layout).is_some());
        let fast = EvidenceTable::from_csv(text.as_bytes()).expect("reads");
        assert_eq!(fast.len(), 120_000);
        assert_eq!(
            fast,
            EvidenceTable::from_csv_general(text.as_bytes()).expect("reads")
        );
    }
}
