import type { SymbolSeries } from '../data/types.js';
import { nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type MomentumParams = { readonly period: number };

/**
 * Momentum (rate of change) as a fraction: adjClose[t] / adjClose[t-period] - 1, so 0.05 means
 * +5 % over `period` days. Computed as `technicalindicators` ROC does (percent, then divided by
 * 100), so the values are the same to the last bit.
 */
export const momentum: Indicator<MomentumParams> = {
  name: 'momentum',
  summary: 'rate of change over the period as a fraction (0.05 = +5 %)',
  params: [
    { name: 'period', description: 'days back to compare with', defaultValue: 10, min: 1, max: 1000, integer: true },
  ],
  defaults: { period: 10 },
  warmup: ({ period }) => period,
  compute(series: SymbolSeries, params: MomentumParams): Float64Array {
    const { adjClose } = series;
    const warmup = momentum.warmup(params);
    if (adjClose.length <= warmup) return nanColumn(adjClose.length);
    const column = nanColumn(adjClose.length);
    const { period } = params;
    for (let t = warmup; t < column.length; t++) {
      const past = adjClose[t - period]!;
      column[t] = (((adjClose[t]! - past) / past) * 100) / 100;
    }
    return column;
  },
};
