import type { Day, Decision, Strategy } from 'dynaq';

/**
 * Mean reversion on RSI(14): long when it falls below 30 (oversold), short above 70 (overbought),
 * and back to flat when it crosses 50. Reads the indicator the engine computes for it (declared in
 * `indicators`), causally: the value of each day uses that day and earlier ones only.
 *
 *   npx dynaq backtest --strategy strategies/examples/rsi-reversion.ts
 */
const rsiReversion: Strategy = {
  name: 'rsi-reversion',
  label: 'RSI reversion',
  indicators: ['rsi:14'],
  decide(day: Day): Decision {
    const rsi = day.indicator('rsi:14');
    if (Number.isNaN(rsi)) return null; // warm-up
    if (rsi < 30) return 'long';
    if (rsi > 70) return 'short';
    if ((day.position > 0 && rsi > 50) || (day.position < 0 && rsi < 50)) return 'flat';
    return null; // keep what is held
  },
};

export default rsiReversion;
