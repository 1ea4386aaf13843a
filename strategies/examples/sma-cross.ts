import type { Day, Decision, Strategy } from 'dynaq';

/**
 * A moving-average cross, long or flat: long while the fast simple moving average of the adjusted
 * close is above the slow one, flat otherwise. Decided on each day's close and filled by the fill
 * model; no decision until `slow` closes exist. The periods are parameters:
 *
 *   npx dynaq backtest --strategy strategies/examples/sma-cross.ts --param fast=5 --param slow=40
 *   npx dynaq sweep --strategy strategies/examples/sma-cross.ts --grid fast=5,10 --grid slow=20,40 --symbols SYN-TREND --out reports/cross
 */
/** The mean of `values` (a plain loop: it runs on every day of every backtest). */
function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

const smaCross: Strategy<{ fast: number; slow: number }> = {
  name: 'sma-cross',
  label: 'SMA cross',
  params: {
    fast: { default: 10, min: 1, max: 500, description: 'days of the fast moving average' },
    slow: { default: 20, min: 2, max: 1000, description: 'days of the slow moving average' },
  },
  decide(day: Day, { fast, slow }): Decision {
    const closes = day.closes(slow);
    if (closes.length < slow) return null;
    return mean(closes.subarray(slow - fast)) > mean(closes) ? 'long' : 'flat';
  },
};

export default smaCross;
