import type { SymbolSeries } from '../data/types.js';
import { nanColumn, simpleMovingAverage } from './align.js';
import type { Indicator } from './types.js';

export type SmaRatioParams = { readonly period: number };

/**
 * Price / simple moving average: adjClose[t] / mean(adjClose[t-period+1..t]). 1 = on the average,
 * 1.05 = 5 % above it. Prices are positive, so the ratio is always finite.
 */
export const smaRatio: Indicator<SmaRatioParams> = {
  name: 'sma-ratio',
  summary: 'adjusted close / its simple moving average (1 = on the average)',
  params: [
    { name: 'period', description: 'days in the moving average', defaultValue: 20, min: 2, max: 1000, integer: true },
  ],
  defaults: { period: 20 },
  warmup: ({ period }) => period - 1,
  compute(series: SymbolSeries, params: SmaRatioParams): Float64Array {
    const { adjClose } = series;
    const warmup = smaRatio.warmup(params);
    if (adjClose.length <= warmup) return nanColumn(adjClose.length);
    const column = simpleMovingAverage(adjClose, params.period);
    for (let t = warmup; t < column.length; t++) column[t] = adjClose[t]! / column[t]!;
    return column;
  },
};
