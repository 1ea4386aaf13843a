import { atrPercent } from './atr-percent.js';
import { bollingerPb } from './bollinger-pb.js';
import { cci } from './cci.js';
import { macdHistogram } from './macd-histogram.js';
import { momentum } from './momentum.js';
import { rsi } from './rsi.js';
import { smaRatio } from './sma-ratio.js';
import { stochasticK } from './stochastic-k.js';
import type { Indicator } from './types.js';
import { volumeZscore } from './volume-zscore.js';

/** Every indicator a spec string can name, keyed by that name (in the order help lists them). */
export const indicatorRegistry = {
  'sma-ratio': smaRatio,
  bbp: bollingerPb,
  rsi,
  macd: macdHistogram,
  momentum,
  stoch: stochasticK,
  cci,
  'atr-pct': atrPercent,
  'volume-z': volumeZscore,
} as const satisfies Readonly<Record<string, Indicator>>;

export type IndicatorName = keyof typeof indicatorRegistry;

export const indicatorNames = Object.keys(indicatorRegistry) as readonly IndicatorName[];

export function isIndicatorName(name: string): name is IndicatorName {
  return Object.hasOwn(indicatorRegistry, name);
}

/** The registry entry, typed loosely: callers pass params checked by `validateIndicatorParams`. */
export function getIndicator(name: IndicatorName): Indicator {
  return indicatorRegistry[name] as Indicator;
}
