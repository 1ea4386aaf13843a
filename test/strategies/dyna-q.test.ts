import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/backtest/execute.js';
import { runBacktest } from '../../src/backtest/run.js';
import type { SymbolSeries } from '../../src/data/types.js';
import { buyAndHold, dynaQ, manual } from '../../strategies/index.js';
import { COURSE_COSTS, NO_COSTS, SAMPLE_DATA, sampleTable, windowOf, withLaterPricesChanged } from '../helpers/sample-data.js';

const SYMBOL = 'SYN-MEANREV';
const TRAIN = { start: '2008-01-01', end: '2009-12-31' };
const TEST = { start: '2010-01-01', end: '2011-12-31' };

function trained(setup = COURSE_COSTS, symbol = SYMBOL, settings = {}) {
  const table = sampleTable(symbol);
  const strategy = dynaQ({ seed: 3, ...settings });
  const training = strategy.train(windowOf(table, symbol, TRAIN.start, TRAIN.end), setup);
  return { table, strategy, training };
}

describe('dyna-q strategy', () => {
  it('trains for epochs with dyna planning updates per real day and records a learning curve', () => {
    const { training, table } = trained();
    const window = windowOf(table, SYMBOL, TRAIN.start, TRAIN.end);
    const realDaysPerEpoch = window.to - window.from;
    expect(training.epochs).toBeGreaterThanOrEqual(10);
    expect(training.learningCurve).toHaveLength(training.epochs);
    // An epoch ends early when exploration wipes the account out (a terminal outcome).
    expect(training.realSteps).toBeLessThanOrEqual(training.epochs * realDaysPerEpoch);
    expect(training.realSteps).toBeGreaterThan(training.epochs * realDaysPerEpoch * 0.9);
    expect(training.planningUpdates).toBe(training.realSteps * 200);
    expect(training.policy!.actions).toHaveLength(training.policy!.stateLabels.length);
  });

  it('tests greedily and frozen: two tests of the same window give identical trades', () => {
    const { table, strategy } = trained();
    const test = windowOf(table, SYMBOL, TEST.start, TEST.end);
    const first = runStrategy(strategy, test, COURSE_COSTS).trades;
    const second = runStrategy(strategy, test, COURSE_COSTS).trades;
    expect(Array.from(second)).toEqual(Array.from(first));
    expect(first.some((shares) => shares !== 0)).toBe(true);
  });

  it('trades only 0, +-1000 or +-2000 shares and keeps holdings within +-1000', () => {
    const { table, strategy } = trained();
    const trades = runStrategy(strategy, windowOf(table, SYMBOL, TEST.start, TEST.end), COURSE_COSTS).trades;
    let holding = 0;
    for (const shares of trades) {
      expect([0, 1000, -1000, 2000, -2000]).toContain(shares);
      holding += shares;
      expect(Math.abs(holding)).toBeLessThanOrEqual(1000);
    }
  });

  it('is deterministic: the same seed gives the same trades, another seed may differ', () => {
    const a = trained();
    const b = trained();
    const test = (run: ReturnType<typeof trained>) => Array.from(runStrategy(run.strategy, windowOf(run.table, SYMBOL, TEST.start, TEST.end), COURSE_COSTS).trades);
    expect(test(b)).toEqual(test(a));
    expect(b.training.learningCurve).toEqual(a.training.learningCurve);
  });

  it('has no look-ahead: changing every price after day t changes no decision up to t', () => {
    const { table, strategy } = trained();
    const test = windowOf(table, SYMBOL, TEST.start, TEST.end);
    const original = runStrategy(strategy, test, COURSE_COSTS).trades;
    for (const offset of [5, 120, 400]) {
      const t = test.from + offset;
      const changed = withLaterPricesChanged(table, SYMBOL, t, (price, day) => price * (1 + 0.3 * Math.sin(day)));
      const after = runStrategy(strategy, { ...test, table: changed }, COURSE_COSTS).trades;
      expect(Array.from(after.subarray(0, offset + 1)), `decisions up to day ${offset}`).toEqual(Array.from(original.subarray(0, offset + 1)));
      expect(Array.from(after), 'the change must reach later decisions, or this test proves nothing').not.toEqual(Array.from(original));
    }
  });

  it('makes no decision during indicator warm-up', () => {
    const table = sampleTable(SYMBOL);
    const strategy = dynaQ({ seed: 3, maxEpochs: 12 });
    strategy.train(windowOf(table, SYMBOL, '2005-01-01', '2005-12-31'), NO_COSTS);
    const trades = runStrategy(strategy, windowOf(table, SYMBOL, '2005-01-01', '2005-12-31'), NO_COSTS).trades;
    // momentum:10, bbp:20, rsi:14: bbp's 19 warm-up days are the longest
    expect(Array.from(trades.subarray(0, 19)).every((shares) => shares === 0)).toBe(true);
  });

  it('trades less when impact rises', () => {
    for (const symbol of ['SYN-MEANREV', 'SYN-REGIME']) {
      const orders = [0, 0.005, 0.02].map((impact) => {
        const setup = { ...NO_COSTS, impact };
        const { table, strategy } = trained(setup, symbol);
        const window = windowOf(table, symbol, TRAIN.start, TRAIN.end);
        return runStrategy(strategy, window, setup).fills.length;
      });
      expect(orders[1], `${symbol}: orders at impact 0, 0.005, 0.02 = ${orders}`).toBeLessThan(orders[0]!);
      expect(orders[2], `${symbol}: orders at impact 0, 0.005, 0.02 = ${orders}`).toBeLessThanOrEqual(orders[1]!);
      expect(orders[2], `${symbol}: orders at impact 0, 0.005, 0.02 = ${orders}`).toBeLessThan(orders[0]!);
    }
  });

  it('becomes clearly profitable when fed a leaked feature (tomorrow\'s return sign): the learning loop works', () => {
    const leak = (series: SymbolSeries) => {
      const prices = series.adjClose;
      const column = new Float64Array(prices.length).fill(NaN);
      for (let t = 0; t + 1 < prices.length; t++) column[t] = Math.sign(prices[t + 1]! - prices[t]!);
      // The training table ends with the window: its last day has no tomorrow to leak.
      column[prices.length - 1] = 0;
      return { names: ['tomorrow-sign'], columns: [column], warmup: 0 };
    };
    const table = sampleTable('SYN-REGIME');
    const strategy = dynaQ({ seed: 3 }, { features: leak });
    const window = windowOf(table, 'SYN-REGIME', TRAIN.start, TRAIN.end);
    strategy.train(window, NO_COSTS);
    const run = runStrategy(strategy, window, NO_COSTS);
    const bench = runStrategy(buyAndHold(), window, NO_COSTS);
    const growth = run.values.at(-1)! / run.values[0]!;
    expect(growth, `leaked-feature learner grew ${growth}x`).toBeGreaterThan(3);
    expect(run.values.at(-1)!).toBeGreaterThan(bench.values.at(-1)! * 2);
  });

  it('beats buy-and-hold in-sample on every bundled sample symbol without costs', () => {
    for (const symbol of ['SYN-TREND', 'SYN-MEANREV', 'SYN-REGIME']) {
      const result = runBacktest(
        { symbol, train: TRAIN, test: TEST, dataDir: SAMPLE_DATA, calendar: 'SYN-MARKET', setup: NO_COSTS },
        { subject: dynaQ({ seed: 1 }), benchmark: buyAndHold(), comparisons: [manual()] },
      );
      const { subject, benchmark } = result.inSample;
      expect(subject.stats.cumulativeReturn!, symbol).toBeGreaterThan(benchmark.stats.cumulativeReturn! + 0.1);
    }
  });
});
