import type { SymbolSeries } from '../data/types.js';
import { isFlat, nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type StochasticKParams = { readonly period: number };

/**
 * Fast stochastic %K, 0..100: 100·(adjClose - lowest adjLow) / (highest adjHigh - lowest adjLow)
 * over the last `period` days including today.
 *
 * Computed directly: `technicalindicators` returns 0 ("closed at the low", a strong oversold
 * reading) when the window has no range at all, which happens on forward-filled stretches.
 * A close in a window without range is neither high nor low, so %K is defined as 50 there.
 */
export const stochasticK: Indicator<StochasticKParams> = {
  name: 'stoch',
  summary: 'fast stochastic %K, 0..100 (50 when the window has no range)',
  params: [
    { name: 'period', description: 'days of highs and lows to look back over', defaultValue: 14, min: 1, max: 1000, integer: true },
  ],
  defaults: { period: 14 },
  warmup: ({ period }) => period - 1,
  compute(series: SymbolSeries, { period }: StochasticKParams): Float64Array {
    const { adjClose, adjHigh, adjLow } = series;
    const n = adjClose.length;
    const column = nanColumn(n);
    for (let t = period - 1; t < n; t++) {
      let highest = -Infinity;
      let lowest = Infinity;
      for (let i = t - period + 1; i <= t; i++) {
        if (adjHigh[i]! > highest) highest = adjHigh[i]!;
        if (adjLow[i]! < lowest) lowest = adjLow[i]!;
      }
      const range = highest - lowest;
      column[t] = isFlat(range, adjClose[t]!) ? 50 : (100 * (adjClose[t]! - lowest)) / range;
    }
    return column;
  },
};
