import { ACTION_LABELS, NUM_POSITIONS } from '../env/trading-env.js';
import { printable, UserError } from '../errors.js';
import { formatIndicatorSpec, parseIndicatorList } from '../indicators/index.js';
import { learnerFromJson, learnerToJson, type QLearner } from '../learner/index.js';
import { Discretizer } from '../states/index.js';
import type { LearnedPolicy } from '../strategy/contract.js';
import { DEFAULT_DYNA_Q, type DynaQSettings } from './settings.js';

/** Where an agent was trained: reports warn when it trades another symbol or window. */
export interface TrainedOn {
  readonly symbol: string;
  /** First and last trading day of the training window. */
  readonly train: { readonly start: string; readonly end: string };
  /** sha256 of every price file the training table came from, by symbol. */
  readonly dataHashes: Readonly<Record<string, string>>;
}

/**
 * A trained Dyna-Q trading agent: the bin edges of its state (frozen on the training window), the
 * learner's Q, and where it was trained. It acts greedily and learns nothing, so two tests of the
 * same days give identical trades.
 */
export class TradingAgent {
  readonly settings: DynaQSettings;
  /** Canonical indicator specs of the state, in the discretizer's order. */
  readonly specs: readonly string[];
  readonly learner: QLearner;
  readonly discretizer: Discretizer;
  readonly trainedOn: TrainedOn | null;
  /** The file the agent was loaded from, or null for one trained in this run. */
  readonly source: string | null;
  private readonly values: Float64Array;

  constructor(settings: DynaQSettings, learner: QLearner, discretizer: Discretizer, trainedOn: TrainedOn | null, source: string | null = null) {
    this.settings = settings;
    this.specs = settings.indicators; // canonical: as trained (the discretizer's names) or as checked on load
    this.learner = learner;
    this.discretizer = discretizer;
    this.trainedOn = trainedOn;
    this.source = source;
    this.values = new Float64Array(this.specs.length);
  }

  /** Enters a window as the benchmark does (long) when rewards are measured against it. */
  get startsLong(): boolean {
    return this.settings.model === 'exogenous' && this.settings.baseline === 'benchmark';
  }

  /**
   * The action (0 flat, 1 long, 2 short) for a day whose indicators read `indicator(spec)`, holding
   * `positionIndex`; null during indicator warm-up. The first decision of a window is made as if
   * holding the benchmark's position when the agent learned against it.
   */
  act(indicator: (spec: string) => number, positionIndex: number, firstDecision: boolean): number | null {
    for (let i = 0; i < this.specs.length; i++) this.values[i] = indicator(this.specs[i]!);
    const indicatorState = this.discretizer.indicatorStateOf(this.values);
    if (indicatorState < 0) return null;
    const position = firstDecision && positionIndex === 0 && this.startsLong ? 1 : positionIndex;
    return greedyOrHold(this.learner, this.discretizer.stateId(indicatorState, position), position);
  }

  /** The greedy policy with readable state labels, and visits per state when known. */
  policy(visits: Float64Array | null = null): LearnedPolicy {
    return describePolicy(this.discretizer, this.learner.greedyPolicy(), visits);
  }

  /** The agent as the JSON of agent.json (settings, discretizer, learner, where it was trained). */
  toJson(): string {
    return JSON.stringify({
      format: 'dynaq-agent',
      version: 1,
      settings: this.settings,
      trainedOn: this.trainedOn,
      discretizer: this.discretizer.toJSON(),
      learner: JSON.parse(learnerToJson(this.learner)) as unknown,
    });
  }

  /**
   * An agent from a saved `agent.json`: the same settings, bin edges and learner, so it tests
   * exactly like the run that saved it. Every field is checked; a damaged file is one line naming it.
   */
  static fromJson(text: string, source: string): TradingAgent {
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
    if (typeof record.settings !== 'object' || record.settings === null) throw new UserError(`${source}: field 'settings' must be an object.`);
    const saved = record.settings as Partial<DynaQSettings> & { maxEpochs?: number };
    // files written before the setting was called `epochs` named it maxEpochs
    const settings: DynaQSettings = { ...DEFAULT_DYNA_Q, ...saved, ...(saved.maxEpochs !== undefined && saved.epochs === undefined ? { epochs: saved.maxEpochs } : {}) };
    delete (settings as { maxEpochs?: number }).maxEpochs;
    if (!Array.isArray(settings.indicators) || !settings.indicators.every((spec) => typeof spec === 'string')) {
      throw new UserError(`${source}: field 'settings.indicators' must be a list of indicator specs.`);
    }
    const discretizer = Discretizer.fromJSON(record.discretizer, `${source} discretizer`);
    const learner = learnerFromJson(JSON.stringify(record.learner ?? null), `${source} learner`);
    const specs = canonicalSpecs(settings.indicators, `${source} settings.indicators`);
    if (discretizer.names.join(',') !== specs.join(',')) {
      throw new UserError(`${source}: the discretizer's indicators (${discretizer.names.join(', ')}) differ from settings.indicators (${specs.join(', ')}).`);
    }
    if (learner.numStates !== discretizer.numStates || learner.numActions !== NUM_POSITIONS) {
      throw new UserError(`${source}: the learner has ${learner.numStates} states x ${learner.numActions} actions, the discretizer ${discretizer.numStates} states x ${NUM_POSITIONS}.`);
    }
    return new TradingAgent({ ...settings, indicators: specs }, learner, discretizer, readTrainedOn(record.trainedOn, source), source);
  }
}

function canonicalSpecs(specs: readonly string[], source: string): string[] {
  return parseIndicatorList(specs.join(','), source).map(formatIndicatorSpec);
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

export function describePolicy(discretizer: Discretizer, policy: Int32Array, visits: Float64Array | null): LearnedPolicy {
  const stateLabels: string[] = [];
  for (let id = 0; id < discretizer.numStates; id++) {
    const { bins, positionIndex } = discretizer.decodeState(id);
    const parts = bins.map((bin, i) => `${discretizer.names[i]}=${bin + 1}/${discretizer.radices[i]}`);
    stateLabels.push(`${parts.join(' ')} | ${ACTION_LABELS[positionIndex]}`);
  }
  return { stateLabels, actionLabels: [...ACTION_LABELS], actions: Array.from(policy), ...(visits ? { visits: Array.from(visits) } : {}) };
}
