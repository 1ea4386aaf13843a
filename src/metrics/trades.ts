/**
 * Trade statistics from the list of fills. Fills (not daily holdings) are the input because
 * they carry the exact fill price and the costs of each order; daily holdings lose both (under a
 * next-open fill the price is not a close at all).
 */

/** One executed order, as the broker reports it (`OrderFill` is assignable to this). */
export interface TradeFill {
  /** Day the fill settled, an index into the value series (after subtracting `dayOffset`). */
  readonly dayIndex: number;
  readonly symbol: string;
  /** Signed: > 0 bought, < 0 sold. */
  readonly shares: number;
  /** Fill price before impact. */
  readonly price: number;
  /** Commission + impact paid on this fill. */
  readonly cost: number;
  /** Why the fill happened (the broker's `FillReason`, e.g. `order` or `wipe-out`); default `order`. */
  readonly reason?: string;
}

/**
 * A closed round trip. Like backtesting.py, every order that opens or adds to a position opens
 * its own trade; an order against the position closes open trades first-in-first-out (splitting
 * one when it closes only part of it) and opens a new trade with any remainder (a reversal).
 * See docs/DOMAIN.md, 5 (trades).
 */
export interface ClosedTrade {
  readonly symbol: string;
  /** Signed size: > 0 long, < 0 short. */
  readonly shares: number;
  readonly entryDayIndex: number;
  readonly exitDayIndex: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Entry and exit costs attributed to these shares (pro rata to the shares of each fill). */
  readonly costs: number;
  /** shares * (exitPrice - entryPrice) - costs. */
  readonly profit: number;
  /** profit / (|shares| * entryPrice): the trade's return net of its costs. */
  readonly returnFraction: number;
  /** True when the position was still open at the end and closed at the last price (no exit cost). */
  readonly closedAtEnd: boolean;
  /**
   * What closed it: the exit fill's reason (`order`, `wipe-out`, a stop...), or `end` for a
   * position still open at the end (closed at the last price for the statistics only).
   */
  readonly exitReason: string;
}

interface OpenLot {
  shares: number;
  readonly entryDayIndex: number;
  readonly entryPrice: number;
  /** Entry cost per share of this lot. */
  readonly costPerShare: number;
}

/**
 * Matches fills into closed trades per symbol (FIFO). Positions still open after the last fill
 * are closed at `finalPrices.get(symbol)` on `finalDayIndex`, for statistics only.
 */
export function closedTrades(
  fills: readonly TradeFill[],
  finalPrices: ReadonlyMap<string, number>,
  finalDayIndex: number,
): ClosedTrade[] {
  const trades: ClosedTrade[] = [];
  const lotsBySymbol = new Map<string, OpenLot[]>();
  const close = (symbol: string, lot: OpenLot, shares: number, dayIndex: number, price: number, exitCost: number, exitReason: string) => {
    const costs = lot.costPerShare * Math.abs(shares) + exitCost;
    const profit = shares * (price - lot.entryPrice) - costs;
    trades.push({
      symbol,
      shares,
      entryDayIndex: lot.entryDayIndex,
      exitDayIndex: dayIndex,
      entryPrice: lot.entryPrice,
      exitPrice: price,
      costs,
      profit,
      returnFraction: profit / (Math.abs(shares) * lot.entryPrice),
      closedAtEnd: exitReason === 'end',
      exitReason,
    });
  };

  for (const fill of fills) {
    if (fill.shares === 0) continue;
    let lots = lotsBySymbol.get(fill.symbol);
    if (!lots) lotsBySymbol.set(fill.symbol, (lots = []));
    const costPerShare = fill.cost / Math.abs(fill.shares);
    let remaining = fill.shares;
    // Close open lots of the opposite sign, oldest first.
    while (remaining !== 0 && lots.length > 0 && Math.sign(lots[0]!.shares) !== Math.sign(remaining)) {
      const lot = lots[0]!;
      const closing = Math.min(Math.abs(remaining), Math.abs(lot.shares));
      const closedShares = Math.sign(lot.shares) * closing;
      close(fill.symbol, lot, closedShares, fill.dayIndex, fill.price, costPerShare * closing, fill.reason ?? 'order');
      lot.shares -= closedShares;
      remaining += closedShares;
      if (lot.shares === 0) lots.shift();
    }
    if (remaining !== 0) {
      lots.push({ shares: remaining, entryDayIndex: fill.dayIndex, entryPrice: fill.price, costPerShare });
    }
  }

  for (const [symbol, lots] of lotsBySymbol) {
    if (lots.length === 0) continue;
    const price = finalPrices.get(symbol);
    if (price === undefined) throw new Error(`no final price to close the open position in ${symbol}`);
    for (const lot of lots) close(symbol, lot, lot.shares, finalDayIndex, price, 0, 'end');
  }
  trades.sort((a, b) => a.exitDayIndex - b.exitDayIndex || a.entryDayIndex - b.entryDayIndex);
  return trades;
}

/**
 * Fraction of the `dayCount` days (0-based, after `dayOffset`) whose closing position is non-zero
 * in at least one symbol. Fills must be in execution order.
 */
export function exposureTime(fills: readonly TradeFill[], dayCount: number, dayOffset = 0): number | null {
  if (dayCount <= 0) return null;
  const position = new Map<string, number>();
  let openSymbols = 0;
  let exposedDays = 0;
  let next = 0;
  for (let day = 0; day < dayCount; day++) {
    while (next < fills.length && fills[next]!.dayIndex - dayOffset <= day) {
      const fill = fills[next++]!;
      const before = position.get(fill.symbol) ?? 0;
      const after = before + fill.shares;
      position.set(fill.symbol, after);
      if (before === 0 && after !== 0) openSymbols++;
      if (before !== 0 && after === 0) openSymbols--;
    }
    if (openSymbols > 0) exposedDays++;
  }
  return exposedDays / dayCount;
}

/**
 * Orders that take a strategy away from the benchmark: days on which it traded and afterwards
 * held a different direction (long, short or flat) than the benchmark held that day. Joining the
 * benchmark's position late is not one; going flat, short, or back after leaving it is. Arrays
 * are per day of one window: the strategy's traded shares and both holdings after the day's orders.
 */
export function ordersAwayFromBenchmark(trades: ArrayLike<number>, holdings: ArrayLike<number>, benchmarkHoldings: ArrayLike<number>): number {
  let orders = 0;
  for (let day = 0; day < trades.length; day++) {
    if (trades[day] !== 0 && Math.sign(holdings[day]!) !== Math.sign(benchmarkHoldings[day]!)) orders++;
  }
  return orders;
}

/**
 * Statistics of a list of closed trades (every field null without trades). Profits are money
 * after costs, returns are `returnFraction`s, durations count trading days (exit - entry index).
 */
export interface TradeStatistics {
  readonly trades: number;
  /** Trades with profit > 0 (after costs) / trades. */
  readonly winRate: number | null;
  /** Highest trade return: profit / (|shares| x entry price), net of costs. */
  readonly bestTrade: number | null;
  /** Lowest trade return. */
  readonly worstTrade: number | null;
  /** Mean trade return (arithmetic; backtesting.py's "Expectancy [%]"). */
  readonly averageTrade: number | null;
  /** exp(mean(log(1 + r))) - 1 of the trade returns r (backtesting.py's "Avg. Trade"); null when some r <= -1. */
  readonly geometricAverageTrade: number | null;
  /** Sum of the profits of winning trades / |sum of the losses of losing trades|, in money after costs; null without a loss. */
  readonly profitFactor: number | null;
  /** Mean profit per trade in money after costs: the expectancy. */
  readonly averageTradeProfit: number | null;
  /** System quality number sqrt(N) x mean(profit) / std(profit) (sample std, divisor N-1), in money; null for N < 2 or equal profits. */
  readonly sqn: number | null;
  /** Kelly criterion W - (1 - W) / (mean win / mean |loss|), W the win rate, in money; null without a win or without a loss. */
  readonly kellyCriterion: number | null;
  /** Mean trade duration in trading days (exit day - entry day). */
  readonly averageTradeDurationDays: number | null;
  /** Longest trade duration in trading days. */
  readonly maxTradeDurationDays: number | null;
}

export function tradeStatistics(trades: readonly ClosedTrade[]): TradeStatistics {
  const n = trades.length;
  if (n === 0) {
    return {
      trades: 0, winRate: null, bestTrade: null, worstTrade: null, averageTrade: null, geometricAverageTrade: null,
      profitFactor: null, averageTradeProfit: null, sqn: null, kellyCriterion: null, averageTradeDurationDays: null, maxTradeDurationDays: null,
    };
  }
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let returnSum = 0;
  let logSum = 0;
  let geometricDefined = true;
  let profitSum = 0;
  let best = -Infinity;
  let worst = Infinity;
  let durationSum = 0;
  let longest = 0;
  for (const trade of trades) {
    const r = trade.returnFraction;
    if (trade.profit > 0) {
      wins++;
      grossProfit += trade.profit;
    } else if (trade.profit < 0) {
      losses++;
      grossLoss -= trade.profit;
    }
    returnSum += r;
    if (1 + r > 0) logSum += Math.log1p(r);
    else geometricDefined = false;
    profitSum += trade.profit;
    best = Math.max(best, r);
    worst = Math.min(worst, r);
    const duration = trade.exitDayIndex - trade.entryDayIndex;
    durationSum += duration;
    longest = Math.max(longest, duration);
  }
  const meanProfit = profitSum / n;
  let squares = 0;
  for (const trade of trades) squares += (trade.profit - meanProfit) ** 2;
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const winRate = wins / n;
  return {
    trades: n,
    winRate,
    bestTrade: best,
    worstTrade: worst,
    averageTrade: returnSum / n,
    geometricAverageTrade: geometricDefined ? Math.expm1(logSum / n) : null,
    profitFactor: losses > 0 ? grossProfit / grossLoss : null,
    averageTradeProfit: meanProfit,
    // equal profits: a spread of float noise is no spread
    sqn: n > 1 && std > 1e-12 * Math.max(1, Math.abs(meanProfit)) ? (Math.sqrt(n) * meanProfit) / std : null,
    kellyCriterion: wins > 0 && losses > 0 ? winRate - (1 - winRate) / (grossProfit / wins / (grossLoss / losses)) : null,
    averageTradeDurationDays: durationSum / n,
    maxTradeDurationDays: longest,
  };
}
