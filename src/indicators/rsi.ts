import type { SymbolSeries } from '../data/types.js';
import { nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type RsiParams = { readonly period: number };

/**
 * Wilder's relative strength index, 0..100, computed directly rather than with
 * `technicalindicators`, whose RSI rounds every value to two decimals (which creates ties that
 * distort quantile bins) and returns 100 for a window with no price change at all.
 *
 * Changes d[t] = adjClose[t] - adjClose[t-1]. The first average gain/loss is the plain mean of the
 * first `period` gains/losses (days 1..period), then Wilder's smoothing
 * avg = (avg·(period-1) + today) / period. RSI = 100·avgGain / (avgGain + avgLoss), the same as
 * 100 - 100/(1 + avgGain/avgLoss) but defined when avgLoss = 0 (= 100). When both are 0 (no move
 * over the whole smoothing memory, e.g. filled flat days) the RSI is defined as 50, neutral.
 */
export const rsi: Indicator<RsiParams> = {
  name: 'rsi',
  summary: "Wilder's relative strength index, 0..100 (50 when the price did not move)",
  params: [
    { name: 'period', description: 'days in the Wilder average of gains and losses', defaultValue: 14, min: 1, max: 1000, integer: true },
  ],
  defaults: { period: 14 },
  warmup: ({ period }) => period,
  compute(series: SymbolSeries, { period }: RsiParams): Float64Array {
    const { adjClose } = series;
    const n = adjClose.length;
    const column = nanColumn(n);
    if (n <= period) return column;
    let avgGain = 0;
    let avgLoss = 0;
    for (let t = 1; t <= period; t++) {
      const change = adjClose[t]! - adjClose[t - 1]!;
      if (change > 0) avgGain += change;
      else avgLoss -= change;
    }
    avgGain /= period;
    avgLoss /= period;
    column[period] = rsiValue(avgGain, avgLoss);
    for (let t = period + 1; t < n; t++) {
      const change = adjClose[t]! - adjClose[t - 1]!;
      avgGain = (avgGain * (period - 1) + (change > 0 ? change : 0)) / period;
      avgLoss = (avgLoss * (period - 1) + (change < 0 ? -change : 0)) / period;
      column[t] = rsiValue(avgGain, avgLoss);
    }
    return column;
  },
};

function rsiValue(avgGain: number, avgLoss: number): number {
  const total = avgGain + avgLoss;
  return total > 0 ? (100 * avgGain) / total : 50;
}
