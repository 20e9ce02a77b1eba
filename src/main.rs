//! `befits-coder`: the app, or a headless command when one is given.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = befits_coder::cli::Cli::parse();
    match cli.command {
        Some(command) => ExitCode::from(befits_coder::cli::run(command)),
        None => match befits_coder::app::run(cli.project, cli.compare, cli.sample, cli.size, cli.screenshots) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("befits-coder: error: the window could not be opened ({e})");
                ExitCode::from(1)
            }
        },
    }
}
