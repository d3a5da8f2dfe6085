//! `demarche new FILE`: writes a commented starter scenario that passes
//! `check --deny-warnings`, for an author to edit. It never overwrites an
//! existing file unless asked to (`--force`), and writes atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::Status;
use crate::io::write_atomic;

/// Arguments of `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to write the starter scenario (a `.ron` file)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Overwrite FILE if it already exists
    #[arg(long)]
    pub force: bool,
}

/// The starter scenario. `@ID@` is replaced by an id made from the file
/// name. Every part of the format appears once, with a comment saying what
/// it is for; the scenario itself is a made-up example, not history.
const STARTER: &str = r##"// A starter scenario written by `demarche new`. Edit it in place: run
// `demarche check --deny-warnings THIS_FILE` after each change (or keep the
// app open beside your editor; it reloads on save). The authoring guide is
// scenarios/README.md in the demarche repository.
//
// The example is made up: two neighbours negotiate over a river they share.
// Replace it with your own case, and cite a real source for every move,
// chance result and outcome that states a fact.
Scenario(
    // A short, unique id (letters, digits, dashes), a title and a summary.
    id: "@ID@",
    title: "River talks (starter scenario)",
    summary: "Two neighbours negotiate over water from a river they share. A starting point for your own scenario.",
    // The date the situation describes (YYYY-MM-DD).
    as_of: "2024-01-01",

    // Documents you cite. Moves, results and outcomes cite them with
    // `cite: [Cite(source: "id", quote: "a short verbatim quote")]`.
    sources: [
        Source(id: "brief", title: "Replace with the title of your source", author: "Author", publisher: "Publisher", date: "2024-01-01", link: "https://example.org/your-source"),
    ],

    // Who can move. Colours are optional ("#rrggbb").
    actors: [
        Actor(id: "upstream", name: "Upstream state", description: "Controls the dam.", colour: "#1f5fbf"),
        Actor(id: "downstream", name: "Downstream state", description: "Depends on the river's flow.", colour: "#c43c32"),
    ],

    // What describes the situation. Levels are ordered, lowest first; a
    // Flag is true or false; an Integer is bounded. Keep them few and
    // coarse: every combination is a possible situation.
    variables: [
        Variable(id: "talks", label: "Talks", description: "Where the negotiation stands.",
                 domain: Levels(["open", "stalled", "agreed", "broken"]), initial: "open"),
        Variable(id: "flow", label: "Guaranteed flow", description: "The share of the river downstream is promised.",
                 domain: Levels(["none", "half", "most"]), initial: "none"),
        Variable(id: "rounds", label: "Rounds without agreement", description: "Counts stalled rounds; it keeps the graph finite.",
                 domain: Integer(min: 0, max: 2), initial: 0),
    ],

    // What each actor can do, and when (`when` is a condition; leave it out
    // for "always"). `effects` change variables; `next` says who answers.
    // A move with `results` branches by chance: probabilities are numbers
    // or ICD 203 words ("likely", "roughly even chance", ...) and must sum
    // to 1.
    moves: [
        Move(
            id: "offer_half",
            actor: "upstream",
            label: "Offer half the flow",
            description: "Upstream offers to guarantee half the river's flow.",
            when: "talks == open and flow == none",
            effects: ["flow = half"],
            narrative: "Upstream puts a figure on the table: half the flow, guaranteed.",
            cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")],
            next: "downstream",
        ),
        Move(
            id: "accept",
            actor: "downstream",
            label: "Accept the offer",
            description: "Downstream signs.",
            when: "talks == open and flow != none",
            effects: ["talks = agreed"],
            narrative: "Downstream signs the agreement.",
            cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")],
        ),
        Move(
            id: "hold_out",
            actor: "downstream",
            label: "Hold out for more",
            description: "Downstream refuses and asks for most of the flow.",
            when: "talks == open and flow == half",
            narrative: "Downstream says half is not enough.",
            cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")],
            next: "upstream",
            results: [
                Result(id: "upstream_gives_more", label: "Upstream gives more", probability: "unlikely",
                       effects: ["flow = most"], narrative: "Upstream raises its offer.", next: "downstream"),
                Result(id: "talks_stall", label: "The talks stall", probability: "likely",
                       effects: ["talks = stalled", "rounds + 1"], narrative: "The round ends without agreement.", next: "upstream"),
            ],
        ),
        Move(
            id: "reopen",
            actor: "upstream",
            label: "Reopen the talks",
            description: "Upstream proposes another round.",
            when: "talks == stalled and rounds < 2",
            effects: ["talks = open", "flow = none"],
            narrative: "A new round begins.",
            cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")],
            next: "upstream",
        ),
        Move(
            id: "break_off",
            actor: "upstream",
            label: "Break off the talks",
            description: "Upstream walks away.",
            when: "talks == stalled",
            effects: ["talks = broken"],
            narrative: "Upstream recalls its delegation.",
            cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")],
        ),
    ],

    // How a branch ends. The first outcome whose condition holds wins.
    // Payoffs are each actor's utility (higher is better); every actor needs
    // one.
    outcomes: [
        Outcome(id: "generous_deal", label: "Generous deal", description: "Downstream gets most of the flow.",
                when: "talks == agreed and flow == most", payoffs: {"upstream": 2, "downstream": 5},
                cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")]),
        Outcome(id: "deal", label: "Deal", description: "Half the flow, guaranteed.",
                when: "talks == agreed", payoffs: {"upstream": 4, "downstream": 3},
                cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")]),
        Outcome(id: "no_deal", label: "No deal", description: "The talks fail.",
                when: "talks == broken or rounds >= 2", payoffs: {"upstream": 1, "downstream": 0},
                cite: [Cite(source: "brief", quote: "replace with a short verbatim quote")]),
    ],

    // Who moves: ByMove(first: ...) (then each move's `next`), Rotation([...])
    // or Free (anyone with an available move; add `priorities` for
    // `demarche stability`).
    turns: ByMove(first: "upstream"),
    opening: "The two delegations meet to settle how the river's water is shared.",
    // Exploration stops here; raise the limits only if `check` warns.
    limits: Limits(max_depth: 20, max_situations: 10000),

    // Instructor notes: learning goals, and notes with discussion questions
    // shown where their condition holds (an empty `when` is the opening).
    teaching: Teaching(
        goals: ["Replace with what the class should take away."],
        notes: [
            Note(when: "", text: "Shown at the start.", questions: ["Who moves first, and why does it matter?"]),
            Note(when: "talks == stalled", text: "Shown whenever the talks have stalled.", questions: ["What does each side gain by walking out?"]),
        ],
    ),
)
"##;

/// An id for the starter scenario, made from the file name: lower-case
/// letters, digits and dashes, or `my-scenario` if nothing is left.
fn id_from(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "my-scenario".to_owned()
    } else {
        id.to_owned()
    }
}

/// `text` as one shell word: unchanged if it is plain, else single-quoted,
/// so the printed commands can be pasted as they are.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:+,=@%".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The starter scenario's text for a file.
pub fn starter(path: &Path) -> String {
    STARTER.replace("@ID@", &id_from(path))
}

pub(super) fn run(args: &NewArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let path = &args.file;
    if path.is_dir() {
        anyhow::bail!(
            "{} is a directory; give a file name such as {}/my-scenario.ron",
            path.display(),
            path.display()
        );
    }
    if path.exists() && !args.force {
        anyhow::bail!(
            "{} already exists; demarche new will not overwrite it (use --force to replace it)",
            path.display()
        );
    }
    write_atomic(path, starter(path).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let shown = path.display();
    let arg = shell_word(&path.to_string_lossy());
    writeln!(
        out,
        "wrote {shown}: a starter scenario that passes `demarche check --deny-warnings`"
    )?;
    writeln!(out, "next:")?;
    writeln!(
        out,
        "  1. edit {shown}: sources, actors, variables, moves, outcomes, teaching notes"
    )?;
    writeln!(
        out,
        "  2. demarche check --deny-warnings {arg}   (after each change)"
    )?;
    writeln!(out, "  3. demarche tree {arg}   and   demarche solve {arg}")?;
    writeln!(
        out,
        "  4. demarche {arg}   (open it in the app; it reloads on save)"
    )?;
    writeln!(out, "the authoring guide: scenarios/README.md")?;
    Ok(Status::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_file_name() {
        assert_eq!(id_from(Path::new("dir/Suez 1956.ron")), "suez-1956");
        assert_eq!(id_from(Path::new("a_b--c.ron")), "a-b-c");
        assert_eq!(id_from(Path::new("___.ron")), "my-scenario");
    }

    #[test]
    fn paths_are_printed_as_shell_words() {
        assert_eq!(
            shell_word("scenarios/suez-1956.ron"),
            "scenarios/suez-1956.ron"
        );
        assert_eq!(shell_word("Suez 1956.ron"), "'Suez 1956.ron'");
        assert_eq!(shell_word("it's.ron"), "'it'\\''s.ron'");
    }
}
