//! Response logs from CSV: pyBKT's and DataShop's column names, comma or tab separated,
//! parsed in parallel line-aligned chunks when large.

use std::io::Read;

use super::data::{Builder, ResponseData};
use crate::error::{Error, Result};
#[cfg(feature = "parallel")]
use crate::rows::line_chunks;

/// Column names of a response CSV.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

    /// Parses CSV bytes already in memory with the given column names.
    pub fn from_csv_bytes_with(text: &[u8], columns: &CsvColumns) -> Result<ResponseData> {
        Self::parse_csv(text, Some(columns))
    }

    fn parse_csv(text: &[u8], columns: Option<&CsvColumns>) -> Result<ResponseData> {
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
        let layout = Layout {
            delimiter,
            learner: find(&cols.learner)?,
            skill: find(&cols.skill)?,
            correct: find(&cols.correct)?,
            order: cols
                .order
                .as_ref()
                .and_then(|o| headers.iter().position(|h| h == o)),
            item: cols
                .item
                .as_ref()
                .and_then(|o| headers.iter().position(|h| h == o)),
            group: cols
                .group
                .as_ref()
                .and_then(|o| headers.iter().position(|h| h == o)),
            separator: cols.separator.clone(),
            headers: headers.clone(),
        };
        let body = &text[header_end..];
        let (mut b, keys) = match crate::parallel::install(|| parse_parallel(body, &layout)) {
            Some(Ok(parsed)) => parsed,
            // Sequentially: small or quoted files, and any error (so it names the exact row).
            _ => parse_rows(body, 2, &layout)?,
        };
        if layout.order.is_some() && !keys.windows(2).all(|w| w[0] <= w[1]) {
            b.reorder(&keys);
        }
        Ok(b.finish())
    }
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
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(layout.delimiter)
        .has_headers(false)
        .from_reader(body);
    let mut b = Builder::default();
    let mut keys: Vec<f64> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    let mut row = first_row;
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_error(e.to_string()))?
    {
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

/// Parses a large unquoted body in chunks split at line ends, on all cores; `None` when the
/// body is small or quoted (a quoted field may hold a line break) or without the `parallel`
/// feature. Chunks merge in file order, so ids keep their order of first appearance.
fn parse_parallel(body: &[u8], layout: &Layout) -> Option<Result<(Builder, Vec<f64>)>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        const MIN_CHUNK: usize = 1 << 20;
        let threads = rayon::current_num_threads();
        if threads < 2 || body.len() < 2 * MIN_CHUNK || body.contains(&b'"') {
            return None;
        }
        let bounds = line_chunks(body, (body.len() / (threads * 4)).max(MIN_CHUNK));
        let parts: Vec<Result<(Builder, Vec<f64>)>> = bounds
            .par_windows(2)
            .map(|w| parse_rows(&body[w[0]..w[1]], 0, layout))
            .collect();
        let mut all = Builder::default();
        let mut keys = Vec::new();
        let mut rows_before = 2;
        for part in parts {
            let (b, k) = match part {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
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
            let rows = d.row.last().map_or(0, |&r| r as usize + 1);
            for e in 0..d.correct.len() {
                all.data.skill.push(skill_map[d.skill[e] as usize]);
                all.data.learner.push(learner_map[d.learner[e] as usize]);
                all.data.correct.push(d.correct[e]);
                all.data.row.push(d.row[e] + rows_before as u32);
            }
            all.data
                .item
                .extend(d.item.iter().map(|&i| item_map[i as usize]));
            all.data
                .group
                .extend(d.group.iter().map(|&g| group_map[g as usize]));
            keys.extend(k);
            rows_before += rows;
        }
        Some(Ok((all, keys)))
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = (body, layout);
        None
    }
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
        if cfg!(feature = "parallel") && rayon::current_num_threads() > 1 {
            assert!(matches!(parse_parallel(body, &layout), Some(Ok(_))));
        }
    }
}
