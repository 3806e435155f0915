//! Evidence: responses grouped into assessments (one sitting each), their validation, and
//! their compiled form for fast replay.

mod columns;
mod compiled;
mod jsonl;
mod response;
mod table;
mod values;

pub use columns::EvidenceColumns;
pub use compiled::CompiledLog;
pub(crate) use compiled::{Compiler, Head, NO_EVENT};
pub(crate) use jsonl::json_line;
pub use jsonl::{parse_jsonl, read_jsonl, to_jsonl};
pub use response::{Assessment, Response};
pub use table::EvidenceTable;
pub(crate) use values::compile_array;
pub use values::{assessment_from_value, assessments_from_value, parse_assessment};
