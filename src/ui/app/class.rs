//! The class in the app: starting and stopping the server, what students
//! see at each step, opening a question on the current step's moves, the
//! projector's tally each frame, and playing the class's choice as a
//! normal move (so Undo takes it back).

use demarche_class::{
    Board, ClassConfig, ClassHandle, OptionSpec, QrMatrix, QuestionKind, QuestionSpec,
};

use super::*;
use crate::analysis::{ShareOrigin, move_shares};
use crate::engine::{Turn, turn_label};
use crate::model::MoveIndex;
use crate::session::VisitId;
use crate::ui::class::{ClassAction, ClassScreen};
use crate::ui::panels::class::class_ui;

/// A running class and the question it was last asked.
pub(super) struct ClassRun {
    handle: ClassHandle,
    qr: Option<QrMatrix>,
    join_screen: bool,
    /// The visit whose situation students were last shown.
    board_for: Option<VisitId>,
    question: Option<Asked>,
}

/// A question asked on the moves of one visit.
struct Asked {
    visit: VisitId,
    /// The moves in the order of the question's options (the order the
    /// number keys take them).
    moves: Vec<MoveIndex>,
    /// Whether the step has been played from that visit.
    resolved: bool,
}

/// What students see of the situation on screen: the projector's narrative
/// and labels.
fn board_of(session: &Session) -> Board {
    let scenario = session.scenario();
    let graph = session.graph();
    let current = session.current();
    let path = session.path();
    let mut narrative = Vec::new();
    match path.last() {
        None => narrative.push(scenario.opening.clone()),
        Some(s) => {
            let step = graph.step(*s);
            let m = scenario.move_(step.move_);
            let result = step.result.and_then(|r| m.results.get(r.index()));
            let mut heading = format!("{}: {}", scenario.actor(step.actor).name, m.label);
            if let Some(r) = result {
                heading.push_str(&format!(" -> {}", r.label));
            }
            narrative.push(heading);
            if !m.narrative.is_empty() {
                narrative.push(m.narrative.clone());
            }
            if let Some(r) = result.filter(|r| !r.narrative.is_empty()) {
                narrative.push(r.narrative.clone());
            }
        }
    }
    let values = graph.values(current);
    let facts = scenario
        .variables
        .iter()
        .zip(values.iter())
        .map(|(v, value)| format!("{}: {}", v.label, v.value_label(*value)))
        .collect();
    let to_move = match graph.status(current) {
        Status::Open => Some(turn_label(scenario, graph.turn(current))),
        Status::Outcome(o) => {
            narrative.push(format!("Ended: {}", scenario.outcome(o).label));
            None
        }
        _ => None,
    };
    Board {
        title: scenario.title.clone(),
        step: path.len() as u32,
        narrative,
        facts,
        to_move,
    }
}

/// A question on the moves available now, with the forecast of each (the
/// author's judged likelihoods; unjudged moves share the rest).
fn move_question(session: &Session, kind: QuestionKind) -> Option<(QuestionSpec, Vec<MoveIndex>)> {
    let scenario = session.scenario();
    let graph = session.graph();
    let current = session.current();
    let moves = session.available_moves();
    if moves.is_empty() {
        return None;
    }
    let shares = move_shares(scenario, graph, current);
    let options = moves
        .iter()
        .map(|m| {
            let mv = scenario.move_(*m);
            let share = shares.iter().find(|s| s.move_ == *m);
            let stated = share.and_then(|s| match s.origin {
                ShareOrigin::Judged(stated) => Some(stated),
                _ => None,
            });
            OptionSpec {
                label: format!("{}: {}", scenario.actor(mv.actor).name, mv.label),
                model: share.map_or(1.0 / moves.len() as f64, |s| s.probability),
                judgement_word: stated.and_then(|s| s.word).map(|w| w.word().to_owned()),
                judgement: stated.map(|s| s.probability),
            }
        })
        .collect();
    let who = match graph.turn(current) {
        Turn::Actor(a) => scenario.actor(a).name.clone(),
        Turn::Anyone => "the next actor".to_owned(),
    };
    let prompt = match kind {
        QuestionKind::Predict => format!("How likely is each move of {who}?"),
        _ => format!("What should {who} do?"),
    };
    let spec = QuestionSpec {
        step: session.path().len() as u32,
        kind,
        prompt,
        options,
    };
    Some((spec, moves))
}

impl DemarcheApp {
    /// Starts the class server and prints the join address and room code
    /// on standard output (for scripts and the command line); a failure is
    /// shown in the status bar.
    pub fn start_class(&mut self, mut config: ClassConfig) {
        if self.class.is_some() {
            return;
        }
        if let Some(ctx) = &self.ctx {
            let ctx = ctx.clone();
            config.repaint = Some(Arc::new(move || ctx.request_repaint()));
        }
        match ClassHandle::start(config) {
            Ok(handle) => {
                println!(
                    "Class started: join at {} (room code {})",
                    handle.join_url(),
                    handle.room_code()
                );
                let qr = QrMatrix::encode(&handle.join_url()).ok();
                self.class = Some(ClassRun {
                    handle,
                    qr,
                    join_screen: true,
                    board_for: None,
                    question: None,
                });
            }
            Err(e) => self.state.status = Some(format!("The class could not start: {e}")),
        }
    }

    /// The running class's server, for tests and scripts.
    pub fn class(&self) -> Option<&ClassHandle> {
        self.class.as_ref().map(|c| &c.handle)
    }

    /// Applies what the instructor does with the class.
    pub(super) fn class_action(&mut self, action: ClassAction) {
        if action == ClassAction::Start {
            self.start_class(ClassConfig::default());
            return;
        }
        if action == ClassAction::Stop {
            if let Some(run) = self.class.take() {
                run.handle.stop();
            }
            self.state.class = None;
            self.state.status = Some("The class has stopped.".to_owned());
            return;
        }
        let Some(run) = &mut self.class else { return };
        let session = self.state.document.as_ref().map(|d| &d.session);
        let result = match action {
            ClassAction::OpenVote | ClassAction::OpenPredict => {
                let kind = if action == ClassAction::OpenVote {
                    QuestionKind::Vote
                } else {
                    QuestionKind::Predict
                };
                match session.and_then(|s| move_question(s, kind).map(|q| (s, q))) {
                    Some((session, (spec, moves))) => {
                        run.join_screen = false;
                        run.question = Some(Asked {
                            visit: session.walk().current(),
                            moves,
                            resolved: false,
                        });
                        run.handle.open(spec).map(|_| ())
                    }
                    None => {
                        self.state.status = Some("No move to ask the class about here.".to_owned());
                        Ok(())
                    }
                }
            }
            ClassAction::Lock => run.handle.lock(),
            ClassAction::Reveal => run.handle.reveal(),
            ClassAction::ToggleJoinScreen => {
                run.join_screen = !run.join_screen;
                Ok(())
            }
            ClassAction::LockJoining(locked) => {
                run.handle.lock_joining(locked);
                Ok(())
            }
            ClassAction::Apply => {
                let here = self.state.current_visit();
                let asked_here = run.question.as_ref().is_some_and(|q| Some(q.visit) == here);
                let choice = run.handle.tally().question.and_then(|q| q.class_choice);
                match (asked_here, choice) {
                    (true, Some(choice)) => {
                        self.apply(UiAction::PickMove(choice + 1));
                    }
                    _ => {
                        self.state.status = Some(
                            "Reveal the class's answer at this step first, then play it."
                                .to_owned(),
                        );
                    }
                }
                Ok(())
            }
            ClassAction::Start | ClassAction::Stop => Ok(()),
        };
        if let Err(e) = result {
            self.state.status = Some(format!("Class: {e}"));
        }
    }

    /// The `n`-th move is about to be played: if the class was asked about
    /// this step, the move it played scores the class's predictions.
    pub(super) fn class_move_taken(&mut self, n: usize) {
        let here = self.state.current_visit();
        let Some(run) = &mut self.class else { return };
        let Some(asked) = run
            .question
            .as_mut()
            .filter(|q| Some(q.visit) == here && !q.resolved)
        else {
            return;
        };
        let moves = self
            .state
            .document
            .as_ref()
            .map(|d| d.session.available_moves())
            .unwrap_or_default();
        let Some(played) = n.checked_sub(1).and_then(|i| moves.get(i)) else {
            return;
        };
        if let Some(option) = asked.moves.iter().position(|m| m == played) {
            asked.resolved = true;
            if let Err(e) = run.handle.resolve(option) {
                self.state.status = Some(format!("Class: {e}"));
            }
        }
    }

    /// Each frame: what students see follows the situation on screen, the
    /// class's keys, and the tally for the window.
    pub(super) fn refresh_class(&mut self, ctx: &Context, actions: &mut Vec<UiAction>) {
        let Some(run) = &mut self.class else {
            self.state.class = None;
            return;
        };
        if let Some(document) = &self.state.document {
            let here = document.session.walk().current();
            if run.board_for != Some(here) {
                run.board_for = Some(here);
                run.handle.set_board(board_of(&document.session));
                // A played question stays in the record; its window closes.
                if run
                    .question
                    .as_ref()
                    .is_some_and(|q| q.resolved && q.visit != here)
                {
                    run.question = None;
                    run.handle.close_question();
                }
            }
        }
        if !ctx.text_edit_focused() {
            for action in ClassAction::BUTTONS {
                if let Some(key) = action.key()
                    && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
                {
                    actions.push(UiAction::Class(action));
                }
            }
        }
        self.state.class = Some(ClassScreen {
            join_url: run.handle.join_url(),
            room_code: run.handle.room_code().to_owned(),
            step_code: run.handle.step_code(),
            qr: run.qr.clone(),
            tally: run.handle.tally(),
            join_screen: run.join_screen,
            question_here: run
                .question
                .as_ref()
                .is_some_and(|q| Some(q.visit) == self.state.current_visit()),
        });
    }
}

/// The class window on the projector, while a class runs.
pub(super) fn class_window(ctx: &Context, state: &AppState, actions: &mut Vec<UiAction>) {
    if let Some(class) = &state.class {
        egui::Window::new("Class")
            .default_width(460.0)
            .show(ctx, |ui| class_ui(ui, class, actions));
    }
}
