import type { Day, Decision, Strategy } from 'dynaq';

/**
 * A moving-average cross: long while the 10-day simple moving average of the adjusted close is
 * above the 20-day one, flat otherwise. Decided on each day's close and filled at that close (the
 * default fill model); no decision until 20 closes exist.
 *
 *   npx dynaq backtest --strategy strategies/examples/sma-cross.ts
 */
const mean = (values: Float64Array): number => values.reduce((sum, value) => sum + value, 0) / values.length;

const smaCross: Strategy = {
  name: 'sma-cross',
  label: 'SMA 10/20 cross',
  decide(day: Day): Decision {
    const closes = day.closes(20);
    if (closes.length < 20) return null;
    return mean(closes.subarray(10)) > mean(closes) ? 'long' : 'flat';
  },
  describe: () => ({ fast: 10, slow: 20, rule: 'long when SMA(10) > SMA(20) of the adjusted close, else flat' }),
};

export default smaCross;
