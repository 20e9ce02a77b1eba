//! `befits-coder`: the app, or a headless command when one is given.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = befits_coder::cli::Cli::parse();
    match cli.command {
        Some(command) => ExitCode::from(befits_coder::cli::run(command)),
        None => {
            match befits_coder::app::run(cli.project, cli.compare, cli.sample.map(sample), cli.size, cli.screenshots) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("befits-coder: error: the window could not be opened ({e})");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// The sample named on the command line, as the app knows it.
fn sample(arg: befits_coder::cli::SampleArg) -> befits_coder::ui::Sample {
    use befits_coder::cli::SampleArg;
    use befits_coder::ui::Sample;
    match arg {
        SampleArg::Workshop => Sample::Workshop,
        SampleArg::Review => Sample::Review,
        SampleArg::Pair => Sample::Pair,
    }
}
