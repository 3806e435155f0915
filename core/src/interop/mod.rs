//! Interchange standards in and out: 1EdTech CASE packages as curricula, xAPI statements and
//! Caliper events as evidence, and level changes as xAPI statements for an LRS.

mod caliper;
mod case;
mod json;
mod mapping;
#[cfg(feature = "schema")]
mod schema;
mod xapi;

pub use caliper::assessments_from_caliper;
pub use case::{
    CaseExportOptions, CaseIds, CaseImport, CaseImportOptions, CaseSummary, curriculum_from_case,
    curriculum_to_case,
};
pub use mapping::{
    CONTEXT_EXTENSION, EvidenceImport, EvidenceMapping, EvidenceSummary, SKILLS_EXTENSION,
    Sittings, Unplaced, VerbRole,
};
#[cfg(feature = "schema")]
pub use schema::{schema, schema_names};
pub use xapi::{ADL_VERBS, XapiExportOptions, assessments_from_xapi, transitions_to_xapi};
