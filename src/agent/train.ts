import type { TradingSetup } from '../broker/setup.js';
import type { PriceTable, SymbolSeries } from '../data/types.js';
import type { MarketWindow } from '../data/window.js';
import { ACTION_LABELS, NUM_POSITIONS, TradingEnv } from '../env/trading-env.js';
import { UserError } from '../errors.js';
import { computeIndicators, type IndicatorColumns } from '../indicators/index.js';
import { fitDiscretizer, type Discretizer } from '../states/index.js';
import type { History, TrainingSummary } from '../strategy/contract.js';
import type { JsonValue } from '../values.js';
import { TradingAgent, type TrainedOn } from './agent.js';
import { greedyReturn, trainCourse } from './course.js';
import { FEATURE_LIBRARY, type BinScheme } from './features.js';
import { benchmarkAction, MarketModel, type RewardPrior } from './market-model.js';
import { marketOutcomes, OUTCOMES_PER_DAY, type MarketOutcomes } from './outcomes.js';
import { choiceDiscretizer, heldOutGain, inverseVarianceWeights, selectState, type SelectionInput, type StateChoice } from './select-state.js';
import type { DynaQSettings } from './settings.js';
import { ENSEMBLE, ensembleTrust, MAX_SWEEPS, PLANNING_TOLERANCE } from './trust.js';

/**
 * The Dyna-Q trading agent's training, top to bottom: the arguments, then the algorithm (the reward
 * of every (position, action) pair of every training day from the broker; a state chosen from the
 * data; real days feeding a model of the market; a bootstrap ensemble saying which trades the data
 * support; planning that solves the model), then what is logged. The course's Dyna-Q
 * (`--model counts|last`) walks the window with exploration instead: src/agent/course.ts.
 */

export interface TrainHooks {
  /** Replaces the state's indicator columns (the sanity test that feeds a leaked feature). */
  readonly features?: (series: SymbolSeries) => IndicatorColumns;
  /** Called after every epoch (e.g. to draw a progress bar). */
  readonly onEpoch?: (epoch: number, maxEpochs: number, greedyReturn: number, planningUpdates: number) => void;
}

export interface TrainedAgent {
  readonly agent: TradingAgent;
  readonly summary: TrainingSummary;
}

/** Trains an agent on the history's training window (its last day is the window's last). */
export function trainAgent(history: History, setup: TradingSetup, settings: DynaQSettings, hooks: TrainHooks = {}): TrainedAgent {
  return trainOnWindow(historyWindow(history), setup, settings, hooks);
}

/** Trains an agent on `window` (whose table must end with it: later prices absent). */
export function trainOnWindow(window: MarketWindow, setup: TradingSetup, settings: DynaQSettings, hooks: TrainHooks = {}): TrainedAgent {
  // ---- Arguments --------------------------------------------------------------------------------
  const { prior, baseline, gamma, dyna } = settings;
  const modelSettings = { prior, baseline, gamma };
  const series = window.table.series.get(window.symbol)!;
  const chooseState = settings.indicators.length === 0 && hooks.features === undefined;
  const columns = hooks.features ? hooks.features(series) : computeIndicators(series, chooseState ? FEATURE_LIBRARY.map((f) => f.spec) : settings.indicators);
  const firstDecision = Math.max(window.from, columns.warmup);
  const days = window.to - firstDecision; // decision days: series days firstDecision..to-1
  if (days < 2) throw new UserError(`the training window of ${window.symbol} has ${Math.max(0, days + 1)} days after indicator warm-up; it needs at least 3.`);
  const env = new TradingEnv(window, setup);
  const trainedOn = trainedOnOf(window);

  // ---- 1. Real experience: every (position, action) pair's reward on every training day ----------
  // The market does not care what the agent holds: one day reveals all nine, exactly, from the broker.
  const outcomes = marketOutcomes(env, firstDecision, baseline);

  // ---- 2. The state: chosen from the data (held-out blocks of the window), or fixed by --indicators
  let choice: StateChoice | null = null;
  let discretizer: Discretizer;
  if (chooseState) {
    choice = selectState(selectionInput(series, columns, firstDecision, days, outcomes, prior));
    discretizer = choiceDiscretizer(choice.features);
  } else {
    discretizer = fitDiscretizer(columns.columns, { from: firstDecision, to: window.to + 1 }, { bins: settings.bins, numPositions: NUM_POSITIONS, names: columns.names });
  }
  const chosen = choice === null ? columns.columns : choice.features.map((f) => columns.columns[columns.names.indexOf(f.spec)]!);
  const states = marketStates(discretizer, chosen, series.adjClose.length); // x of every series day
  const agentSettings = { ...settings, indicators: discretizer.names };
  if (settings.model !== 'exogenous') return trainCourse({ env, discretizer, states, firstDecision, settings: agentSettings, trainedOn, onEpoch: hooks.onEpoch });
  const x = states.slice(firstDecision, window.to + 1); // x[d] of decision day d, and x[days] after the last

  // ---- 3. The model: real days feed it (T_c counts, R) ------------------------------------------
  const model = new MarketModel(discretizer.radices, modelSettings);
  model.observeDays(x, outcomes);

  // ---- 4. Trust: trade away from the benchmark only where an ensemble of models agrees ----------
  const benchmark = benchmarkAction(baseline);
  const trust = dyna > 0 ? ensembleTrust(x, outcomes, discretizer.radices, modelSettings) : null;

  // ---- 5. Planning: solve the model; --dyna 0 learns Q from the real days alone (no model) -------
  const solved = trust === null ? null : model.build(trust.allowed);
  const solution = solved?.solve(PLANNING_TOLERANCE, MAX_SWEEPS) ?? null;
  const learned = solution === null ? qLearning(x, outcomes, discretizer.numIndicatorStates, settings) : null;
  const q = solution?.q ?? learned!.q;
  const planningUpdates = (solution?.sweeps ?? 0) * model.numMarketStates * OUTCOMES_PER_DAY;
  const agentOf = (values: Float64Array, facts: Record<string, JsonValue>) =>
    new TradingAgent({ settings: agentSettings, discretizer, q: values, allowed: trust?.allowed ?? null, model: solved, facts, trainedOn });
  const learningCurve = learned?.snapshots.map((values) => greedyReturn(agentOf(values, {}), states, firstDecision, env)) ?? [greedyReturn(agentOf(q, {}), states, firstDecision, env)];
  learningCurve.forEach((value, epoch) => hooks.onEpoch?.(epoch + 1, learningCurve.length, value, planningUpdates));

  // ---- Logging -------------------------------------------------------------------------------
  const visits = model.visits();
  const facts: Record<string, JsonValue> = {
    state: choice === null ? { fixed: discretizer.names.join(', '), bins: discretizer.radices.join(' x ') } : stateFacts(choice),
    edge: Array.from(model.marketPart(), (m, state) => ({ state: agreementLabel(discretizer, state * NUM_POSITIONS).replace(/ \| .*$/, ''), days: visits[state]!, flatVersusLong: m })),
    ...(solution === null
      ? { planning: `none (--dyna 0): Q-learning from the real days, ${learned!.snapshots.length} epochs` }
      : { planning: { method: 'value iteration', residual: solution.residual, tolerance: PLANNING_TOLERANCE, sweeps: solution.sweeps } }),
    ...(trust === null ? {} : { trust: { replicates: ENSEMBLE.replicates, agreementRequired: ENSEMBLE.agreement, agreement: agreementFacts(trust.agreement, visits, discretizer) } }),
  };
  const agent = agentOf(q, facts);
  const stateText = choice === null ? `state fixed: ${discretizer.names.join(', ')}` : `state chosen on ${choice.validationDays} validation days: ${choiceText(choice)}`;
  const planningText = solution === null ? learned!.stoppedBecause : `model solved by value iteration, Bellman residual ${solution.residual.toExponential(1)} after ${solution.sweeps} sweeps`;
  const positions = new Float64Array(discretizer.numStates);
  for (let s = 0; s < positions.length; s++) positions[s] = visits[Math.floor(s / NUM_POSITIONS)]!; // every position was learned from each day
  return {
    agent,
    summary: {
      epochs: learningCurve.length,
      stoppedBecause: `${planningText}; ${stateText}`,
      learningCurve,
      realSteps: days * (learned?.snapshots.length ?? 1),
      planningUpdates,
      policy: agent.policy(positions, trust === null ? null : agreementNotes(trust.agreement, benchmark, discretizer.numIndicatorStates)),
      details: facts,
    },
  };
}

/** What state selection scores its candidates on: the training window's decision days, their market parts and weights. */
function selectionInput(series: SymbolSeries, columns: IndicatorColumns, firstDecision: number, days: number, outcomes: MarketOutcomes, prior: RewardPrior): SelectionInput {
  const decisionDays = Int32Array.from({ length: days }, (_, d) => firstDecision + d);
  const weights = inverseVarianceWeights(series.adjClose, decisionDays);
  return { library: FEATURE_LIBRARY, columns: columns.columns, days: decisionDays, y: outcomes.flatVersusLong, weights, prior };
}

/**
 * The held-out gain (standard errors over the empty state) of one given state on `window`, as the
 * default learner's state selection would score it there (heldOutGain). The learning benchmark
 * asks it of each planted rule's own state; the learner never sees it.
 */
export function ruleStateGain(window: MarketWindow, setup: TradingSetup, settings: Pick<DynaQSettings, 'prior' | 'baseline'>, parts: readonly { readonly spec: string; readonly scheme: BinScheme }[]): number {
  const series = window.table.series.get(window.symbol)!;
  const columns = computeIndicators(series, FEATURE_LIBRARY.map((f) => f.spec));
  const firstDecision = Math.max(window.from, columns.warmup);
  const days = window.to - firstDecision;
  const outcomes = marketOutcomes(new TradingEnv(window, setup), firstDecision, settings.baseline);
  return heldOutGain(selectionInput(series, columns, firstDecision, days, outcomes, settings.prior), parts);
}

/**
 * --dyna 0: one-step Q-learning on the same experience, with no model and no planning: epochs
 * replay the days, each updating the nine pairs of its market state with step size alpha toward
 * the day's reward plus the discounted best Q of the next state, until the greedy policy is
 * unchanged for `patience` epochs or `epochs` ran. Returns Q after each epoch.
 */
function qLearning(x: Int32Array, outcomes: MarketOutcomes, numMarketStates: number, settings: DynaQSettings): { q: Float64Array; snapshots: Float64Array[]; stoppedBecause: string } {
  const { alpha, gamma } = settings;
  const q = new Float64Array(numMarketStates * OUTCOMES_PER_DAY);
  const snapshots: Float64Array[] = [];
  let unchanged = 0;
  let policy = '';
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    for (let d = 0; d + 1 < x.length; d++) {
      for (let i = 0; i < OUTCOMES_PER_DAY; i++) {
        const next = (x[d + 1]! * NUM_POSITIONS + (i % NUM_POSITIONS)) * NUM_POSITIONS;
        const best = Math.max(q[next]!, q[next + 1]!, q[next + 2]!);
        const pair = x[d]! * OUTCOMES_PER_DAY + i;
        const target = outcomes.rewards[d * OUTCOMES_PER_DAY + i]! + (outcomes.terminal[d * OUTCOMES_PER_DAY + i] ? 0 : gamma * best);
        q[pair] += alpha * (target - q[pair]!);
      }
    }
    snapshots.push(q.slice());
    const greedy = Array.from({ length: q.length / NUM_POSITIONS }, (_, s) => [0, 1, 2].reduce((b, a) => (q[s * 3 + a]! > q[s * 3 + b]! ? a : b), 0)).join('');
    unchanged = greedy === policy ? unchanged + 1 : 0;
    policy = greedy;
    if (epoch >= settings.minEpochs && unchanged >= settings.patience) {
      return { q, snapshots, stoppedBecause: `Q-learning from the real days (--dyna 0): greedy policy unchanged for ${settings.patience} epochs` };
    }
  }
  return { q, snapshots, stoppedBecause: `Q-learning from the real days (--dyna 0): reached ${settings.epochs} epochs` };
}

/** Market state of every series day (-1 where a feature is still warming up). */
function marketStates(discretizer: Discretizer, columns: readonly Float64Array[], length: number): Int32Array {
  return columns.length === 0 ? new Int32Array(length) : discretizer.indicatorStates(columns);
}

function choiceText(choice: StateChoice): string {
  if (choice.features.length === 0) return `no feature beat the benchmark's state clearly (best of ${choice.candidates}: ${candidateText(choice.best[0])})`;
  return `${choice.features.map((f) => `${f.spec} ${f.scheme} [${f.edges.map((e) => +e.toPrecision(4)).join(', ')}]`).join(' x ')} (validation skill ${pct(choice.chosen.skill)}; ${choice.candidates} candidates)`;
}

function candidateText(candidate: StateChoice['best'][number] | undefined): string {
  return candidate === undefined ? 'none' : `${candidate.features.map((f) => `${f.spec} ${f.scheme}`).join(' x ')} ${pct(candidate.skill)}`;
}

function stateFacts(choice: StateChoice): JsonValue {
  return {
    chosen: choice.features.map((f) => ({ spec: f.spec, scheme: f.scheme, edges: [...f.edges] })),
    candidates: choice.candidates,
    validationDays: choice.validationDays,
    best: choice.best.map((c) => ({ features: c.features.map((f) => `${f.spec} ${f.scheme}`).join(' x '), score: c.score, skill: c.skill, unfilledCells: c.unfilledCells })),
  };
}

/** Per visited state: the share of the ensemble that prefers each action to the benchmark's. */
function agreementFacts(agreement: Float64Array, visits: Float64Array, discretizer: Discretizer): JsonValue {
  const rows: JsonValue[] = [];
  for (let s = 0; s < discretizer.numStates; s++) {
    if (visits[Math.floor(s / NUM_POSITIONS)]! === 0) continue;
    rows.push({ state: agreementLabel(discretizer, s), ...Object.fromEntries(ACTION_LABELS.map((label, a) => [label, agreement[s * NUM_POSITIONS + a]!])) });
  }
  return rows;
}

function agreementLabel(discretizer: Discretizer, state: number): string {
  const { bins, positionIndex } = discretizer.decodeState(state);
  return `${bins.map((bin, i) => `${discretizer.names[i]}=${bin + 1}/${discretizer.radices[i]}`).join(' ') || 'any market'} | ${ACTION_LABELS[positionIndex]}`;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Per market state: the share of the ensemble that prefers each other position to the benchmark's, holding the benchmark's. */
function agreementNotes(agreement: Float64Array, benchmark: number, numMarketStates: number): string[] {
  return Array.from({ length: numMarketStates }, (_, x) => {
    const base = (x * NUM_POSITIONS + benchmark) * NUM_POSITIONS;
    const others = ACTION_LABELS.flatMap((label, a) => (a === benchmark ? [] : [`${label} ${(agreement[base + a]! * 100).toFixed(0)}%`]));
    return `ensemble agrees: ${others.join(', ')}`;
  });
}

function trainedOnOf(window: MarketWindow): TrainedOn {
  return {
    symbol: window.symbol,
    train: { start: window.table.dates[window.from]!, end: window.table.dates[window.to]! },
    dataHashes: Object.fromEntries([...window.table.sources].map(([symbol, source]) => [symbol, source.sha256])),
  };
}

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
