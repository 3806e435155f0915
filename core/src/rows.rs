//! Helpers shared by the readers of rows: line-aligned chunks for parallel parsing, and
//! column length checks.

use crate::error::{Error, Result};

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
