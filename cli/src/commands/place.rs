//! `place`: an adaptive pre-assessment, asked on the terminal, scripted from a file or
//! answered by a simulated learner; or the question selectors compared.

use std::io::{BufRead, Write};

use masterykit::{
    Placement, PlacementOptions, PlacementSelector, PlacementTrial, SelectorResult, Timestamp,
};
use serde_json::{Value, json};

use crate::args::PlaceArgs;
use crate::load;
use crate::output::{Failure, out};

/// Runs the placement `args` asks for and prints the estimate as JSON (pretty unless
/// `--json`), or the comparison.
pub fn run(args: &PlaceArgs, json: bool) -> Result<(), Failure> {
    let curriculum = load::curriculum(&args.curriculum)?;
    let options = options(args)?;
    if args.compare {
        return compare(args, &curriculum, &options, json);
    }
    let mut doc = serde_json::Map::new();
    let mut session = Placement::new(&curriculum, options)?;
    if let Some(known) = &args.simulate {
        let known: Vec<&str> = known
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        let seed = args.seed.unwrap_or(session.options().seed);
        let run = session.answer_as(&known, seed)?;
        doc.insert(
            "simulated".into(),
            json!({"hidden": run.hidden, "wrong": run.wrong, "wrong_after": run.wrong_after}),
        );
    } else if let Some(path) = &args.answers {
        session.record_answers(&masterykit::placement_answers(&load::read_text(path)?)?)?;
    } else {
        ask(&mut session, &curriculum)?;
    }
    doc.insert("ok".into(), Value::Bool(true));
    doc.insert("next".into(), json!(session.next_question()));
    doc.insert("estimate".into(), json!(session.estimate()));
    let answers: Vec<Value> = session
        .answers()
        .iter()
        .map(|(skill, correct)| json!({"skill": skill, "correct": correct}))
        .collect();
    doc.insert("answers".into(), Value::Array(answers));
    if let Some(learner) = &args.learner {
        let at = match &args.at {
            Some(t) => Timestamp::parse(t)?,
            None => now()?,
        };
        let a = session.assessment(learner, at, args.event_id.as_deref());
        doc.insert("assessment".into(), json!(a));
    }
    let doc = Value::Object(doc);
    if json {
        out!("{doc}");
    } else {
        out!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    }
    Ok(())
}

/// The options file with the flags over it, checked.
fn options(args: &PlaceArgs) -> Result<PlacementOptions, Failure> {
    let mut o = match &args.options {
        Some(path) => PlacementOptions::from_json(&load::read_text(path)?)?,
        None => PlacementOptions::default(),
    };
    if let Some(seed) = args.seed {
        o.seed = seed;
    }
    if let Some(m) = args.max_questions {
        o.max_questions = Some(m);
    }
    if let Some(c) = args.confidence {
        o.confidence = Some(c);
    }
    if let Some(s) = &args.selector {
        o.selector = PlacementSelector::parse(s)?;
    }
    if let (Some(events), Some(learner)) = (&args.events, &args.learner) {
        let engine = crate::args::EngineArgs {
            events: events.clone(),
            curriculum: args.curriculum.clone(),
            policy: args.policy.clone(),
            from_snapshot: None,
            roster: None,
            events_format: crate::args::EventsFormat::Native,
            mapping: None,
        };
        let store = load::replay(&engine, false, true)?;
        let mut by_level = std::collections::BTreeMap::new();
        for pair in &args.prior_levels {
            let (level, p) = pair.split_once('=').ok_or_else(|| {
                Failure::Usage(format!("`{pair}` is not LEVEL=P (say familiar=0.7)"))
            })?;
            let p: f64 = p
                .parse()
                .map_err(|_| Failure::Usage(format!("`{p}` in `{pair}` is not a number")))?;
            by_level.insert(level.to_string(), p);
        }
        o = o.with_learner_prior(&store.learner_or_empty(learner), &by_level)?;
    }
    o.validate()?;
    Ok(o)
}

/// Asks each question on standard error and reads `y` or `n` from standard input, until
/// the stopping rule, `q` or the end of input.
fn ask(session: &mut Placement, curriculum: &masterykit::Curriculum) -> Result<(), Failure> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut stderr = std::io::stderr();
    while let Some(q) = session.next_question() {
        let name = crate::output::display_name(curriculum, &q.skill);
        let label = if name == q.skill {
            q.skill.clone()
        } else {
            format!("{name} ({})", q.skill)
        };
        loop {
            let _ = write!(
                stderr,
                "[{}] Does the learner know {label}? (P(known) {:.2}) [y/n, q to stop] ",
                session.answers().len() + 1,
                q.p_known
            );
            let _ = stderr.flush();
            let Some(line) = lines.next() else {
                let _ = writeln!(stderr);
                return Ok(());
            };
            let line = line.map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
            match line.trim().to_ascii_lowercase().as_str() {
                "y" | "yes" | "1" => break session.record(&q.skill, true)?,
                "n" | "no" | "0" => break session.record(&q.skill, false)?,
                "q" | "quit" => return Ok(()),
                _ => {
                    let _ = writeln!(stderr, "answer y, n or q");
                }
            }
        }
    }
    Ok(())
}

/// The current time as a timestamp.
fn now() -> Result<Timestamp, Failure> {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Failure::Io(format!("the clock is before 1970: {e}")))?
        .as_millis();
    Ok(Timestamp::try_from_millis(
        i64::try_from(ms).unwrap_or(i64::MAX),
    )?)
}

/// Every selector on the same simulated learners.
fn compare(
    args: &PlaceArgs,
    curriculum: &masterykit::Curriculum,
    options: &PlacementOptions,
    json: bool,
) -> Result<(), Failure> {
    let trial = PlacementTrial {
        learners: args.learners,
        within: args.within,
        budget: args.budget,
        seed: args.seed.unwrap_or(PlacementTrial::default().seed),
    };
    let selectors = [
        PlacementSelector::Informative,
        PlacementSelector::HalfSplit,
        PlacementSelector::Random,
        PlacementSelector::InOrder,
    ];
    let rows = crate::progress::watched("placing", |_| {
        masterykit::compare_selectors(curriculum, options, &trial, &selectors)
    })?;
    if json {
        out!("{}", json!({"ok": true, "trial": trial, "selectors": rows}));
        return Ok(());
    }
    print_table(&rows, trial.within);
    Ok(())
}

/// One line per selector: learners placed, median questions, mean wrong skills after some
/// numbers of questions.
fn print_table(rows: &[SelectorResult], within: usize) {
    let Some(first) = rows.first() else { return };
    let last = first.mean_wrong.len().saturating_sub(1);
    let mut marks: Vec<usize> = [0, 10, 25, 50, 100, 200]
        .into_iter()
        .filter(|&q| q < last)
        .collect();
    marks.push(last);
    let heads: Vec<String> = marks.iter().map(|q| format!("{q:>7}")).collect();
    out!(
        "{:<12} {:>9} {:>8}   mean skills wrong after this many questions:",
        "selector",
        "placed",
        "median"
    );
    out!(
        "{:<12} {:>9} {:>8}   {}",
        "",
        format!("(≤{within})"),
        "",
        heads.join("")
    );
    for r in rows {
        let name = serde_json::to_value(r.selector)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let median = r
            .median_questions
            .map_or_else(|| "-".to_string(), |m| format!("{m}"));
        let wrong: Vec<String> = marks
            .iter()
            .map(|&q| format!("{:>7.1}", r.mean_wrong[q]))
            .collect();
        out!(
            "{name:<12} {:>9} {median:>8}   {}",
            format!("{}/{}", r.placed, r.learners),
            wrong.join("")
        );
    }
}
