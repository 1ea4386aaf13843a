import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { computeIndicators } from '../../src/indicators/compute.js';
import { Discretizer, fitDiscretizer } from '../../src/states/discretizer.js';
import { quantileEdges } from '../../src/states/quantile-edges.js';
import { hasSharedPrices, loadSharedSeries, randomWalkSeries } from '../indicators/fixtures.js';

const column = (values: readonly number[]): Float64Array => Float64Array.from(values);
const all = (n: number) => ({ from: 0, to: n });

describe('quantile bin edges', () => {
  it('are the lower k/bins quantiles of the fit values (hand-computed on 1..10)', () => {
    // m = 10, bins = 4: ceil(10/4) = 3 -> 3rd value, ceil(20/4) = 5 -> 5th, ceil(30/4) = 8 -> 8th.
    expect(Array.from(quantileEdges(column([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 4))).toEqual([3, 5, 8]);
    // bins = 3 on 1..6: 2nd and 4th values.
    expect(Array.from(quantileEdges(column([1, 2, 3, 4, 5, 6]), 3))).toEqual([2, 4]);
  });

  it('puts values in right-closed bins: an edge value belongs to the bin below it', () => {
    const discretizer = fitDiscretizer([column([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])], all(10), { bins: 4, numPositions: 1 });
    expect(discretizer.edgesOf(0)).toEqual([3, 5, 8]);
    const bins = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => discretizer.binOf(0, v));
    expect(bins).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 3, 3]);
  });

  it('sends values outside the fit range to the edge bins', () => {
    const discretizer = fitDiscretizer([column([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])], all(10), { bins: 4, numPositions: 1 });
    expect(discretizer.binOf(0, -1e9)).toBe(0);
    expect(discretizer.binOf(0, -Infinity)).toBe(0);
    expect(discretizer.binOf(0, 1e9)).toBe(3);
    expect(discretizer.binOf(0, Infinity)).toBe(3);
    expect(discretizer.binOf(0, Number.NaN)).toBe(-1);
  });

  it('merges tied edges so that no bin is empty, and gives a constant indicator one bin', () => {
    // Six zeros then 1..4: edges 0, 0, 2 -> [0, 2]: bins {0 x6}, {1, 2}, {3, 4}.
    const tied = fitDiscretizer([column([0, 0, 0, 0, 0, 0, 1, 2, 3, 4])], all(10), { bins: 4, numPositions: 1 });
    expect(tied.edgesOf(0)).toEqual([0, 2]);
    expect(tied.radices).toEqual([3]);
    // An edge equal to the maximum would leave the top bin empty: [0,0,0,0,1] in 2 bins -> edge 0.
    expect(fitDiscretizer([column([0, 0, 0, 0, 1])], all(5), { bins: 2, numPositions: 1 }).edgesOf(0)).toEqual([0]);
    const constant = fitDiscretizer([column(new Array<number>(50).fill(0.5)), column([...Array(50).keys()])], all(50), { bins: 5, numPositions: 3 });
    expect(constant.radices).toEqual([1, 5]);
    expect(constant.numStates).toBe(15);
    expect(constant.binOf(0, 0.5)).toBe(0);
    expect(constant.binOf(0, 99)).toBe(0);
  });

  it('leaves no fit bin empty on random data with many ties (property over seeds)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      // Values drawn from a few levels produce heavy ties.
      const values = Array.from({ length: 40 + seed }, (_, i) => Math.floor(((i * 7919 + seed * 104729) % 97) / (seed % 5 + 10)));
      const bins = 2 + (seed % 6);
      const discretizer = fitDiscretizer([column(values)], all(values.length), { bins, numPositions: 1 });
      const counts = new Array<number>(discretizer.radices[0]!).fill(0);
      for (const v of values) counts[discretizer.binOf(0, v)]!++;
      expect(counts.every((c) => c > 0), `seed ${seed}: counts ${counts.join(',')}`).toBe(true);
      expect(discretizer.radices[0]).toBeLessThanOrEqual(bins);
    }
  });
});

describe('fitting on the training window only', () => {
  it('changing values outside the fit window does not change the edges', () => {
    const series = randomWalkSeries('fit-window', 400);
    const { columns } = computeIndicators(series, ['rsi:14', 'bbp:20']);
    const fit = { from: 100, to: 250 };
    const a = fitDiscretizer(columns, fit, { bins: 5, numPositions: 3 });
    const scrambled = columns.map((c) => c.map((v, t) => (t < 100 || t >= 250 ? 1000 - t : v)));
    const b = fitDiscretizer(scrambled, fit, { bins: 5, numPositions: 3 });
    expect(b.toJSON()).toEqual(a.toJSON());
    // ...while changing a value inside the window does change them (so the test can fail).
    const inside = columns.map((c) => c.map((v, t) => (t >= 100 && t < 250 ? v * 2 + t : v)));
    expect(fitDiscretizer(inside, fit, { bins: 5, numPositions: 3 }).toJSON()).not.toEqual(a.toJSON());
  });

  it('excludes warm-up (NaN) days from the fit and maps them to indicator state -1', () => {
    const nan = Number.NaN;
    const columns = [column([nan, nan, 1, 2, 3, 4]), column([nan, 5, 6, 7, 8, 9])];
    const discretizer = fitDiscretizer(columns, all(6), { bins: 2, numPositions: 3 });
    // Decision days are 2..5 (every column finite): medians of (1,2,3,4) and (6,7,8,9).
    expect(discretizer.edgesOf(0)).toEqual([2]);
    expect(discretizer.edgesOf(1)).toEqual([7]);
    expect(Array.from(discretizer.indicatorStates(columns))).toEqual([-1, -1, 0, 0, 3, 3]);
  });

  it('rejects a fit window shorter than the warm-up and bad options with a UserError', () => {
    const series = randomWalkSeries('short-fit', 100);
    const { columns, names } = computeIndicators(series, ['rsi:14', 'macd']);
    expect(() => fitDiscretizer(columns, { from: 0, to: 20 }, { numPositions: 3, names })).toThrow(
      /no day in the fit window \(days 0\.\.19\) has a value for every indicator \(rsi:14, macd:12,26,9\)/,
    );
    expect(() => fitDiscretizer(columns, { from: 50, to: 50 }, { numPositions: 3 })).toThrow(UserError);
    expect(() => fitDiscretizer(columns, { from: 0, to: 101 }, { numPositions: 3 })).toThrow(/outside the series \(0\.\.99\)/);
    expect(() => fitDiscretizer(columns, all(100), { bins: 0, numPositions: 3, names })).toThrow(/bins for rsi:14 must be a whole number within 1\.\.100, got 0/);
    expect(() => fitDiscretizer(columns, all(100), { bins: [3], numPositions: 3 })).toThrow(/1 bin counts given for 2 indicators/);
    expect(() => fitDiscretizer(columns, all(100), { numPositions: 0 })).toThrow(/numPositions must be a whole number/);
    expect(() => fitDiscretizer([], all(1), { numPositions: 3 })).toThrow(UserError);
  });
});

describe('state ids', () => {
  it('combine the bins in mixed radix (first indicator most significant), times the positions', () => {
    // Radices 3 and 2 (bins 0..2 and 0..1), 3 positions.
    const discretizer = fitDiscretizer([column([1, 2, 3, 4, 5, 6]), column([1, 2, 3, 4, 5, 6])], all(6), { bins: [3, 2], numPositions: 3 });
    expect(discretizer.radices).toEqual([3, 2]);
    expect(discretizer.numIndicatorStates).toBe(6);
    expect(discretizer.numStates).toBe(18);
    // Values (5, 2): bins (2, 0) -> indicator state 2·2 + 0 = 4; long = position 2 -> 4·3 + 2 = 14.
    expect(discretizer.indicatorStateOf([5, 2])).toBe(4);
    expect(discretizer.stateId(4, 2)).toBe(14);
    expect(discretizer.decodeState(14)).toEqual({ bins: [2, 0], positionIndex: 2 });
    expect(discretizer.indicatorStateOf([5, Number.NaN])).toBe(-1);
    expect(() => discretizer.stateId(-1, 0)).toThrow(RangeError);
    expect(() => discretizer.stateId(0, 3)).toThrow(RangeError);
  });

  it('are a bijection from (bins of every indicator, position) onto 0..numStates-1', () => {
    const columns = [column([...Array(30).keys()]), column([...Array(30).keys()].map((i) => (i * 7) % 30)), column([...Array(30).keys()].map((i) => (i * 11) % 30))];
    const discretizer = fitDiscretizer(columns, all(30), { bins: [2, 3, 5], numPositions: 3 });
    expect(discretizer.radices).toEqual([2, 3, 5]);
    const seen = new Set<number>();
    for (let b0 = 0; b0 < 2; b0++) {
      for (let b1 = 0; b1 < 3; b1++) {
        for (let b2 = 0; b2 < 5; b2++) {
          // A value at a bin's upper edge lands in that bin; the top bin takes anything above.
          const value = (i: number, bin: number): number => {
            const edges = discretizer.edgesOf(i);
            return bin < edges.length ? edges[bin]! : edges[edges.length - 1]! + 1;
          };
          const indicatorState = discretizer.indicatorStateOf([value(0, b0), value(1, b1), value(2, b2)]);
          for (let position = 0; position < 3; position++) {
            const id = discretizer.stateId(indicatorState, position);
            expect(id).toBeGreaterThanOrEqual(0);
            expect(id).toBeLessThan(discretizer.numStates);
            expect(seen.has(id), `id ${id} reached twice`).toBe(false);
            seen.add(id);
            expect(discretizer.decodeState(id)).toEqual({ bins: [b0, b1, b2], positionIndex: position });
          }
        }
      }
    }
    expect(seen.size).toBe(discretizer.numStates);
    expect(discretizer.numStates).toBe(2 * 3 * 5 * 3);
  });

  it('precomputes the same indicator states as the per-day function', () => {
    const series = randomWalkSeries('precompute', 500);
    const { columns, names } = computeIndicators(series, ['sma-ratio:20', 'bbp:20', 'rsi:14', 'volume-z:20']);
    const discretizer = fitDiscretizer(columns, { from: 0, to: 300 }, { bins: 4, numPositions: 3, names });
    const states = discretizer.indicatorStates(columns);
    expect(states).toBeInstanceOf(Int32Array);
    for (let t = 0; t < 500; t++) {
      expect(states[t]).toBe(discretizer.indicatorStateOf(columns.map((c) => c[t]!)));
      expect(states[t]! < 0).toBe(t < 19);
      expect(states[t]).toBeLessThan(discretizer.numIndicatorStates);
    }
    expect(() => discretizer.indicatorStates(columns.slice(1))).toThrow(/got 3 columns, the discretizer was fitted on 4/);
  });
});

describe('saving and loading', () => {
  it('round-trips through JSON text exactly', () => {
    const series = randomWalkSeries('json', 300);
    const { columns, names } = computeIndicators(series, ['macd', 'stoch:14', 'cci:20']);
    const discretizer = fitDiscretizer(columns, { from: 0, to: 200 }, { bins: [3, 4, 5], numPositions: 3, names });
    const text = JSON.stringify(discretizer);
    const restored = Discretizer.fromJSON(JSON.parse(text));
    expect(restored.toJSON()).toEqual(discretizer.toJSON());
    expect(restored.names).toEqual(names);
    expect(restored.numStates).toBe(discretizer.numStates);
    expect(Array.from(restored.indicatorStates(columns))).toEqual(Array.from(discretizer.indicatorStates(columns)));
  });

  it('rejects a damaged file with a one-line message naming the field', () => {
    const good = fitDiscretizer([column([1, 2, 3, 4]), column([4, 3, 2, 1])], all(4), { bins: 2, numPositions: 3 }).toJSON();
    const load = (patch: Record<string, unknown>) => () => Discretizer.fromJSON({ ...good, ...patch }, 'agent.json');
    expect(load({ format: 'other' })).toThrow(/^agent\.json: format must be "dynaq-discretizer"/);
    expect(load({ version: 2 })).toThrow(/version must be 1/);
    expect(load({ edges: [[2], [3, 1]], binsRequested: [2, 4] })).toThrow(/edges\[1\]\[1\] must be above edges\[1\]\[0\]/);
    expect(load({ edges: [[2], ['x']] })).toThrow(/edges\[1\]\[0\] must be a finite number, got "x"/);
    expect(load({ names: ['a'] })).toThrow(/names must be 2 strings/);
    expect(load({ numPositions: 0 })).toThrow(/numPositions must be a whole number within 1\.\.1000, got 0/);
    expect(() => Discretizer.fromJSON(null, 'agent.json')).toThrow(UserError);
  });
});

describe.skipIf(!hasSharedPrices)('on JPM from ../shared/data', () => {
  if (!hasSharedPrices) console.warn('skipping JPM discretizer test: ../shared/data not found');
  it('fits on 2008-2009 and fills every bin of every indicator there', () => {
    const { dates, series } = loadSharedSeries('JPM');
    const from = dates.indexOf('2008-01-02');
    const to = dates.indexOf('2010-01-04');
    const { columns, names } = computeIndicators(series, ['sma-ratio:20', 'bbp:20', 'rsi:14']);
    const discretizer = fitDiscretizer(columns, { from, to }, { bins: 4, numPositions: 3, names });
    expect(discretizer.radices).toEqual([4, 4, 4]);
    columns.forEach((c, i) => {
      const counts = [0, 0, 0, 0];
      for (let t = from; t < to; t++) counts[discretizer.binOf(i, c[t]!)]!++;
      // Quartiles of 504 days: each bin holds about a quarter.
      for (const count of counts) expect(count, `${names[i]} counts ${counts.join(',')}`).toBeGreaterThan(100);
    });
  });
});
