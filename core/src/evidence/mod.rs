//! Evidence: responses grouped into assessments (one sitting each), their validation, and
//! their compiled form for fast replay.

mod columns;
mod compiled;
mod jsonl;
mod response;
mod table;

pub use columns::EvidenceColumns;
pub use compiled::CompiledLog;
pub(crate) use compiled::{Compiler, Head, NO_EVENT};
pub use jsonl::{parse_jsonl, read_jsonl, to_jsonl};
pub use response::{Assessment, Response};
pub use table::EvidenceTable;
