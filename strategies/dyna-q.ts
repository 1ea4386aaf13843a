import { ACTION_LABELS, NUM_POSITIONS, TradingEnv, targetShares } from '../src/env/trading-env.js';
import { computeIndicators, formatIndicatorSpec, parseIndicatorList, type IndicatorColumns } from '../src/indicators/index.js';
import type { SymbolSeries } from '../src/data/types.js';
import { QLearner, learnerFromJson, learnerToJson, type ModelKind } from '../src/learner/index.js';
import { Discretizer, fitDiscretizer } from '../src/states/index.js';
import type { LearnedPolicy, MarketWindow, Strategy, TradingSetup, TrainingSummary } from '../src/strategy.js';
import { UserError } from '../src/errors.js';

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
  readonly seed: number;
  /** Training stops after this many epochs (passes over the window) at the latest... */
  readonly maxEpochs: number;
  /** ...or earlier, once the greedy policy has not changed for this many epochs in a row. */
  readonly patience: number;
  /** Epochs always run before the patience rule may stop training. */
  readonly minEpochs: number;
}

export const DEFAULT_DYNA_Q: DynaQSettings = {
  indicators: ['momentum:10', 'bbp:20', 'rsi:14'],
  bins: 4,
  dyna: 200,
  alpha: 0.1,
  gamma: 0.9,
  rar: 0.5,
  radr: 0.9999,
  model: 'counts',
  seed: 1,
  maxEpochs: 100,
  patience: 5,
  minEpochs: 10,
};

export interface DynaQStrategy extends Strategy {
  train(window: MarketWindow, setup: TradingSetup): TrainingSummary;
  /** The trained agent (settings, discretizer, learner) as JSON; null before training. */
  agentJson(): string | null;
}

export interface DynaQHooks {
  /**
   * Replaces the indicator columns the state is built from (for experiments and for the sanity
   * test that feeds a leaked feature). Must be causal unless the point is to break that.
   */
  readonly features?: (series: SymbolSeries) => IndicatorColumns;
  /** Called after every training epoch (e.g. to draw a progress bar). */
  readonly onEpoch?: (epoch: number, maxEpochs: number, greedyReturn: number, planningUpdates: number) => void;
}

/** What a trained Dyna-Q strategy holds: enough to test again or save and reuse. */
interface TrainedAgent {
  readonly learner: QLearner;
  readonly discretizer: Discretizer;
}

interface LoadedAgent extends TrainedAgent {
  readonly source: string;
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
    throw new UserError(`${source}: not valid JSON (${(error as Error).message}).`);
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
  return dynaQ(settings, {}, { learner, discretizer, source });
}

/**
 * The product's main strategy: Dyna-Q over discretized indicator states (plus the position
 * held). Training walks the in-sample window for repeated epochs, each real day followed by
 * `dyna` planning updates, until the greedy policy stops changing. Testing is greedy and frozen:
 * no exploration, no learning, so two tests of the same window give identical trades.
 */
export function dynaQ(overrides: Partial<DynaQSettings> = {}, hooks: DynaQHooks = {}, loaded?: LoadedAgent): DynaQStrategy {
  const settings: DynaQSettings = { ...DEFAULT_DYNA_Q, ...overrides };
  const specs = parseIndicatorList(settings.indicators.join(','), '--indicators').map(formatIndicatorSpec);
  const computeFeatures = hooks.features ?? ((series: SymbolSeries) => computeIndicators(series, specs));
  let agent: TrainedAgent | null = loaded ?? null;

  const indicatorStates = (window: MarketWindow, discretizer: Discretizer) =>
    discretizer.indicatorStates(computeFeatures(window.table.series.get(window.symbol)!).columns);

  return {
    name: 'dyna-q',
    label: 'Dyna-Q',
    describe: () => ({ ...settings, indicators: specs }),

    train(window: MarketWindow, setup: TradingSetup): TrainingSummary {
      if (loaded) {
        // A saved agent is used as it was trained: no further learning.
        return {
          epochs: 0,
          stoppedBecause: `loaded from ${loaded.source}, not trained again`,
          learningCurve: [],
          realSteps: loaded.learner.realSteps,
          planningUpdates: loaded.learner.planningUpdates,
          policy: describePolicy(loaded.discretizer, loaded.learner.greedyPolicy(), null),
        };
      }
      const features = computeFeatures(window.table.series.get(window.symbol)!);
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
      const learner = new QLearner({
        numStates: discretizer.numStates,
        numActions: ACTION_LABELS.length,
        alpha: settings.alpha,
        gamma: settings.gamma,
        rar: settings.rar,
        radr: settings.radr,
        dyna: settings.dyna,
        model: settings.model,
        seed: settings.seed,
      });
      const env = new TradingEnv(window, setup);
      const visits = new Float64Array(discretizer.numStates);
      const learningCurve: number[] = [];
      let policy: Int32Array = learner.greedyPolicy();
      let previousPolicy: Int32Array = new Int32Array(policy.length);
      let unchanged = 0;
      let stoppedBecause = `reached ${settings.maxEpochs} epochs`;

      for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
        env.reset();
        let state = states[firstDecision]! * NUM_POSITIONS;
        let action = learner.querysetstate(state);
        for (let t = firstDecision; t < window.to; t++) {
          visits[state]++;
          const reward = env.step(t, action);
          state = states[t + 1]! * NUM_POSITIONS + env.positionIndex;
          action = learner.query(state, reward);
        }
        learningCurve.push(greedyReturn(learner, states, firstDecision, env));
        hooks.onEpoch?.(epoch, settings.maxEpochs, learningCurve[epoch - 1]!, learner.planningUpdates);
        [previousPolicy, policy] = [policy, previousPolicy];
        learner.greedyPolicy(policy);
        unchanged = samePolicy(policy, previousPolicy) ? unchanged + 1 : 0;
        if (epoch >= settings.minEpochs && unchanged >= settings.patience) {
          stoppedBecause = `greedy policy unchanged for ${settings.patience} epochs`;
          break;
        }
      }
      agent = { learner, discretizer };
      return {
        epochs: learningCurve.length,
        stoppedBecause,
        learningCurve,
        realSteps: learner.realSteps,
        planningUpdates: learner.planningUpdates,
        policy: describePolicy(discretizer, policy, visits),
      };
    },

    trades(window: MarketWindow, setup: TradingSetup): Float64Array {
      if (!agent) throw new Error('dyna-q: trades() before train()');
      const { learner, discretizer } = agent;
      const states = indicatorStates(window, discretizer);
      const trades = new Float64Array(window.to - window.from + 1);
      let positionIndex = 0;
      let holding = 0;
      for (let t = window.from; t < window.to; t++) {
        if (states[t]! < 0) continue; // indicator warm-up: no decision
        const action = greedyOrHold(learner, states[t]! * NUM_POSITIONS + positionIndex, positionIndex);
        const target = targetShares(action, setup.positionSize);
        trades[t - window.from] = target - holding;
        holding = target;
        positionIndex = action;
      }
      return trades;
    },

    agentJson(): string | null {
      if (!agent) return null;
      return JSON.stringify({
        format: 'dynaq-agent',
        version: 1,
        settings: { ...settings, indicators: specs },
        discretizer: agent.discretizer.toJSON(),
        learner: JSON.parse(learnerToJson(agent.learner)) as unknown,
      });
    },
  };
}

/** Cumulative return of the greedy policy over the training window (no learning, no exploration). */
function greedyReturn(learner: QLearner, states: Int32Array, firstDecision: number, env: TradingEnv): number {
  env.reset();
  let cumulativeReturn = 0;
  for (let t = firstDecision; t < env.to; t++) {
    const action = greedyOrHold(learner, states[t]! * NUM_POSITIONS + env.positionIndex, env.positionIndex);
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
