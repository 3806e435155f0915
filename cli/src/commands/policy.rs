//! `policy`: print a preset, or validate a policy file and print it.

use crate::load;
use crate::output::{Failure, out};

/// Prints the policy as indented JSON.
pub fn print(name_or_path: &str) -> Result<(), Failure> {
    out!("{}", load::policy(name_or_path)?.to_json_pretty());
    Ok(())
}
