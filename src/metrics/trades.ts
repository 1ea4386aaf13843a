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
}

/**
 * A closed round trip. Like backtesting.py, every order that opens or adds to a position opens
 * its own trade; an order against the position closes open trades first-in-first-out (splitting
 * one when it closes only part of it) and opens a new trade with any remainder (a reversal).
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
  const close = (symbol: string, lot: OpenLot, shares: number, dayIndex: number, price: number, exitCost: number, atEnd: boolean) => {
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
      closedAtEnd: atEnd,
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
      close(fill.symbol, lot, closedShares, fill.dayIndex, fill.price, costPerShare * closing, false);
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
    for (const lot of lots) close(symbol, lot, lot.shares, finalDayIndex, price, 0, true);
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
