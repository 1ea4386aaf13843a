import type { SymbolSeries } from '../data/types.js';
import { isFlat, nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type CciParams = { readonly period: number };

/** Lambert's constant: scales CCI so that roughly 70-80 % of values fall within ±100. */
const LAMBERT = 0.015;

/**
 * Commodity channel index: (tp - SMA(tp)) / (0.015 · mean |tp - SMA(tp)|) over `period` days,
 * with the typical price tp = (adjHigh + adjLow + adjClose) / 3.
 *
 * Computed directly: `technicalindicators` divides 0 by 0 (NaN) when the window is flat, and when
 * a flat window follows moving prices its running-sum SMA is off by rounding noise, giving a
 * spurious ±66.7. Here each window's mean is summed afresh and a mean deviation that is only
 * rounding noise (see `isFlat`) gives CCI = 0: the price is on its average.
 */
export const cci: Indicator<CciParams> = {
  name: 'cci',
  summary: 'commodity channel index (0 on the average, mostly within ±100)',
  params: [
    { name: 'period', description: 'days of typical prices in the average', defaultValue: 20, min: 2, max: 1000, integer: true },
  ],
  defaults: { period: 20 },
  warmup: ({ period }) => period - 1,
  compute(series: SymbolSeries, { period }: CciParams): Float64Array {
    const { adjClose, adjHigh, adjLow } = series;
    const n = adjClose.length;
    const column = nanColumn(n);
    if (n < period) return column;
    const typical = new Float64Array(n);
    for (let t = 0; t < n; t++) typical[t] = (adjHigh[t]! + adjLow[t]! + adjClose[t]!) / 3;
    for (let t = period - 1; t < n; t++) {
      let sum = 0;
      for (let i = t - period + 1; i <= t; i++) sum += typical[i]!;
      const mean = sum / period;
      let deviation = 0;
      for (let i = t - period + 1; i <= t; i++) deviation += Math.abs(typical[i]! - mean);
      const meanDeviation = deviation / period;
      column[t] = isFlat(meanDeviation, mean) ? 0 : (typical[t]! - mean) / (LAMBERT * meanDeviation);
    }
    return column;
  },
};
