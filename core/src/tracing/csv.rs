//! Response logs from CSV: pyBKT's and DataShop's column names, comma or tab separated,
//! parsed in parallel line-aligned chunks when large.

use std::io::Read;

use super::data::{Builder, ResponseData};
use crate::error::{Error, Result};
#[cfg(feature = "parallel")]
use crate::rows::line_chunks;

/// Column names of a response CSV.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Item (question template) column, read when present: the classes of the per-item
    /// variants (`multigs`, `multilearn`, `multipair`).
    pub item: Option<String>,
    /// Learner-group column, read when present: the classes of `multiprior` (the group of a
    /// learner's first response on a skill).
    pub group: Option<String>,
}

impl CsvColumns {
    /// The names a CSV's header line calls for: DataShop's when it has `Anon Student Id`,
    /// pyBKT's otherwise (comma or tab separated).
    pub fn detect(text: &[u8]) -> CsvColumns {
        let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
        let first = String::from_utf8_lossy(first);
        let headers: Vec<String> = first
            .split(['\t', ','])
            .map(|h| h.trim().trim_matches('"').to_string())
            .collect();
        CsvColumns::for_headers(&headers)
    }

    fn for_headers(headers: &[String]) -> CsvColumns {
        if headers.iter().any(|h| h == "Anon Student Id") {
            CsvColumns::datashop()
        } else {
            CsvColumns::pybkt()
        }
    }

    /// pyBKT's names: `order_id, user_id, skill_name, correct`, skills split on `~~`.
    pub fn pybkt() -> CsvColumns {
        CsvColumns {
            order: Some("order_id".into()),
            learner: "user_id".into(),
            skill: "skill_name".into(),
            correct: "correct".into(),
            separator: "~~".into(),
            item: Some("template_id".into()),
            group: Some("group".into()),
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
            item: Some("Problem Name".into()),
            group: None,
        }
    }
}

impl ResponseData {
    /// Reads a CSV, detecting pyBKT or DataShop column names (comma or tab separated).
    pub fn from_csv<R: Read>(reader: R) -> Result<ResponseData> {
        Self::read_csv(reader, None)
    }

    /// Reads a CSV with the given column names.
    pub fn from_csv_with<R: Read>(reader: R, columns: &CsvColumns) -> Result<ResponseData> {
        Self::read_csv(reader, Some(columns))
    }

    /// Reads the CSV in blocks of whole lines, each parsed (on all cores) as it arrives: the
    /// text is never held whole, only one block and the parsed entries. A block with a quote
    /// (a field may then span lines) is read to the end of the stream for the general reader.
    fn read_csv<R: Read>(reader: R, columns: Option<&CsvColumns>) -> Result<ResponseData> {
        Self::read_csv_blocks(reader, columns, crate::rows::STREAM_BLOCK)
    }

    /// [`ResponseData::from_csv`] reading blocks of about `block` bytes (for tests: any
    /// block size gives the same data).
    #[doc(hidden)]
    pub fn from_csv_blocks<R: Read>(reader: R, block: usize) -> Result<ResponseData> {
        Self::read_csv_blocks(reader, None, block)
    }

    /// [`Self::read_csv`] in blocks of about `block` bytes.
    pub(crate) fn read_csv_blocks<R: Read>(
        reader: R,
        columns: Option<&CsvColumns>,
        block: usize,
    ) -> Result<ResponseData> {
        let io = |e: std::io::Error| csv_error(e.to_string());
        let mut blocks = crate::rows::LineBlocks::new(reader, block);
        let mut text = blocks.next_block().map_err(io)?.unwrap_or_default();
        let (layout, header_end) = layout_of(&text, columns)?;
        text.drain(..header_end);
        let mut body = Body::default();
        loop {
            if memchr::memchr(b'"', &text).is_some() {
                while let Some(more) = blocks.next_block().map_err(io)? {
                    text.extend_from_slice(&more);
                }
                let first_row = body.next_row();
                body.append(parse_rows(&text, first_row, &layout)?, 0);
                break;
            }
            body.parse(&text, &layout)?;
            match blocks.next_block().map_err(io)? {
                Some(more) => text = more,
                None => break,
            }
        }
        Ok(body.finish(&layout))
    }

    /// Parses CSV bytes already in memory (no copy), detecting the column names.
    pub fn from_csv_bytes(text: &[u8]) -> Result<ResponseData> {
        Self::parse_csv(text, None)
    }

    /// Parses CSV bytes already in memory with the given column names.
    pub fn from_csv_bytes_with(text: &[u8], columns: &CsvColumns) -> Result<ResponseData> {
        Self::parse_csv(text, Some(columns))
    }

    fn parse_csv(text: &[u8], columns: Option<&CsvColumns>) -> Result<ResponseData> {
        let (layout, header_end) = layout_of(text, columns)?;
        let mut body = Body::default();
        body.parse(&text[header_end..], &layout)?;
        Ok(body.finish(&layout))
    }
}

/// The columns of a CSV from its header line, and where the header ends.
fn layout_of(text: &[u8], columns: Option<&CsvColumns>) -> Result<(Layout, usize)> {
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b'\t') {
        b'\t'
    } else {
        b','
    };
    let header_end = text
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| i + 1);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(&text[..header_end]);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| csv_error(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let cols = match columns {
        Some(c) => c.clone(),
        None => CsvColumns::for_headers(&headers),
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
    let optional = |name: &Option<String>| {
        name.as_ref()
            .and_then(|o| headers.iter().position(|h| h == o))
    };
    let layout = Layout {
        delimiter,
        learner: find(&cols.learner)?,
        skill: find(&cols.skill)?,
        correct: find(&cols.correct)?,
        order: optional(&cols.order),
        item: optional(&cols.item),
        group: optional(&cols.group),
        separator: cols.separator.clone(),
        headers: headers.clone(),
    };
    Ok((layout, header_end))
}

/// The entries parsed so far, and the order key of each.
#[derive(Default)]
struct Body {
    b: Builder,
    keys: Vec<f64>,
}

impl Body {
    /// The 1-based row number (the header is row 1) of the next record.
    fn next_row(&self) -> usize {
        self.b.data.row.last().map_or(2, |&r| r as usize + 1)
    }

    /// Parses a run of data rows that follows the rows so far.
    fn parse(&mut self, text: &[u8], layout: &Layout) -> Result<()> {
        let first_row = self.next_row();
        match crate::parallel::install(|| parse_parallel(text, layout)) {
            // Numbered from row 2.
            Some(part) => self.append(part, first_row as u32 - 2),
            // By the general reader: quoted files, blank lines, ragged rows and any error (so
            // it names the exact row as the csv crate reports it).
            None => self.append(parse_rows(text, first_row, layout)?, 0),
        }
        Ok(())
    }

    /// Adds parsed entries after those so far, their rows moved on by `shift`.
    fn append(&mut self, (b, keys): (Builder, Vec<f64>), shift: u32) {
        if self.b.data.is_empty() && shift == 0 {
            (self.b, self.keys) = (b, keys);
            return;
        }
        append(&mut self.b, &mut self.keys, (b, keys), shift);
    }

    fn finish(mut self, layout: &Layout) -> ResponseData {
        if layout.order.is_some() && !self.keys.windows(2).all(|w| w[0] <= w[1]) {
            self.b.reorder(&self.keys);
        }
        self.b.finish()
    }
}

/// Adds the entries of `part` after those of `all`, ids interned into `all`'s tables in
/// order (so ids keep their order of first appearance) and rows moved on by `shift`.
fn append(all: &mut Builder, keys: &mut Vec<f64>, (b, k): (Builder, Vec<f64>), shift: u32) {
    let skill_map: Vec<u32> = b.data.skills.iter().map(|s| all.intern_skill(s)).collect();
    let learner_map: Vec<u32> = b
        .data
        .learners
        .iter()
        .map(|l| all.intern_learner(l))
        .collect();
    let item_map: Vec<u32> = b.data.items.iter().map(|i| all.intern(i, true)).collect();
    let group_map: Vec<u32> = b.data.groups.iter().map(|g| all.intern(g, false)).collect();
    let d = &b.data;
    let a = &mut all.data;
    a.skill
        .extend(d.skill.iter().map(|&s| skill_map[s as usize]));
    a.learner
        .extend(d.learner.iter().map(|&l| learner_map[l as usize]));
    a.correct.extend_from_slice(&d.correct);
    a.row.extend(d.row.iter().map(|&r| r + shift));
    a.item.extend(d.item.iter().map(|&i| item_map[i as usize]));
    a.group
        .extend(d.group.iter().map(|&g| group_map[g as usize]));
    keys.extend(k);
}

/// Where the columns of a CSV are.
struct Layout {
    delimiter: u8,
    learner: usize,
    skill: usize,
    correct: usize,
    order: Option<usize>,
    item: Option<usize>,
    group: Option<usize>,
    separator: String,
    headers: Vec<String>,
}

/// Parses data rows (no header) into a builder and the order key of each entry.
/// `first_row` is the 1-based row number of the first record.
fn parse_rows(body: &[u8], first_row: usize, layout: &Layout) -> Result<(Builder, Vec<f64>)> {
    // Flexible, so that a ragged row is named by its row number here (the same wherever the
    // text was cut into blocks), not by the csv crate's position within the text given.
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(layout.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut b = Builder::default();
    let mut keys: Vec<f64> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    let mut row = first_row;
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_error(format!("row {row}: {e}")))?
    {
        if rec.len() != layout.headers.len() {
            return Err(csv_error(format!(
                "row {row} has {} fields, the header has {}",
                rec.len(),
                layout.headers.len()
            )));
        }
        let field = |i: usize| -> Result<&str> {
            std::str::from_utf8(rec.get(i).unwrap_or_default())
                .map(str::trim)
                .map_err(|_| csv_error(format!("row {row} is not UTF-8")))
        };
        let key = match layout.order {
            Some(i) => {
                let v = field(i)?;
                v.parse::<f64>()
                    .ok()
                    .filter(|k| k.is_finite())
                    .ok_or_else(|| Error::InvalidNumber {
                        location: format!("`{}` on row {row} (`{v}`)", layout.headers[i]),
                        value: f64::NAN,
                        expected: "a finite number",
                    })?
            }
            None => 0.0,
        };
        let correct = match field(layout.correct)? {
            "1" | "1.0" | "true" | "True" | "TRUE" => true,
            "0" | "0.0" | "false" | "False" | "FALSE" => false,
            other => {
                return Err(Error::InvalidCorrect {
                    row,
                    value: other.to_string(),
                });
            }
        };
        b.push(
            row,
            field(layout.learner)?,
            field(layout.skill)?,
            correct,
            Some(&layout.separator),
        )?;
        if let Some(i) = layout.item {
            b.label(field(i)?, true);
        }
        if let Some(i) = layout.group {
            b.label(field(i)?, false);
        }
        // A row with several skills adds several entries; each keeps the row's order key.
        if layout.order.is_some() {
            keys.resize(b.data.correct.len(), key);
        }
        row += 1;
    }
    Ok((b, keys))
}

/// Parses an unquoted body in chunks split at line ends, on all cores when it is large, by
/// [`fast_rows`]; `None` when any chunk needs the general reader. Chunks merge in file order,
/// so ids keep their order of first appearance.
fn parse_parallel(body: &[u8], layout: &Layout) -> Option<(Builder, Vec<f64>)> {
    // Quotes, and a carriage return that ends a record without a line feed, are the general
    // reader's to judge.
    if memchr::memchr(b'"', body).is_some()
        || memchr::memchr_iter(b'\r', body).any(|i| body.get(i + 1) != Some(&b'\n'))
    {
        return None;
    }
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        const MIN_CHUNK: usize = 1 << 20;
        let threads = rayon::current_num_threads();
        if threads < 2 || body.len() < 2 * MIN_CHUNK {
            return fast_rows(body, 2, layout);
        }
        let bounds = line_chunks(body, (body.len() / (threads * 4)).max(MIN_CHUNK));
        let parts: Vec<Option<(Builder, Vec<f64>)>> = bounds
            .par_windows(2)
            .map(|w| fast_rows(&body[w[0]..w[1]], 0, layout))
            .collect();
        let mut all = Builder::default();
        let entries = parts.iter().flatten().map(|(b, _)| b.data.len()).sum();
        all.reserve(entries, layout.item.is_some(), layout.group.is_some());
        let mut keys = Vec::with_capacity(parts.iter().flatten().map(|(_, k)| k.len()).sum());
        let mut rows_before = 2;
        for part in parts {
            let part = part?;
            let rows = part.0.data.row.last().map_or(0, |&r| r as usize + 1);
            append(&mut all, &mut keys, part, rows_before as u32);
            rows_before += rows;
        }
        Some((all, keys))
    }
    #[cfg(not(feature = "parallel"))]
    {
        fast_rows(body, 2, layout)
    }
}

/// The reader of plain rows: lines found with SIMD search, fields split on the delimiter,
/// order keys of digits read as integers, outcomes matched as bytes, and UTF-8 checked only
/// on the ids kept. `None` on anything the general reader must judge: a ragged or blank
/// line, a bad value (so the error names its row as always), a non-ASCII edge of a field.
/// Rows are numbered from `first_row`.
fn fast_rows(body: &[u8], first_row: usize, layout: &Layout) -> Option<(Builder, Vec<f64>)> {
    let width = layout.headers.len();
    let sep = layout.separator.as_bytes();
    let mut b = Builder::default();
    let lines = memchr::memchr_iter(b'\n', body).count() + 1;
    b.reserve(lines, layout.item.is_some(), layout.group.is_some());
    let mut keys: Vec<f64> = Vec::with_capacity(if layout.order.is_some() { lines } else { 0 });
    let mut fields: Vec<&[u8]> = Vec::with_capacity(width);
    // The raw learner and skill cells of the last row, and their (skill, learner) codes.
    let mut last: Option<Repeat> = None;
    let mut row = first_row;
    let mut start = 0;
    while start < body.len() {
        let end = memchr::memchr(b'\n', &body[start..]).map_or(body.len(), |i| start + i);
        let mut line = &body[start..end];
        start = end + 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        fields.clear();
        fields.extend(line.split(|&c| c == layout.delimiter));
        if fields.len() != width || line.is_empty() {
            return None;
        }
        let key = match layout.order {
            Some(i) => order_key(trim(fields[i])?)?,
            None => 0.0,
        };
        let correct = match trim(fields[layout.correct])? {
            b"1" | b"1.0" | b"true" | b"True" | b"TRUE" => true,
            b"0" | b"0.0" | b"false" | b"False" | b"FALSE" => false,
            _ => return None,
        };
        let (raw_learner, raw_skill) = (fields[layout.learner], fields[layout.skill]);
        match last {
            // Logs repeat the learner and skill row after row: the same bytes, the same ids,
            // with no UTF-8 check or lookup.
            Some((l, s, codes)) if l == raw_learner && s == raw_skill => {
                b.push_codes(row, codes, correct);
            }
            _ => {
                let learner = text(raw_learner)?;
                let skill = text(raw_skill)?;
                if learner.is_empty() || skill.is_empty() {
                    return None;
                }
                if contains(skill.as_bytes(), sep) {
                    b.push(row, learner, skill, correct, Some(&layout.separator))
                        .ok()?;
                    last = None;
                } else {
                    last = Some((
                        raw_learner,
                        raw_skill,
                        b.push_indexed(row, learner, skill, correct),
                    ));
                }
            }
        }
        if let Some(i) = layout.item {
            b.label(text(fields[i])?, true);
        }
        if let Some(i) = layout.group {
            b.label(text(fields[i])?, false);
        }
        if layout.order.is_some() {
            keys.resize(b.data.correct.len(), key);
        }
        row += 1;
    }
    Some((b, keys))
}

/// A row's raw learner and skill cells and their (skill, learner) codes.
type Repeat<'a> = (&'a [u8], &'a [u8], (u32, u32));

/// Whether `sep` (not empty) occurs in `text`: short fields, so a scan from each first byte.
fn contains(text: &[u8], sep: &[u8]) -> bool {
    let Some(&first) = sep.first() else {
        return false;
    };
    memchr::memchr_iter(first, text).any(|i| text[i..].starts_with(sep))
}

/// A field without ASCII blanks at its ends; `None` when an end is not ASCII (a Unicode
/// blank the general reader trims).
fn trim(field: &[u8]) -> Option<&[u8]> {
    let field = field.trim_ascii();
    match (field.first(), field.last()) {
        (Some(&a), Some(&z)) if a >= 0x80 || z >= 0x80 => None,
        _ => Some(field),
    }
}

/// A trimmed field as text.
fn text(field: &[u8]) -> Option<&str> {
    std::str::from_utf8(trim(field)?).ok()
}

/// An order key: digits as an integer (exact below 2^53), anything else as a finite float.
fn order_key(v: &[u8]) -> Option<f64> {
    if !v.is_empty() && v.len() <= 15 && v.iter().all(u8::is_ascii_digit) {
        let n = v.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
        return Some(n as f64);
    }
    std::str::from_utf8(v)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|k| k.is_finite())
}

fn csv_error(message: String) -> Error {
    Error::Parse {
        format: "csv",
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_and_sequential_parsing_agree() {
        let mut text = String::from("order_id,user_id,skill_name,correct\n");
        for i in 0..200_000u32 {
            // Out-of-order keys, repeated and new ids, some two-skill rows.
            let skill = if i % 97 == 0 {
                "s3~~s7".to_string()
            } else {
                format!("s{}", i % 13)
            };
            text.push_str(&format!(
                "{},u{},{},{}\n",
                (i * 7919) % 200_000,
                i % 1009,
                skill,
                i % 3 % 2
            ));
        }
        let data = ResponseData::from_csv_bytes(text.as_bytes()).expect("parses");
        let body = &text.as_bytes()[text.find('\n').expect("header") + 1..];
        let layout = Layout {
            delimiter: b',',
            learner: 1,
            skill: 2,
            correct: 3,
            order: Some(0),
            item: None,
            group: None,
            separator: "~~".into(),
            headers: vec![
                "order_id".into(),
                "user_id".into(),
                "skill_name".into(),
                "correct".into(),
            ],
        };
        let (mut b, keys) = parse_rows(body, 2, &layout).expect("sequential");
        b.reorder(&keys);
        let sequential = b.finish();
        assert_eq!(data, sequential);
        let (mut b, keys) = parse_parallel(body, &layout).expect("fast path");
        b.reorder(&keys);
        assert_eq!(b.finish(), sequential);
        let (mut b, keys) = fast_rows(body, 2, &layout).expect("one chunk");
        b.reorder(&keys);
        assert_eq!(b.finish(), sequential);
        for block in [100, 4096, 1 << 20] {
            let streamed =
                ResponseData::read_csv_blocks(text.as_bytes(), None, block).expect("streams");
            assert_eq!(streamed, sequential, "block {block}");
        }
    }

    /// A cell of a messy log: padded, CRLF-free text of ids that are numbers, names with
    /// Unicode, two-skill cells, empty cells.
    fn cell() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            "[0-9]{1,3}",
            "[ ]?[a-c]{1,2}[ ]?",
            "[a-b]~~[a-b]",
            "é[a-b]",
            "\u{a0}x",
            "",
        ]
    }

    proptest::proptest! {
        /// The fast reader gives what the general reader gives, value or error, on logs
        /// with padded, numeric, Unicode, two-skill and empty ids, odd outcomes, float and
        /// integer order keys, CRLF ends, ragged and blank lines.
        #[test]
        fn fast_reader_equals_the_general_one(
            rows in proptest::collection::vec(
                (
                    proptest::prop_oneof!["[0-9]{1,4}", "[0-9]\\.[0-9]", "x"],
                    cell(),
                    cell(),
                    proptest::prop_oneof!["0", "1", " 1", "1.0", "true", "2", ""],
                    cell(),
                    0u8..20,
                ),
                1..40,
            ),
        ) {
            let mut text = String::from("order_id,user_id,skill_name,correct,template_id\n");
            for (order, learner, skill, correct, item, shape) in &rows {
                let end = match shape {
                    0 => "\r\n",
                    3 => "\r",
                    _ => "\n",
                };
                match shape {
                    1 => text.push_str(&format!("{order},{learner},{skill}{end}")),
                    2 => text.push_str(end),
                    _ => text.push_str(&format!("{order},{learner},{skill},{correct},{item}{end}")),
                }
            }
            let header_end = text.find('\n').expect("header") + 1;
            let layout = Layout {
                delimiter: b',',
                learner: 1,
                skill: 2,
                correct: 3,
                order: Some(0),
                item: Some(4),
                group: None,
                separator: "~~".into(),
                headers: ["order_id", "user_id", "skill_name", "correct", "template_id"]
                    .map(String::from)
                    .to_vec(),
            };
            let general = parse_rows(&text.as_bytes()[header_end..], 2, &layout).map(|(mut b, keys)| {
                b.reorder(&keys);
                b.finish()
            });
            let read = ResponseData::from_csv_bytes(text.as_bytes());
            // Read as a stream in blocks of any size, it is the same, value or error.
            for block in [1, 7, 64, 1 << 20] {
                let streamed = ResponseData::read_csv_blocks(text.as_bytes(), None, block);
                match (&streamed, &read) {
                    (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => proptest::prop_assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => proptest::prop_assert!(false, "block {block}: {a:?} vs {b:?}"),
                }
            }
            match (read, general) {
                (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                (Err(a), Err(b)) => proptest::prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => proptest::prop_assert!(false, "{a:?} vs {b:?}"),
            }
        }
    }
}
