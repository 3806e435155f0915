//! Reading inputs by file name and extension (`-` is standard input), and writing outputs.

use std::io::Read;
use std::path::Path;

use masterykit::{
    BktModel, CsvColumns, Curriculum, EvidenceMapping, LearnerStore, NextStepRules, Policy,
    ResponseData, RosterDoc, Timestamp,
};

use crate::args::{EngineArgs, EventsFormat, LogColumns};
use crate::output::Failure;

/// Whether `path` ends in `.ext` (any case).
fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The text of a file, or of standard input for `-`.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?;
    }
    Ok(text)
}

/// Writes a file whole, atomically: into a temporary file beside it, flushed to disk, then
/// renamed over it, so a crash or a full disk leaves the old file or the new one, never
/// half of one.
pub fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let fail = |e: std::io::Error| Failure::Io(format!("cannot write `{}`: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// A curriculum from `.toml`, or JSON otherwise.
pub fn curriculum(path: &Path) -> Result<Curriculum, Failure> {
    let text = read_text(path)?;
    Ok(if has_extension(path, "toml") {
        Curriculum::from_toml(&text)?
    } else {
        Curriculum::from_json(&text)?
    })
}

/// A preset by name, or a policy file (`.toml`, or JSON otherwise).
pub fn policy(name_or_path: &str) -> Result<Policy, Failure> {
    if let Some(p) = Policy::by_name(name_or_path) {
        return Ok(p);
    }
    let path = Path::new(name_or_path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Io(format!(
            "`{name_or_path}` is neither a preset ({}) nor a readable file: {e}",
            Policy::PRESETS.join(", ")
        ))
    })?;
    Ok(if has_extension(path, "toml") {
        Policy::from_toml(&text)?
    } else {
        Policy::from_json(&text)?
    })
}

/// A next-step rules preset by name, or a rules file (`.toml`, or JSON otherwise).
pub fn next_step_rules(name_or_path: &str) -> Result<NextStepRules, Failure> {
    if let Some(r) = NextStepRules::by_name(name_or_path) {
        return Ok(r);
    }
    let path = Path::new(name_or_path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Io(format!(
            "`{name_or_path}` is neither a preset ({}) nor a readable file: {e}",
            NextStepRules::PRESETS.join(", ")
        ))
    })?;
    Ok(if has_extension(path, "toml") {
        NextStepRules::from_toml(&text)?
    } else {
        NextStepRules::from_json(&text)?
    })
}

/// The time of the store's latest assessment (the epoch for an empty store): "now" when
/// none is given.
pub fn last_event_time(store: &LearnerStore) -> Timestamp {
    store
        .activity()
        .iter()
        .map(|a| Timestamp::from_millis(a.timestamp))
        .max()
        .unwrap_or_default()
}

/// A fitted model file.
pub fn model(path: &Path) -> Result<BktModel, Failure> {
    Ok(BktModel::from_json(&read_text(path)?)?)
}

/// A response log (CSV or TSV), with the optional columns asked for by name.
/// The file is read as a stream, in blocks: memory holds the parsed responses, not the text.
pub fn response_log(path: &Path, columns: &LogColumns) -> Result<ResponseData, Failure> {
    let cannot = |e: std::io::Error| Failure::Io(format!("cannot read `{}`: {e}", path.display()));
    let source: Box<dyn std::io::Read> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(cannot)?)
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, source);
    // The header, to detect the columns by, is in the first bytes; nothing is consumed.
    let header = std::io::BufRead::fill_buf(&mut reader)
        .map_err(cannot)?
        .to_vec();
    let bytes = &header;
    let mut cols = CsvColumns::detect(bytes);
    cols.item = columns.item_column.clone().or(cols.item);
    cols.group = columns.group_column.clone().or(cols.group);
    let data = ResponseData::from_csv_with(reader, &cols)?;
    // A column asked for by name must be there.
    for (asked, found) in [
        (&columns.item_column, data.items()),
        (&columns.group_column, data.groups()),
    ] {
        if let Some(name) = asked
            && found.is_empty()
        {
            return Err(masterykit::Error::MissingColumn {
                column: name.clone(),
                available: String::from_utf8_lossy(
                    bytes.split(|&b| b == b'\n').next().unwrap_or_default(),
                )
                .trim()
                .to_string(),
            }
            .into());
        }
    }
    Ok(data)
}

/// Replays the event log (JSON Lines, or a `.csv`/`.tsv` table of responses) into a new
/// store, or one restored from `--from-snapshot`; with `timings`, reports reading and replay
/// (parse, validate, apply) times on standard error. A native log (JSON Lines, or a table) is
/// read as a stream and replayed block by block (progress on a terminal); without
/// `keep_history` memory then grows with learners and event ids, not with the log.
pub fn replay(
    engine: &EngineArgs,
    timings: bool,
    keep_history: bool,
) -> Result<LearnerStore, Failure> {
    let curriculum = curriculum(&engine.curriculum)?;
    let policy = policy(&engine.policy)?;
    let mut store = match &engine.from_snapshot {
        Some(path) => LearnerStore::from_snapshot_json(curriculum, policy, &read_text(path)?)?,
        None => LearnerStore::new(curriculum, policy)?,
    };
    store.set_keep_history(keep_history);
    if let Some(path) = &engine.roster {
        store.set_roster(&RosterDoc::from_json(&read_text(path)?)?)?;
    }
    let started = std::time::Instant::now();
    let table = has_extension(&engine.events, "csv") || has_extension(&engine.events, "tsv");
    let mut read = std::time::Duration::ZERO;
    match engine.events_format {
        EventsFormat::Xapi | EventsFormat::Caliper => {
            let text = read_text(&engine.events)?;
            read = started.elapsed();
            let mapping = match &engine.mapping {
                Some(path) => EvidenceMapping::from_json(&read_text(path)?)?,
                None => EvidenceMapping::default(),
            };
            let read = if engine.events_format == EventsFormat::Xapi {
                masterykit::assessments_from_xapi(&text, &mapping)?
            } else {
                masterykit::assessments_from_caliper(&text, &mapping)?
            };
            let log = store.compile(&read.assessments)?;
            store.apply_compiled(&log)?;
        }
        EventsFormat::Native => {
            let path = &engine.events;
            let cannot =
                |e: std::io::Error| Failure::Io(format!("cannot read `{}`: {e}", path.display()));
            let (source, total): (Box<dyn std::io::Read + Send>, u64) = if path == Path::new("-") {
                (Box::new(std::io::stdin()), 0)
            } else {
                let file = std::fs::File::open(path).map_err(cannot)?;
                let len = file.metadata().map_err(cannot)?.len();
                (Box::new(file), len)
            };
            let store = &mut store;
            crate::progress::watched("replaying", |w| {
                let progress = |done: u64| w.set_progress(done, total.max(done));
                if table {
                    store.replay_table_reader(source, &w.stop, progress)
                } else {
                    store.replay_jsonl_reader(source, &w.stop, progress)
                }
            })?;
        }
    }
    if timings {
        let responses: usize = store.activity().iter().map(|a| a.responses as usize).sum();
        eprintln!(
            "timings: read {:.3} s, replay {:.3} s ({} assessments, {} responses)",
            read.as_secs_f64(),
            (started.elapsed() - read).as_secs_f64(),
            store.activity().len(),
            responses
        );
    }
    Ok(store)
}
