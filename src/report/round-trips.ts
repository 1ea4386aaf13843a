import type { AnyBacktestResult, StrategyResult, WindowResult } from '../backtest/run.js';
import { closedTrades } from '../metrics/trades.js';
import { toCsv } from './csv.js';
import type { RoundTrip } from './model.js';

const DAY_MS = 86_400_000;

/**
 * The round trips of one strategy in one window of a backtest, from its fills (matched FIFO, as
 * the statistics count them); a position still open at the window's end is valued at its last
 * adjusted close and listed with exit reason `end`.
 */
export function windowRoundTrips(result: AnyBacktestResult, window: WindowResult, entry: StrategyResult): RoundTrip[] {
  const { table } = result;
  const symbol = result.config.symbol;
  const to = table.dates.indexOf(window.end);
  if (to < 0) throw new Error(`window end ${window.end} is not a trading day of the table`);
  const lastPrice = table.series.get(symbol)!.adjClose[to]!;
  return closedTrades(entry.run.fills, new Map([[symbol, lastPrice]]), to).map((trade) => {
    const entryDate = table.dates[trade.entryDayIndex]!;
    const exitDate = table.dates[trade.exitDayIndex]!;
    return {
      symbol: trade.symbol,
      shares: trade.shares,
      entryDate,
      entryPrice: trade.entryPrice,
      exitDate,
      exitPrice: trade.exitPrice,
      costs: trade.costs,
      profit: trade.profit,
      returnFraction: trade.returnFraction,
      tradingDays: trade.exitDayIndex - trade.entryDayIndex,
      calendarDays: Math.round((Date.parse(`${exitDate}T00:00:00Z`) - Date.parse(`${entryDate}T00:00:00Z`)) / DAY_MS),
      exitReason: trade.exitReason,
    };
  });
}

/** The columns of round-trips.csv, in order (README: Reports). */
export const ROUND_TRIP_CSV_HEADER = [
  'Window', 'Symbol', 'Side', 'Shares', 'EntryDate', 'EntryPrice', 'ExitDate', 'ExitPrice',
  'Costs', 'Profit', 'ReturnFraction', 'TradingDays', 'CalendarDays', 'ExitReason',
] as const;

/** round-trips.csv: one row per round trip of the strategy under test, window by window. */
export function roundTripsCsv(windows: readonly { readonly name: string; readonly trades: readonly RoundTrip[] }[]): string {
  return toCsv(
    ROUND_TRIP_CSV_HEADER,
    windows.flatMap((window) =>
      window.trades.map((trade) => [
        window.name, trade.symbol, trade.shares > 0 ? 'long' : 'short', Math.abs(trade.shares), trade.entryDate, trade.entryPrice,
        trade.exitDate, trade.exitPrice, trade.costs, trade.profit, trade.returnFraction, trade.tradingDays, trade.calendarDays, trade.exitReason,
      ]),
    ),
  );
}

/** The round trips of the strategy under test in every window, by its key: summary.json's and `--json`'s `roundTrips`. */
export function backtestRoundTrips(result: AnyBacktestResult): Readonly<Record<string, RoundTrip[]>> {
  return Object.fromEntries(result.windows.map((window) => [window.key, windowRoundTrips(result, window.result, window.result.subject)]));
}
