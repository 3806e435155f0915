//! Output: buffered standard output, the `out!` macro, failures as text or JSON, and the
//! shared renderings.

use std::cell::RefCell;
use std::io::{BufWriter, Stdout, Write as _};

use masterykit::{Curriculum, Error};
use serde_json::json;

/// Prints a line to (buffered) standard output.
macro_rules! out {
    () => {
        $crate::output::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use out;

/// What went wrong: invalid input the core rejected (exit 1), a malformed argument (exit 2)
/// or reading or writing a file (exit 2).
#[derive(Debug)]
pub enum Failure {
    Invalid(Error),
    Usage(String),
    Io(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Invalid(e)
    }
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Invalid(_) => 1,
            Failure::Usage(_) | Failure::Io(_) => 2,
        }
    }

    /// Reports the failure: JSON on standard output, or lines on standard error.
    pub fn report(&self, json: bool) {
        match (self, json) {
            (Failure::Invalid(e), true) => {
                let problems: Vec<_> = e
                    .problems()
                    .iter()
                    .map(|p| json!({"code": p.code(), "message": p.to_string()}))
                    .collect();
                out!("{}", json!({"ok": false, "problems": problems}));
            }
            (Failure::Invalid(e), false) => {
                for p in e.problems() {
                    eprintln!("error[{}]: {p}", p.code());
                }
            }
            (Failure::Usage(message) | Failure::Io(message), true) => {
                let kind = if matches!(self, Failure::Usage(_)) {
                    "usage"
                } else {
                    "io"
                };
                out!(
                    "{}",
                    json!({"ok": false, "error": {"kind": kind, "message": message}})
                );
            }
            (Failure::Usage(message) | Failure::Io(message), false) => {
                eprintln!("error: {message}");
            }
        }
    }
}

thread_local! {
    /// Standard output, buffered: large outputs (predictions, transitions) are written in
    /// blocks rather than a system call per line.
    static OUT: RefCell<BufWriter<Stdout>> =
        RefCell::new(BufWriter::with_capacity(1 << 16, std::io::stdout()));
}

/// Ends the program on a failed write to standard output: quietly with success when the
/// reader stopped early (`| head`), otherwise as an I/O error (exit code 2).
fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(2);
}

/// Writes one line to the buffered standard output.
pub fn write_line(args: std::fmt::Arguments<'_>) {
    OUT.with(|out| {
        if let Err(e) = writeln!(out.borrow_mut(), "{args}") {
            output_failed(e);
        }
    });
}

/// Flushes the buffered standard output.
pub fn flush_output() {
    OUT.with(|out| {
        if let Err(e) = out.borrow_mut().flush() {
            output_failed(e);
        }
    });
}

/// `n noun` or `n nouns`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A skill's display name, or its id when unknown.
pub fn display_name<'a>(c: &'a Curriculum, id: &'a str) -> &'a str {
    c.skill(id).map_or(id, |s| s.display_name())
}

/// A numbered list of skills with their names, or `{"ok": true, "skills": [...]}`.
pub fn print_skills(c: &Curriculum, ids: &[&str], json: bool) {
    if json {
        out!("{}", json!({"ok": true, "skills": ids}));
    } else {
        for (i, id) in ids.iter().enumerate() {
            out!("{:>4}  {id:<24} {}", i + 1, display_name(c, id));
        }
    }
}
