import type { Day, Decision, Strategy } from 'dynaq';

/**
 * backtesting.py's SmaCross: when the fast simple moving average of the close crosses above the
 * slow one, close any short and go long; when it crosses below, close any long and go short;
 * between crosses keep the position. A cross is strict, as backtesting.py's `crossover`:
 * yesterday fast < slow and today fast > slow (or the reverse).
 *
 *   npx dynaq backtest --strategy strategies/examples/sma-crossover.ts --period 2008-01-01:2011-12-31 --fill next-open --fraction 1
 *   npx dynaq sweep --strategy strategies/examples/sma-crossover.ts --grid fast=5,10,20 --grid slow=30,50 --symbols SYN-TREND --out reports/sma
 */
const mean = (values: Float64Array, from: number, to: number): number => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
};

const smaCrossover: Strategy<{ fast: number; slow: number }> = {
  name: 'sma-crossover',
  label: 'SMA crossover',
  params: {
    fast: { default: 10, min: 1, max: 500, description: 'days of the fast moving average' },
    slow: { default: 30, min: 2, max: 1000, description: 'days of the slow moving average' },
  },
  decide(day: Day, { fast, slow }): Decision {
    const closes = day.closes(slow + 1); // today's slow window and yesterday's
    if (closes.length < slow + 1) return null;
    const n = closes.length;
    const fastToday = mean(closes, n - fast, n);
    const slowToday = mean(closes, n - slow, n);
    const fastYesterday = mean(closes, n - 1 - fast, n - 1);
    const slowYesterday = mean(closes, n - 1 - slow, n - 1);
    if (fastYesterday < slowYesterday && fastToday > slowToday) return 'long';
    if (fastYesterday > slowYesterday && fastToday < slowToday) return 'short';
    return null;
  },
};

export default smaCrossover;
