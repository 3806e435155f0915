//! `masterykit`: a command-line front over the masterykit core. Parses the command line,
//! dispatches to one module per command group, and maps failures to exit codes: 1 for input
//! the core rejects, 2 for usage and I/O errors.

mod args;
mod commands;
mod load;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use commands::{
    classes, curriculum, engine, interop, merge, next, place, policy, simulate, tracing,
};
use output::{Failure, flush_output};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let code = match run(&cli.command, cli.json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(cli.json);
            ExitCode::from(failure.exit_code())
        }
    };
    flush_output();
    code
}

/// A command line clap rejects: its own message (help and version print as asked), or
/// under `--json` the failure as JSON.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args().skip(1).any(|a| a == "--json");
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || !wants_json {
        e.exit();
    }
    let message = e.render().to_string();
    let first = message.lines().next().unwrap_or_default();
    let failure = Failure::Usage(first.trim_start_matches("error: ").to_string());
    failure.report(true);
    flush_output();
    ExitCode::from(failure.exit_code())
}

fn run(command: &Command, json: bool) -> Result<(), Failure> {
    match command {
        Command::Validate(f) => curriculum::validate(f, json),
        Command::Order(f) => curriculum::order(f, json),
        Command::Path { file, to, known } => curriculum::path(file, to, known, json),
        Command::Frontier { file, known } => curriculum::frontier(file, known, json),
        Command::Gaps { file, skill, known } => curriculum::gaps(file, skill, known, json),
        Command::Lint(f) => curriculum::lint(f, json),
        Command::Generate {
            skills,
            seed,
            output,
        } => curriculum::generate(*skills, *seed, output.as_deref()),
        Command::States { file, paths, max } => curriculum::states(file, *paths, *max, json),
        Command::Replay {
            engine,
            snapshot,
            timings,
            no_history,
        } => engine::replay(engine, snapshot.as_ref(), (*timings, *no_history), json),
        Command::Report { engine, kind } => engine::report(engine, kind, json),
        Command::Correctives {
            engine,
            skill,
            class,
            id,
            due,
            rules,
        } => classes::correctives(
            engine,
            skill,
            class.as_deref(),
            id,
            due.as_deref(),
            rules,
            json,
        ),
        Command::Next {
            engine,
            learner,
            goal,
            now,
            rules,
            all: _,
        } => next::run(
            &next::Request {
                engine,
                learner: learner.as_deref(),
                goal: goal.as_deref(),
                now: now.as_deref(),
                rules,
            },
            json,
        ),
        Command::Policy { policy } => policy::print(policy),
        Command::Place(args) => place::run(args, json),
        Command::Simulate {
            curriculum,
            teaching,
            learners,
            seed,
            prerequisite_factor,
            memory_days,
            log,
        } => simulate::run(
            &simulate::Request {
                curriculum,
                teaching,
                learners: *learners,
                seed: *seed,
                prerequisite_factor: *prerequisite_factor,
                memory_days: *memory_days,
                log: log.as_ref(),
            },
            json,
        ),
        Command::Synthesize {
            skills,
            learners,
            steps,
            seed,
            forgets,
            output,
            params,
            messy,
            responses,
            test_output,
        } => match (messy, test_output) {
            (true, Some(test_output)) => tracing::messy(
                &{
                    let d = masterykit::MessyConfig::default();
                    masterykit::MessyConfig {
                        learners: learners.unwrap_or(d.learners),
                        skills: skills.unwrap_or(d.skills),
                        responses: *responses,
                        seed: *seed,
                        ..d
                    }
                },
                output,
                test_output,
            ),
            _ => tracing::synthesize(&tracing::Synthesis {
                skills: skills.unwrap_or(20),
                learners: learners.unwrap_or(5000),
                steps: *steps,
                seed: *seed,
                forgets: *forgets,
                output,
                params: params.as_ref(),
            }),
        },
        Command::Fit { fit, output } => tracing::fit(fit, output.as_ref(), json),
        Command::Predict {
            log,
            model,
            unseen,
            columns,
        } => tracing::predict(log, model, unseen, columns),
        Command::Evaluate {
            log,
            model,
            timings,
            unseen,
            by_skill,
            columns,
        } => tracing::evaluate(
            &tracing::Scoring {
                log,
                model,
                columns,
                unseen,
                by_skill: *by_skill,
            },
            *timings,
            json,
        ),
        Command::Convert(args) => interop::convert(args, json),
        Command::Merge { kind, output } => merge::run(kind, output.as_ref(), json),
        Command::Schema { name, out_dir } => {
            interop::schema(name.as_deref(), out_dir.as_deref(), json)
        }
        Command::Crossvalidate {
            fit,
            folds,
            by_skill,
        } => tracing::crossvalidate(fit, *folds, *by_skill, json),
    }
}
