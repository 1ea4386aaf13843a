import type { SymbolSeries } from '../data/types.js';
import { isFlat, nanColumn, simpleMovingAverage } from './align.js';
import type { Indicator } from './types.js';

export type BollingerPbParams = { readonly period: number; readonly width: number };

/**
 * Bollinger %B: (adjClose - lower) / (upper - lower) with bands SMA ± width·σ over `period` days,
 * σ the population standard deviation (Bollinger's definition, as in `technicalindicators`).
 * 0 = on the lower band, 1 = on the upper band, 0.5 = on the average.
 *
 * The library returns NaN when the bands have zero width (a flat window), and a spurious 0.25 or
 * 0.75 when a flat window leaves rounding noise in its running sums. Both cases are a price that
 * sits exactly on its average, so %B is defined as 0.5 there.
 */
export const bollingerPb: Indicator<BollingerPbParams> = {
  name: 'bbp',
  summary: 'Bollinger %B: position of the close between the bands (0 = lower, 1 = upper)',
  params: [
    { name: 'period', description: 'days in the moving average and σ', defaultValue: 20, min: 2, max: 1000, integer: true },
    { name: 'width', description: 'band half-width in standard deviations', defaultValue: 2, min: 0.1, max: 10, integer: false },
  ],
  defaults: { period: 20, width: 2 },
  warmup: ({ period }) => period - 1,
  compute(series: SymbolSeries, params: BollingerPbParams): Float64Array {
    const { adjClose } = series;
    const n = adjClose.length;
    const warmup = bollingerPb.warmup(params);
    if (n <= warmup) return nanColumn(n);
    const { period, width } = params;
    const column = simpleMovingAverage(adjClose, period);
    for (let t = warmup; t < n; t++) {
      const middle = column[t]!;
      // population standard deviation around the moving average, summed oldest first as the library does
      let sum = 0;
      for (let k = t - period + 1; k <= t; k++) sum = sum + Math.pow(adjClose[k]! - middle, 2);
      const sd = Math.sqrt(sum / period);
      const upper = middle + sd * width;
      const lower = middle - sd * width;
      column[t] = isFlat(upper - lower, middle) ? 0.5 : (adjClose[t]! - lower) / (upper - lower);
    }
    return column;
  },
};
