//! Helpers shared by the readers of rows: line-aligned chunks for parallel parsing, blocks of
//! whole lines read from a stream, column length checks, and the narrowing of codes and whole
//! numbers as front ends hold them.

use std::io::Read;

use crate::error::{Error, Result};

/// Bytes a streaming reader holds at a time: large enough that parsing a block on all cores
/// costs what parsing the whole text does, small beside a log of gigabytes.
pub(crate) const STREAM_BLOCK: usize = 32 << 20;

/// Reads a stream in blocks of whole lines, about `block` bytes each (more when one line is
/// longer): only one block and the carried part of a line are held at a time.
pub(crate) struct LineBlocks<R> {
    reader: R,
    buf: Vec<u8>,
    block: usize,
    done: bool,
}

impl<R: Read> LineBlocks<R> {
    pub(crate) fn new(reader: R, block: usize) -> Self {
        LineBlocks {
            reader,
            buf: Vec::new(),
            block: block.max(1),
            done: false,
        }
    }

    /// The next block, ending just after a line break (the last block: at the end of the
    /// stream), or `None` once the stream is read.
    pub(crate) fn next_block(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut want = self.block;
        loop {
            while !self.done && self.buf.len() < want {
                let len = self.buf.len();
                self.buf.resize(want, 0);
                let n = loop {
                    match self.reader.read(&mut self.buf[len..]) {
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                let n = match n {
                    Ok(n) => n,
                    Err(e) => {
                        self.buf.truncate(len);
                        return Err(e);
                    }
                };
                self.buf.truncate(len + n);
                self.done = n == 0;
            }
            if self.buf.is_empty() {
                return Ok(None);
            }
            let cut = if self.done {
                Some(self.buf.len())
            } else {
                memchr::memrchr(b'\n', &self.buf).map(|i| i + 1)
            };
            match cut {
                Some(cut) => {
                    let rest = self.buf.split_off(cut);
                    return Ok(Some(std::mem::replace(&mut self.buf, rest)));
                }
                // A line longer than the block: read on until it ends.
                None => want = self.buf.len() * 2,
            }
        }
    }
}

/// Chunk bounds of about `target` bytes each over `body`, each chunk ending just after a line
/// break (the last at the end): `[0, .., body.len()]`.
#[cfg(feature = "parallel")]
pub(crate) fn line_chunks(body: &[u8], target: usize) -> Vec<usize> {
    let mut bounds = vec![0];
    while let Some(&start) = bounds.last() {
        let want = start + target.max(1);
        if want >= body.len() {
            break;
        }
        let end = body[want..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| want + i + 1);
        if end >= body.len() {
            break;
        }
        bounds.push(end);
    }
    bounds.push(body.len());
    bounds
}

/// Every column must be as long as the learner column (`n` rows).
pub(crate) fn equal_lengths(
    n: usize,
    columns: &[(&str, usize)],
    order: Option<&[i64]>,
) -> Result<()> {
    let order = order.map(|o| ("order", o.len()));
    match columns
        .iter()
        .copied()
        .chain(order)
        .find(|&(_, len)| len != n)
    {
        Some((name, len)) => Err(Error::InvalidNumber {
            location: format!("length of column `{name}`"),
            value: len as f64,
            expected: "the same length as the learner column",
        }),
        None => Ok(()),
    }
}

/// Codes into a name table as `u32` (data frames hold them as `i64`), or an `invalid_number`
/// error naming the column and row of a negative or too large one; `missing` (if given)
/// stands for -1, pandas' code of a missing value.
///
/// ```
/// assert_eq!(masterykit::narrow_codes("skill_codes", &[0, 2, -1], Some(9))?, [0, 2, 9]);
/// let err = masterykit::narrow_codes("skill_codes", &[0, -3], None).unwrap_err();
/// assert_eq!(err.to_string(), "invalid `skill_codes` on row 1: -3 (expected an index into the name table)");
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn narrow_codes(column: &str, values: &[i64], missing: Option<u32>) -> Result<Vec<u32>> {
    values
        .iter()
        .enumerate()
        .map(|(row, &c)| match (c, missing) {
            (-1, Some(m)) => Ok(m),
            _ => u32::try_from(c).map_err(|_| Error::InvalidNumber {
                location: format!("`{column}` on row {row}"),
                value: c as f64,
                expected: "an index into the name table",
            }),
        })
        .collect()
}

/// Whole numbers from doubles (as JavaScript holds integers), or an `invalid_number` error
/// naming the column and row of one that is fractional, not finite or beyond 2^53.
pub fn whole_numbers(column: &str, values: &[f64]) -> Result<Vec<i64>> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    values
        .iter()
        .enumerate()
        .map(|(row, &k)| {
            if k.is_finite() && k.fract() == 0.0 && k.abs() <= EXACT {
                Ok(k as i64)
            } else {
                Err(Error::InvalidNumber {
                    location: format!("`{column}` on row {row}"),
                    value: k,
                    expected: "a whole number",
                })
            }
        })
        .collect()
}
