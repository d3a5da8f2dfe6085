//! The command-line documentation cannot drift from the binary: `docs/cli.md`
//! is the long help of every subcommand rendered from the clap definitions,
//! and each example in `docs/cli-examples.md` is run by trycmd and its
//! output compared. `UPDATE_EXPECT=1 cargo test --test it cli_reference`
//! rewrites `docs/cli.md` from the code; trycmd's own `TRYCMD=overwrite`
//! rewrites the examples' outputs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use clap::CommandFactory;
use demarche::cli::Cli;

const REFERENCE: &str = "docs/cli.md";
const EXAMPLES: &str = "docs/cli-examples.md";

/// The reference as Markdown: a heading and a text block per command, the
/// top level first and then the subcommands in the order `--help` lists
/// them. Help is rendered without colour at clap's fixed width, so the text
/// is the same on every machine.
fn reference() -> String {
    let mut root = Cli::command();
    // Building fills in each subcommand's full name ("demarche check") for
    // its usage line.
    root.build();
    let mut md = String::from(
        "# Command-line reference\n\n\
         <!-- Generated from the clap definitions in src/cli/ by tests/cli_reference.rs;\n     \
         do not edit by hand: run `UPDATE_EXPECT=1 cargo test --test it cli_reference`. -->\n\n\
         Every subcommand's `--help`, as the binary prints it. Examples of real runs\n\
         are in [cli-examples.md](cli-examples.md); the JSON that `--json` prints is\n\
         described in [json.md](json.md).\n",
    );
    section(&mut md, "demarche", &mut root.clone());
    // clap's own `help` subcommand only repeats `--help`.
    for sub in root
        .get_subcommands_mut()
        .filter(|sub| sub.get_name() != "help")
    {
        let name = format!("demarche {}", sub.get_name());
        section(&mut md, &name, sub);
    }
    md
}

/// Appends one command's long help under a heading of its full name.
fn section(md: &mut String, name: &str, command: &mut clap::Command) {
    let help = command.render_long_help().to_string();
    let help: Vec<&str> = help.lines().map(str::trim_end).collect();
    md.push_str(&format!(
        "\n## `{name}`\n\n```text\n{}\n```\n",
        help.join("\n").trim_end()
    ));
}

#[test]
fn cli_reference_is_the_help_of_every_subcommand() {
    let expected = reference();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(REFERENCE, &expected).unwrap();
        return;
    }
    let actual = fs::read_to_string(REFERENCE).unwrap_or_default();
    // Compared line by line so a failure names the first line that differs
    // rather than printing two whole files.
    for (n, (want, have)) in expected.lines().zip(actual.lines()).enumerate() {
        assert_eq!(
            have,
            want,
            "{REFERENCE}:{}: differs from the help the binary prints; run `UPDATE_EXPECT=1 cargo test --test it cli_reference`",
            n + 1
        );
    }
    assert_eq!(
        actual.lines().count(),
        expected.lines().count(),
        "{REFERENCE} has a different length from the help the binary prints; run `UPDATE_EXPECT=1 cargo test --test it cli_reference`"
    );
}

#[test]
fn cli_reference_names_every_subcommand() {
    // A reference that lost a section would still match a bless of itself;
    // this ties it to the list a user sees in `demarche --help`.
    let text = reference();
    for name in [
        "check",
        "tree",
        "play",
        "stats",
        "solve",
        "stability",
        "sensitivity",
        "export",
        "new",
    ] {
        assert!(
            text.contains(&format!("## `demarche {name}`\n\n```text\n")),
            "no section for {name}"
        );
        assert!(
            text.contains(&format!("Usage: demarche {name} ")),
            "no usage line for {name}"
        );
    }
}

#[test]
fn cli_examples_run_every_subcommand() {
    let examples = fs::read_to_string(EXAMPLES).unwrap();
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name();
        assert!(
            examples.contains(&format!("\n$ demarche {name} ")),
            "{EXAMPLES} has no example of `demarche {name}`"
        );
    }
}

#[test]
fn cli_examples_print_what_the_docs_say() {
    trycmd::TestCases::new()
        .register_bin(
            "demarche",
            std::path::Path::new(env!("CARGO_BIN_EXE_demarche")),
        )
        .case(EXAMPLES)
        .run();
}
