import type { Day, Decision, Strategy } from 'dynaq';

/**
 * Mean reversion on RSI(14): long when it falls below `low` (oversold), short above `high`
 * (overbought), and back to flat when it crosses 50. Reads the indicator the engine computes for it
 * (declared in `indicators`), causally: the value of each day uses that day and earlier ones only.
 *
 *   npx dynaq backtest --strategy strategies/examples/rsi-reversion.ts --param low=25 --param high=75
 */
const rsiReversion: Strategy<{ low: number; high: number }> = {
  name: 'rsi-reversion',
  label: 'RSI reversion',
  params: {
    low: { default: 30, min: 0, max: 50, integer: false, description: 'RSI below this goes long' },
    high: { default: 70, min: 50, max: 100, integer: false, description: 'RSI above this goes short' },
  },
  indicators: ['rsi:14'],
  decide(day: Day, { low, high }): Decision {
    const rsi = day.indicator('rsi:14');
    if (Number.isNaN(rsi)) return null; // warm-up
    if (rsi < low) return 'long';
    if (rsi > high) return 'short';
    if ((day.position > 0 && rsi > 50) || (day.position < 0 && rsi < 50)) return 'flat';
    return null; // keep what is held
  },
};

export default rsiReversion;
