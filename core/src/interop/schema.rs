//! JSON Schemas (draft 2020-12) of the documents masterykit reads and writes, generated
//! from the types that read and write them, so they cannot drift from the code.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::curriculum::CurriculumDoc;
use crate::error::{Error, Result};
use crate::evidence::Assessment;
use crate::mastery::{Applied, Snapshot, Transition};
use crate::next::{NamedStepRow, NextStep, NextStepRulesDoc};
use crate::placement::{PlacementEstimate, PlacementOptions};
use crate::policy::PolicyDoc;
use crate::report::{ClassReport, LearnerReport};
use crate::roster::{RosterChange, RosterDoc};
use crate::tracing::{BktModel, Evaluation, FitOptions};

use super::{
    CaseExportOptions, CaseImportOptions, CaseSummary, EvidenceMapping, EvidenceSummary,
    XapiExportOptions,
};

/// Which way a document goes: read by masterykit (its readers' rules: defaults, aliases) or
/// written by it (what it writes: fields it leaves out when empty are optional).
#[derive(Clone, Copy)]
enum Way {
    Read,
    Written,
}

/// A schema's name, the way its document goes, its maker and its title.
type Entry = (
    &'static str,
    Way,
    fn(SchemaSettings) -> Schema,
    &'static str,
);

/// Every schema by name, with its type, the way it goes and a title.
const SCHEMAS: &[Entry] = &[
    (
        "curriculum",
        Way::Read,
        of::<CurriculumDoc>,
        "A masterykit curriculum",
    ),
    (
        "policy",
        Way::Read,
        of::<PolicyDoc>,
        "A masterykit mastery policy",
    ),
    (
        "event",
        Way::Read,
        of::<Assessment>,
        "One assessment: a line of a masterykit event log (JSON Lines)",
    ),
    (
        "roster",
        Way::Read,
        of::<RosterDoc>,
        "A masterykit roster: classes, goals, assignments",
    ),
    (
        "roster-change",
        Way::Read,
        of::<RosterChange>,
        "One change to a roster: a line of an event log",
    ),
    (
        "next-step-rules",
        Way::Read,
        of::<NextStepRulesDoc>,
        "Rules of masterykit's next steps",
    ),
    (
        "snapshot",
        Way::Read,
        of::<Snapshot>,
        "A masterykit learner store snapshot",
    ),
    (
        "model",
        Way::Read,
        of::<BktModel>,
        "A fitted masterykit BKT model",
    ),
    (
        "fit-options",
        Way::Read,
        of::<FitOptions>,
        "Options of a BKT fit",
    ),
    (
        "placement-options",
        Way::Read,
        of::<PlacementOptions>,
        "Options of an adaptive placement",
    ),
    (
        "evidence-mapping",
        Way::Read,
        of::<EvidenceMapping>,
        "How xAPI statements and Caliper events map onto evidence",
    ),
    (
        "case-import-options",
        Way::Read,
        of::<CaseImportOptions>,
        "How a CASE package becomes a curriculum",
    ),
    (
        "case-export-options",
        Way::Read,
        of::<CaseExportOptions>,
        "How a curriculum is written as a CASE package",
    ),
    (
        "xapi-export-options",
        Way::Read,
        of::<XapiExportOptions>,
        "How level changes are written as xAPI statements",
    ),
    (
        "applied",
        Way::Written,
        of::<Applied>,
        "What applying one assessment did",
    ),
    (
        "transitions",
        Way::Written,
        of::<Vec<Transition>>,
        "Level changes",
    ),
    (
        "next-steps",
        Way::Written,
        of::<Vec<NextStep>>,
        "A learner's next steps, with reasons",
    ),
    (
        "next-step-rows",
        Way::Written,
        of::<Vec<NamedStepRow<'static>>>,
        "Next steps of many learners, one row each",
    ),
    (
        "learner-report",
        Way::Written,
        of::<LearnerReport<'static>>,
        "A learner's report",
    ),
    (
        "class-report",
        Way::Written,
        of::<ClassReport<'static>>,
        "A class report",
    ),
    (
        "placement-estimate",
        Way::Written,
        of::<PlacementEstimate>,
        "What a placement concluded",
    ),
    (
        "evaluation",
        Way::Written,
        of::<Evaluation>,
        "A BKT model's evaluation",
    ),
    (
        "case-summary",
        Way::Written,
        of::<CaseSummary>,
        "What reading a CASE package found",
    ),
    (
        "evidence-summary",
        Way::Written,
        of::<EvidenceSummary>,
        "What reading xAPI statements or Caliper events found",
    ),
];

fn of<T: JsonSchema>(settings: SchemaSettings) -> Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

/// The names of every schema [`schema`] gives, in a stable order.
pub fn schema_names() -> Vec<&'static str> {
    SCHEMAS.iter().map(|s| s.0).collect()
}

/// The JSON Schema (draft 2020-12, pretty JSON) of the document `name` names (see
/// [`schema_names`]): `curriculum`, `policy`, `event`, `snapshot`, `model`, ... An unknown
/// name is an [`Error::InvalidOption`] listing the names.
pub fn schema(name: &str) -> Result<String> {
    let Some(&(_, way, make, title)) = SCHEMAS.iter().find(|s| s.0 == name) else {
        return Err(Error::InvalidOption {
            option: "schema".into(),
            reason: format!("no schema `{name}`; schemas: {}", schema_names().join(", ")),
        });
    };
    let settings = match way {
        Way::Read => SchemaSettings::draft2020_12().for_deserialize(),
        Way::Written => SchemaSettings::draft2020_12().for_serialize(),
    };
    let mut schema = make(settings);
    schema.insert("title".into(), title.into());
    Ok(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n")
}
