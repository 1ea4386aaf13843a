import type { Day, Decision, Strategy } from '../src/index.js';

/**
 * A transparent mean-reversion rule on the same kind of indicators the learner sees: go long when
 * at least `votesToEnter` of price/SMA(20), Bollinger %B(20, 2) and RSI(14) say "oversold", short
 * when as many say "overbought", otherwise keep the position. Each indicator votes +1 below its
 * low threshold, -1 above its high one. Decisions on day t use indicator values of day t only.
 */
const SPECS = ['sma-ratio:20', 'bbp:20,2', 'rsi:14'] as const;

const params = {
  smaLow: { default: 0.95, min: 0, max: 10, integer: false, description: 'price/SMA(20) below this votes long' },
  smaHigh: { default: 1.05, min: 0, max: 10, integer: false, description: 'price/SMA(20) above this votes short' },
  bbpLow: { default: 0, min: -10, max: 10, integer: false, description: '%B below this votes long' },
  bbpHigh: { default: 1, min: -10, max: 10, integer: false, description: '%B above this votes short' },
  rsiLow: { default: 30, min: 0, max: 100, integer: false, description: 'RSI(14) below this votes long' },
  rsiHigh: { default: 70, min: 0, max: 100, integer: false, description: 'RSI(14) above this votes short' },
  votesToEnter: { default: 2, min: 1, max: 3, description: 'votes needed to enter a position' },
};

type ManualParams = { readonly [K in keyof typeof params]: number };

const vote = (value: number, low: number, high: number): number => (value < low ? 1 : value > high ? -1 : 0);

const manual: Strategy<ManualParams> = {
  name: 'manual',
  label: 'Manual rules',
  params,
  indicators: SPECS,
  decide(day: Day, p): Decision {
    const smaRatio = day.indicator(SPECS[0]);
    const percentB = day.indicator(SPECS[1]);
    const rsi = day.indicator(SPECS[2]);
    if (Number.isNaN(smaRatio) || Number.isNaN(percentB) || Number.isNaN(rsi)) return null;
    const votes = vote(smaRatio, p.smaLow, p.smaHigh) + vote(percentB, p.bbpLow, p.bbpHigh) + vote(rsi, p.rsiLow, p.rsiHigh);
    return votes >= p.votesToEnter ? 'long' : votes <= -p.votesToEnter ? 'short' : null;
  },
};

export default manual;
