import type { Broker } from '../broker/broker.js';
import type { OrderFill, OrderRejection } from '../broker/execute.js';
import { createBroker, type TradingSetup } from '../broker/setup.js';
import { OrderBook, readDecision, type DecisionOrders } from '../broker/orders.js';
import type { MarketWindow } from '../data/window.js';
import { computeStats, type PortfolioStats } from '../metrics/stats.js';
import { DayCursor } from '../strategy/day.js';
import type { StrategyInstance } from '../strategy/instance.js';

/** A strategy's trades over one window, executed by the broker and measured. */
export interface WindowRun {
  /** Shares traded per day of the window (index 0 = first day), the wipe-out's closing trade included. */
  readonly trades: Float64Array;
  /** Portfolio value at each day's close. */
  readonly values: Float64Array;
  /** Shares held after each day's orders. */
  readonly holdings: Float64Array;
  readonly fills: readonly OrderFill[];
  /**
   * Orders the broker refused (a position limit, buying power with --on-excess refuse, a fill the
   * model cannot make), each with its reason. Orders cut to what buying power allows are fills
   * with `requestedShares`.
   */
  readonly rejections: readonly OrderRejection[];
  /** The day the account was wiped out (value at or below 0; positions closed, no more trades), or null. */
  readonly wipedOutOn: string | null;
}

/** The orders of day t (a market order, a bracket, entries for the book), given the account before t's decision. */
type TradeRule = (t: number, broker: Broker, symbolIndex: number, pendingOrders: number) => DecisionOrders;

/**
 * Runs a window day by day through a fresh broker: on each day but the last, `tradeOn` says what
 * to trade; the broker fills it by the setup's fill model. The day the portfolio value reaches 0
 * or less, the account is wiped out: positions are closed at that day's adjusted close and
 * nothing more is traded in the window (backtesting.py stops the same way).
 */
function runWindow(window: MarketWindow, setup: TradingSetup, tradeOn: TradeRule): WindowRun {
  const broker = createBroker(window.table, setup);
  const symbolIndex = broker.symbolIndex(window.symbol);
  if (symbolIndex < 0) throw new Error(`price table has no ${window.symbol}`);
  const days = window.to - window.from + 1;
  const trades = new Float64Array(days);
  const values = new Float64Array(days);
  const holdings = new Float64Array(days);
  let wipedOut = -1;
  const recordBeforeOrders = broker.fillModel.settlementLagDays > 0;
  // With closeAtEnd the position is closed by the window's last fill: an order on the day whose fill
  // lands on the last day (next-open: the day before it; close: the last day itself).
  const closingDay = setup.closeAtEnd ? window.to - broker.fillModel.settlementLagDays : -1;
  // Limit, stop, stop-loss and take-profit orders wait here, filled bar by bar.
  const book = new OrderBook(broker, symbolIndex);
  // The wipe-out rule is the broker's; the closing fills count as the day's trades.
  const wipeOutIfInsolvent = (t: number): void => {
    const closed = broker.wipeOutIfInsolvent(t);
    if (closed === null) return;
    book.cancelAll();
    for (const fill of closed) if (fill.symbolIndex === symbolIndex) trades[t - window.from] += fill.shares;
    wipedOut = t;
  };

  const series = window.table.series.get(window.symbol)!;
  const fillFromBook = (t: number) => {
    if (book.pending === 0) return;
    const bar = { open: series.adjOpen[t]!, high: series.adjHigh[t]!, low: series.adjLow[t]! };
    for (const fill of book.processBar(t, bar)) trades[t - window.from] += fill.shares;
  };

  for (let t = window.from; t <= window.to; t++) {
    const row = t - window.from;
    if (wipedOut < 0) fillFromBook(t); // the day's bar: limit, stop, stop-loss and take-profit orders
    if (wipedOut < 0) wipeOutIfInsolvent(t); // the day's prices alone may finish the account
    if (recordBeforeOrders) values[row] = broker.valueAt(t);
    if (wipedOut < 0 && (t < window.to || t === closingDay)) {
      const orders = t === closingDay ? CLOSE_ALL(setup) : tradeOn(t, broker, symbolIndex, book.pending);
      if (orders.cancel) book.cancelAll();
      if (orders.market !== 0) {
        const result = broker.submit(t, symbolIndex, orders.market);
        if (result.status === 'filled') {
          trades[row] += result.shares;
          book.settle();
          book.protect(orders.marketBracket, t + 1);
        }
      }
      book.place(orders, t);
      if (!recordBeforeOrders) wipeOutIfInsolvent(t); // so may the day's own trade
    }
    if (!recordBeforeOrders) values[row] = broker.valueAt(t);
    holdings[row] = broker.holdings[symbolIndex]!;
  }
  return {
    trades,
    values,
    holdings,
    fills: broker.fills.slice(),
    rejections: broker.rejections.slice(),
    wipedOutOn: wipedOut < 0 ? null : window.table.dates[wipedOut]!,
  };
}

/**
 * Runs a strategy over a window: `begin`, then `decide` on every day but the last. The trade is
 * computed from the broker's own account and the day's price, never from what the strategy was
 * shown (it cannot change what it trades on by writing to its day).
 */
export function runStrategy(strategy: StrategyInstance, window: MarketWindow, setup: TradingSetup): WindowRun {
  strategy.begin(window, setup);
  const day = new DayCursor(window, strategy.indicators, strategy.name);
  return runWindow(window, setup, (t, broker, symbolIndex, pendingOrders) => {
    day.moveTo(t, broker, symbolIndex, pendingOrders);
    const decision = strategy.decide(day, day.dateCode);
    return readDecision(decision, broker.holdings[symbolIndex]!, setup.sizing, `strategy '${strategy.name}' decide() on ${window.table.dates[t]}`);
  });
}

/** Executes fixed trades (shares per day of the window, index 0 = first day), with the same wipe-out rule. */
export function executeTrades(window: MarketWindow, setup: TradingSetup, trades: Float64Array): WindowRun {
  return runWindow(window, setup, (t) => ({ market: trades[t - window.from]!, marketBracket: null, entries: [], entryDays: [], cancel: false }));
}

/** The orders of the closing day of --close-at-end: cancel what waits, go flat. */
function CLOSE_ALL(setup: TradingSetup): DecisionOrders {
  return { market: { direction: 0, sizing: setup.sizing }, marketBracket: null, entries: [], entryDays: [], cancel: true };
}

/** Statistics of a run, with the benchmark's values beside it for the buy-and-hold return. */
export function measureRun(window: MarketWindow, run: WindowRun, benchmarkValues: Float64Array): PortfolioStats {
  const dates = window.table.dates.slice(window.from, window.to + 1);
  const lastPrice = window.table.series.get(window.symbol)!.adjClose[window.to]!;
  return computeStats(run.values, {
    dates,
    fills: run.fills,
    dayOffset: window.from,
    finalPrices: new Map([[window.symbol, lastPrice]]),
    benchmark: benchmarkValues,
    wipedOutOn: run.wipedOutOn,
  });
}
