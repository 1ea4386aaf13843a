import { plantedModel } from './planted.js';
import type { PriceModel } from './price-model.js';

export type { PriceModel } from './price-model.js';

/**
 * Price models of the synthetic sample. Each turns a stream of standard normal draws into daily
 * log returns with a distinct character, so a strategy meets trends, mean reversion and regime
 * changes on the bundled data. Parameters are per trading day (252 a year).
 */

const YEAR = 252;

/** Geometric Brownian motion with volatility clustering: the market the calendar follows. */
export function marketModel(): PriceModel {
  let variance = (0.18 / Math.sqrt(YEAR)) ** 2;
  const longRunVariance = variance;
  return {
    symbol: 'SYN-MARKET',
    description: 'broad market: 7%/yr drift, 18%/yr volatility with GARCH(1,1) clustering, 2% dividend yield',
    startPrice: 120,
    dividendYield: 0.02,
    dailyVol: Math.sqrt(longRunVariance),
    nextLogReturn(_logPrice, normal) {
      const shock = Math.sqrt(variance) * normal();
      variance = 0.05 * longRunVariance + 0.85 * variance + 0.1 * shock * shock;
      return 0.07 / YEAR - 0.5 * variance + shock;
    },
  };
}

/** A steady trend with autocorrelated noise (momentum a trend-follower can exploit). */
export function trendModel(): PriceModel {
  let previous = 0;
  const vol = 0.2 / Math.sqrt(YEAR);
  return {
    symbol: 'SYN-TREND',
    description: 'trending: 20%/yr drift, 20%/yr volatility, returns autocorrelated at lag 1 (0.15)',
    startPrice: 40,
    dividendYield: 0,
    dailyVol: vol,
    nextLogReturn(_logPrice, normal) {
      previous = 0.15 * previous + Math.sqrt(1 - 0.15 ** 2) * vol * normal();
      return 0.2 / YEAR + previous;
    },
  };
}

/** Ornstein-Uhlenbeck in log price around a fixed level (half-life about 10 trading days). */
export function meanRevertingModel(): PriceModel {
  const level = Math.log(50);
  const pull = 1 - Math.pow(0.5, 1 / 10);
  const vol = 0.015;
  return {
    symbol: 'SYN-MEANREV',
    description: 'mean-reverting: log price pulled back to 50 with a 10-day half-life, 1.5% daily noise',
    startPrice: 50,
    dividendYield: 0.01,
    dailyVol: vol,
    nextLogReturn(logPrice, normal) {
      return pull * (level - logPrice) + vol * normal();
    },
  };
}

/** Two-state Markov switching between a calm bull and a volatile bear market. */
export function regimeSwitchingModel(): PriceModel {
  const regimes = [
    { drift: 0.3 / YEAR, vol: 0.15 / Math.sqrt(YEAR), stayProbability: 1 - 1 / 80 },
    { drift: -0.4 / YEAR, vol: 0.35 / Math.sqrt(YEAR), stayProbability: 1 - 1 / 45 },
  ];
  let regime = 0;
  return {
    symbol: 'SYN-REGIME',
    description: 'regime-switching: bull (+30%/yr, 15% vol, ~80 days) and bear (-40%/yr, 35% vol, ~45 days)',
    startPrice: 80,
    dividendYield: 0,
    dailyVol: 0.22 / Math.sqrt(YEAR),
    nextLogReturn(_logPrice, normal, uniform) {
      if (uniform() > regimes[regime]!.stayProbability) regime = 1 - regime;
      const { drift, vol } = regimes[regime]!;
      return drift + vol * normal();
    },
  };
}

/** The symbol the quickstart trades when none is named: a planted edge the learner can find. */
export const SAMPLE_DEFAULT_SYMBOL = 'SYN-MOMENTUM';

export function sampleModels(): PriceModel[] {
  return [
    marketModel(),
    trendModel(),
    meanRevertingModel(),
    regimeSwitchingModel(),
    plantedModel({ rule: 'trend', horizon: 10, strength: 0.2 }, SAMPLE_DEFAULT_SYMBOL),
  ];
}
