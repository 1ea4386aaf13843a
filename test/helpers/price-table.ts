import { expect } from 'vitest';
import type { PriceTable, SymbolSeries } from '../../src/data/types.js';

export interface SymbolPrices {
  readonly adjClose: readonly number[];
  /** Defaults to adjClose. */
  readonly adjOpen?: readonly number[];
  /** Default: the larger (smaller) of open and close. */
  readonly adjHigh?: readonly number[];
  readonly adjLow?: readonly number[];
}

/** Builds a PriceTable by hand: dates ascending, every series the same length as `dates`. */
export function makePriceTable(dates: readonly string[], prices: Record<string, SymbolPrices | readonly number[]>): PriceTable {
  const series = new Map<string, SymbolSeries>();
  for (const [symbol, given] of Object.entries(prices)) {
    const spec: SymbolPrices = Array.isArray(given) ? { adjClose: given } : (given as SymbolPrices);
    if (spec.adjClose.length !== dates.length) throw new Error(`${symbol}: ${spec.adjClose.length} prices for ${dates.length} dates`);
    const adjClose = Float64Array.from(spec.adjClose);
    const adjOpen = Float64Array.from(spec.adjOpen ?? spec.adjClose);
    series.set(symbol, {
      adjClose,
      adjOpen,
      adjHigh: spec.adjHigh ? Float64Array.from(spec.adjHigh) : Float64Array.from(adjClose, (c, i) => Math.max(c, adjOpen[i]!)),
      adjLow: spec.adjLow ? Float64Array.from(spec.adjLow) : Float64Array.from(adjClose, (c, i) => Math.min(c, adjOpen[i]!)),
      volume: new Float64Array(dates.length).fill(1000),
      filled: 0,
    });
  }
  return {
    dates: [...dates],
    symbols: Object.keys(prices),
    series,
    calendar: 'SPY',
    dataDir: '(in memory)',
    sources: new Map(),
  };
}

/** `count` consecutive ISO dates starting 2020-01-01 (weekends included; only order matters here). */
export function isoDays(count: number, start = Date.UTC(2020, 0, 1)): string[] {
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** Money compared with a tolerance (never `===` on floats): each element within 1e-9 relative. */
export function closeToAll(expected: readonly number[]): number[] {
  return expected.map((x) => expect.closeTo(x, Math.max(9 - Math.ceil(Math.log10(Math.max(1, Math.abs(x)))), 3)) as number);
}
