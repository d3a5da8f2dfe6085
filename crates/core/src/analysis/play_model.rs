//! The play models and what they answer: how actors are assumed to choose
//! ([`PlayModel`]) and where play from a situation ends under one
//! ([`OutcomeProbabilities`]), with the rest of the probability named,
//! never dropped. Plain data at the bottom of the analysis layers.

/// How actors choose their moves. Chance always follows its
/// probabilities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlayModel {
    /// Every available move is equally likely, whoever makes it.
    Uniform,
    /// The author's judgements: a move with a judged likelihood gets it,
    /// the moves without one share the rest equally (pooled over every
    /// actor who may move, on a free turn); judgements adding up to more
    /// than 1, or to less with nothing to share, are scaled to 1. Without
    /// judgements, exactly [`PlayModel::Uniform`].
    Judged,
    /// Logit agent quantal response equilibrium (McKelvey and Palfrey
    /// 1998): the mover chooses each move with probability proportional
    /// to `exp(lambda x its expected payoff)`, solved by backward
    /// induction. `lambda` 0 is uniform play; `f64::INFINITY` is the limit,
    /// best moves only, tied ones equally likely. On a free turn each
    /// available move is weighted by `exp(-lambda x how far it falls
    /// short of its actor's best move)`, normalised over every move, so
    /// that lambda 0 is uniform and the limit picks each mover equally
    /// (with one best move each), as rational play does. A negative or NaN
    /// lambda counts as 0.
    Qre {
        /// How sharply better moves are preferred (per unit of payoff).
        lambda: f64,
    },
    /// Actors play their best moves (backward induction, see
    /// [`super::solve`]); on a free turn each possible mover is equally
    /// likely.
    Rational,
}

impl PlayModel {
    /// Quantal response with `lambda`, the one place lambda is made sound:
    /// a negative or NaN lambda counts as 0 (uniform play); infinity is the
    /// limit, best moves only.
    pub fn qre(lambda: f64) -> PlayModel {
        PlayModel::Qre {
            lambda: sound_lambda(lambda),
        }
    }

    /// The model's name on the command line: `uniform`, `forecast`, `qre`
    /// or `rational`.
    pub fn name(self) -> &'static str {
        match self {
            PlayModel::Uniform => "uniform",
            PlayModel::Judged => "forecast",
            PlayModel::Qre { .. } => "qre",
            PlayModel::Rational => "rational",
        }
    }

    /// What the model assumes, in a few plain words, for headings.
    pub fn description(self) -> String {
        match self {
            PlayModel::Uniform => "every available move equally likely".to_owned(),
            PlayModel::Judged => "the author's judged likelihoods".to_owned(),
            PlayModel::Qre { lambda } => {
                format!("quantal response, lambda {}", lambda_text(lambda))
            }
            PlayModel::Rational => "rational play".to_owned(),
        }
    }

    /// Lambda, for the quantal response model.
    pub fn lambda(self) -> Option<f64> {
        match self {
            PlayModel::Qre { lambda } => Some(lambda),
            _ => None,
        }
    }
}

/// Lambda made sound: a negative or NaN lambda is 0.
pub(crate) fn sound_lambda(lambda: f64) -> f64 {
    if lambda >= 0.0 { lambda } else { 0.0 }
}

/// Lambda as text: `1`, `0.25`, `inf`.
fn lambda_text(lambda: f64) -> String {
    if lambda.is_infinite() {
        "inf".to_owned()
    } else {
        format!("{}", lambda + 0.0)
    }
}

/// Where play from a situation ends, with probabilities summing to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeProbabilities {
    /// The probability of each outcome, indexed like the scenario's.
    pub by_outcome: Vec<f64>,
    /// Ending on the graph's frontier or cut by the horizon in a cycle.
    pub unresolved: f64,
    /// The part of `unresolved` cut by the horizon.
    pub beyond_horizon: f64,
    /// Ending where no one can move and no outcome is met.
    pub dead_end: f64,
    /// Each actor's expected payoff: outcomes weighted by their
    /// probabilities, unresolved and dead ends counting 0.
    pub expected_payoffs: Vec<f64>,
}

impl OutcomeProbabilities {
    /// Everything unresolved (for a situation outside the unfolding).
    pub fn unresolved(n_outcomes: usize, n_actors: usize) -> OutcomeProbabilities {
        OutcomeProbabilities {
            by_outcome: vec![0.0; n_outcomes],
            unresolved: 1.0,
            beyond_horizon: 0.0,
            dead_end: 0.0,
            expected_payoffs: vec![0.0; n_actors],
        }
    }

    /// The sum of every part; 1 up to rounding.
    pub fn total(&self) -> f64 {
        self.by_outcome.iter().sum::<f64>() + self.unresolved + self.dead_end
    }
}
