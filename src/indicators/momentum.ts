import { ROC } from 'technicalindicators';
import type { SymbolSeries } from '../data/types.js';
import { alignTail, exactFormat, nanColumn, toArray } from './align.js';
import type { Indicator } from './types.js';

export type MomentumParams = { readonly period: number };

/**
 * Momentum (rate of change) as a fraction: adjClose[t] / adjClose[t-period] - 1, so 0.05 means
 * +5 % over `period` days. `technicalindicators` ROC returns percent; it is divided by 100.
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
    const roc = ROC.calculate({ period: params.period, values: toArray(adjClose), format: exactFormat });
    const column = alignTail(roc, adjClose.length, warmup, momentum.name);
    for (let t = warmup; t < column.length; t++) column[t] = column[t]! / 100;
    return column;
  },
};
