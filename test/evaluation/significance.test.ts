import { describe, expect, it } from 'vitest';
import {
  bootstrapMedianInterval,
  deflatedSharpeRatio,
  median,
  normalCdf,
  normalQuantile,
  probabilityOfBacktestOverfitting,
  quantile,
  signTestP,
} from '../../src/evaluation/significance.js';

describe('significance statistics (hand-computed; normal figures from Python statistics.NormalDist)', () => {
  it('sign test: P(X >= wins), X ~ Binomial(n, 1/2)', () => {
    expect(signTestP(3, 3)).toBeCloseTo(1 / 8, 15);
    expect(signTestP(2, 3)).toBeCloseTo(4 / 8, 15);
    expect(signTestP(0, 5)).toBe(1);
    // 22 of 30: sum_{k>=22} C(30,k) / 2^30 = 0.008062
    expect(signTestP(22, 30)).toBeCloseTo(0.0080624, 6);
  });

  it('median and quantiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('bootstraps a seeded interval of the median', () => {
    expect(bootstrapMedianInterval([5, 5, 5, 5])).toEqual([5, 5]);
    const values = Array.from({ length: 41 }, (_, i) => i - 20);
    const [low, high] = bootstrapMedianInterval(values, { seed: 7 })!;
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    expect(bootstrapMedianInterval(values, { seed: 7 })).toEqual([low, high]);
    // a large sample: the interval is about +-1.96 standard errors of the median, 1.2533 sigma / sqrt(n)
    // (normal data, sigma 1, n 400: half-width 0.1228)
    const normal = Array.from({ length: 400 }, (_, i) => normalQuantile((i + 0.5) / 400));
    const [lower, upper] = bootstrapMedianInterval(normal, { seed: 3 })!;
    expect((upper - lower) / 2).toBeGreaterThan(0.1228 * 0.8);
    expect((upper - lower) / 2).toBeLessThan(0.1228 * 1.2);
    expect(lower + upper).toBeCloseTo(0, 1);
  });

  it('normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
  });

  it('deflated Sharpe ratio: with one trial it is the probabilistic Sharpe ratio', () => {
    const single = deflatedSharpeRatio({ sharpe: 0.1, periods: 101, trials: 1, trialSharpeVariance: 0 });
    expect(single.expectedMaxSharpe).toBe(0);
    expect(single.deflatedSharpe).toBeCloseTo(0.8407413, 6);
  });

  it('deflated Sharpe ratio: 100 trials raise the bar to the expected maximum of their Sharpe ratios', () => {
    const result = deflatedSharpeRatio({ sharpe: 0.3, periods: 252, trials: 100, trialSharpeVariance: 0.01, skewness: -0.5, kurtosis: 5 });
    expect(result.expectedMaxSharpe).toBeCloseTo(0.2530603, 6);
    expect(result.deflatedSharpe).toBeCloseTo(0.7478792, 5);
  });

  it('PBO: a configuration better everywhere is never overfit; one winning only by chance of the split always is', () => {
    const robust = [[0, 1], [0, 1], [0, 1], [0, 1]];
    expect(probabilityOfBacktestOverfitting(robust, 4)).toEqual({ pbo: 0, splits: 6 });
    // config 0 wins on observations 0-1, config 1 on 2-3: whichever wins in-sample loses out of sample
    const lucky = [[1, 0], [1, 0], [0, 1], [0, 1]];
    expect(probabilityOfBacktestOverfitting(lucky, 4)).toEqual({ pbo: 1, splits: 6 });
    expect(probabilityOfBacktestOverfitting([[1], [2]], 4)).toBeNull();
  });
});
