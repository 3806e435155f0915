//! A progress bar on standard error while long work runs, drawn only when standard error is
//! a terminal (never into a pipe or a log file).

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use masterykit::Watch;

/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// Runs `work` under a [`Watch`], showing its progress as `label` on a terminal.
pub fn watched<T, W>(label: &str, work: W) -> masterykit::Result<T>
where
    T: Send,
    W: FnOnce(&Watch) -> masterykit::Result<T> + Send,
{
    let watch = Watch::new();
    if !std::io::stderr().is_terminal() {
        return work(&watch);
    }
    std::thread::scope(|scope| {
        let handle = scope.spawn(|| work(&watch));
        let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        // Drawn once the work has counted itself.
        let mut bar: Option<ProgressBar> = None;
        while !handle.is_finished() {
            let (done, total) = watch.progress();
            if total > 0 {
                let bar = bar.get_or_insert_with(|| {
                    ProgressBar::new(total)
                        .with_style(style.clone())
                        .with_message(label.to_string())
                });
                bar.set_length(total);
                bar.set_position(done);
            }
            std::thread::sleep(TICK);
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
