import { ATR, MACD } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { atrPercent } from '../../src/indicators/atr-percent.js';
import { macdHistogram } from '../../src/indicators/macd-histogram.js';
import { volumeZscore } from '../../src/indicators/volume-zscore.js';
import { makeSeries, randomWalkSeries } from './fixtures.js';
import { expectColumn } from './helpers.js';

describe('macd (histogram / price)', () => {
  it('uses SMA-seeded EMAs for fast, slow and signal (hand-computed, 2/3/2 on 1,2,4,7,11,16)', () => {
    // fast (α 2/3) from day 1: 3/2, 19/6, 103/18, 499/54, 2227/162
    // slow (α 1/2) from day 2: 7/3, 14/3, 47/6, 143/12
    // MACD from day 2: 5/6, 19/18, 38/27, 593/324; signal (α 2/3) from day 3: 17/18, 203/162, 398/243
    // histogram / close: (1/9)/7, (25/162)/11, (187/972)/16
    const column = macdHistogram.compute(makeSeries({ adjClose: [1, 2, 4, 7, 11, 16] }), { fast: 2, slow: 3, signal: 2 });
    expectColumn(column, [NaN, NaN, NaN, 1 / 63, 25 / 1782, 187 / 15552]);
  });

  it('agrees with technicalindicators (EMA mode) on moving prices', () => {
    const series = randomWalkSeries('macd-vs-library', 400, false);
    const ours = macdHistogram.compute(series, { fast: 12, slow: 26, signal: 9 });
    const library = MACD.calculate({
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      values: Array.from(series.adjClose),
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    // The library starts its rows on day slow-1 = 25; the histogram exists from day 33.
    for (let t = 33; t < 400; t++) {
      expect(ours[t]! * series.adjClose[t]!).toBeCloseTo(library[t - 25]!.histogram!, 9);
    }
  });

  it('is 0 on a constant price and after a flat start (a symbol filled backward before listing)', () => {
    const closes = new Array<number>(50).fill(42);
    const ours = macdHistogram.compute(makeSeries({ adjClose: closes }), macdHistogram.defaults);
    for (let t = 33; t < 50; t++) expect(ours[t]).toBe(0);
    // Flat until day 40, then rising: the histogram is 0 before the rise and positive after it.
    const rising = closes.map((p, t) => (t <= 40 ? p : p + (t - 40)));
    const column = macdHistogram.compute(makeSeries({ adjClose: rising }), macdHistogram.defaults);
    for (let t = 33; t <= 40; t++) expect(column[t]).toBe(0);
    for (let t = 41; t < 50; t++) expect(column[t], `day ${t}`).toBeGreaterThan(0);
  });

  it('is scale-free: multiplying every price by 7 leaves it unchanged', () => {
    const series = randomWalkSeries('macd-scale', 200, false);
    const scaled = makeSeries({ adjClose: Array.from(series.adjClose, (p) => p * 7) });
    const a = macdHistogram.compute(series, macdHistogram.defaults);
    const b = macdHistogram.compute(scaled, macdHistogram.defaults);
    for (let t = 33; t < 200; t++) expect(b[t]).toBeCloseTo(a[t]!, 12);
  });
});

describe('atr-pct', () => {
  it('is the Wilder average of true ranges over the close (hand-computed)', () => {
    const series = makeSeries({ adjHigh: [10, 11, 12, 11], adjLow: [9, 10, 10, 9], adjClose: [9.5, 10.5, 11, 10] });
    // True ranges from day 1: max(1, 1.5, 0.5) = 1.5; max(2, 1.5, 0.5) = 2; max(2, 0, 2) = 2.
    // ATR(2) on day 2 = mean(1.5, 2) = 1.75; day 3 = (1.75 + 2) / 2 = 1.875.
    expectColumn(atrPercent.compute(series, { period: 2 }), [NaN, NaN, 1.75 / 11, 1.875 / 10]);
  });

  it('agrees with technicalindicators ATR divided by the close', () => {
    const series = randomWalkSeries('atr-vs-library', 300);
    const ours = atrPercent.compute(series, { period: 14 });
    const library = ATR.calculate({
      period: 14,
      high: Array.from(series.adjHigh),
      low: Array.from(series.adjLow),
      close: Array.from(series.adjClose),
    });
    library.forEach((value, i) => expect(ours[14 + i]).toBeCloseTo(value / series.adjClose[14 + i]!, 12));
  });
});

describe('volume-z', () => {
  it('is today’s volume in population standard deviations from the window mean (hand-computed)', () => {
    // (1,2,3): mean 2, σ = sqrt(2/3). (2,3,10): mean 5, σ = sqrt((9+4+25)/3) = sqrt(38/3).
    const column = volumeZscore.compute(makeSeries({ adjClose: [1, 1, 1, 1], volume: [1, 2, 3, 10] }), { period: 3 });
    expectColumn(column, [NaN, NaN, 1 / Math.sqrt(2 / 3), 5 / Math.sqrt(38 / 3)]);
  });

  it('is 0 when the volume does not vary (all zero on filled days, or constant)', () => {
    expectColumn(volumeZscore.compute(makeSeries({ adjClose: [1, 1, 1], volume: [0, 0, 0] }), { period: 2 }), [NaN, 0, 0]);
    expectColumn(volumeZscore.compute(makeSeries({ adjClose: [1, 1, 1], volume: [5, 5, 5] }), { period: 3 }), [NaN, NaN, 0]);
  });
});
