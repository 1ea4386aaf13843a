import type { Decision } from '../broker/sizing.js';
import type { TradingSetup } from '../broker/setup.js';
import type { MarketWindow } from '../data/window.js';

export type { Decision } from '../broker/sizing.js';

/**
 * One trading day as a strategy sees it when it decides: today's prices and what it holds, and
 * nothing later. The object is reused from day to day: read it during `decide`, do not keep it.
 * Prices are adjusted (open/high/low scaled by Adj Close / Close), so `close` is the price every
 * trade and valuation uses.
 */
export interface Day {
  readonly symbol: string;
  /** ISO date, yyyy-MM-dd. */
  readonly date: string;
  /** Day number within the window being traded (0 = its first day). */
  readonly index: number;
  /** Index of the day in the price table (history before the window included). */
  readonly dayIndex: number;
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
  /** The last `n` adjusted closes up to and including today, oldest first (fewer at the start of the data). A copy. */
  closes(n: number): Float64Array;
  /** Today's value of an indicator the strategy declared in `indicators` (NaN during its warm-up). */
  indicator(spec: string): number;
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
}

/** Greedy action per state, with labels a person can read. */
export interface LearnedPolicy {
  readonly stateLabels: readonly string[];
  readonly actionLabels: readonly string[];
  readonly actions: readonly number[];
  /** Real visits per state during training (absent for an agent loaded from a file). */
  readonly visits?: readonly number[];
}

/**
 * What trades: every strategy, built in or from a user's file, is this object. The minimal
 * strategy is `{ name, decide(day) }`. The backtest calls `train` once on the training window
 * (learning strategies), then for each window `begin` (if any) and `decide` for every day but
 * the last (the last day of a window is valuation only). A decision made on day t is filled by
 * the setup's fill model (close: day t's adjusted close) and sized by its sizing.
 */
export interface Strategy {
  /** Short identifier, used in file names, e.g. "dyna-q". */
  readonly name: string;
  /** A human label, e.g. "Dyna-Q", "Buy & hold" (default: the name). */
  readonly label?: string;
  /** Indicator specs `decide` reads with `day.indicator(spec)`, e.g. ['sma-ratio:20', 'rsi:14']. */
  readonly indicators?: readonly string[];
  /** The seed of the strategy's random generator, if it has one (reports and run names show it). */
  readonly seed?: number | null;
  /**
   * Learns from a window. The window's price table ends at its last day: later prices are absent.
   * Returns what the reports show of training, or nothing.
   */
  train?(window: MarketWindow, setup: TradingSetup): TrainingSummary | null | void;
  /**
   * Called before a window is traded, with that window (its table may hold days after the window,
   * so use it only for causal precomputation, e.g. indicator states). Built-in strategies use it;
   * most user strategies need only `decide`.
   */
  begin?(window: MarketWindow, setup: TradingSetup): void;
  /** Today's target: 'long', 'short', 'flat', a signed number of shares, or null to keep the position. */
  decide(day: Day): Decision;
  /** Settings to log with every run (learner parameters, indicators, ...). */
  describe?(): Record<string, unknown>;
  /** What training learned, as JSON a later run can load (reports save it as agent.json). */
  agentJson?(): string | null;
}

/** The label a report shows for a strategy. */
export function strategyLabel(strategy: Strategy): string {
  return strategy.label ?? strategy.name;
}
