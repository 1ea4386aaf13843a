import { CCI, RSI, Stochastic } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { cci } from '../../src/indicators/cci.js';
import { rsi } from '../../src/indicators/rsi.js';
import { stochasticK } from '../../src/indicators/stochastic-k.js';
import { makeSeries, randomWalkSeries } from './fixtures.js';
import { expectColumn } from './helpers.js';

describe('rsi (Wilder)', () => {
  it('uses a plain mean for the first average, then Wilder smoothing (hand-computed)', () => {
    // Changes +1, -0.5, +1, 0, -0.5. Day 3: gains 2/3, losses 1/6 -> 80.
    // Day 4: gain (2/3·2 + 0)/3 = 4/9, loss (1/6·2 + 0)/3 = 1/9 -> 80.
    // Day 5: gain (4/9·2)/3 = 8/27, loss (1/9·2 + 0.5)/3 = 13/54 -> 100·16/29.
    const column = rsi.compute(makeSeries({ adjClose: [10, 11, 10.5, 11.5, 11.5, 11] }), { period: 3 });
    expectColumn(column, [NaN, NaN, NaN, 80, 80, (100 * 16) / 29]);
  });

  it("reproduces Wilder's published 14-day example (StockCharts ChartSchool RSI table)", () => {
    const closes = [
      44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931,
      46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521,
      45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
    ];
    const published = [
      70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46,
      41.87, 45.46, 37.3, 33.08, 37.77,
    ];
    const column = rsi.compute(makeSeries({ adjClose: closes }), { period: 14 });
    published.forEach((value, i) => expect(column[14 + i], `day ${14 + i}`).toBeCloseTo(value, 2));
  });

  it('is 100 after only gains and 50 (not the library’s 100) when the price never moved', () => {
    expectColumn(rsi.compute(makeSeries({ adjClose: [1, 2, 3, 4, 5] }), { period: 3 }), [NaN, NaN, NaN, 100, 100]);
    expectColumn(rsi.compute(makeSeries({ adjClose: [7, 7, 7, 7, 7] }), { period: 3 }), [NaN, NaN, NaN, 50, 50]);
    expect(RSI.calculate({ period: 3, values: [7, 7, 7, 7, 7] })).toEqual([100, 100]);
  });

  it('agrees with technicalindicators except for its two-decimal rounding', () => {
    const series = randomWalkSeries('rsi-vs-library', 500, false);
    const ours = rsi.compute(series, { period: 14 });
    const library = RSI.calculate({ period: 14, values: Array.from(series.adjClose) });
    expect(library.length).toBe(500 - 14);
    library.forEach((value, i) => {
      expect(Math.abs(ours[14 + i]! - value)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.round(value * 100) / 100, 'the library rounds to 0.01').toBe(value);
    });
  });
});

describe('stoch (%K)', () => {
  it('places the close between the lowest low and highest high of the window (hand-computed)', () => {
    const series = makeSeries({
      adjHigh: [10, 12, 11, 13, 12],
      adjLow: [8, 9, 9, 10, 11],
      adjClose: [9, 11, 10, 12, 11.5],
    });
    // Day 2: range 8..12, close 10 -> 50. Day 3: 9..13, close 12 -> 75. Day 4: 9..13, 11.5 -> 62.5.
    expectColumn(stochasticK.compute(series, { period: 3 }), [NaN, NaN, 50, 75, 62.5]);
  });

  it('is 50 in a window without range, where technicalindicators returns 0', () => {
    const flat = makeSeries({ adjClose: [5, 5, 5, 5] });
    expectColumn(stochasticK.compute(flat, { period: 3 }), [NaN, NaN, 50, 50]);
    const library = Stochastic.calculate({ period: 3, signalPeriod: 3, high: [5, 5, 5, 5], low: [5, 5, 5, 5], close: [5, 5, 5, 5] });
    expect(library.map((v) => v.k)).toEqual([0, 0]);
  });

  it('agrees with technicalindicators wherever the window has a range', () => {
    const series = randomWalkSeries('stoch-vs-library', 400, false);
    const ours = stochasticK.compute(series, { period: 14 });
    const library = Stochastic.calculate({
      period: 14,
      signalPeriod: 3,
      high: Array.from(series.adjHigh),
      low: Array.from(series.adjLow),
      close: Array.from(series.adjClose),
    });
    library.forEach((value, i) => expect(ours[13 + i]).toBeCloseTo(value.k, 9));
  });
});

describe('cci', () => {
  it('divides the deviation of the typical price by 0.015 × its mean deviation (hand-computed)', () => {
    // Typical prices (h+l+c)/3 = 1, 2, 3, 6: mean 3, mean deviation (2+1+0+3)/4 = 1.5,
    // CCI = (6 - 3) / (0.015 · 1.5) = 133.33...
    const series = makeSeries({ adjHigh: [2, 3, 4, 8], adjLow: [0, 1, 2, 4], adjClose: [1, 2, 3, 6] });
    expectColumn(cci.compute(series, { period: 4 }), [NaN, NaN, NaN, 3 / (0.015 * 1.5)]);
  });

  it('is 0 on flat windows, where technicalindicators returns NaN or rounding noise', () => {
    const moving = randomWalkSeries('cci-flat', 40, false);
    const last = moving.adjClose[39]!;
    const closes = Array.from(moving.adjClose).concat(new Array<number>(25).fill(last));
    const highs = Array.from(moving.adjHigh).concat(new Array<number>(25).fill(last));
    const lows = Array.from(moving.adjLow).concat(new Array<number>(25).fill(last));
    const ours = cci.compute(makeSeries({ adjClose: closes, adjHigh: highs, adjLow: lows }), { period: 20 });
    for (let t = 59; t < 65; t++) expect(ours[t], `day ${t}`).toBe(0);
    const library = CCI.calculate({ period: 20, high: highs, low: lows, close: closes });
    expect(library.slice(59 - 19).some((v) => v !== 0), 'the library is not 0 on flat windows').toBe(true);
    for (let t = 19; t < 40; t++) expect(ours[t]).toBeCloseTo(library[t - 19]!, 8);
  });
});
