import { loadBacktestTable, runBacktest, type BacktestConfig } from '../backtest/run.js';
import type { Decision } from '../broker/orders.js';
import type { PriceTable } from '../data/types.js';
import { marketWindow, withLaterPricesChanged } from '../data/window.js';
import { strategyFactory, type StrategySource } from '../loader/load.js';
import type { CallMonitor, StrategyInstance } from '../strategy/instance.js';
import type { ParamValue } from '../values.js';

/**
 * The look-ahead check (freqtrade's lookahead-analysis, as a command): run the strategy once, then
 * again with every price after a cut day t changed, for several t; a decision on a day up to t that
 * differs between the two runs was made with a price it could not have known. Fresh instances
 * every run, training included, so a strategy that learns is checked through its training too.
 */

export interface LookaheadRequest {
  readonly config: BacktestConfig;
  readonly strategy: StrategySource;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Cuts per window (spread over its days). */
  readonly cutsPerWindow: number;
}

export interface ChangedDecision {
  readonly date: string;
  readonly before: string;
  readonly after: string;
}

export interface LookaheadCut {
  /** The last day whose prices stay as they were. */
  readonly cutDate: string;
  readonly window: 'in-sample' | 'out-of-sample';
  /** Decisions up to the cut that changed: each one saw a later price. */
  readonly changedUpToCut: readonly ChangedDecision[];
  /** Decisions after the cut that changed: the change reached the strategy (else the check proves little). */
  readonly changedAfterCut: number;
}

export interface LookaheadReport {
  readonly symbol: string;
  readonly decisions: number;
  readonly cuts: readonly LookaheadCut[];
  /** True when no decision up to any cut changed. */
  readonly passed: boolean;
  /** True when the strategy trains: its in-sample window is its training data, so only the out-of-sample window is cut. */
  readonly learns: boolean;
}

/** Prices after day `t` scaled by a factor that moves from day to day (never 1 for long), volume changed too. */
export function perturbAfter(table: PriceTable, symbol: string, t: number): PriceTable {
  const factor = (day: number) => 1 + 0.25 * Math.sin(day * 0.7 + 1);
  return withLaterPricesChanged(table, symbol, t, (price, day) => price * factor(day));
}

const decisionText = (decision: Decision): string => (decision === null || decision === undefined ? 'keep' : String(decision));

/** The strategy's decisions of both windows, by date, with a fresh instance trained on `table`. */
function decisionsOn(table: PriceTable, request: Omit<LookaheadRequest, 'strategy' | 'params'>, make: () => StrategyInstance, benchmark: () => StrategyInstance): Map<string, string> {
  const log = new Map<string, string>();
  const instance = make();
  const recording: StrategyInstance = {
    ...instance,
    train: (window, setup, progress) => instance.train(window, setup, progress),
    begin: (window, setup) => instance.begin(window, setup),
    decide: (day) => {
      const decision = instance.decide(day);
      log.set(day.date, decisionText(decision));
      return decision;
    },
  };
  runBacktest(request.config, { subject: recording, benchmark: benchmark() }, table);
  return log;
}

export async function checkLookahead(request: LookaheadRequest, monitor?: CallMonitor): Promise<LookaheadReport> {
  const make = await strategyFactory(request.strategy, request.params, monitor);
  const benchmark = await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' });
  return checkLookaheadOf(make, benchmark, request, loadBacktestTable(request.config));
}

/** The check for any factory of instances (the engine's own, or a test's that peeks on purpose). */
export function checkLookaheadOf(
  make: () => StrategyInstance,
  benchmark: () => StrategyInstance,
  request: Omit<LookaheadRequest, 'strategy' | 'params'>,
  table: PriceTable,
): LookaheadReport {
  const { symbol } = request.config;
  const original = decisionsOn(table, request, make, benchmark);
  const learns = make().learns;
  const cuts: LookaheadCut[] = [];
  // A strategy that trains fits its in-sample decisions to the whole training window by design:
  // only cuts after training are a test of causality for it.
  const windows = learns ? ([['out-of-sample', request.config.test]] as const) : ([['in-sample', request.config.train], ['out-of-sample', request.config.test]] as const);
  for (const [name, range] of windows) {
    const window = marketWindow(table, symbol, range, name === 'in-sample' ? '--train' : '--test');
    for (let k = 1; k <= request.cutsPerWindow; k++) {
      const t = window.from + Math.floor(((window.to - window.from) * k) / (request.cutsPerWindow + 1));
      const cutDate = table.dates[t]!;
      const changed = decisionsOn(perturbAfter(table, symbol, t), request, make, benchmark);
      const changedUpToCut: ChangedDecision[] = [];
      let changedAfterCut = 0;
      for (const [date, before] of original) {
        const after = changed.get(date) ?? 'none';
        if (after === before) continue;
        if (date <= cutDate) changedUpToCut.push({ date, before, after });
        else changedAfterCut++;
      }
      cuts.push({ cutDate, window: name, changedUpToCut, changedAfterCut });
    }
  }
  return { symbol, decisions: original.size, cuts, passed: cuts.every((cut) => cut.changedUpToCut.length === 0), learns };
}
