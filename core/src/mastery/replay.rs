//! Replay of whole logs: JSON Lines and evidence columns, compiled in parallel chunks
//! (with the `parallel` feature) and applied in order.

use std::sync::atomic::{AtomicBool, Ordering};

use super::LearnerStore;
use crate::error::{Error, Result};
use crate::evidence::{Assessment, CompiledLog, Compiler, EvidenceColumns, EvidenceTable};
use crate::roster::RosterChange;
use crate::time::Timestamp;

/// A run of assessments (compiled, with the line of each) or one roster change (with its
/// event id and line) of a log that mixes them.
enum Piece {
    Log(Box<CompiledLog>, Vec<usize>),
    Change(RosterChange, Option<String>, usize),
}

/// An error at a line of a chunk that starts after `lines` lines of the whole text.
fn shift(e: Error, lines: usize) -> Error {
    match e {
        Error::AtLine { line, error } => Error::AtLine {
            line: line + lines,
            error,
        },
        other => other,
    }
}

/// An error at a row of a block that starts after `rows` rows of the whole table.
fn shift_row(e: Error, rows: usize) -> Error {
    match e {
        Error::AtRow { row, error } => Error::AtRow {
            row: row + rows,
            error,
        },
        other => other,
    }
}

/// [`Error::Cancelled`] once `stop` is set, looked at every 4096 steps.
fn stopped(stop: &AtomicBool, step: usize) -> Result<()> {
    if step.is_multiple_of(4096) && stop.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    Ok(())
}

impl LearnerStore {
    /// Parses a JSON Lines event log and applies it in order; an error names its line, and
    /// the lines before it stay applied. Nothing is applied unless every line parses and
    /// validates. With the `parallel` feature a large log is parsed on all cores, in chunks
    /// applied in order, which gives the same state as one chunk.
    pub fn replay_jsonl(&mut self, text: &str) -> Result<usize> {
        self.replay_jsonl_until(text, &AtomicBool::new(false))
    }

    /// [`LearnerStore::replay_jsonl`] that stops with [`Error::Cancelled`], changing
    /// nothing, once `stop` is set while the log is being parsed and validated (checked
    /// every few thousand lines): how a front end makes Ctrl-C stop a long replay.
    pub fn replay_jsonl_until(&mut self, text: &str, stop: &AtomicBool) -> Result<usize> {
        if text.contains("\"roster\"") && text.lines().any(RosterChange::is_log_line) {
            return self.replay_with_roster(text, stop);
        }
        let chunks = crate::parallel::install(|| self.compile_jsonl(text, stop))?;
        let mut changed = 0;
        let mut lines_before = 0;
        for (log, line_of, lines) in &chunks {
            changed += self.apply_compiled(log).map_err(|e| match e {
                Error::AtLine { line: i, error } => Error::AtLine {
                    line: lines_before + line_of[i - 1],
                    error,
                },
                other => other,
            })?;
            lines_before += lines;
        }
        Ok(changed)
    }

    /// Replays a JSON Lines event log read from a stream, in blocks of whole lines (a few
    /// megabytes each) applied as they arrive: memory holds one block and the store, never
    /// the log, so a log larger than memory replays. Each block is
    /// [`LearnerStore::replay_jsonl_until`]; errors name the line in the whole log. An error
    /// stops the replay with the blocks before it applied: read a log that must apply whole
    /// or not at all with [`LearnerStore::replay_jsonl`]. `progress(bytes)` is called after
    /// each block with the bytes read so far.
    ///
    /// ```
    /// use masterykit::{Curriculum, LearnerStore, Policy};
    /// use std::sync::atomic::AtomicBool;
    /// let curriculum = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "add"}]}"#)?;
    /// let mut store = LearnerStore::new(curriculum, Policy::khan())?;
    /// let log = r#"{"learner": "ana", "context": "practice", "timestamp": "2026-09-01T10:00:00Z", "responses": [{"item": "q1", "skills": ["add"], "correct": true}]}"#;
    /// let changes = store.replay_jsonl_reader(log.as_bytes(), &AtomicBool::new(false), |_| {})?;
    /// assert_eq!((changes, store.learners().len()), (1, 1));
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn replay_jsonl_reader<R: std::io::Read>(
        &mut self,
        reader: R,
        stop: &AtomicBool,
        progress: impl FnMut(u64),
    ) -> Result<usize> {
        self.replay_jsonl_blocks(reader, stop, progress, crate::rows::STREAM_BLOCK)
    }

    /// [`LearnerStore::replay_jsonl_reader`] in blocks of about `block` bytes.
    #[doc(hidden)]
    pub fn replay_jsonl_blocks<R: std::io::Read>(
        &mut self,
        reader: R,
        stop: &AtomicBool,
        mut progress: impl FnMut(u64),
        block: usize,
    ) -> Result<usize> {
        let mut blocks = crate::rows::LineBlocks::new(reader, block);
        let (mut changed, mut lines, mut bytes) = (0, 0, 0u64);
        while let Some(text) = blocks.next_block().map_err(|e| Error::Parse {
            format: "json lines",
            message: format!("after line {lines}: {e}"),
        })? {
            let text = std::str::from_utf8(&text).map_err(|e| {
                let bad = text[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                Error::Parse {
                    format: "json lines",
                    message: format!("line {} is not UTF-8", lines + bad + 1),
                }
            })?;
            changed += self
                .replay_jsonl_until(text, stop)
                .map_err(|e| shift(e, lines))?;
            lines += memchr::memchr_iter(b'\n', text.as_bytes()).count();
            bytes += text.len() as u64;
            progress(bytes);
        }
        Ok(changed)
    }

    /// Replays a table of responses (CSV, as [`crate::EvidenceTable`] reads it) from a
    /// stream, in blocks of whole lines cut between sittings, each read and applied as it
    /// arrives: memory holds one block and the store, never the table. Errors name the row of
    /// the whole table (from 0 after the header); an error stops the replay with the blocks
    /// before it applied. A table with quoted cells is read whole after the first quote.
    /// `progress(bytes)` is called after each block.
    pub fn replay_table_reader<R: std::io::Read>(
        &mut self,
        reader: R,
        stop: &AtomicBool,
        progress: impl FnMut(u64),
    ) -> Result<usize> {
        self.replay_table_blocks(reader, stop, progress, crate::rows::STREAM_BLOCK)
    }

    /// [`LearnerStore::replay_table_reader`] in blocks of about `block` bytes.
    #[doc(hidden)]
    pub fn replay_table_blocks<R: std::io::Read>(
        &mut self,
        reader: R,
        stop: &AtomicBool,
        mut progress: impl FnMut(u64),
        block: usize,
    ) -> Result<usize> {
        let io = |e: std::io::Error| Error::Parse {
            format: "csv",
            message: e.to_string(),
        };
        let mut blocks = crate::rows::LineBlocks::new(reader, block);
        let mut text = blocks.next_block().map_err(io)?.unwrap_or_default();
        let header_end = memchr::memchr(b'\n', &text).map_or(text.len(), |i| i + 1);
        let header = text[..header_end].to_vec();
        text.drain(..header_end);
        // The header alone names a missing column, rows or not.
        EvidenceTable::from_csv(header.as_slice())?;
        let (mut changed, mut rows, mut bytes) = (0, 0, header_end as u64);
        loop {
            let mut next = blocks.next_block().map_err(io)?;
            let cut = match (&next, EvidenceTable::sitting_cut(&header, &text)) {
                (None, _) => text.len(),
                (Some(_), Some(cut)) => cut,
                // Quoted cells: the rest is read whole.
                (Some(_), None) => {
                    while let Some(b) = next.take() {
                        text.extend_from_slice(&b);
                        next = blocks.next_block().map_err(io)?;
                    }
                    text.len()
                }
            };
            if stop.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            if cut > 0 {
                let mut table_text = header.clone();
                table_text.extend_from_slice(&text[..cut]);
                let table = EvidenceTable::from_csv(table_text.as_slice())
                    .map_err(|e| shift_row(e, rows))?;
                changed += self
                    .replay_columns_until(&table.columns(), stop)
                    .map_err(|e| shift_row(e, rows))?;
                rows += table.len();
                bytes += cut as u64;
                progress(bytes);
            }
            text.drain(..cut);
            match next {
                Some(b) => text.extend_from_slice(&b),
                None => break,
            }
        }
        Ok(changed)
    }

    /// [`LearnerStore::replay_jsonl_until`] of a log with roster changes among its lines:
    /// every line is parsed and checked first (roster changes against the roster as the
    /// lines before them leave it), then the runs of assessments and the changes are
    /// applied in order.
    fn replay_with_roster(&mut self, text: &str, stop: &AtomicBool) -> Result<usize> {
        let mut pieces = Vec::new();
        let mut dry = self.classes.roster.clone();
        let mut dry_events = self.roster_events().clone();
        let mut start = 0usize;
        let lines: Vec<&str> = text.lines().collect();
        let flush = |from: usize, to: usize, pieces: &mut Vec<Piece>| -> Result<()> {
            if from < to {
                let chunk = lines[from..to].join("\n");
                let (log, line_of, _) = self
                    .compile_jsonl_chunk(&chunk, stop)
                    .map_err(|e| shift(e, from))?;
                pieces.push(Piece::Log(
                    Box::new(log),
                    line_of.iter().map(|l| l + from).collect(),
                ));
            }
            Ok(())
        };
        for (i, line) in lines.iter().enumerate() {
            if !RosterChange::is_log_line(line) {
                continue;
            }
            flush(start, i, &mut pieces)?;
            let at = |error| Error::AtLine {
                line: i + 1,
                error: Box::new(error),
            };
            let (change, id) = RosterChange::parse_log_line(line.trim()).map_err(at)?;
            start = i + 1;
            if let Some(id) = &id {
                let digest = change.digest();
                if super::classes::seen(&dry_events, id, digest).map_err(at)? {
                    continue;
                }
                dry_events.insert(id.clone(), digest);
            }
            dry.change(&change, &self.curriculum, &self.policy)
                .map_err(at)?;
            pieces.push(Piece::Change(change, id, i + 1));
        }
        flush(start, lines.len(), &mut pieces)?;
        // A run of changes rebuilds the per-learner lists once, before the assessments after
        // it (and at the end).
        self.defer_roster_index(true);
        let result = self.apply_pieces(pieces);
        self.defer_roster_index(false);
        result
    }
}

impl LearnerStore {
    fn apply_pieces(&mut self, pieces: Vec<Piece>) -> Result<usize> {
        let mut changed = 0;
        for piece in pieces {
            match piece {
                Piece::Log(log, line_of) => {
                    self.reindex_roster();
                    changed += self.apply_compiled(&log).map_err(|e| match e {
                        Error::AtLine { line: i, error } => Error::AtLine {
                            line: line_of[i - 1],
                            error,
                        },
                        other => other,
                    })?;
                }
                Piece::Change(change, id, line) => {
                    self.change_roster_as(&change, id.as_deref())
                        .map_err(|error| Error::AtLine {
                            line,
                            error: Box::new(error),
                        })?;
                }
            }
        }
        Ok(changed)
    }

    /// Applies the JSON text of an array of assessments (as `JSON.stringify` writes one) in
    /// order, and returns the number of level changes: as [`LearnerStore::compile`] and
    /// [`LearnerStore::apply_compiled`] of the parsed array, but each assessment is compiled
    /// as it is read and dropped, so the array never sits in memory as values. An error
    /// names the assessment (`line 3: ...`, from 1).
    pub fn replay_json_array(&mut self, text: &str) -> Result<usize> {
        let log = self.compile_json_array(text)?;
        self.apply_compiled(&log)
    }

    /// Validates the JSON text of an array of assessments into a compiled log, one
    /// assessment at a time (see [`LearnerStore::replay_json_array`]).
    pub fn compile_json_array(&self, text: &str) -> Result<CompiledLog> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        crate::evidence::compile_array(&mut compiler, text)
    }

    /// Compiles JSON Lines in chunks (one without the `parallel` feature or for a small
    /// log): each chunk's log, the line (within the chunk) of each of its assessments, and
    /// its number of lines. An error names its line in the whole text.
    fn compile_jsonl(
        &self,
        text: &str,
        stop: &AtomicBool,
    ) -> Result<Vec<(CompiledLog, Vec<usize>, usize)>> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const MIN_CHUNK: usize = 1 << 20;
            let threads = rayon::current_num_threads();
            if threads > 1 && text.len() >= 2 * MIN_CHUNK {
                let target = (text.len() / (threads * 4)).max(MIN_CHUNK);
                let bounds = crate::rows::line_chunks(text.as_bytes(), target);
                let parts: Vec<_> = bounds
                    .par_windows(2)
                    // Bounds fall just after a line break, so on char boundaries.
                    .map(|w| {
                        self.compile_jsonl_chunk(text.get(w[0]..w[1]).unwrap_or_default(), stop)
                    })
                    .collect();
                let mut chunks = Vec::with_capacity(parts.len());
                let mut lines_before = 0;
                for part in parts {
                    match part {
                        Ok(chunk) => {
                            lines_before += chunk.2;
                            chunks.push(chunk);
                        }
                        Err(Error::AtLine { line, error }) => {
                            return Err(Error::AtLine {
                                line: lines_before + line,
                                error,
                            });
                        }
                        Err(other) => return Err(other),
                    }
                }
                return Ok(chunks);
            }
        }
        Ok(vec![self.compile_jsonl_chunk(text, stop)?])
    }

    /// Compiles one chunk of JSON Lines, line by line: each line is parsed, compiled and
    /// dropped, so the log is held only in its compact form.
    fn compile_jsonl_chunk(
        &self,
        text: &str,
        stop: &AtomicBool,
    ) -> Result<(CompiledLog, Vec<usize>, usize)> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        let mut line_of = Vec::new();
        let mut lines = 0;
        for (i, l) in text.lines().enumerate() {
            lines = i + 1;
            stopped(stop, i)?;
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let at = |error| Error::AtLine {
                line: i + 1,
                error: Box::new(error),
            };
            let a: Assessment = serde_json::from_str(t).map_err(|e| {
                at(Error::Parse {
                    format: "json",
                    message: e.to_string(),
                })
            })?;
            compiler.push(&mut log, &a).map_err(at)?;
            line_of.push(i + 1);
        }
        Ok((log, line_of, lines))
    }

    /// Validates evidence columns and resolves their ids into a compiled log; an error names
    /// the row (the first row of the assessment it concerns).
    pub fn compile_columns(&self, columns: &EvidenceColumns<'_>) -> Result<CompiledLog> {
        columns.check()?;
        let never = AtomicBool::new(false);
        Ok(self
            .compile_sittings(columns, &columns.sitting_starts(), &never)?
            .0)
    }

    /// Applies evidence columns in order (see [`EvidenceColumns`]): nothing unless every
    /// assessment validates; then, as [`LearnerStore::apply_compiled`], up to the first
    /// assessment the learner's state rejects, whose first row the error names. With the
    /// `parallel` feature many rows are compiled on all cores, in chunks applied in order.
    pub fn replay_columns(&mut self, columns: &EvidenceColumns<'_>) -> Result<usize> {
        self.replay_columns_until(columns, &AtomicBool::new(false))
    }

    /// [`LearnerStore::replay_columns`] that stops with [`Error::Cancelled`], changing
    /// nothing, once `stop` is set while the columns are being validated.
    pub fn replay_columns_until(
        &mut self,
        columns: &EvidenceColumns<'_>,
        stop: &AtomicBool,
    ) -> Result<usize> {
        columns.check()?;
        let compiled = crate::parallel::install(|| self.compile_column_chunks(columns, stop))?;
        self.apply_chunks(&compiled)
    }

    /// Compiles evidence columns in chunks (one without the `parallel` feature or for few
    /// assessments), each with the first row of each of its assessments.
    fn compile_column_chunks(
        &self,
        columns: &EvidenceColumns<'_>,
        stop: &AtomicBool,
    ) -> Result<Vec<(CompiledLog, Vec<usize>)>> {
        let starts = columns.sitting_starts();
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const MIN_ASSESSMENTS: usize = 50_000;
            let threads = rayon::current_num_threads();
            let sittings = starts.len() - 1;
            if threads > 1 && sittings >= 2 * MIN_ASSESSMENTS {
                let size = (sittings / (threads * 4)).max(MIN_ASSESSMENTS);
                let chunks: Vec<(usize, usize)> = (0..sittings)
                    .step_by(size)
                    .map(|k| (k, (k + size).min(sittings)))
                    .collect();
                let parts: Vec<_> = chunks
                    .par_iter()
                    .map(|&(k0, k1)| self.compile_sittings(columns, &starts[k0..=k1], stop))
                    .collect();
                // The earliest error, whichever chunk finished first.
                return parts.into_iter().collect();
            }
        }
        Ok(vec![self.compile_sittings(columns, &starts, stop)?])
    }

    /// Applies compiled chunks of evidence columns in order; an error names the first row of
    /// the assessment it concerns.
    fn apply_chunks(&mut self, chunks: &[(CompiledLog, Vec<usize>)]) -> Result<usize> {
        let mut changed = 0;
        for (log, first_rows) in chunks {
            changed += self.apply_compiled(log).map_err(|e| match e {
                Error::AtLine { line, error } => Error::AtRow {
                    row: first_rows[line - 1],
                    error,
                },
                other => other,
            })?;
        }
        Ok(changed)
    }

    /// Compiles the assessments starting at `starts` (the last entry ends the last one), with
    /// the first row of each.
    fn compile_sittings(
        &self,
        columns: &EvidenceColumns<'_>,
        starts: &[usize],
        stop: &AtomicBool,
    ) -> Result<(CompiledLog, Vec<usize>)> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        let rows = starts.last().copied().unwrap_or(0) - starts.first().copied().unwrap_or(0);
        log.reserve(starts.len().saturating_sub(1), rows);
        let mut a = Assessment::new(String::new(), String::new(), Timestamp::from_millis(0));
        for (k, w) in starts.windows(2).enumerate() {
            stopped(stop, k)?;
            let at_row = |error| Error::AtRow {
                row: w[0],
                error: Box::new(error),
            };
            columns.fill(w[0], w[1], &mut a)?;
            compiler.push(&mut log, &a).map_err(at_row)?;
        }
        Ok((log, starts[..starts.len() - 1].to_vec()))
    }
}
