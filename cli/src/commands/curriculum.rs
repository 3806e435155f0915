//! Curriculum commands: validate, order, path, frontier, gaps, lint, states, generate.

use serde_json::json;

use crate::args::FileArgs;
use crate::load;
use crate::output::{Failure, display_name, out, plural, print_skills};

/// `validate`: counts when valid; the problems are the failure otherwise.
pub fn validate(f: &FileArgs, json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    let courses = c.courses().len();
    if json {
        out!(
            "{}",
            json!({"ok": true, "skills": c.len(), "units": c.units().len(),
                   "courses": courses, "prerequisites": c.edge_count()})
        );
    } else {
        out!(
            "valid: {}, {}, {}, {}",
            plural(c.len(), "skill"),
            plural(c.units().len(), "unit"),
            plural(courses, "course"),
            plural(c.edge_count(), "prerequisite")
        );
    }
    Ok(())
}

/// `order`: the learnable order.
pub fn order(f: &FileArgs, json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    print_skills(&c, &c.learnable_order(), json);
    Ok(())
}

/// `path`: what is left to learn on the way to the goals.
pub fn path(f: &FileArgs, to: &[String], known: &[String], json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    let known = c.skill_set(known)?;
    print_skills(&c, &c.path_to(to, &known)?, json);
    Ok(())
}

/// `frontier`: the skills ready to learn.
pub fn frontier(f: &FileArgs, known: &[String], json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    let known = c.skill_set(known)?;
    print_skills(&c, &c.frontier(&known), json);
    Ok(())
}

/// `gaps`: a struggling skill's unknown prerequisites, root causes first.
pub fn gaps(f: &FileArgs, skill: &str, known: &[String], json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    let known = c.skill_set(known)?;
    let gaps = c.gaps(skill, &known)?;
    if json {
        out!("{}", json!({"ok": true, "skill": skill, "gaps": gaps}));
    } else {
        for g in gaps {
            out!("{}\t{}\t{}", g.distance, g.skill, display_name(&c, g.skill));
        }
    }
    Ok(())
}

/// `lint`: redundant edges and orphan skills.
pub fn lint(f: &FileArgs, json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    let lint = c.lint();
    if json {
        out!("{}", json!({"ok": true, "lint": lint}));
    } else if lint.is_clean() {
        out!("clean: no redundant edges, no orphan skills");
    } else {
        for e in &lint.redundant_edges {
            out!(
                "redundant_edge: `{}` -> `{}` is implied by a longer chain",
                e.from,
                e.to
            );
        }
        for id in &lint.orphans {
            out!("orphan: `{id}` belongs to no unit");
        }
    }
    Ok(())
}

/// `states`: the knowledge states, or with `paths` the learning paths, one per line.
pub fn states(f: &FileArgs, paths: bool, max: usize, json: bool) -> Result<(), Failure> {
    let c = load::curriculum(&f.file)?;
    let rows = if paths {
        masterykit::learning_paths(&c, max)?
    } else {
        masterykit::knowledge_states(&c, max)?
    };
    if json {
        let key = if paths { "paths" } else { "states" };
        out!("{}", json!({"ok": true, key: rows}));
        return Ok(());
    }
    for r in &rows {
        out!("{}", r.join(" "));
    }
    Ok(())
}

/// `generate`: a seeded generated curriculum as JSON, to a file or standard output.
pub fn generate(skills: usize, seed: u64, output: Option<&std::path::Path>) -> Result<(), Failure> {
    let json = masterykit::Curriculum::generate(skills, seed)?.to_json();
    match output {
        Some(path) => load::write_file(path, &json),
        None => {
            out!("{json}");
            Ok(())
        }
    }
}
