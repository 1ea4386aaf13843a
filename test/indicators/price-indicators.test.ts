import { BollingerBands, SMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { bollingerPb } from '../../src/indicators/bollinger-pb.js';
import { momentum } from '../../src/indicators/momentum.js';
import { smaRatio } from '../../src/indicators/sma-ratio.js';
import { makeSeries, randomWalkSeries } from './fixtures.js';
import { expectColumn } from './helpers.js';

describe('sma-ratio', () => {
  it('is the close over the mean of the last `period` closes', () => {
    const column = smaRatio.compute(makeSeries({ adjClose: [1, 2, 3, 4, 5] }), { period: 3 });
    // Means of (1,2,3), (2,3,4), (3,4,5) are 2, 3, 4.
    expectColumn(column, [NaN, NaN, 3 / 2, 4 / 3, 5 / 4]);
  });

  it('agrees with a direct mean on a long random walk (the running sum does not drift)', () => {
    const series = randomWalkSeries('sma-drift', 3000);
    const column = smaRatio.compute(series, { period: 20 });
    for (const t of [19, 1000, 2999]) {
      let sum = 0;
      for (let i = t - 19; i <= t; i++) sum += series.adjClose[i]!;
      expect(column[t]).toBeCloseTo(series.adjClose[t]! / (sum / 20), 12);
    }
    expect(SMA.calculate({ period: 20, values: Array.from(series.adjClose) }).length).toBe(3000 - 19);
  });
});

describe('bbp (Bollinger %B)', () => {
  it('uses the population σ and the band width in σ (hand-computed)', () => {
    const column = bollingerPb.compute(makeSeries({ adjClose: [1, 1, 4, 4, 4] }), { period: 3, width: 2 });
    // (1,1,4): mean 2, σ = sqrt((1+1+4)/3) = √2, bands 2 ± 2√2 -> %B = (4 - 2 + 2√2) / (4√2)
    // (1,4,4): mean 3, σ = sqrt((4+1+1)/3) = √2 -> %B = (4 - 3 + 2√2) / (4√2)
    // (4,4,4): zero-width bands, the close is on its average -> 0.5 by definition
    const s = Math.SQRT2;
    expectColumn(column, [NaN, NaN, (2 + 2 * s) / (4 * s), (1 + 2 * s) / (4 * s), 0.5]);
  });

  it('is 0 on the lower band and 1 on the upper band', () => {
    // Window (2,2,2,2,0) with width 2: mean 1.6, σ = 0.8 -> lower band 0 = today's close.
    const lower = bollingerPb.compute(makeSeries({ adjClose: [2, 2, 2, 2, 0.0000001] }), { period: 5, width: 2 });
    expect(lower[4]).toBeCloseTo(0, 6);
    const upper = bollingerPb.compute(makeSeries({ adjClose: [2, 2, 2, 2, 4] }), { period: 5, width: 2 });
    // (2,2,2,2,4): mean 2.4, σ = 0.8, upper band 4 = today's close.
    expect(upper[4]).toBeCloseTo(1, 12);
  });

  it('matches technicalindicators on moving prices and gives 0.5 where its bands collapse', () => {
    const moving = randomWalkSeries('bbp-vs-library', 80, false);
    const closes = Array.from(moving.adjClose).concat(new Array<number>(30).fill(moving.adjClose[79]!));
    const ours = bollingerPb.compute(makeSeries({ adjClose: closes }), { period: 20, width: 2 });
    const library = BollingerBands.calculate({ period: 20, stdDev: 2, values: closes }).map((b) => b.pb);
    for (let t = 19; t < 80; t++) expect(ours[t]).toBeCloseTo(library[t - 19]!, 9);
    // Days 99..109 have a flat 20-day window: the library returns NaN or rounding-noise values.
    for (let t = 99; t < closes.length; t++) expect(ours[t], `day ${t}`).toBe(0.5);
    const libraryFlat = library.slice(99 - 19);
    expect(libraryFlat.some((pb) => !(pb === 0.5)), 'the library does not give 0.5 on flat windows').toBe(true);
  });
});

describe('momentum', () => {
  it('is the fractional change over `period` days', () => {
    const column = momentum.compute(makeSeries({ adjClose: [1, 2, 4, 8, 8] }), { period: 2 });
    expectColumn(column, [NaN, NaN, 3, 3, 1]);
    expectColumn(momentum.compute(makeSeries({ adjClose: [10, 9, 9] }), { period: 1 }), [NaN, -0.1, 0]);
  });
});
