import type { SymbolSeries } from '../data/types.js';
import { isFlat, nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type VolumeZscoreParams = { readonly period: number };

/**
 * Volume z-score: (volume[t] - mean) / σ over the last `period` days including today, σ the
 * population standard deviation. `technicalindicators` has no such indicator, so it is computed
 * directly (each window summed afresh: no drift from running sums). A window whose volume does
 * not vary (σ only rounding noise, e.g. all zero on filled days or a synthetic series) gives 0.
 * Filled days carry volume 0, so they show up as strongly negative values: honest, finite.
 */
export const volumeZscore: Indicator<VolumeZscoreParams> = {
  name: 'volume-z',
  summary: 'z-score of today’s volume against the window (0 when volume does not vary)',
  params: [
    { name: 'period', description: 'days of volume in the mean and σ', defaultValue: 20, min: 2, max: 1000, integer: true },
  ],
  defaults: { period: 20 },
  warmup: ({ period }) => period - 1,
  compute(series: SymbolSeries, { period }: VolumeZscoreParams): Float64Array {
    const { volume } = series;
    const n = volume.length;
    const column = nanColumn(n);
    for (let t = period - 1; t < n; t++) {
      let sum = 0;
      for (let i = t - period + 1; i <= t; i++) sum += volume[i]!;
      const mean = sum / period;
      let squares = 0;
      for (let i = t - period + 1; i <= t; i++) squares += (volume[i]! - mean) ** 2;
      const sigma = Math.sqrt(squares / period);
      column[t] = isFlat(sigma, mean) ? 0 : (volume[t]! - mean) / sigma;
    }
    return column;
  },
};
