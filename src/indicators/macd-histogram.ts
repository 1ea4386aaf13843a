import type { SymbolSeries } from '../data/types.js';
import { nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type MacdHistogramParams = { readonly fast: number; readonly slow: number; readonly signal: number };

/**
 * MACD histogram divided by the close, so it is scale-free: (MACD - signal) / adjClose, with
 * MACD = EMA_fast - EMA_slow of adjClose and signal = EMA_signal of MACD. Every EMA uses
 * α = 2/(period+1) and is seeded with the simple mean of its first `period` inputs (the usual
 * definition, and the one `technicalindicators` uses with SimpleMAOscillator/SimpleMASignal off).
 *
 * Computed directly (a few lines, no per-day objects) and pinned against the library's EMA-mode
 * MACD in the tests, which agree to 1e-9. The library's EMA tests its seed by truthiness
 * (`if (prevEma)`): a seed of exactly 0 is replaced by α·(that day's input), i.e. the day is
 * counted twice. A signal seed of exactly 0 practically needs a constant MACD line, where both
 * give 0, so this is noted rather than a visible difference.
 * A constant price gives MACD = signal = 0 and a histogram of 0.
 */
export const macdHistogram: Indicator<MacdHistogramParams> = {
  name: 'macd',
  summary: 'MACD histogram (MACD - signal) / adjusted close',
  params: [
    { name: 'fast', description: 'days in the fast EMA', defaultValue: 12, min: 1, max: 1000, integer: true },
    { name: 'slow', description: 'days in the slow EMA (> fast)', defaultValue: 26, min: 2, max: 1000, integer: true },
    { name: 'signal', description: 'days in the signal EMA of the MACD line', defaultValue: 9, min: 1, max: 1000, integer: true },
  ],
  defaults: { fast: 12, slow: 26, signal: 9 },
  constraint: ({ fast, slow }: MacdHistogramParams) =>
    fast < slow ? undefined : `fast (${fast}) must be below slow (${slow})`,
  warmup: ({ slow, signal }) => slow - 1 + signal - 1,
  compute(series: SymbolSeries, params: MacdHistogramParams): Float64Array {
    const { adjClose } = series;
    const { fast, slow, signal } = params;
    const n = adjClose.length;
    const column = nanColumn(n);
    const warmup = macdHistogram.warmup(params);
    if (n <= warmup) return column;
    const fastEma = seededEma(adjClose, fast);
    const slowEma = seededEma(adjClose, slow);
    const macdLine = new Float64Array(n).fill(Number.NaN);
    for (let t = slow - 1; t < n; t++) macdLine[t] = fastEma[t]! - slowEma[t]!;
    // The signal EMA runs over the MACD line, which starts on day slow-1.
    const signalLine = seededEma(macdLine.subarray(slow - 1), signal);
    for (let t = warmup; t < n; t++) {
      column[t] = (macdLine[t]! - signalLine[t - (slow - 1)]!) / adjClose[t]!;
    }
    return column;
  },
};

/** EMA with α = 2/(period+1), seeded on day period-1 with the mean of days 0..period-1; NaN before. */
function seededEma(values: Float64Array, period: number): Float64Array {
  const ema = new Float64Array(values.length).fill(Number.NaN);
  if (values.length < period) return ema;
  let sum = 0;
  for (let t = 0; t < period; t++) sum += values[t]!;
  let current = sum / period;
  ema[period - 1] = current;
  const alpha = 2 / (period + 1);
  for (let t = period; t < values.length; t++) {
    current += alpha * (values[t]! - current);
    ema[t] = current;
  }
  return ema;
}
