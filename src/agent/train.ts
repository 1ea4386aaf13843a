import type { TradingSetup } from '../broker/setup.js';
import type { PriceTable, SymbolSeries } from '../data/types.js';
import type { MarketWindow } from '../data/window.js';
import { NUM_POSITIONS, TradingEnv } from '../env/trading-env.js';
import { UserError } from '../errors.js';
import { computeIndicators, type IndicatorColumns } from '../indicators/index.js';
import { QLearner } from '../learner/index.js';
import { fitDiscretizer, type Discretizer } from '../states/index.js';
import type { History, TrainingSummary } from '../strategy/contract.js';
import { greedyOrHold, TradingAgent, type TrainedOn } from './agent.js';
import { marketOutcomes, rewardPrior } from './outcomes.js';
import type { DynaQSettings } from './settings.js';

/**
 * Training of the Dyna-Q trading agent, top to bottom: the arguments, then the algorithm (state
 * from indicator bins, rewards from the broker, a learner with its model and planner, epochs over
 * the training window until the policy settles), then what is reported.
 */

export interface TrainHooks {
  /** Replaces the indicator columns of the state (experiments, and the sanity test that feeds a leaked feature). */
  readonly features?: (series: SymbolSeries) => IndicatorColumns;
  /** Called after every epoch (e.g. to draw a progress bar). */
  readonly onEpoch?: (epoch: number, maxEpochs: number, greedyReturn: number, planningUpdates: number) => void;
}

export interface TrainedAgent {
  readonly agent: TradingAgent;
  readonly summary: TrainingSummary;
}

/** Q has converged when an epoch changes no value by more than this share of the largest |Q|. */
const Q_TOLERANCE = 1e-3;
/** Pseudo-observations that make R the prior itself: no sample of a few dozen days outweighs it. */
const MAIN_EFFECTS_ONLY = 1e12;

/** The history a strategy was given, as a one-symbol price table ending at its last visible day. */
export function historyWindow(history: History): MarketWindow {
  const column = (name: 'open' | 'high' | 'low' | 'close' | 'volume') => history.column(name);
  const series: SymbolSeries = { adjClose: column('close'), adjOpen: column('open'), adjHigh: column('high'), adjLow: column('low'), volume: column('volume'), filled: 0 };
  const table: PriceTable = {
    dates: history.dates,
    symbols: [history.symbol],
    series: new Map([[history.symbol, series]]),
    calendar: history.symbol,
    dataDir: '',
    sources: new Map(Object.entries(history.dataHashes).map(([symbol, sha256]) => [symbol, { path: '', sha256 }])),
  };
  return { table, symbol: history.symbol, from: history.windowStart, to: history.dates.length - 1 };
}

/** Trains an agent on the history's training window (its last day is the window's last). */
export function trainAgent(history: History, setup: TradingSetup, settings: DynaQSettings, hooks: TrainHooks = {}): TrainedAgent {
  return trainOnWindow(historyWindow(history), setup, settings, hooks);
}

/** Trains an agent on `window` (whose table must end with it: later prices absent). */
export function trainOnWindow(window: MarketWindow, setup: TradingSetup, settings: DynaQSettings, hooks: TrainHooks = {}): TrainedAgent {
  // 1. State: indicator bins fitted on the training window, times the position held.
  const series = window.table.series.get(window.symbol)!;
  const specs = settings.indicators;
  const features = hooks.features ? hooks.features(series) : computeIndicators(series, specs);
  const firstDecision = Math.max(window.from, features.warmup);
  if (window.to - firstDecision < 2) {
    throw new UserError(`the training window of ${window.symbol} has ${Math.max(0, window.to - firstDecision + 1)} days after indicator warm-up; it needs at least 3.`);
  }
  const discretizer = fitDiscretizer(features.columns, { from: firstDecision, to: window.to + 1 }, { bins: settings.bins, numPositions: NUM_POSITIONS, names: features.names });
  const states = discretizer.indicatorStates(features.columns);

  // 2. The learner: Q-learning with a Dyna-Q model and planner.
  const exogenous = settings.model === 'exogenous';
  const learner = new QLearner({
    numStates: discretizer.numStates,
    numActions: NUM_POSITIONS,
    alpha: settings.alpha,
    gamma: settings.gamma,
    rar: settings.rar,
    radr: settings.radr,
    dyna: settings.dyna,
    model: settings.model,
    planning: settings.planning,
    rewardModel: settings.rewardModel,
    seed: settings.seed,
    ...(exogenous ? { numExogenous: discretizer.numIndicatorStates, numControl: NUM_POSITIONS, nextControl: [0, 1, 2, 0, 1, 2, 0, 1, 2] } : {}),
  });

  // 3. Rewards from the broker: for the exogenous model every (position, action) pair of every day, computed once.
  const env = new TradingEnv(window, setup);
  const outcomes = exogenous ? marketOutcomes(env, firstDecision, settings.baseline) : null;
  if (outcomes !== null && settings.prior === 'empirical-bayes') {
    // A main-effects model: the prior is the whole estimate (a state's own 60 or so days would only add noise).
    learner.setRewardPrior(rewardPrior(outcomes, states, firstDecision, discretizer.radices), MAIN_EFFECTS_ONLY);
  }
  // The agent enters a window as the benchmark does (long) unless told to start in cash.
  const startPosition = exogenous && settings.baseline === 'benchmark' ? 1 : 0;

  // 4. Epochs over the training window until Q or the greedy policy settles.
  const visits = new Float64Array(discretizer.numStates);
  const learningCurve: number[] = [];
  let policy: Int32Array = learner.greedyPolicy();
  let previousPolicy: Int32Array = new Int32Array(policy.length);
  const previousQ = new Float64Array(discretizer.numStates * NUM_POSITIONS);
  let unchanged = 0;
  let stoppedBecause = `reached ${settings.epochs} epochs`;
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    if (outcomes !== null) {
      // The market does not depend on the agent: the model learns each day once, later epochs replay them.
      learner.querysetstate(discretizer.stateId(states[firstDecision]!, startPosition));
      for (let t = firstDecision; t < window.to; t++) {
        visits[learner.state]++;
        const day = t - firstDecision;
        learner.queryExogenous(states[t + 1]!, outcomes.dayRewards[day]!, outcomes.dayTerminal[day]!);
      }
      learner.setModelFrozen(true);
    } else {
      // The course's Dyna-Q: one real reward per day along the agent's own (exploring) path.
      env.reset();
      let state = discretizer.stateId(states[firstDecision]!, 0);
      let action = learner.querysetstate(state);
      for (let t = firstDecision; t < window.to && !env.wipedOut; t++) {
        visits[state]++;
        const reward = env.step(t, action);
        state = discretizer.stateId(states[t + 1]!, env.positionIndex);
        action = learner.query(state, reward, env.wipedOut);
      }
    }
    learningCurve.push(greedyReturn(learner, discretizer, states, firstDecision, env, startPosition));
    hooks.onEpoch?.(epoch, settings.epochs, learningCurve[epoch - 1]!, learner.planningUpdates);
    [previousPolicy, policy] = [policy, previousPolicy];
    learner.greedyPolicy(policy);
    unchanged = samePolicy(policy, previousPolicy) ? unchanged + 1 : 0;
    const qChange = learner.copyQInto(previousQ);
    if (epoch < settings.minEpochs) continue;
    if (qChange <= Q_TOLERANCE * maxAbs(previousQ)) {
      stoppedBecause = `Q changed by less than ${Q_TOLERANCE * 100}% of its scale in an epoch`;
      break;
    }
    if (unchanged >= settings.patience) {
      stoppedBecause = `greedy policy unchanged for ${settings.patience} epochs`;
      break;
    }
  }

  // 5. What training produced.
  const trainedOn: TrainedOn = {
    symbol: window.symbol,
    train: { start: window.table.dates[window.from]!, end: window.table.dates[window.to]! },
    dataHashes: Object.fromEntries([...window.table.sources].map(([symbol, source]) => [symbol, source.sha256])),
  };
  const agent = new TradingAgent({ ...settings, indicators: features.names }, learner, discretizer, trainedOn);
  return {
    agent,
    summary: {
      epochs: learningCurve.length,
      stoppedBecause,
      learningCurve,
      realSteps: learner.realSteps,
      planningUpdates: learner.planningUpdates,
      policy: agent.policy(visits),
    },
  };
}

/**
 * Cumulative return of the greedy policy over the training window (no learning, no exploration),
 * traded as the strategy trades it: the first decision made as if holding `startPosition`.
 */
function greedyReturn(learner: QLearner, discretizer: Discretizer, states: Int32Array, firstDecision: number, env: TradingEnv, startPosition: number): number {
  env.reset();
  let cumulativeReturn = 0;
  for (let t = firstDecision; t < env.to && !env.wipedOut; t++) {
    const position = t === firstDecision && env.positionIndex === 0 ? startPosition : env.positionIndex;
    const action = greedyOrHold(learner, discretizer.stateId(states[t]!, position), position);
    cumulativeReturn += env.step(t, action);
  }
  return cumulativeReturn;
}

function samePolicy(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  return largest;
}

