//! The class in the app: starting and stopping the server, what students
//! see at each step, opening a question on the current step's moves, the
//! projector's tally each frame, and playing the class's choice as a
//! normal move (so Undo takes it back).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use demarche_class::{
    Board, ClassConfig, ClassError, ClassHandle, OptionSpec, QrMatrix, QuestionKind, QuestionSpec,
    TeamRule, TeamSetup, default_route_addr, interfaces,
};

use super::*;
use crate::analysis::{ShareOrigin, move_shares};
use crate::engine::{Turn, turn_label};
use crate::model::MoveIndex;
use crate::session::{ClassRecord, VisitId};
use crate::ui::class::{ClassAction, ClassScreen, StartChoice, StartForm};
use crate::ui::panels::class::{class_ui, start_ui};
use crate::ui::tasks::Background;

/// How often, at most, ballots alone are autosaved while a class answers
/// (the instructor's own actions are saved at once).
const BALLOT_SAVE_EVERY: Duration = Duration::from_secs(1);

/// A running class and the question it was last asked.
pub(super) struct ClassRun {
    handle: ClassHandle,
    qr: Option<QrMatrix>,
    join_screen: bool,
    /// The visit whose situation students were last shown.
    board_for: Option<VisitId>,
    question: Option<Asked>,
    /// What the session held from earlier classes when this one started,
    /// or when another scenario was opened while it ran.
    base: ClassRecord,
    /// The room's questions asked on scenarios opened before this one:
    /// they stay with those scenarios' sessions.
    earlier_questions: usize,
    /// The room's revision when its record was last handed to the session.
    recorded: Option<u64>,
    /// The instructor did something: save the record at once.
    save_now: bool,
    /// When the record was last autosaved.
    saved_at: Option<Instant>,
    /// The teams' labels, once the class plays in teams.
    teams: Vec<String>,
    team_rule: TeamRule,
    /// The reachability check running, and what the last one found.
    reach_job: Option<Background<String>>,
    reach: Option<String>,
}

/// A question asked on the moves of one visit.
struct Asked {
    visit: VisitId,
    /// The moves in the order of the question's options (the order the
    /// number keys take them).
    moves: Vec<MoveIndex>,
    /// Whether the step has been played from that visit.
    resolved: bool,
    /// Whether its window closed when the class moved on.
    closed: bool,
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
        QuestionKind::Teams { .. } => format!("Team {who}: choose your move"),
        QuestionKind::Vote => format!("What should {who} do?"),
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
    /// shown in the status bar. What the session already recorded of
    /// earlier classes is kept; this class's answers follow it.
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
                // The form closes once the class runs; a failure leaves it
                // open to mend.
                self.state.class_start = None;
                println!(
                    "Class started: join at {} (room code {})",
                    handle.join_url(),
                    handle.room_code()
                );
                let qr = QrMatrix::encode(&handle.join_url()).ok();
                let base = self.session_class_record();
                self.class = Some(ClassRun {
                    handle,
                    qr,
                    join_screen: true,
                    board_for: None,
                    question: None,
                    base,
                    earlier_questions: 0,
                    recorded: None,
                    save_now: false,
                    saved_at: None,
                    teams: Vec::new(),
                    team_rule: TeamRule::Majority,
                    reach_job: None,
                    reach: None,
                });
            }
            Err(e) => {
                // A port another program holds is the one problem the form
                // can mend.
                let hint = match &e {
                    ClassError::Bind { source, .. }
                        if source.kind() == std::io::ErrorKind::AddrInUse =>
                    {
                        "; another program uses that port: pick another port in the form"
                    }
                    _ => "",
                };
                self.state.status = Some(format!("The class could not start: {e}{hint}"));
            }
        }
    }

    /// Waits for the running reachability check (for tests and scripts;
    /// the window never waits).
    pub fn finish_reach_check(&mut self) {
        if let Some(run) = &mut self.class
            && let Some(job) = run.reach_job.take()
        {
            run.reach = job.wait();
        }
    }

    /// The running class's server, for tests and scripts.
    pub fn class(&self) -> Option<&ClassHandle> {
        self.class.as_ref().map(|c| &c.handle)
    }

    /// Applies what the instructor does with the class.
    pub(super) fn class_action(&mut self, action: ClassAction) {
        match action {
            ClassAction::OpenStart => {
                self.state.class_start = Some(StartForm {
                    interfaces: interfaces(),
                    default_route: default_route_addr(),
                });
                return;
            }
            ClassAction::CloseStart => {
                self.state.class_start = None;
                return;
            }
            ClassAction::Start(choice) => {
                let StartChoice {
                    bind,
                    step_code,
                    max_students,
                    port,
                } = choice;
                self.start_class(ClassConfig {
                    bind,
                    port,
                    step_code,
                    max_students,
                    ..ClassConfig::default()
                });
                return;
            }
            ClassAction::Stop => {
                self.record_class(true);
                if let Some(run) = self.class.take() {
                    run.handle.stop();
                }
                self.state.class = None;
                self.state.status = Some(
                    "The class has stopped; its answers are kept with the session.".to_owned(),
                );
                return;
            }
            _ => {}
        }
        let waker = self.waker();
        let Some(run) = &mut self.class else { return };
        run.save_now = true;
        let session = self.state.document.as_ref().map(|d| &d.session);
        let result = match action {
            ClassAction::OpenVote | ClassAction::OpenPredict | ClassAction::OpenTeams => {
                let kind = match action {
                    ClassAction::OpenVote => Ok(QuestionKind::Vote),
                    ClassAction::OpenPredict => Ok(QuestionKind::Predict),
                    _ => moving_team(session, &run.teams).map(|moving_team| QuestionKind::Teams {
                        moving_team,
                        rule: run.team_rule,
                    }),
                };
                match kind {
                    Err(why) => {
                        self.state.status = Some(why);
                        Ok(())
                    }
                    Ok(kind) => {
                        match session.and_then(|s| move_question(s, kind).map(|q| (s, q))) {
                            Some((session, (spec, moves))) => {
                                run.join_screen = false;
                                run.question = Some(Asked {
                                    visit: session.walk().current(),
                                    moves,
                                    resolved: false,
                                    closed: false,
                                });
                                run.handle.open(spec).map(|_| ())
                            }
                            None => {
                                self.state.status =
                                    Some("No move to ask the class about here.".to_owned());
                                Ok(())
                            }
                        }
                    }
                }
            }
            ClassAction::SetUpTeams(students_choose) => match session {
                Some(session) => {
                    let labels: Vec<String> = session
                        .scenario()
                        .actors
                        .iter()
                        .filter(|a| !a.is_chance())
                        .map(|a| a.name.clone())
                        .collect();
                    let result = run.handle.set_teams(TeamSetup {
                        labels: labels.clone(),
                        students_choose,
                    });
                    if result.is_ok() {
                        let how = if students_choose {
                            "Students pick theirs on their phones."
                        } else {
                            "Each student's phone shows the team they were dealt."
                        };
                        self.state.status = Some(format!("Teams: {}. {how}", labels.join(", ")));
                        run.teams = labels;
                    }
                    result
                }
                None => Ok(()),
            },
            ClassAction::SetTeamRule(rule) => {
                run.team_rule = rule;
                Ok(())
            }
            ClassAction::StepCode(on) => {
                run.handle.set_step_code(on);
                Ok(())
            }
            ClassAction::CheckReach => {
                let base = run.handle.base_url().trim_end_matches('/').to_owned();
                let addr = run.handle.addr();
                let host = run.handle.join_url();
                run.reach = Some(format!("Checking {base}…"));
                run.reach_job = Some(Background::spawn(
                    move |_| reach_check(addr, &base, &host),
                    waker,
                ));
                Ok(())
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
            ClassAction::OpenStart
            | ClassAction::CloseStart
            | ClassAction::Start(_)
            | ClassAction::Stop => Ok(()),
        };
        if let Err(e) = result {
            self.state.status = Some(format!("Class: {e}"));
        }
    }

    /// The instructor undid a move: if it was the one that scored the
    /// class's question at this step, the score is taken back too, and the
    /// move played next scores it.
    pub(super) fn class_undone(&mut self) {
        let here = self.state.current_visit();
        let Some(run) = &mut self.class else { return };
        if let Some(asked) = run
            .question
            .as_mut()
            .filter(|q| q.resolved && Some(q.visit) == here)
        {
            asked.resolved = false;
            asked.closed = false;
            run.save_now = true;
            if let Err(e) = run.handle.unresolve() {
                self.state.status = Some(format!("Class: {e}"));
            }
        }
    }

    /// Hands what the class has answered to the session and autosaves it:
    /// at once after an instructor's action (or when `now`), at most once a
    /// second for ballots alone.
    fn record_class(&mut self, now: bool) {
        let Some(run) = &mut self.class else { return };
        // Read before the record, so a change meanwhile is read next time.
        let revision = run.handle.revision();
        if run.recorded == Some(revision) {
            return;
        }
        let due = now
            || run.save_now
            || run
                .saved_at
                .is_none_or(|at| at.elapsed() >= BALLOT_SAVE_EVERY);
        if !due {
            if let Some(ctx) = &self.ctx {
                ctx.request_repaint_after(BALLOT_SAVE_EVERY);
            }
            return;
        }
        let Some(document) = &mut self.state.document else {
            return;
        };
        let mut record = run.handle.record();
        record
            .questions
            .drain(..run.earlier_questions.min(record.questions.len()));
        document
            .session
            .set_class_record(run.base.followed_by(&record));
        run.recorded = Some(revision);
        run.save_now = false;
        run.saved_at = Some(Instant::now());
        self.autosave();
    }

    /// Another scenario is about to replace the open one while the class
    /// runs: what the class answered so far is handed to the old session
    /// and saved with it, and the questions from now on go to the new one.
    pub(super) fn class_leaves_scenario(&mut self) {
        self.record_class(true);
        let Some(run) = &mut self.class else { return };
        run.earlier_questions = run.handle.record().questions.len();
        run.question = None;
        run.board_for = None;
        run.recorded = None;
    }

    /// The scenario just opened while the class runs: its session's own
    /// answers from earlier classes come first.
    pub(super) fn class_joins_scenario(&mut self) {
        let base = self.session_class_record();
        if let Some(run) = &mut self.class {
            run.base = base;
        }
    }

    /// What the open session holds from earlier classes.
    fn session_class_record(&self) -> ClassRecord {
        self.state
            .document
            .as_ref()
            .map(|d| d.session.class_record().clone())
            .unwrap_or_default()
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
            run.save_now = true;
            if let Err(e) = run.handle.resolve(option) {
                self.state.status = Some(format!("Class: {e}"));
            }
        }
    }

    /// Each frame: what students see follows the situation on screen, the
    /// class's keys, and the tally for the window.
    pub(super) fn refresh_class(&mut self, ctx: &Context, actions: &mut Vec<UiAction>) {
        self.record_class(false);
        let Some(run) = &mut self.class else {
            self.state.class = None;
            return;
        };
        if let Some(found) = run.reach_job.as_ref().and_then(Background::poll) {
            run.reach = found;
            run.reach_job = None;
        }
        if let Some(document) = &self.state.document {
            let here = document.session.walk().current();
            if run.board_for != Some(here) {
                run.board_for = Some(here);
                run.handle.set_board(board_of(&document.session));
                // A played question stays in the record; its window closes
                // (Undo back to its step opens it again).
                if let Some(q) = run
                    .question
                    .as_mut()
                    .filter(|q| q.resolved && q.visit != here && !q.closed)
                {
                    q.closed = true;
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
                .is_some_and(|q| !q.closed && Some(q.visit) == self.state.current_visit()),
            teams: run.teams.clone(),
            team_rule: run.team_rule,
            reach: run.reach.clone(),
        });
    }
}

/// The team of the actor to move, by its place among the teams.
fn moving_team(session: Option<&Session>, teams: &[String]) -> Result<usize, String> {
    if teams.is_empty() {
        return Err(
            "Set up the teams first (Class > Teams: students choose, or dealt out evenly)."
                .to_owned(),
        );
    }
    let session = session.ok_or_else(|| "No scenario is open.".to_owned())?;
    match session.graph().turn(session.current()) {
        Turn::Actor(a) => {
            let name = &session.scenario().actor(a).name;
            teams
                .iter()
                .position(|t| t == name)
                .ok_or_else(|| format!("{name} has no team."))
        }
        Turn::Anyone => {
            Err("Any actor may move here, so no one team chooses: ask a vote instead.".to_owned())
        }
    }
}

/// Asks the class server for its icon over the class's own address, as a
/// phone would, and says what that shows: the laptop reaching itself
/// proves the server listens there, not that the Wi-Fi lets phones in.
fn reach_check(addr: SocketAddr, base: &str, host_url: &str) -> String {
    let started = Instant::now();
    let host = host_url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let answer = (|| -> std::io::Result<String> {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
        stream.set_read_timeout(Some(Duration::from_secs(3)))?;
        write!(
            stream,
            "GET /favicon.svg HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )?;
        let mut head = [0_u8; 64];
        let n = stream.read(&mut head)?;
        Ok(String::from_utf8_lossy(&head[..n]).into_owned())
    })();
    match answer {
        Ok(text) if text.starts_with("HTTP/1.1 200") => format!(
            "{base} answers from this laptop ({} ms). If phones on the room's Wi-Fi cannot open it, the network keeps devices apart: use a phone's hotspot or a travel router.",
            started.elapsed().as_millis()
        ),
        Ok(text) => format!(
            "{base} answered oddly ({}); restart the class.",
            text.lines().next().unwrap_or("nothing")
        ),
        Err(e) => format!(
            "This laptop cannot reach {base} ({e}): a firewall may block the port, or the interface went down. Pick another interface."
        ),
    }
}

/// The class window on the projector, while a class runs, or the form
/// that starts one.
pub(super) fn class_window(
    ctx: &Context,
    state: &AppState,
    view: &mut StartChoice,
    actions: &mut Vec<UiAction>,
) {
    if let Some(class) = &state.class {
        // As in the File menu: nothing to export before the first answer.
        let answered = state
            .document
            .as_ref()
            .is_some_and(|d| d.session.class_record().has_ballots());
        // At first on the right, below the menu bar: over the outcomes
        // (which a class voting should not see) rather than the moves.
        let area = ctx.content_rect();
        egui::Window::new("Class")
            .default_width(460.0)
            .pivot(egui::Align2::RIGHT_TOP)
            .default_pos(area.right_top() + egui::vec2(-12.0, 40.0))
            .show(ctx, |ui| class_ui(ui, class, answered, actions));
    } else if let Some(form) = &state.class_start {
        egui::Window::new("Start a class")
            .collapsible(false)
            .default_width(420.0)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| start_ui(ui, form, view, actions));
    }
}
