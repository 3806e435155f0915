//! `masterykit`: a command-line front over the masterykit core.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use masterykit::{Curriculum, Error};
use serde_json::json;

/// Mastery-learning engine: validate, order and lint curricula.
#[derive(Debug, Parser)]
#[command(name = "masterykit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a curriculum; print every problem with its code (exit 1 when invalid).
    Validate(FileArgs),
    /// Print the skills in learnable order (prerequisites first, ties by course order).
    Order(FileArgs),
    /// Print the skills still to learn on the way to one or more goal skills, in order.
    Path {
        #[command(flatten)]
        file: FileArgs,
        /// Goal skill ids, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        to: Vec<String>,
        /// Skills the learner already knows, comma-separated.
        #[arg(long, value_delimiter = ',')]
        known: Vec<String>,
    },
    /// Print the skills ready to learn: not known, every prerequisite known.
    Frontier {
        #[command(flatten)]
        file: FileArgs,
        /// Skills the learner already knows, comma-separated.
        #[arg(long, value_delimiter = ',')]
        known: Vec<String>,
    },
    /// Diagnose a struggling skill: its unknown prerequisites, root causes first.
    Gaps {
        #[command(flatten)]
        file: FileArgs,
        /// The skill the learner struggles with.
        #[arg(long)]
        skill: String,
        /// Skills the learner already knows, comma-separated.
        #[arg(long, value_delimiter = ',')]
        known: Vec<String>,
    },
    /// Report redundant prerequisite edges and skills in no unit.
    Lint(FileArgs),
}

#[derive(Debug, Args)]
struct FileArgs {
    /// Curriculum file (.json or .toml; `-` reads JSON from standard input).
    file: PathBuf,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
}

/// What went wrong: the curriculum or query (exit 1) or reading the file (exit 2).
enum Failure {
    Invalid(Error),
    Io(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Invalid(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Validate(f) | Command::Order(f) | Command::Lint(f) => f.json,
        Command::Path { file, .. }
        | Command::Frontier { file, .. }
        | Command::Gaps { file, .. } => file.json,
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(e)) => {
            if json {
                let problems: Vec<_> = e
                    .problems()
                    .iter()
                    .map(|p| json!({"code": p.code(), "message": p.to_string()}))
                    .collect();
                println!("{}", json!({"ok": false, "problems": problems}));
            } else {
                for p in e.problems() {
                    eprintln!("error[{}]: {p}", p.code());
                }
            }
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Validate(f) => {
            let c = load(&f.file)?;
            let courses = c.courses().len();
            if f.json {
                println!(
                    "{}",
                    json!({"ok": true, "skills": c.len(), "units": c.units().len(),
                           "courses": courses, "prerequisites": c.edge_count()})
                );
            } else {
                println!(
                    "valid: {}, {}, {}, {}",
                    plural(c.len(), "skill"),
                    plural(c.units().len(), "unit"),
                    plural(courses, "course"),
                    plural(c.edge_count(), "prerequisite")
                );
            }
        }
        Command::Order(f) => {
            let c = load(&f.file)?;
            print_skills(&c, &c.learnable_order(), f.json);
        }
        Command::Path { file, to, known } => {
            let c = load(&file.file)?;
            let known = c.skill_set(&known)?;
            print_skills(&c, &c.path_to(&to, &known)?, file.json);
        }
        Command::Frontier { file, known } => {
            let c = load(&file.file)?;
            let known = c.skill_set(&known)?;
            print_skills(&c, &c.frontier(&known), file.json);
        }
        Command::Gaps { file, skill, known } => {
            let c = load(&file.file)?;
            let known = c.skill_set(&known)?;
            let gaps = c.gaps(&skill, &known)?;
            if file.json {
                println!("{}", json!({"ok": true, "skill": skill, "gaps": gaps}));
            } else {
                for g in gaps {
                    println!("{}\t{}\t{}", g.distance, g.skill, display_name(&c, g.skill));
                }
            }
        }
        Command::Lint(f) => {
            let c = load(&f.file)?;
            let lint = c.lint();
            if f.json {
                println!("{}", json!({"ok": true, "lint": lint}));
            } else if lint.is_clean() {
                println!("clean: no redundant edges, no orphan skills");
            } else {
                for e in &lint.redundant_edges {
                    println!(
                        "redundant_edge: `{}` -> `{}` is implied by a longer chain",
                        e.from, e.to
                    );
                }
                for id in &lint.orphans {
                    println!("orphan: `{id}` belongs to no unit");
                }
            }
        }
    }
    Ok(())
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn display_name<'a>(c: &'a Curriculum, id: &'a str) -> &'a str {
    c.skill(id).map_or(id, |s| s.display_name())
}

fn print_skills(c: &Curriculum, ids: &[&str], json: bool) {
    if json {
        println!("{}", json!({"ok": true, "skills": ids}));
    } else {
        for (i, id) in ids.iter().enumerate() {
            println!("{:>4}  {id:<24} {}", i + 1, display_name(c, id));
        }
    }
}

fn load(path: &Path) -> Result<Curriculum, Failure> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?;
    }
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    Ok(if is_toml {
        Curriculum::from_toml(&text)?
    } else {
        Curriculum::from_json(&text)?
    })
}
