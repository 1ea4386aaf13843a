import { inspect } from 'node:util';
import type { TradingSetup } from '../broker/setup.js';
import type { Decision } from '../broker/orders.js';
import type { MarketWindow } from '../data/window.js';
import { firstLineOf, isUserError, UserError } from '../errors.js';
import type { Day, JsonValue, ParamValue, ParamValues, Strategy, TrainContext, TrainingSummary } from './contract.js';
import { canonicalIndicators, dateCode } from './day.js';
import { HistoryView } from './history.js';
import { paramDefinitions, resolveParams, type ParamDefinition } from './params.js';

/**
 * The strategy the engine runs: one fresh instance of a strategy definition per backtest, with its
 * parameters resolved, every call into the strategy's code guarded, and what it is shown cut at
 * the decision day. Whatever the strategy keeps on `this` belongs to this instance alone.
 */
export interface StrategyInstance {
  readonly name: string;
  readonly label: string;
  readonly params: ParamValues;
  /** Canonical indicator specs `decide` may read. */
  readonly indicators: readonly string[];
  /** The `seed` parameter when the strategy declares one (reports and run names show it). */
  readonly seed: number | null;
  /** Where the strategy came from, for messages (`--strategy ./x.mjs`, `built-in dyna-q`). */
  readonly origin: string;
  /** True when it trains (has train()): its in-sample decisions are fitted to the whole training window by design. */
  readonly learns: boolean;
  train(window: MarketWindow, setup: TradingSetup, progress?: TrainContext['progress']): TrainingSummary | null;
  begin(window: MarketWindow, setup: TradingSetup): void;
  /** `code`: the day as yyyymmdd, when the caller has it (the watchdog's mark; default: from day.date). */
  decide(day: Day, code?: number): Decision;
  /** Settings to log: the strategy's describe(), else its params. */
  describe(): Readonly<Record<string, JsonValue>>;
  agentJson(): string | null;
  /** Loads what an earlier run's agentJson saved; an error when the strategy cannot. */
  restore(saved: string, source: string): void;
}

/** Instances of the engine's own strategies, as the loader made them (not anything that only calls itself `built-in`). */
const engineBuiltIns = new WeakSet<StrategyInstance>();

/** Marks `instance` as one of the engine's own strategies (the loader does, for a built-in source). */
export function markBuiltIn(instance: StrategyInstance): StrategyInstance {
  engineBuiltIns.add(instance);
  return instance;
}

/** True for an instance the loader made of a built-in strategy: code versioned with the engine. */
export function isBuiltIn(instance: StrategyInstance): boolean {
  return engineBuiltIns.has(instance);
}

/** Calls into strategy code, numbered for the watchdog's shared memory. */
export const STRATEGY_CALLS = ['decide()', 'train()', 'begin()', 'describe()', 'agentJson()', 'restore()', 'indicators()', 'its module code'] as const;

/**
 * Where a guarded call stands, for a watchdog in another thread: `enter` when strategy code starts
 * running, `leave` when it returned. A call that never leaves can be stopped from outside.
 */
export interface CallMonitor {
  /** `dateCode`: the day as yyyymmdd (0 for none). */
  enter(call: number, dateCode: number): void;
  leave(): void;
}

const DECIDE = STRATEGY_CALLS.indexOf('decide()');

/** Thrown into strategy code that calls process.exit in a sandboxed run (see sandbox.ts). */
export class StrategyExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`called process.exit(${code})`);
    this.code = code;
  }
}

/** A value as a short, safe description for a message (cycles, getters and huge objects included). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  const text = inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 40, getters: false, customInspect: false });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function firstLine(error: unknown): string {
  if (error instanceof StrategyExit) return error.message;
  let text: string;
  try {
    text = error instanceof Error ? error.message : typeof error === 'string' ? error : describeValue(error);
  } catch {
    text = 'an error that cannot be shown';
  }
  return firstLineOf(text);
}

function isThenable(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

const ORDER_KEYS = ['target', 'side', 'cancel'];

/** A decision the engine accepts (orders are read in detail by the broker's order book), or a one-line error naming what came back. */
function checkDecision(decision: unknown, where: string): Decision {
  if (decision === null || decision === undefined || decision === 'long' || decision === 'short' || decision === 'flat') return decision;
  if (typeof decision === 'number') {
    if (Number.isInteger(decision) && Math.abs(decision) <= 1e12) return decision;
    throw new UserError(`${where} returned ${describeValue(decision)}; a target must be a whole number of shares (within 1e12), 'long', 'short', 'flat' or null.`);
  }
  if (isThenable(decision)) throw new UserError(`${where} returned a Promise; decide() must return its decision synchronously.`);
  const isOrder = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && ORDER_KEYS.some((key) => Object.hasOwn(value, key));
  if (isOrder(decision) || (Array.isArray(decision) && decision.length <= 100 && decision.every(isOrder))) return decision as Decision;
  throw new UserError(
    `${where} returned ${describeValue(decision)}; accepted: 'long', 'short', 'flat', whole shares, null (keep), or orders { target }, { side }, { cancel } (README "Orders").`,
  );
}

/** Copies of the definition's own data fields, so state a strategy keeps on `this` starts fresh in every instance. */
function freshState(definition: object): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const key of Object.keys(definition)) {
    const value = (definition as Record<string, unknown>)[key];
    if (typeof value === 'function' || key === 'params') continue;
    if (value !== null && typeof value === 'object') {
      try {
        state[key] = structuredClone(value);
      } catch {
        state[key] = value; // not clonable (holds functions): shared, as the module is
      }
    }
  }
  return state;
}

export interface InstantiateOptions {
  /** Parameter values over the defaults, typed or as text (`--param fast=12`). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** Names the strategy in messages, e.g. `--strategy ./sma.mjs`. */
  readonly origin: string;
  /** Calls into the strategy report here (a sandboxed run's watchdog). */
  readonly monitor?: CallMonitor;
}

/** The declared parameters of a definition (checked), for `--param` help and grids. */
export function definitionParams<P extends object>(definition: Strategy<P>, origin: string): ParamDefinition[] {
  return paramDefinitions(definition.params, origin);
}

/**
 * A fresh, guarded instance of a strategy definition: `Object.create(definition)` with copies of its
 * own data fields and `params` resolved, so two runs never share state through the strategy object.
 * Exceptions thrown by the strategy's code become one line naming the strategy, the call and the
 * day; a decision that is not one (a Promise, an object, a fraction of a share) is refused.
 */
export function instantiate<P extends object>(typed: Strategy<P>, options: InstantiateOptions): StrategyInstance {
  const definition = typed as unknown as Strategy; // its params are resolved and checked below
  const { origin, monitor } = options;
  const params = resolveParams(definitionParams(definition, origin), options.params ?? {}, origin);
  const self = Object.assign(Object.create(definition) as Strategy & { params: ParamValues }, freshState(definition), { params });
  const name = definition.name;
  const declared = typeof definition.indicators === 'function' ? guardedCall(() => (definition.indicators as (p: ParamValues) => readonly string[]).call(self, params), 'indicators()', '') : (definition.indicators ?? []);
  if (!Array.isArray(declared) || !declared.every((spec) => typeof spec === 'string')) {
    throw new UserError(`${origin}: 'indicators' must be a list of indicator specs such as ['sma-ratio:20', 'rsi:14'].`);
  }
  const indicators = canonicalIndicators(declared, `${origin} indicators`);
  const seed = typeof params.seed === 'number' ? params.seed : null;

  /** What a strategy's call threw, as one line naming the strategy, the call and the day (its own lines pass as they are). */
  function callFailed(error: unknown, call: string, date: string): UserError {
    if (isUserError(error) && error.message.startsWith(`strategy '${name}'`)) return error;
    const when = date === '' ? '' : ` on ${date}`;
    return new UserError(`strategy '${name}' (${origin}) failed in ${call}${when}: ${firstLine(error)}`);
  }

  /** Every call but decide(), which has its own hot path below. */
  function guardedCall<T>(run: () => T, call: string, date: string): T {
    monitor?.enter(STRATEGY_CALLS.indexOf(call as (typeof STRATEGY_CALLS)[number]), dateCode(date));
    try {
      const result = run();
      if (isThenable(result)) throw new UserError(`strategy '${name}' (${origin}): ${call} returned a Promise; it must finish before returning.`);
      return result;
    } catch (error) {
      throw callFailed(error, call, date);
    } finally {
      monitor?.leave();
    }
  }

  return {
    name,
    label: definition.label ?? name,
    params,
    indicators,
    seed,
    origin,
    learns: typeof self.train === 'function',
    train(window, setup, progress = () => {}) {
      if (typeof self.train !== 'function') return null;
      const history = new HistoryView(window.table, window.symbol, window.from, window.to);
      const summary = guardedCall(() => self.train!(history, { setup, params, progress }), 'train()', window.table.dates[window.to]!);
      return summary ?? null;
    },
    begin(window, setup) {
      if (typeof self.begin !== 'function') return;
      const history = new HistoryView(window.table, window.symbol, window.from, window.from);
      guardedCall(() => self.begin!({ setup, params, history }), 'begin()', window.table.dates[window.from]!);
    },
    // the hot path, once a day: no closure, no lookups; the common decisions pass without a check
    decide(day, code) {
      let decision: unknown;
      monitor?.enter(DECIDE, code ?? dateCode(day.date));
      try {
        decision = self.decide(day, params);
      } catch (error) {
        throw callFailed(error, 'decide()', day.date);
      } finally {
        monitor?.leave();
      }
      if (decision === null || decision === undefined || decision === 'long' || decision === 'flat' || decision === 'short') return decision;
      return checkDecision(decision, `strategy '${name}' (${origin}) decide() on ${day.date}`);
    },
    describe() {
      if (typeof self.describe !== 'function') return params as Readonly<Record<string, JsonValue>>;
      return guardedCall(() => self.describe!(params), 'describe()', '');
    },
    agentJson() {
      if (typeof self.agentJson !== 'function') return null;
      return guardedCall(() => self.agentJson!(), 'agentJson()', '');
    },
    restore(saved, source) {
      if (typeof self.restore !== 'function') throw new UserError(`${source}: strategy '${name}' (${origin}) cannot load a saved agent (it has no restore()).`, 2);
      guardedCall(() => self.restore!(saved, source), 'restore()', '');
    },
  };
}
