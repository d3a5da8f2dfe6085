//! The map's toolbar, one row: zoom and fit, search, collapse, and a menu
//! with the colouring, what is shown, the summary line and the legend.

use super::*;

/// The buttons above the map, on one row where the map is 600 pixels
/// wide or more; the options and the legend open from "View options".
pub(super) fn toolbar_ui(
    ui: &mut Ui,
    session: &Session,
    layout: &MapLayout,
    has_rational: bool,
    is_game: bool,
    view: &mut MapView,
) {
    let graph = session.graph();
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Fit all")
            .on_hover_text(shortcut_tip(ui, Command::FitMap))
            .clicked()
        {
            view.fit_all_next_frame();
        }
        if ui
            .button("Fit path")
            .on_hover_text("Zoom to the path from the start to here")
            .clicked()
        {
            view.fit_path_next_frame();
        }
        let centre = |view: &MapView| {
            view.cache
                .as_ref()
                .map_or(Pos2::ZERO, |c| c.key.canvas.center())
        };
        if ui.button("−").on_hover_text("Zoom out").clicked()
            && let Some(canvas) = view.cache.as_ref().map(|c| c.key.canvas)
        {
            let at = centre(view);
            view.zoom_at(canvas, at, 1.0 / ZOOM_STEP);
        }
        if ui.button("+").on_hover_text("Zoom in").clicked()
            && let Some(canvas) = view.cache.as_ref().map(|c| c.key.canvas)
        {
            let at = centre(view);
            view.zoom_at(canvas, at, ZOOM_STEP);
        }
        ui.separator();
        let label = ui.label("Search:");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut view.search)
                    .hint_text("move, outcome or value")
                    .desired_width(130.0),
            )
            .labelled_by(label.id);
        let n = view.found.matches.len();
        let go = |view: &mut MapView, by: isize| {
            let n = view.found.matches.len();
            if n == 0 {
                return;
            }
            let at = match view.found.at {
                None if by >= 0 => 0,
                None => n - 1,
                Some(i) => (i as isize + by).rem_euclid(n as isize) as usize,
            };
            view.found.at = Some(at);
            let id = view.found.matches[at];
            view.selected = Some(id);
            if let Some(canvas) = view.cache.as_ref().map(|c| c.key.canvas) {
                view.centre_on(canvas, layout.positions[id.index()]);
            }
        };
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if entered {
            go(view, 1);
            edit.request_focus();
        }
        if ui
            .add_enabled(n > 0, egui::Button::new("Previous"))
            .clicked()
        {
            go(view, -1);
        }
        if ui.add_enabled(n > 0, egui::Button::new("Next")).clicked() {
            go(view, 1);
        }
        if !view.search.trim().is_empty() {
            let text = match (n, view.found.at) {
                (0, _) => "no match".to_owned(),
                (1, _) => "1 match".to_owned(),
                (n, Some(i)) => format!("match {} of {n}", i + 1),
                (n, None) => format!("{n} matches"),
            };
            ui.label(text);
        }
        ui.separator();
        if let Some(id) = view.selected
            && id.index() < graph.n_situations()
            && !layout.tree_children(id).is_empty()
        {
            let text = if view.collapsed.contains(&id) {
                "Expand"
            } else {
                "Collapse"
            };
            if ui
                .button(text)
                .on_hover_text("Hide or show the subtree below the selected situation")
                .clicked()
            {
                view.toggle_collapsed(id);
            }
        }
        if !view.collapsed.is_empty() && ui.button("Expand all").clicked() {
            view.collapsed.clear();
            view.collapsed_generation += 1;
        }
        ui.menu_button("View options", |ui| {
            ui.horizontal(|ui| {
                ui.label("Colour by:");
                ui.selectable_value(&mut view.colouring, Colouring::Turn, "whose turn");
                ui.selectable_value(&mut view.colouring, Colouring::Outcome, "outcome");
            });
            if has_rational {
                ui.checkbox(&mut view.show_rational, "Rational play")
                    .on_hover_text("Draw the rational path from the current situation in green");
            }
            ui.checkbox(&mut view.show_minimap, "Overview");
            ui.checkbox(&mut view.only_reachable, "Only reachable from here")
                .on_hover_text("Hide the situations that cannot be reached from the current one");
            ui.separator();
            let hidden = if view.hidden.n_hidden > 0 {
                format!(", {} hidden", view.hidden.n_hidden)
            } else {
                String::new()
            };
            ui.label(
                RichText::new(format!(
                    "{} situations, {} steps; {} on screen{hidden}",
                    graph.n_situations(),
                    graph.n_steps(),
                    view.n_drawn
                ))
                .small(),
            );
            ui.separator();
            ui.set_max_width(420.0);
            legend_ui(ui, session.scenario(), view.colouring, is_game);
        })
        .response
        .on_hover_text("Colouring, what is shown, and the legend");
    });
}

pub(super) fn summary_text(
    scenario: &Scenario,
    session: &Session,
    layout: &MapLayout,
    id: SituationId,
) -> String {
    let graph = session.graph();
    let mut text = format!("{}\n{id}: ", situation_label(scenario, graph, layout, id));
    text.push_str(&match graph.status(id) {
        Status::Outcome(o) => format!("outcome {}", scenario.outcome(o).label),
        Status::Open => format!("{} to move", turn_label(scenario, graph.turn(id))),
        Status::DeadEnd => "dead end".to_owned(),
        Status::Frontier(_) => "frontier (not expanded)".to_owned(),
    });
    text.push_str(&format!(", {} moves from the start", graph.node(id).depth));
    let n_below = layout.subtree_size(id).saturating_sub(1);
    if n_below > 0 {
        text.push_str(&format!(", {n_below} below it"));
    }
    for (v, value) in scenario.variables.iter().zip(graph.values(id)) {
        text.push_str(&format!("\n{}: {}", v.display_name(), v.value_label(value)));
    }
    text.push_str("\nClick to go here; right-click to collapse.");
    text
}

pub(super) fn legend_ui(ui: &mut Ui, scenario: &Scenario, colouring: Colouring, is_game: bool) {
    ui.horizontal_wrapped(|ui| {
        let swatch = |ui: &mut Ui, shape: NodeShape, colour: Color32, text: &str| {
            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            let mut mesh = Mesh::default();
            shape_into(&mut mesh, shape, rect.center(), 5.0, colour);
            ui.painter().add(Shape::mesh(mesh));
            ui.label(RichText::new(text).small());
        };
        match colouring {
            Colouring::Turn => {
                for (a, actor) in scenario.actors.iter().enumerate() {
                    let index = ActorIndex(a as u16);
                    let who = if actor.is_chance() {
                        Mover::Chance
                    } else {
                        Mover::Actor(index)
                    };
                    let colour = if who == Mover::Chance {
                        draw::CHANCE_GREY
                    } else {
                        actor_colour(scenario, index)
                    };
                    swatch(ui, shape_of(who), colour, &actor.name);
                }
                swatch(ui, NodeShape::Bar, draw::OUTCOME_GOLD, "outcome");
            }
            Colouring::Outcome => {
                for (o, outcome) in scenario.outcomes.iter().enumerate() {
                    swatch(
                        ui,
                        NodeShape::Bar,
                        draw::OUTCOME_COLOURS[o % draw::OUTCOME_COLOURS.len()],
                        &outcome.label,
                    );
                }
            }
        }
        swatch(ui, NodeShape::Bar, draw::DEAD_END_RED, "dead end");
        let mut key = "bold: current path   green: rational play   ringed: visited   dashed: merge or cycle   magenta: search match   blue ring: selected".to_owned();
        if is_game {
            key.push_str("   dotted: information set");
        }
        ui.label(RichText::new(key).small().color(ui.visuals().weak_text_color()));
    });
}
