import { describe, expect, it } from 'vitest';
import type { SymbolSeries } from '../../src/data/types.js';
import { getIndicator, indicatorNames } from '../../src/indicators/registry.js';
import { parseIndicatorSpec } from '../../src/indicators/spec.js';
import {
  hasSharedPrices,
  loadSharedSeries,
  makeSeries,
  randomWalkSeries,
  withFutureScrambled,
} from './fixtures.js';

/**
 * The contract every registered indicator keeps, run for each with its defaults and with other
 * parameters: calendar length, NaN exactly during the declared warm-up, finite afterwards (also on
 * flat filled stretches), and no look-ahead.
 */
const otherParams: Record<string, string> = {
  'sma-ratio': 'sma-ratio:5',
  bbp: 'bbp:10,1.5',
  rsi: 'rsi:3',
  macd: 'macd:3,7,4',
  momentum: 'momentum:1',
  stoch: 'stoch:5',
  cci: 'cci:7',
  'atr-pct': 'atr-pct:3',
  'volume-z': 'volume-z:5',
};

const cases = indicatorNames.flatMap((name) => [name, otherParams[name] ?? name]);

function expectContract(spec: string, series: SymbolSeries, what: string): Float64Array {
  const { name, params } = parseIndicatorSpec(spec);
  const indicator = getIndicator(name);
  const warmup = indicator.warmup(params);
  const column = indicator.compute(series, params);
  expect(column, `${spec} on ${what}: a Float64Array`).toBeInstanceOf(Float64Array);
  expect(column.length, `${spec} on ${what}: one value per day`).toBe(series.adjClose.length);
  // Collect the first violation instead of one expect per day: real series have 3000+ days.
  let violation = '';
  for (let t = 0; t < column.length && violation === ''; t++) {
    const value = column[t]!;
    if (t < warmup && !Number.isNaN(value)) violation = `day ${t} < warm-up ${warmup} should be NaN, got ${value}`;
    if (t >= warmup && !Number.isFinite(value)) violation = `day ${t} >= warm-up ${warmup} should be finite, got ${value}`;
  }
  expect(violation, `${spec} on ${what}`).toBe('');
  return column;
}

describe('indicator contract', () => {
  it('covers the nine indicators the issue asks for', () => {
    expect([...indicatorNames].sort()).toEqual(
      ['atr-pct', 'bbp', 'cci', 'macd', 'momentum', 'rsi', 'sma-ratio', 'stoch', 'volume-z'].sort(),
    );
  });

  describe.each(cases)('%s', (spec) => {
    const { name, params } = parseIndicatorSpec(spec);
    const indicator = getIndicator(name);
    const warmup = indicator.warmup(params);

    it('has a non-negative whole warm-up and one parameter spec per default', () => {
      expect(Number.isInteger(warmup) && warmup >= 0).toBe(true);
      expect(Object.keys(indicator.defaults).sort()).toEqual(indicator.params.map((p) => p.name).sort());
      for (const param of indicator.params) expect(indicator.defaults[param.name]).toBe(param.defaultValue);
    });

    it('is NaN exactly during warm-up and finite after it on random walks with filled stretches', () => {
      for (const seed of ['a', 'b', 'c']) {
        const series = randomWalkSeries(`contract-${seed}`, 600);
        expect(series.filled, 'the fixture has filled days').toBeGreaterThan(0);
        expectContract(spec, series, `random walk ${seed}`);
      }
    });

    it('stays finite on a constant series and on a series that goes flat after moving', () => {
      expectContract(spec, makeSeries({ adjClose: new Array<number>(80).fill(37.12), volume: new Array<number>(80).fill(0) }), 'constant');
      const moving = randomWalkSeries('then-flat', 60, false);
      const flat = Array.from(moving.adjClose).concat(new Array<number>(60).fill(moving.adjClose[59]!));
      const highs = Array.from(moving.adjHigh).concat(new Array<number>(60).fill(moving.adjClose[59]!));
      const lows = Array.from(moving.adjLow).concat(new Array<number>(60).fill(moving.adjClose[59]!));
      const volume = Array.from(moving.volume).concat(new Array<number>(60).fill(0));
      expectContract(spec, makeSeries({ adjClose: flat, adjHigh: highs, adjLow: lows, volume }), 'moving then flat');
    });

    it('returns all NaN when the series is not longer than the warm-up, one value when one day longer', () => {
      const series = randomWalkSeries('short', warmup + 1, false);
      const short = makeSeries({
        adjClose: Array.from(series.adjClose).slice(0, warmup),
        adjHigh: Array.from(series.adjHigh).slice(0, warmup),
        adjLow: Array.from(series.adjLow).slice(0, warmup),
        volume: Array.from(series.volume).slice(0, warmup),
      });
      expect(Array.from(indicator.compute(short, params)).every(Number.isNaN)).toBe(true);
      const column = expectContract(spec, series, 'warm-up + 1 days');
      expect(Number.isFinite(column[warmup]!)).toBe(true);
      expect(indicator.compute(makeSeries({ adjClose: [] }), params).length).toBe(0);
    });

    it('is scale-free: multiplying every price by 7 changes no value beyond rounding', () => {
      const series = randomWalkSeries('scale', 300);
      const times7 = (column: Float64Array): Float64Array => column.map((p) => p * 7);
      const scaled = { ...series, adjClose: times7(series.adjClose), adjOpen: times7(series.adjOpen), adjHigh: times7(series.adjHigh), adjLow: times7(series.adjLow) };
      const a = indicator.compute(series, params);
      const b = indicator.compute(scaled, params);
      for (let t = warmup; t < 300; t++) {
        expect(Math.abs(a[t]! - b[t]!), `${spec} day ${t}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a[t]!)));
      }
    });

    it('does not look ahead: scrambling every value after day t changes nothing up to t', () => {
      const series = randomWalkSeries('look-ahead', 300);
      const full = indicator.compute(series, params);
      for (const t of [0, warmup - 1, warmup, warmup + 1, 57, 150, 298]) {
        if (t < 0 || t >= 299) continue;
        const scrambled = indicator.compute(withFutureScrambled(series, t, `scramble-${t}`), params);
        for (let i = 0; i <= t; i++) {
          expect(Object.is(scrambled[i], full[i]), `${spec}: day ${i} changed when days after ${t} changed`).toBe(true);
        }
        // The scramble must reach the indicator, or the test above could not fail.
        if (t + 20 < 300) {
          const changed = Array.from(scrambled.subarray(t + 1)).some((v, i) => !Object.is(v, full[t + 1 + i]));
          expect(changed, `${spec}: scrambling after ${t} changes later days`).toBe(true);
        }
      }
    });
  });

  describe.skipIf(!hasSharedPrices)('on real prices from ../shared/data', () => {
    if (!hasSharedPrices) console.warn('skipping real-price indicator contract: ../shared/data not found');
    // JPM trades every day; GOOG is backward-filled (flat, volume 0) before it listed in 2004;
    // BSC is forward-filled after it stopped trading in 2008.
    for (const symbol of ['JPM', 'GOOG', 'BSC', 'ML4T-220']) {
      it(`every indicator keeps the contract on ${symbol}`, () => {
        const { series } = loadSharedSeries(symbol);
        for (const spec of cases) expectContract(spec, series, symbol);
      });
    }
  });
});
