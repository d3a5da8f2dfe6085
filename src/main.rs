//! The `demarche` binary: parse the command line and run a subcommand.

use std::process::ExitCode;

use clap::Parser;
use demarche::cli::{Cli, Status, error_text, misspelt_subcommand, run};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = misspelt_subcommand(&args) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse_from(args);
    // A smaller memory budget, in MiB, for small machines and for tests;
    // otherwise what the machine allows (its limits and free memory).
    match std::env::var("DEMARCHE_MEMORY_MIB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        Some(mib) => demarche::engine::set_memory_budget(mib.saturating_mul(1 << 20)),
        None => demarche::engine::set_budget(demarche::io::machine_memory_budget()),
    }
    #[cfg(feature = "gui")]
    if cli.command.is_none() {
        let class = cli.class.then(|| demarche_class::ClassConfig {
            bind: match cli.bind {
                Some(ip) if ip.is_unspecified() => demarche_class::Bind::All,
                Some(ip) => demarche_class::Bind::Addr(ip),
                None => demarche_class::Bind::DefaultRoute,
            },
            port: cli.port,
            max_students: usize::from(cli.max_students),
            step_code: cli.step_code,
            ..Default::default()
        });
        return match demarche::ui::run(cli.file, class) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let mut stdout = std::io::stdout().lock();
    match run(cli, &mut stdout) {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::Failure) => ExitCode::FAILURE,
        // A closed pipe (`demarche tree FILE | head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", error_text(&e));
            ExitCode::FAILURE
        }
    }
}
