//! `merge`: the parts of a job split across processes or machines put back together: models
//! fitted on disjoint skills, snapshots of stores of disjoint learners.

use std::path::PathBuf;

use masterykit::{BktModel, LearnerStore, RosterDoc};
use serde_json::json;

use crate::args::MergeKind;
use crate::load;
use crate::output::{Failure, out};

/// Merges the parts and writes the result to `output` (printed without it).
pub fn run(kind: &MergeKind, output: Option<&PathBuf>, json: bool) -> Result<(), Failure> {
    let (text, summary) = match kind {
        MergeKind::Models { parts } => {
            let mut merged: Option<BktModel> = None;
            for path in parts {
                let model = load::model(path)?;
                match &mut merged {
                    None => merged = Some(model),
                    Some(m) => m.merge(&model)?,
                }
            }
            let model = merged.ok_or_else(|| Failure::Usage("no models to merge".into()))?;
            let summary = json!({"ok": true, "skills": model.skills.len()});
            (model.to_json(), summary)
        }
        MergeKind::Snapshots {
            curriculum,
            policy,
            roster,
            parts,
        } => {
            let curriculum = load::curriculum(curriculum)?;
            let policy = load::policy(policy)?;
            let mut merged = LearnerStore::new(curriculum.clone(), policy.clone())?;
            if let Some(path) = roster {
                merged.set_roster(&RosterDoc::from_json(&load::read_text(path)?)?)?;
            }
            for path in parts {
                let text = load::read_text(path)?;
                let part =
                    LearnerStore::from_snapshot_json(curriculum.clone(), policy.clone(), &text)?;
                merged.merge(&part)?;
            }
            let summary = json!({"ok": true, "learners": merged.learners().len()});
            (merged.to_snapshot_json(), summary)
        }
    };
    let Some(path) = output else {
        out!("{text}");
        return Ok(());
    };
    load::write_file(path, &text)?;
    if json {
        out!("{summary}");
    } else {
        out!("merged into {}", path.display());
    }
    Ok(())
}
