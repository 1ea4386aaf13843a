import { ACTION_LABELS, NUM_POSITIONS, positionIndexOf } from '../env/trading-env.js';
import { printable, UserError } from '../errors.js';
import { formatIndicatorSpec, parseIndicatorList } from '../indicators/index.js';
import { FactoredModel } from '../learner/index.js';
import { Discretizer } from '../states/index.js';
import type { LearnedPolicy } from '../strategy/contract.js';
import type { JsonValue } from '../values.js';
import { ALL_ACTIONS, benchmarkAction } from './market-model.js';
import { DEFAULT_DYNA_Q, type DynaQSettings } from './settings.js';

/** Where an agent was trained: reports warn when it trades another symbol or window. */
export interface TrainedOn {
  readonly symbol: string;
  /** First and last trading day of the training window. */
  readonly train: { readonly start: string; readonly end: string };
  /** sha256 of every price file the training table came from, by symbol. */
  readonly dataHashes: Readonly<Record<string, string>>;
}

/** What a trading day shows the agent. */
export interface AgentDay {
  indicator(spec: string): number;
  /** Shares held before today's decision. */
  readonly position: number;
  /** Portfolio value before today's trade. */
  readonly value: number;
}

/**
 * Once the agent's positions away from the benchmark (short, or flat against a long benchmark)
 * have lost this share of the account in a window, all of them together (compounded over the days
 * they were held, the costs of entering and leaving them included, gains counted), it holds the
 * benchmark for the rest of the window: what it learned has been contradicted by the market, and no
 * trade of the agent may run on into a wipe-out (issue 16). A limit per position would not do: an
 * agent that goes short and back again and again can lose a little each time and most of the
 * account in all (measured with a state-selection variant that was not adopted: -80 % on ICE in
 * 2010-11, a stock that rose 8 %, in 12 short entries).
 */
export const STOP_LOSS = 0.2;

export interface AgentParts {
  readonly settings: DynaQSettings;
  readonly discretizer: Discretizer;
  /** Q per state (indicator state x 3 + position) and action. */
  readonly q: Float64Array;
  /** Per state: the actions it may take (one bit each); all when null. */
  readonly allowed: Uint8Array | null;
  /** The model whose Bellman equation Q solves (the default learner), or null (course mode, --dyna 0). */
  readonly model: FactoredModel | null;
  /** What training found (chosen state, validation scores, residual, agreement...), saved with the agent. */
  readonly facts: Readonly<Record<string, JsonValue>>;
  readonly trainedOn: TrainedOn | null;
  readonly source?: string | null;
}

/**
 * A trained Dyna-Q trading agent: the bin edges of its state (frozen on the training window), its
 * Q (and, for the default learner, the model Q solves and the actions it trusts), and where it
 * was trained. It acts greedily and learns nothing, so two tests of the same days trade the same.
 */
export class TradingAgent {
  readonly settings: DynaQSettings;
  /** Canonical indicator specs of the state, in the discretizer's order. */
  readonly specs: readonly string[];
  readonly discretizer: Discretizer;
  readonly q: Float64Array;
  readonly allowed: Uint8Array;
  readonly model: FactoredModel | null;
  readonly facts: Readonly<Record<string, JsonValue>>;
  readonly trainedOn: TrainedOn | null;
  /** The file the agent was loaded from, or null for one trained in this run. */
  readonly source: string | null;
  private readonly values: Float64Array;
  // the window being traded
  private firstDecision = true;
  private stopped = false;
  /** The account's growth over the days it held a position away from the benchmark, this window. */
  private awayGrowth = 1;
  /** The account's value and the position held at the last decision (NaN and -1 before the first). */
  private lastValue = Number.NaN;
  private lastHeld = -1;

  constructor(parts: AgentParts) {
    this.settings = parts.settings;
    this.specs = parts.settings.indicators;
    this.discretizer = parts.discretizer;
    this.q = parts.q;
    this.allowed = parts.allowed ?? new Uint8Array(parts.discretizer.numStates).fill(ALL_ACTIONS);
    this.model = parts.model;
    this.facts = parts.facts;
    this.trainedOn = parts.trainedOn;
    this.source = parts.source ?? null;
    this.values = new Float64Array(this.specs.length);
    if (this.q.length !== this.discretizer.numStates * NUM_POSITIONS || this.allowed.length !== this.discretizer.numStates) {
      throw new Error(`TradingAgent: Q holds ${this.q.length} values and allowed ${this.allowed.length} states for ${this.discretizer.numStates} states`);
    }
  }

  /** Enters a window as the benchmark does (long) when rewards are measured against it. */
  get startsLong(): boolean {
    return this.settings.model === 'exogenous' && this.settings.baseline === 'benchmark';
  }

  /** The benchmark's position: long, or cash when the agent learned against cash. */
  get benchmarkPosition(): number {
    return benchmarkAction(this.settings.baseline);
  }

  /** The default learner guards its trades (STOP_LOSS); the course's Dyna-Q trades Q as it is. */
  get guarded(): boolean {
    return this.settings.model === 'exogenous';
  }

  /** Starts a window: its first decision, no stop yet. */
  begin(): void {
    this.firstDecision = true;
    this.stopped = false;
    this.awayGrowth = 1;
    this.lastValue = Number.NaN;
    this.lastHeld = -1;
  }

  /** The action (0 flat, 1 long, 2 short) for a trading day; null during indicator warm-up. */
  act(day: AgentDay): number | null {
    for (let i = 0; i < this.specs.length; i++) this.values[i] = day.indicator(this.specs[i]!);
    const indicatorState = this.discretizer.indicatorStateOf(this.values);
    if (indicatorState < 0) return null;
    return this.decide(indicatorState, positionIndexOf(day.position), day.value);
  }

  /**
   * The action in a market state holding `positionIndex` with the account worth `value`: the best
   * allowed action by Q, ties kept on the position held. The first decision of a window is made as
   * if holding the benchmark's position when the agent learned against it.
   */
  decide(indicatorState: number, positionIndex: number, value: number): number {
    const position = this.firstDecision && positionIndex === 0 && this.startsLong ? 1 : positionIndex;
    this.firstDecision = false;
    const benchmark = this.benchmarkPosition;
    if (this.guarded) {
      if (this.stopped) return benchmark;
      // Since the last decision the account paid the trade made then and held `position`: the
      // interval counts when either end was away (entering, holding, or leaving: the exit's costs).
      if ((this.isAway(position) || this.isAway(this.lastHeld)) && this.lastValue > 0) this.awayGrowth *= value / this.lastValue;
      this.lastValue = value;
      this.lastHeld = position;
      if (this.awayGrowth < 1 - STOP_LOSS) {
        this.stopped = true;
        return benchmark;
      }
    }
    return bestAllowed(this.q, this.allowed, this.discretizer.stateId(indicatorState, position), position);
  }

  /** True for a position held (>= 0; -1: none yet) that is not the benchmark's. */
  private isAway(held: number): boolean {
    return held >= 0 && held !== this.benchmarkPosition;
  }

  /**
   * The greedy policy with readable state labels, visits per state when known, and a note per
   * market state appended to its label (e.g. the ensemble's agreement).
   */
  policy(visits: Float64Array | null = null, notes: readonly string[] | null = null): LearnedPolicy {
    const actions = new Int32Array(this.discretizer.numStates);
    for (let s = 0; s < actions.length; s++) actions[s] = bestAllowed(this.q, this.allowed, s, s % NUM_POSITIONS);
    return describePolicy(this.discretizer, actions, visits, notes);
  }

  /** The agent as the JSON of agent.json. */
  toJson(): string {
    return JSON.stringify({
      format: 'dynaq-agent',
      version: 2,
      settings: this.settings,
      trainedOn: this.trainedOn,
      discretizer: this.discretizer.toJSON(),
      q: Array.from(this.q),
      allowed: Array.from(this.allowed),
      model: this.model?.toJSON() ?? null,
      facts: this.facts,
    });
  }

  /**
   * An agent from a saved `agent.json`: the same settings, bin edges, Q and model, so it tests
   * exactly like the run that saved it. Every field is checked; a damaged file is one line naming it.
   * Version 1 files (their Q inside a saved learner) load too.
   */
  static fromJson(text: string, source: string): TradingAgent {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UserError(`${source}: not valid JSON (${printable((error as Error).message)}).`);
    }
    const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    if (record.format !== 'dynaq-agent' || (record.version !== 1 && record.version !== 2)) {
      throw new UserError(`${source}: not a dynaq agent file (expected "format": "dynaq-agent", "version": 1 or 2).`);
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
    const specs = canonicalSpecs(settings.indicators, `${source} settings.indicators`);
    if (discretizer.names.join(',') !== specs.join(',')) {
      throw new UserError(`${source}: the discretizer's indicators (${discretizer.names.join(', ')}) differ from settings.indicators (${specs.join(', ')}).`);
    }
    const pairs = discretizer.numStates * NUM_POSITIONS;
    const numbers = (value: unknown, field: string, length: number): number[] => {
      if (!Array.isArray(value) || value.length !== length || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new UserError(`${source}: field '${field}' must be a list of ${length} finite numbers (the discretizer has ${discretizer.numStates} states x ${NUM_POSITIONS} actions).`);
      }
      return value as number[];
    };
    const learner = (typeof record.learner === 'object' && record.learner !== null ? record.learner : {}) as Record<string, unknown>;
    const q = Float64Array.from(numbers(record.version === 1 ? learner.q : record.q, record.version === 1 ? 'learner.q' : 'q', pairs));
    const allowed = record.version === 1 ? null : Uint8Array.from(numbers(record.allowed, 'allowed', discretizer.numStates));
    if (allowed !== null && !allowed.every((bits) => bits > 0 && bits <= ALL_ACTIONS)) throw new UserError(`${source}: field 'allowed' must hold action masks in 1..${ALL_ACTIONS}.`);
    const model = record.version === 2 && record.model !== null ? FactoredModel.fromJSON(record.model, `${source} model`) : null;
    if (model !== null && model.numPairs !== pairs) throw new UserError(`${source}: the model has ${model.numPairs} pairs, the discretizer ${pairs}.`);
    const facts = (record.version === 2 && typeof record.facts === 'object' && record.facts !== null ? record.facts : {}) as Record<string, JsonValue>;
    return new TradingAgent({ settings: { ...settings, indicators: specs }, discretizer, q, allowed, model, facts, trainedOn: readTrainedOn(record.trainedOn, source), source });
  }
}

/** The best action of `state` among its allowed ones; a tie keeps `held` (an unknown situation does not trade). */
export function bestAllowed(q: Float64Array, allowed: Uint8Array, state: number, held: number): number {
  const bits = allowed[state]!;
  let best = (bits >> held) & 1 ? held : -1;
  let bestValue = best < 0 ? -Infinity : q[state * NUM_POSITIONS + held]!;
  for (let action = 0; action < NUM_POSITIONS; action++) {
    if (!((bits >> action) & 1)) continue;
    const value = q[state * NUM_POSITIONS + action]!;
    if (value > bestValue) {
      best = action;
      bestValue = value;
    }
  }
  return best;
}

function canonicalSpecs(specs: readonly string[], source: string): string[] {
  return specs.length === 0 ? [] : parseIndicatorList(specs.join(','), source).map(formatIndicatorSpec);
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

export function describePolicy(discretizer: Discretizer, policy: Int32Array, visits: Float64Array | null, notes: readonly string[] | null = null): LearnedPolicy {
  const stateLabels: string[] = [];
  for (let id = 0; id < discretizer.numStates; id++) {
    const { bins, positionIndex } = discretizer.decodeState(id);
    const parts = bins.map((bin, i) => `${discretizer.names[i]}=${bin + 1}/${discretizer.radices[i]}`);
    const note = notes?.[Math.floor(id / discretizer.numPositions)];
    stateLabels.push(`${parts.length > 0 ? parts.join(' ') : 'any market'}${note ? ` (${note})` : ''} | ${ACTION_LABELS[positionIndex]}`);
  }
  return { stateLabels, actionLabels: [...ACTION_LABELS], actions: Array.from(policy), ...(visits ? { visits: Array.from(visits) } : {}) };
}
