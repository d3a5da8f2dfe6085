//! Every shipped scenario loads, validates with no warnings, and each of its
//! outcomes is reached by a path found in the graph and played with `play`.
//! The default scenario tells its article's story: under the forecast the
//! long, hard slog is the most likely outcome and every other is reachable;
//! its levels show labels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use demarche::analysis::{Parameter, PlayModel, outcome_intervals, outcome_probabilities};
use demarche::engine::{expand, lint};
use demarche::io::load_file;
use demarche::model::{Diagnostics, Domain, load_str};

use crate::common::shipped_scenarios as shipped;

#[test]
fn there_is_a_shipped_scenario_and_it_is_the_default() {
    let files = shipped();
    assert!(
        files.iter().any(|f| f.ends_with("vienna-2021.ron")),
        "{files:?}"
    );
    let on_disk = fs::read_to_string("scenarios/vienna-2021.ron").unwrap();
    assert_eq!(demarche::DEFAULT_SCENARIO, on_disk);
    let scenario = load_str(demarche::DEFAULT_SCENARIO, demarche::DEFAULT_SCENARIO_NAME).unwrap();
    assert_eq!(scenario.id, "vienna-2021");
}

#[test]
fn every_shipped_scenario_validates_without_warnings() {
    for path in shipped() {
        let scenario = load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let graph = expand(&scenario);
        let warnings = lint(&scenario, &graph);
        assert!(warnings.is_empty(), "{}", Diagnostics(warnings));
        assert!(!scenario.outcomes.is_empty(), "{}", path.display());
    }
}

#[test]
fn vienna_has_the_actors_and_variables_of_the_talks() {
    let scenario = load_file(std::path::Path::new("scenarios/vienna-2021.ron")).unwrap();
    for actor in ["us", "iran", "khamenei", "e3", "china", "iaea"] {
        assert!(scenario.actor_by_id(actor).is_some(), "actor {actor}");
    }
    let enrichment = &scenario.variables[scenario.variable_by_id("enrichment").unwrap().index()];
    assert_eq!(enrichment.domain.display(enrichment.initial), "60%");
    for (id, initial) in [
        ("access", "limited"),
        ("sanctions", "max_pressure"),
        ("talks", "open"),
        ("hardened", "false"),
    ] {
        let v = &scenario.variables[scenario.variable_by_id(id).unwrap().index()];
        assert_eq!(v.domain.display(v.initial), initial, "{id}");
    }
    // Every move (itself or through its results) and every outcome cites a
    // source with a quote.
    for m in &scenario.moves {
        let cited = m
            .citations
            .iter()
            .chain(m.results.iter().flat_map(|r| &r.citations));
        let quotes: Vec<&str> = cited.map(|c| c.quote.as_str()).collect();
        assert!(
            !quotes.is_empty() && quotes.iter().all(|q| !q.is_empty()),
            "move {}",
            m.id
        );
    }
    for o in &scenario.outcomes {
        assert!(!o.citations.is_empty(), "outcome {}", o.id);
    }
    // The article's hedges are likelihood words, on chance results and on
    // the moves whose actors it judges.
    assert!(
        scenario
            .moves
            .iter()
            .flat_map(|m| &m.results)
            .any(|r| r.likelihood.is_some())
    );
    let judged = |id: &str| {
        let m = scenario.move_(scenario.move_by_id(id).unwrap());
        m.likelihood.and_then(|l| l.word).map(|w| w.word())
    };
    assert_eq!(judged("table_new_demands"), Some("very likely"));
    assert_eq!(judged("curb_iranian_imports"), Some("unlikely"));
    assert_eq!(judged("keep_buying_oil"), Some("likely"));
    // "every time ... responds with heat of its own" is a rule, not a
    // hedge: Iran's one move there, unjudged.
    assert_eq!(judged("answer_pressure_with_pressure"), None);
}

/// The article is the one source, and every quote is at most 25 words.
#[test]
fn vienna_is_built_on_the_article_and_quotes_it_briefly() {
    let scenario = load_file(std::path::Path::new("scenarios/vienna-2021.ron")).unwrap();
    assert_eq!(scenario.sources.len(), 1);
    let article = &scenario.sources[0];
    assert_eq!(
        (
            article.author.as_str(),
            article.publisher.as_str(),
            article.date.as_str()
        ),
        ("Daniel R. DePetris", "Defense One", "2021-11-29")
    );
    let quotes: Vec<&str> = scenario
        .moves
        .iter()
        .flat_map(|m| {
            m.citations
                .iter()
                .chain(m.results.iter().flat_map(|r| &r.citations))
        })
        .chain(scenario.outcomes.iter().flat_map(|o| &o.citations))
        .map(|c| c.quote.as_str())
        .collect();
    assert!(quotes.len() >= 40, "{} quotes", quotes.len());
    for q in &quotes {
        let words = q.split_whitespace().count();
        assert!((1..=25).contains(&words), "{words} words: {q:?}");
    }
    // The branches the article lays out are quoted where they happen.
    for (element, words) in [
        ("us_walks_out", "the U.S. is liable to walk away"),
        (
            "khamenei_quits_over_sequencing",
            "could very well choose to withdraw",
        ),
        ("back_covert_sabotage", "at best a holding-pattern"),
        ("curb_iranian_imports", "is unlikely to work"),
        (
            "answer_pressure_with_pressure",
            "responds with heat of its own",
        ),
        ("keep_diplomacy_alive", "negotiations are not a concession"),
    ] {
        let cited = scenario.moves.iter().any(|m| {
            (m.id == element && m.citations.iter().any(|c| c.quote.contains(words)))
                || m.results
                    .iter()
                    .any(|r| r.id == element && r.citations.iter().any(|c| c.quote.contains(words)))
        });
        assert!(cited, "{element} does not quote {words:?}");
    }
}

/// Under the forecast from the start every outcome has a chance, and the
/// article's own forecast (a long, hard slog, very likely) is set beside
/// what the file's judgements derive: 46 %, below the stated 80-95 % at
/// every value of the words, because the choice that decides the slog
/// (Khamenei's on the roadmap) is one the article refuses to judge. Before
/// the rebuild the file wrote "in all likelihood" into every round and
/// gave the slog 67.6 %: it restated the forecast instead of testing it.
#[test]
fn vienna_forecast_reaches_every_outcome_and_tests_the_article_s_headline() {
    let scenario = load_file(std::path::Path::new("scenarios/vienna-2021.ron")).unwrap();
    let graph = expand(&scenario);
    let p = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Judged);
    assert!((p.total() - 1.0).abs() < 1e-9, "{p:?}");
    assert_eq!((p.unresolved, p.dead_end), (0.0, 0.0));
    for (o, outcome) in scenario.outcomes.iter().enumerate() {
        assert!(
            p.by_outcome[o] > 0.001,
            "{} has probability {}",
            outcome.id,
            p.by_outcome[o]
        );
    }
    let by_id = |id: &str| p.by_outcome[scenario.outcome_by_id(id).unwrap().index()];
    // Khamenei approves or holds out evenly, round after round.
    assert!((by_id("deal_restored") - 0.45755).abs() < 1e-9, "{p:?}");
    assert!((by_id("deal_after_slog") - 0.228775).abs() < 1e-9, "{p:?}");
    assert!((by_id("long_slog") - 0.228775).abs() < 1e-9, "{p:?}");
    let i = outcome_intervals(&scenario, &graph, graph.start(), PlayModel::Judged, 30);
    let c = demarche::analysis::compare_source_forecasts(&scenario, &p, Some(&i));
    assert_eq!(c.len(), 1);
    assert!((c[0].derived - 0.45755).abs() < 1e-9, "{c:?}");
    assert_eq!(c[0].verdict, demarche::analysis::Verdict::Below);
    let (low, high) = c[0].derived_interval.unwrap();
    assert!(high < 0.8 && low > 0.4, "{c:?}");
    // Uniform play counts branches; it is not the article's story.
    let u = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Uniform);
    assert!(
        u.by_outcome[scenario.outcome_by_id("deal_restored").unwrap().index()]
            < by_id("deal_restored")
    );
}

/// Every level of every shipped scenario has a label a person reads, and
/// the tornado names a payoff by actor and outcome, not by id.
#[test]
fn shipped_levels_have_labels_and_parameters_read_as_words() {
    for path in shipped() {
        let scenario = load_file(&path).unwrap();
        for v in &scenario.variables {
            if let Domain::Levels(levels) = &v.domain {
                for (i, level) in levels.iter().enumerate() {
                    let label = v.value_label(i as i64);
                    assert!(
                        !label.contains('_')
                            && v.level_labels.get(i).is_some_and(|l| !l.is_empty()),
                        "{}: {}: level {:?} has no label",
                        path.display(),
                        v.id,
                        level
                    );
                }
            }
        }
    }
    let scenario = load_file(std::path::Path::new("scenarios/vienna-2021.ron")).unwrap();
    let sanctions = &scenario.variables[scenario.variable_by_id("sanctions").unwrap().index()];
    assert_eq!(sanctions.value_label(sanctions.initial), "Maximum pressure");
    let khamenei = scenario.actor_by_id("khamenei").unwrap();
    let deal = scenario.outcome_by_id("deal_restored").unwrap();
    let payoff = Parameter::Payoff {
        outcome: deal,
        actor: khamenei,
    };
    assert_eq!(
        payoff.label(&scenario),
        "Supreme Leader Ali Khamenei's payoff for Deal restored"
    );
    assert_eq!(payoff.id(&scenario), "payoff:deal_restored:khamenei");
}

/// The fixture with level labels: the debrief shows labels, never level
/// names that have one, and a level without a label by its name.
#[test]
fn the_debrief_shows_level_labels() {
    use demarche::session::{Action, Session};
    let scenario = std::sync::Arc::new(
        load_file(std::path::Path::new("tests/data/ok/level_labels.ron")).unwrap(),
    );
    let sanctions = &scenario.variables[0];
    assert_eq!(sanctions.value_label(0), "Maximum pressure");
    let stage = &scenario.variables[1];
    assert_eq!(
        (stage.value_label(0).as_str(), stage.value_label(1).as_str()),
        ("start", "Deal done")
    );
    let mut session = Session::new(std::sync::Arc::clone(&scenario));
    let action = Action::take_named(session.scenario(), "lift", None).unwrap();
    session.apply(action).unwrap();
    let text = demarche::io::debrief(&session, "2026-12-01");
    assert!(
        text.contains("U.S. sanctions: Maximum pressure → Nuclear sanctions lifted"),
        "{text}"
    );
    assert!(text.contains("Stage: start → Deal done"), "{text}");
    assert!(
        !text.contains("max_pressure") && !text.contains("deal_done"),
        "{text}"
    );
}
