import type { Decision } from '../broker/orders.js';
import type { TradingSetup } from '../broker/setup.js';
import type { JsonValue, ParamValue } from '../values.js';

export type { Decision } from '../broker/orders.js';

/**
 * One trading day as a strategy sees it when it decides: today's prices and what it holds, and
 * nothing later. Every field is read-only (assigning one throws); the engine trades on its own
 * copies, never on what a strategy did to this object. Prices are adjusted (open/high/low scaled by
 * Adj Close / Close), so `close` is the price every trade and valuation uses.
 */
export interface Day {
  readonly symbol: string;
  /** ISO date, yyyy-MM-dd. */
  readonly date: string;
  /** Day number within the window being traded (0 = its first day). */
  readonly index: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Shares held before today's decision (negative = short). */
  readonly position: number;
  readonly cash: number;
  /** Portfolio value at today's close, before today's trade. */
  readonly value: number;
  /** Orders waiting in the book (limit and stop entries, a stop-loss, a take-profit). */
  readonly pendingOrders: number;
  /**
   * The last `n` adjusted closes up to and including today, oldest first (fewer at the start of the
   * data): a view of the strategy's own copy of the days so far (nothing after today is in it;
   * writing to it changes only that copy).
   */
  closes(n: number): Float64Array;
  /** The last `n` values of a price column (`open`, `high`, `low`, `close`, `volume`) up to and including today, as `closes`. */
  series(column: PriceColumn, n: number): Float64Array;
  /** Today's value of an indicator the strategy declared in `indicators` (NaN during its warm-up). */
  indicator(spec: string): number;
}

export type PriceColumn = 'open' | 'high' | 'low' | 'close' | 'volume';

/**
 * The prices a strategy may see at once: one symbol's days from the start of its data up to a last
 * visible day, never later. `train` gets the history up to the last day of its training window;
 * `begin` the history up to the first day of the window about to be traded. Arrays are copies.
 */
export interface History {
  readonly symbol: string;
  /** Trading dates, oldest first; the last one is the last day this history may show. */
  readonly dates: readonly string[];
  /** Index (into `dates`) of the first day of the window being trained or traded. */
  readonly windowStart: number;
  /** sha256 of the price file of each symbol the history came from (the calendar's too). */
  readonly dataHashes: Readonly<Record<string, string>>;
  /** A copy of a price column over every date. */
  column(name: PriceColumn): Float64Array;
  /** A copy of an indicator column over every date (NaN during warm-up); any indicator spec. */
  indicator(spec: string): Float64Array;
}

/** What training produced, for reports: one point per epoch and the learned policy. */
export interface TrainingSummary {
  readonly epochs: number;
  /** Why training stopped, e.g. 'policy unchanged for 5 epochs' or 'reached 200 epochs'. */
  readonly stoppedBecause: string;
  /** In-sample cumulative return of the greedy policy after each epoch. */
  readonly learningCurve: readonly number[];
  readonly realSteps: number;
  readonly planningUpdates: number;
  readonly policy: LearnedPolicy | null;
  /** Anything else a learner reports about its training (shown in the report, kept in the JSON). */
  readonly details?: Readonly<Record<string, JsonValue>>;
}

/** Greedy action per state, with labels a person can read. */
export interface LearnedPolicy {
  readonly stateLabels: readonly string[];
  readonly actionLabels: readonly string[];
  readonly actions: readonly number[];
  /** Real visits per state during training (absent for an agent loaded from a file). */
  readonly visits?: readonly number[];
}

export type { JsonValue, ParamValue } from '../values.js';

/** Resolved parameters, every declared one present. */
export type ParamValues = Readonly<Record<string, ParamValue>>;

/** A parameter with its default and, optionally, what it accepts. */
export interface ParamSpec<T extends ParamValue = ParamValue> {
  readonly default: T;
  /** Numbers: the accepted range (inclusive). */
  readonly min?: number;
  readonly max?: number;
  /** Numbers: whole numbers only. */
  readonly integer?: boolean;
  /** Text: the accepted values. */
  readonly choices?: readonly string[];
  readonly description?: string;
}

/** Declared parameters: a plain default (`fast: 10`) or a spec (`fast: { default: 10, min: 2, max: 200 }`). */
export type ParamDeclarations = Readonly<Record<string, ParamValue | ParamSpec>>;

/** What `train` is told besides the history. */
export interface TrainContext<P extends object = ParamValues> {
  readonly setup: TradingSetup;
  readonly params: P;
  /** Report progress (e.g. epochs done of at most `total`); the CLI draws it as a progress bar. */
  readonly progress: (done: number, total: number, detail: string) => void;
}

/** What `begin` is told before a window is traded. */
export interface WindowContext<P extends object = ParamValues> {
  readonly setup: TradingSetup;
  readonly params: P;
  /** The history up to and including the window's first day. */
  readonly history: History;
}

/**
 * What trades: every strategy, built in or from a user's file, is this object. The minimal
 * strategy is `{ name, decide(day) }`. For each backtest the engine makes a fresh instance (a copy
 * of the object, with `this.params` set), calls `train` once on the training window (learning
 * strategies), then for each window `begin` (if any) and `decide` for every day but the last (the
 * last day of a window is valuation only). A decision made on day t is filled by the setup's fill
 * model (close: day t's adjusted close) and sized by its sizing.
 */
export interface Strategy<P extends object = ParamValues> {
  /** Short identifier, used in file names, e.g. "dyna-q". */
  readonly name: string;
  /** A human label, e.g. "Dyna-Q", "Buy & hold" (default: the name). */
  readonly label?: string;
  /** Parameters with their defaults; `--param name=value`, `--grid name=a,b` and `optimize` set them. */
  readonly params?: ParamDeclarations;
  /** Indicator specs `decide` reads with `day.indicator(spec)`, e.g. ['sma-ratio:20', 'rsi:14'], or a function of the params. */
  readonly indicators?: readonly string[] | ((params: P) => readonly string[]);
  /** Learns from the history up to the last day of the training window. Returns what the reports show of training. */
  train?(history: History, context: TrainContext<P>): TrainingSummary | null | void;
  /** Called before a window is traded, with the history up to the window's first day. */
  begin?(context: WindowContext<P>): void;
  /** Today's target: 'long', 'short', 'flat', a signed number of shares, or null to keep the position. */
  decide(day: Day, params: P): Decision;
  /** Settings to log with every run (default: the params). */
  describe?(params: P): Readonly<Record<string, JsonValue>>;
  /** What training learned, as JSON a later run can load (reports save it as agent.json). */
  agentJson?(): string | null;
  /** Takes back what `agentJson` saved (`--agent FILE`): the instance then trades as the run that saved it. */
  restore?(saved: string, source: string): void;
}
