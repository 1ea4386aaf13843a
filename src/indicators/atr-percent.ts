import type { SymbolSeries } from '../data/types.js';
import { nanColumn } from './align.js';
import type { Indicator } from './types.js';

export type AtrPercentParams = { readonly period: number };

/**
 * Average true range as a fraction of the close: ATR[t] / adjClose[t]. True range on day t is
 * max(high - low, |high - close[t-1]|, |low - close[t-1]|), so it needs one previous day; ATR is
 * Wilder's smoothing (seeded with the mean of the first `period` true ranges), as computed by
 * `technicalindicators`. Scale-free, so symbols with different prices compare. Flat filled days
 * have a true range of 0 and ATR decays toward 0; it never divides by zero (prices are positive).
 */
export const atrPercent: Indicator<AtrPercentParams> = {
  name: 'atr-pct',
  summary: 'Wilder average true range / adjusted close (0.02 = 2 % of price)',
  params: [
    { name: 'period', description: 'days in the Wilder average of true ranges', defaultValue: 14, min: 1, max: 1000, integer: true },
  ],
  defaults: { period: 14 },
  warmup: ({ period }) => period,
  compute(series: SymbolSeries, params: AtrPercentParams): Float64Array {
    const { adjClose, adjHigh, adjLow } = series;
    const warmup = atrPercent.warmup(params);
    if (adjClose.length <= warmup) return nanColumn(adjClose.length);
    const { period } = params;
    const column = nanColumn(adjClose.length);
    // True range from day 1 on; ATR on day `period` is the mean of the first `period` of them,
    // then Wilder's recursion atr += (tr - atr) / period, in the library's order of operations.
    const exponent = 1 / period;
    let atr = 0;
    for (let t = 1; t < column.length; t++) {
      const previous = adjClose[t - 1]!;
      const high = adjHigh[t]!;
      const low = adjLow[t]!;
      const range = Math.max(high - low, Math.abs(high - previous), Math.abs(low - previous));
      if (t < period) atr += range;
      else if (t === period) atr = (atr + range) / period;
      else atr = (range - atr) * exponent + atr;
      if (t >= period) column[t] = atr / adjClose[t]!;
    }
    return column;
  },
};
