import type { TradingSetup } from '../src/broker/setup.js';
import type { SymbolSeries } from '../src/data/types.js';
import type { MarketWindow } from '../src/data/window.js';
import { DEFAULT_INDICATORS, DYNA_Q_SETTINGS } from '../src/defaults.js';
import { ACTION_DIRECTIONS, ACTION_LABELS, NUM_POSITIONS, TradingEnv, positionIndexOf } from '../src/env/trading-env.js';
import { marketPrior } from './reward-prior.js';
import { printable, UserError } from '../src/errors.js';
import { computeIndicators, formatIndicatorSpec, parseIndicatorList, type IndicatorColumns } from '../src/indicators/index.js';
import { QLearner, learnerFromJson, learnerToJson, type ModelKind, type PlanningKind, type RewardModelKind } from '../src/learner/index.js';
import { Discretizer, fitDiscretizer } from '../src/states/index.js';
import type { Day, Decision, LearnedPolicy, Strategy, TrainingSummary } from '../src/strategy/contract.js';

export interface DynaQSettings {
  /** Indicator specs the state is built from, e.g. ['momentum:10', 'bbp:20', 'rsi:14']. */
  readonly indicators: readonly string[];
  /** Quantile bins per indicator (fitted on the training window). */
  readonly bins: number;
  /** Planning updates per real trading day. */
  readonly dyna: number;
  readonly alpha: number;
  readonly gamma: number;
  /** Random action rate at the start of training, and its decay per real step. */
  readonly rar: number;
  readonly radr: number;
  readonly model: ModelKind;
  readonly planning: PlanningKind;
  /** How R is estimated: the sample mean, or the course's exponential average. */
  readonly rewardModel: RewardModelKind;
  /** Exogenous model: shrink the market part of R toward "no edge" (empirical Bayes), or not. */
  readonly prior: 'empirical-bayes' | 'none';
  /** Exogenous model: rewards relative to holding the benchmark (and start in its position), or to cash. */
  readonly baseline: 'benchmark' | 'cash';
  readonly seed: number;
  /** Training stops after this many epochs (passes over the window) at the latest... */
  readonly maxEpochs: number;
  /** ...or earlier, once the greedy policy has not changed for this many epochs in a row. */
  readonly patience: number;
  /** Epochs always run before the patience rule may stop training. */
  readonly minEpochs: number;
}

/** The strategy's defaults, read from the one settings table (src/defaults.ts). */
export const DEFAULT_DYNA_Q: DynaQSettings = {
  indicators: DEFAULT_INDICATORS,
  bins: DYNA_Q_SETTINGS.bins.default,
  dyna: DYNA_Q_SETTINGS.dyna.default,
  alpha: DYNA_Q_SETTINGS.alpha.default,
  gamma: DYNA_Q_SETTINGS.gamma.default,
  rar: DYNA_Q_SETTINGS.rar.default,
  radr: DYNA_Q_SETTINGS.radr.default,
  model: DYNA_Q_SETTINGS.model.default,
  planning: DYNA_Q_SETTINGS.planning.default,
  rewardModel: DYNA_Q_SETTINGS.rewardModel.default,
  prior: DYNA_Q_SETTINGS.prior.default,
  baseline: DYNA_Q_SETTINGS.baseline.default,
  seed: DYNA_Q_SETTINGS.seed.default,
  maxEpochs: DYNA_Q_SETTINGS.epochs.default,
  patience: DYNA_Q_SETTINGS.patience.default,
  minEpochs: DYNA_Q_SETTINGS.minEpochs.default,
};

export interface DynaQHooks {
  /**
   * Replaces the indicator columns the state is built from (for experiments and for the sanity
   * test that feeds a leaked feature). Must be causal unless the point is to break that.
   */
  readonly features?: (series: SymbolSeries) => IndicatorColumns;
  /** Called after every training epoch (e.g. to draw a progress bar). */
  readonly onEpoch?: (epoch: number, maxEpochs: number, greedyReturn: number, planningUpdates: number) => void;
}

/** Where an agent was trained: reports warn when it trades another symbol or window. */
export interface TrainedOn {
  readonly symbol: string;
  /** First and last trading day of the training window. */
  readonly train: { readonly start: string; readonly end: string };
  /** sha256 of every price file the training table came from, by symbol. */
  readonly dataHashes: Readonly<Record<string, string>>;
}

/** What a trained Dyna-Q strategy holds: enough to test again or save and reuse. */
interface TrainedAgent {
  readonly learner: QLearner;
  readonly discretizer: Discretizer;
  readonly trainedOn: TrainedOn | null;
}

/**
 * The product's main strategy: Dyna-Q over discretized indicator states (plus the position
 * held). Training walks the in-sample window for repeated epochs, each real day followed by
 * `dyna` planning updates, until the greedy policy stops changing. Testing is greedy and frozen:
 * no exploration, no learning, so two tests of the same window give identical trades.
 */
export class DynaQStrategy implements Strategy {
  readonly name = 'dyna-q';
  readonly label = 'Dyna-Q';
  readonly settings: DynaQSettings;
  /** Canonical indicator specs of the state. */
  readonly specs: readonly string[];
  private readonly hooks: DynaQHooks;
  private agent: TrainedAgent | null;
  /** Where a loaded agent came from; null for an agent trained here. */
  private readonly source: string | null;
  /** Indicator state of every day of the window being traded (-1 = warm-up). */
  private states: Int32Array = new Int32Array(0);
  /** True until the first decision of the window being traded. */
  private firstDecision = true;

  constructor(overrides: Partial<DynaQSettings> = {}, hooks: DynaQHooks = {}, loaded?: TrainedAgent & { source: string }) {
    this.settings = { ...DEFAULT_DYNA_Q, ...overrides };
    this.specs = parseIndicatorList(this.settings.indicators.join(','), '--indicators').map(formatIndicatorSpec);
    this.hooks = hooks;
    this.agent = loaded ?? null;
    this.source = loaded?.source ?? null;
  }

  get seed(): number {
    return this.settings.seed;
  }

  /** Where the agent was trained (null before training, or for an agent file that does not say). */
  get trainedOn(): TrainedOn | null {
    return this.agent?.trainedOn ?? null;
  }

  describe(): Record<string, unknown> {
    return { ...this.settings, indicators: this.specs };
  }

  private features(series: SymbolSeries): IndicatorColumns {
    return this.hooks.features ? this.hooks.features(series) : computeIndicators(series, this.specs);
  }

  train(window: MarketWindow, setup: TradingSetup): TrainingSummary {
    if (this.agent && this.source !== null) {
      // A saved agent is used as it was trained: no further learning.
      const { learner, discretizer } = this.agent;
      return {
        epochs: 0,
        stoppedBecause: `loaded from ${this.source}, not trained again`,
        learningCurve: [],
        realSteps: learner.realSteps,
        planningUpdates: learner.planningUpdates,
        policy: describePolicy(discretizer, learner.greedyPolicy(), null),
      };
    }
    const { settings } = this;
    const features = this.features(window.table.series.get(window.symbol)!);
    const firstDecision = Math.max(window.from, features.warmup);
    if (window.to - firstDecision < 2) {
      throw new UserError(
        `the training window of ${window.symbol} has ${Math.max(0, window.to - firstDecision + 1)} days after indicator warm-up; it needs at least 3.`,
      );
    }
    const discretizer = fitDiscretizer(features.columns, { from: firstDecision, to: window.to + 1 }, {
      bins: settings.bins,
      numPositions: NUM_POSITIONS,
      names: features.names,
    });
    const states = discretizer.indicatorStates(features.columns);
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
    const env = new TradingEnv(window, setup);
    const outcomes = exogenous ? marketOutcomes(env, firstDecision, settings.baseline) : null;
    if (outcomes !== null && settings.prior === 'empirical-bayes') {
      const prior = rewardPrior(outcomes, states, firstDecision, discretizer.radices);
      learner.setRewardPrior(prior.mean, prior.count);
    }
    const visits = new Float64Array(discretizer.numStates);
    const learningCurve: number[] = [];
    let policy: Int32Array = learner.greedyPolicy();
    let previousPolicy: Int32Array = new Int32Array(policy.length);
    const previousQ = new Float64Array(discretizer.numStates * NUM_POSITIONS);
    let unchanged = 0;
    let stoppedBecause = `reached ${settings.maxEpochs} epochs`;
    // The agent enters a window as the benchmark does (long) unless told to start in cash.
    const startPosition = exogenous && settings.baseline === 'benchmark' ? 1 : 0;

    for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
      if (outcomes !== null) {
        // Every training day's outcome for every position is already known: the market does not
        // depend on the agent. The model learns each day once; later epochs replay the same days.
        // The learner follows its own (exploring) path through the positions; every pair learns anyway.
        learner.querysetstate(discretizer.stateId(states[firstDecision]!, startPosition));
        for (let t = firstDecision; t < window.to; t++) {
          visits[learner.state]++;
          const day = t - firstDecision;
          learner.queryExogenous(states[t + 1]!, outcomes.dayRewards[day]!, outcomes.dayTerminal[day]!);
        }
        learner.setModelFrozen(true);
      } else {
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
      this.hooks.onEpoch?.(epoch, settings.maxEpochs, learningCurve[epoch - 1]!, learner.planningUpdates);
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
    const trainedOn: TrainedOn = {
      symbol: window.symbol,
      train: { start: window.table.dates[window.from]!, end: window.table.dates[window.to]! },
      dataHashes: Object.fromEntries([...window.table.sources].map(([symbol, source]) => [symbol, source.sha256])),
    };
    this.agent = { learner, discretizer, trainedOn };
    return {
      epochs: learningCurve.length,
      stoppedBecause,
      learningCurve,
      realSteps: learner.realSteps,
      planningUpdates: learner.planningUpdates,
      policy: describePolicy(discretizer, policy, visits),
    };
  }

  begin(window: MarketWindow): void {
    if (!this.agent) throw new Error('dyna-q: a window is traded before train()');
    this.states = this.agent.discretizer.indicatorStates(this.features(window.table.series.get(window.symbol)!).columns);
    this.firstDecision = true;
  }

  decide(day: Day): Decision {
    const { learner, discretizer } = this.agent!;
    const indicatorState = this.states[day.dayIndex]!;
    if (indicatorState < 0) return null; // indicator warm-up: no decision
    let positionIndex = positionIndexOf(day.position);
    // Measured against the benchmark, the agent enters a window as the benchmark does: its first
    // decision is made as if it held the benchmark's long position (buying it, at the same cost as
    // the benchmark, unless the policy prefers another position there).
    const startLong = this.firstDecision && positionIndex === 0 && this.settings.model === 'exogenous' && this.settings.baseline === 'benchmark';
    this.firstDecision = false;
    if (startLong) positionIndex = 1;
    return ACTION_LABELS[greedyOrHold(learner, discretizer.stateId(indicatorState, positionIndex), positionIndex)]!;
  }

  /** The trained agent (settings, discretizer, learner) as JSON; null before training. */
  agentJson(): string | null {
    if (!this.agent) return null;
    return JSON.stringify({
      format: 'dynaq-agent',
      version: 1,
      settings: this.describe(),
      trainedOn: this.agent.trainedOn,
      discretizer: this.agent.discretizer.toJSON(),
      learner: JSON.parse(learnerToJson(this.agent.learner)) as unknown,
    });
  }
}

export function dynaQ(overrides: Partial<DynaQSettings> = {}, hooks: DynaQHooks = {}): DynaQStrategy {
  return new DynaQStrategy(overrides, hooks);
}

/**
 * A Dyna-Q strategy from a saved `agent.json` (written with every backtest report): the same
 * settings, bin edges and learner, so it tests exactly like the run that saved it, without
 * training again. Every field is checked; a damaged file is a one-line error naming it.
 */
export function loadDynaQAgent(text: string, source: string): DynaQStrategy {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source}: not valid JSON (${printable((error as Error).message)}).`);
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (record.format !== 'dynaq-agent' || record.version !== 1) {
    throw new UserError(`${source}: not a dynaq agent file (expected "format": "dynaq-agent", "version": 1).`);
  }
  if (typeof record.settings !== 'object' || record.settings === null) {
    throw new UserError(`${source}: field 'settings' must be an object.`);
  }
  const settings = { ...DEFAULT_DYNA_Q, ...(record.settings as Partial<DynaQSettings>) };
  if (!Array.isArray(settings.indicators) || !settings.indicators.every((spec) => typeof spec === 'string')) {
    throw new UserError(`${source}: field 'settings.indicators' must be a list of indicator specs.`);
  }
  const discretizer = Discretizer.fromJSON(record.discretizer, `${source} discretizer`);
  const learner = learnerFromJson(JSON.stringify(record.learner ?? null), `${source} learner`);
  const specs = parseIndicatorList(settings.indicators.join(','), `${source} settings.indicators`).map(formatIndicatorSpec);
  if (discretizer.names.join(',') !== specs.join(',')) {
    throw new UserError(`${source}: the discretizer's indicators (${discretizer.names.join(', ')}) differ from settings.indicators (${specs.join(', ')}).`);
  }
  if (learner.numStates !== discretizer.numStates || learner.numActions !== NUM_POSITIONS) {
    throw new UserError(
      `${source}: the learner has ${learner.numStates} states x ${learner.numActions} actions, the discretizer ${discretizer.numStates} states x ${NUM_POSITIONS}.`,
    );
  }
  return new DynaQStrategy(settings, {}, { learner, discretizer, source, trainedOn: readTrainedOn(record.trainedOn, source) });
}

function readTrainedOn(value: unknown, source: string): TrainedOn | null {
  if (value === undefined || value === null) return null; // agent files written before it was recorded
  const record = value as Partial<TrainedOn>;
  const ok =
    typeof value === 'object' &&
    typeof record.symbol === 'string' &&
    typeof record.train?.start === 'string' &&
    typeof record.train?.end === 'string' &&
    typeof record.dataHashes === 'object' &&
    record.dataHashes !== null &&
    Object.values(record.dataHashes).every((hash) => typeof hash === 'string');
  if (!ok) throw new UserError(`${source}: field 'trainedOn' must be { symbol, train: { start, end }, dataHashes: { SYMBOL: sha256 } }.`);
  return record as TrainedOn;
}

/**
 * Cumulative return of the greedy policy over the training window (no learning, no exploration),
 * traded as `decide` trades it: the first decision made as if holding `startPosition`.
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

/**
 * The greedy action, with ties going to the position already held. A state never visited in
 * training has Q = 0 for every action; the learner's own tie rule (lowest index = flat) would
 * close a position there and pay costs for nothing, so an unknown situation keeps what it holds.
 */
export function greedyOrHold(learner: QLearner, state: number, positionIndex: number): number {
  let best = positionIndex;
  let bestValue = learner.qValue(state, positionIndex);
  for (let action = 0; action < NUM_POSITIONS; action++) {
    const value = learner.qValue(state, action);
    if (value > bestValue) {
      best = action;
      bestValue = value;
    }
  }
  return best;
}

function samePolicy(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describePolicy(discretizer: Discretizer, policy: Int32Array, visits: Float64Array | null): LearnedPolicy {
  const stateLabels: string[] = [];
  for (let id = 0; id < discretizer.numStates; id++) {
    const { bins, positionIndex } = discretizer.decodeState(id);
    const parts = bins.map((bin, i) => `${discretizer.names[i]}=${bin + 1}/${discretizer.radices[i]}`);
    stateLabels.push(`${parts.join(' ')} | ${ACTION_LABELS[positionIndex]}`);
  }
  return { stateLabels, actionLabels: [...ACTION_LABELS], actions: Array.from(policy), ...(visits ? { visits: Array.from(visits) } : {}) };
}

/** Q has converged when an epoch changes no value by more than this share of the largest |Q|. */
const Q_TOLERANCE = 1e-3;
/** Pseudo-observations that make R the prior itself: no sample of a few dozen days outweighs it. */
const MAIN_EFFECTS_ONLY = 1e12;
/** Outcomes per training day: one per (position, action) pair. */
const OUTCOMES_PER_DAY = NUM_POSITIONS * NUM_POSITIONS;

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  return largest;
}

/** The reward of every (position, action) pair of every training day, and the market part of each. */
interface MarketOutcomes {
  /** Day d's pair i at d * 9 + i: the reward the learner sees (relative to the baseline). */
  readonly rewards: Float64Array;
  readonly terminal: Uint8Array;
  /** The exact costs of each pair (commission + impact), as a return on the start value. */
  readonly costs: Float64Array;
  /** Per day: what holding cash instead of the benchmark's long position earned, before costs (the market part). */
  readonly flatVersusLong: Float64Array;
  /** Views of `rewards` and `terminal` per day, made once (the epochs replay them). */
  readonly dayRewards: readonly Float64Array[];
  readonly dayTerminal: readonly Uint8Array[];
}

/**
 * Every training day's outcome for every position and action, from the broker's own models, for
 * an account at its start value (the market does not care what the agent holds). With the
 * benchmark as baseline, each reward is measured against holding the benchmark's position that
 * day, so "do what the benchmark does" earns exactly 0.
 */
function marketOutcomes(env: TradingEnv, firstDecision: number, baseline: 'benchmark' | 'cash'): MarketOutcomes {
  const days = env.to - firstDecision;
  const rewards = new Float64Array(days * OUTCOMES_PER_DAY);
  const terminal = new Uint8Array(days * OUTCOMES_PER_DAY);
  const costs = new Float64Array(days * OUTCOMES_PER_DAY);
  const flatVersusLong = new Float64Array(days);
  env.reset();
  const holdLong = 1 * NUM_POSITIONS + 1;
  for (let d = 0; d < days; d++) {
    const at = d * OUTCOMES_PER_DAY;
    env.counterfactualRewards(firstDecision + d, rewards.subarray(at, at + OUTCOMES_PER_DAY), terminal.subarray(at, at + OUTCOMES_PER_DAY), costs.subarray(at, at + OUTCOMES_PER_DAY));
    const benchmark = rewards[at + holdLong]!;
    flatVersusLong[d] = rewards[at]! - benchmark; // flat -> flat costs nothing
    if (baseline === 'benchmark') for (let i = 0; i < OUTCOMES_PER_DAY; i++) rewards[at + i] -= benchmark;
  }
  const dayRewards = Array.from({ length: days }, (_, d) => rewards.subarray(d * OUTCOMES_PER_DAY, (d + 1) * OUTCOMES_PER_DAY));
  const dayTerminal = Array.from({ length: days }, (_, d) => terminal.subarray(d * OUTCOMES_PER_DAY, (d + 1) * OUTCOMES_PER_DAY));
  return { rewards, terminal, costs, flatVersusLong, dayRewards, dayTerminal };
}

/**
 * The reward model's prior per pair: the market part from the empirical-Bayes market prior
 * (holding cash instead of the benchmark earns flatVersusLong; a short earns twice that; a long
 * earns the benchmark, 0), minus each pair's exact average cost in that market state.
 */
function rewardPrior(outcomes: MarketOutcomes, states: Int32Array, firstDecision: number, radices: readonly number[]): { mean: Float64Array; count: number } {
  const days = outcomes.flatVersusLong.length;
  const dayStates = states.slice(firstDecision, firstDecision + days);
  const market = marketPrior(dayStates, outcomes.flatVersusLong, radices);
  const numMarketStates = market.prior.length;
  const costSum = new Float64Array(numMarketStates * OUTCOMES_PER_DAY);
  const seen = new Float64Array(numMarketStates);
  for (let d = 0; d < days; d++) {
    const m = dayStates[d]!;
    seen[m]++;
    for (let i = 0; i < OUTCOMES_PER_DAY; i++) costSum[m * OUTCOMES_PER_DAY + i] += outcomes.costs[d * OUTCOMES_PER_DAY + i]!;
  }
  const mean = new Float64Array(numMarketStates * OUTCOMES_PER_DAY);
  for (let m = 0; m < numMarketStates; m++) {
    for (let c = 0; c < NUM_POSITIONS; c++) {
      for (let a = 0; a < NUM_POSITIONS; a++) {
        const i = m * OUTCOMES_PER_DAY + c * NUM_POSITIONS + a;
        // relative to the benchmark: flat earns x, short earns 2x, long 0 (x = flat versus long)
        const marketPart = (1 - ACTION_DIRECTIONS[a]!) * market.prior[m]!;
        mean[i] = marketPart - (seen[m]! > 0 ? costSum[i]! / seen[m]! : 0);
      }
    }
  }
  // A main-effects model: the prior is the whole estimate (the learner's own sample means of a
  // state, 60 days or so each, would only add the interactions noise).
  return { mean, count: MAIN_EFFECTS_ONLY };
}
