//! `convert`: interchange standards (CASE, xAPI, Caliper) to and from masterykit documents;
//! `schema`: the JSON Schemas of masterykit's documents.

use std::path::Path;

use masterykit::{
    CaseExportOptions, CaseIds, CaseImportOptions, EvidenceMapping, EvidenceSummary, LearnerStore,
    XapiExportOptions,
};
use serde_json::json;

use crate::args::{CaseIdField, ConvertArgs, Format};
use crate::load;
use crate::output::{Failure, out, plural};

/// `convert`: reads the input as `--from`, writes it as `--to`.
pub fn convert(args: &ConvertArgs, json: bool) -> Result<(), Failure> {
    let text = load::read_text(&args.input)?;
    let (document, summary) = match (args.from, args.to) {
        (Format::Case, Format::Curriculum) => {
            let options = CaseImportOptions {
                ids: match args.ids {
                    CaseIdField::Identifier => CaseIds::Identifier,
                    CaseIdField::HumanCodingScheme => CaseIds::HumanCodingScheme,
                },
                skill_types: args.skill_types.clone(),
                unit_depth: args.unit_depth,
                course_depth: args.course_depth,
            };
            let read = masterykit::curriculum_from_case(&text, &options)?;
            let s = &read.summary;
            let mut line = format!(
                "read {}: {}, {}, {}, {}",
                plural(s.items, "CFItem"),
                plural(s.skills, "skill"),
                plural(s.units, "unit"),
                plural(s.courses, "course"),
                plural(s.prerequisites, "prerequisite")
            );
            if !s.ignored_associations.is_empty() {
                let ignored: Vec<String> = s
                    .ignored_associations
                    .iter()
                    .map(|(kind, n)| format!("{kind} {n}"))
                    .collect();
                line.push_str(&format!("; associations ignored: {}", ignored.join(", ")));
            }
            let doc = match &args.output {
                Some(path) if has_extension(path, "toml") => read.curriculum.to_toml()?,
                _ => read.curriculum.to_json_pretty(),
            };
            (doc, (line, json!(read.summary)))
        }
        (Format::Curriculum, Format::Case) => {
            let curriculum = load::curriculum(&args.input)?;
            let mut options = CaseExportOptions::default();
            if let Some(base) = &args.base_uri {
                options.base_uri = base.clone();
            }
            let doc = masterykit::curriculum_to_case(&curriculum, &options);
            let line = format!(
                "wrote a CASE package: {}, {}, {}",
                plural(curriculum.len(), "skill"),
                plural(curriculum.units().len(), "unit"),
                plural(curriculum.courses().len(), "course")
            );
            let summary = json!({"skills": curriculum.len(), "units": curriculum.units().len(),
                                 "courses": curriculum.courses().len()});
            (doc, (line, summary))
        }
        (Format::Xapi | Format::Caliper, Format::Events) => {
            let mapping = match &args.mapping {
                Some(path) => EvidenceMapping::from_json(&load::read_text(path)?)?,
                None => EvidenceMapping::default(),
            };
            let read = if args.from == Format::Xapi {
                masterykit::assessments_from_xapi(&text, &mapping)?
            } else {
                masterykit::assessments_from_caliper(&text, &mapping)?
            };
            let what = if args.from == Format::Xapi {
                "statement"
            } else {
                "event"
            };
            let line = evidence_line(&read.summary, what);
            (
                masterykit::to_jsonl(&read.assessments),
                (line, json!(read.summary)),
            )
        }
        (Format::Events, Format::Xapi) => {
            let Some(curriculum) = &args.curriculum else {
                return Err(Failure::Usage(
                    "--curriculum is needed to replay events into level changes".into(),
                ));
            };
            let mut store =
                LearnerStore::new(load::curriculum(curriculum)?, load::policy(&args.policy)?)?;
            store.replay_jsonl(&text)?;
            let mut options = XapiExportOptions::default();
            if let Some(home) = &args.home_page {
                options.home_page = home.clone();
            }
            if let Some(prefix) = &args.activity_prefix {
                options.activity_prefix = prefix.clone();
            }
            let transitions = store.transitions();
            let doc = masterykit::transitions_to_xapi(&store, &transitions, &options);
            let line = format!("wrote {}", plural(transitions.len(), "statement"));
            (doc, (line, json!({"statements": transitions.len()})))
        }
        (from, to) => {
            return Err(Failure::Usage(format!(
                "cannot convert {} to {}: case <-> curriculum, xapi or caliper -> events, \
                 events -> xapi",
                name(from),
                name(to)
            )));
        }
    };
    match &args.output {
        Some(path) => {
            load::write_file(path, &ensure_newline(document))?;
            if json {
                out!(
                    "{}",
                    json!({"ok": true, "output": path, "summary": summary.1})
                );
            } else {
                eprintln!("{}", summary.0);
            }
        }
        None => {
            out!("{}", document.trim_end());
            eprintln!("{}", summary.0);
        }
    }
    Ok(())
}

fn evidence_line(s: &EvidenceSummary, what: &str) -> String {
    let mut line = format!(
        "read {}: {} in {}",
        plural(s.records, what),
        plural(s.responses, "answer"),
        plural(s.sittings, "sitting")
    );
    if s.duplicates > 0 {
        line.push_str(&format!("; {} dropped", plural(s.duplicates, "duplicate")));
    }
    if s.voided > 0 {
        line.push_str(&format!("; {} voided", s.voided));
    }
    if !s.skipped.is_empty() {
        let skipped: Vec<String> = s.skipped.iter().map(|(k, n)| format!("{k} {n}")).collect();
        line.push_str(&format!("; skipped: {}", skipped.join(", ")));
    }
    line
}

fn ensure_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn name(f: Format) -> &'static str {
    match f {
        Format::Case => "case",
        Format::Xapi => "xapi",
        Format::Caliper => "caliper",
        Format::Curriculum => "curriculum",
        Format::Events => "events",
    }
}

/// `schema`: one schema, the list of names, or every schema written to a folder.
pub fn schema(name: Option<&str>, out_dir: Option<&Path>, json: bool) -> Result<(), Failure> {
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Io(format!("cannot create `{}`: {e}", dir.display())))?;
        for name in masterykit::schema_names() {
            load::write_file(
                &dir.join(format!("{name}.schema.json")),
                &masterykit::schema(name)?,
            )?;
        }
        eprintln!(
            "wrote {} to {}",
            plural(masterykit::schema_names().len(), "schema"),
            dir.display()
        );
        return Ok(());
    }
    match name {
        Some(name) => out!("{}", masterykit::schema(name)?.trim_end()),
        None if json => out!(
            "{}",
            json!({"ok": true, "schemas": masterykit::schema_names()})
        ),
        None => {
            for name in masterykit::schema_names() {
                out!("{name}");
            }
        }
    }
    Ok(())
}
