export type { Indicator, IndicatorParams, ParamSpec } from './types.js';
export { indicatorRegistry, indicatorNames, isIndicatorName, getIndicator, type IndicatorName } from './registry.js';
export {
  describeIndicators,
  formatIndicatorSpec,
  indicatorUsage,
  parseIndicatorList,
  parseIndicatorSpec,
  toIndicatorSpec,
  validateIndicatorParams,
  type IndicatorSpec,
} from './spec.js';
export { computeIndicators, type IndicatorColumns } from './compute.js';
export { smaRatio, type SmaRatioParams } from './sma-ratio.js';
export { bollingerPb, type BollingerPbParams } from './bollinger-pb.js';
export { rsi, type RsiParams } from './rsi.js';
export { macdHistogram, type MacdHistogramParams } from './macd-histogram.js';
export { momentum, type MomentumParams } from './momentum.js';
export { stochasticK, type StochasticKParams } from './stochastic-k.js';
export { cci, type CciParams } from './cci.js';
export { atrPercent, type AtrPercentParams } from './atr-percent.js';
export { volumeZscore, type VolumeZscoreParams } from './volume-zscore.js';
