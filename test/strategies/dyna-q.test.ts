import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/backtest/execute.js';
import { runBacktest } from '../../src/backtest/run.js';
import type { SymbolSeries } from '../../src/data/types.js';
import { DEFAULT_DYNA_Q, trainOnWindow, type DynaQSettings } from '../../src/agent/index.js';
import { tableUpTo, withLaterPricesChanged } from '../../src/data/window.js';
import { buyAndHold, dynaQ, manual } from '../../strategies/index.js';
import { runPlanted } from '../../src/experiments/learning.js';
import { COURSE_COSTS, NO_COSTS, SAMPLE_DATA, sampleTable, windowOf } from '../helpers/sample-data.js';

const SYMBOL = 'SYN-MEANREV';
/** The course's Dyna-Q: counts model, exponential reward, learning rate 0.1, the old state. */
const CLASSIC = { model: 'counts', rewardModel: 'exponential', alpha: 0.1, planning: 'sample', indicators: ['momentum:10', 'bbp:20', 'rsi:14'], bins: 4, patience: 5, minEpochs: 10 } as const;
const TRAIN = { start: '2008-01-01', end: '2009-12-31' };
const TEST = { start: '2010-01-01', end: '2011-12-31' };

/** Agents trained once per file and shared by the tests that only read them (training is the slow part). */
const sharedAgents = new Map<string, ReturnType<typeof train>>();
function trained(setup = COURSE_COSTS, symbol = SYMBOL, settings: Partial<DynaQSettings> = {}) {
  const key = JSON.stringify([setup, symbol, settings]);
  if (!sharedAgents.has(key)) sharedAgents.set(key, train(setup, symbol, settings));
  return sharedAgents.get(key)!;
}

function train(setup: typeof COURSE_COSTS, symbol: string, settings: Partial<DynaQSettings>) {
  const table = sampleTable(symbol);
  const strategy = dynaQ({ seed: 3, ...settings });
  const training = strategy.train(windowOf(table, symbol, TRAIN.start, TRAIN.end), setup)!;
  return { table, strategy, training };
}

describe('dyna-q strategy', () => {
  it('feeds every training day once into its model and plans until the model is solved (a Bellman residual of at most 1e-12)', () => {
    const { training, table } = trained();
    const window = windowOf(table, SYMBOL, TRAIN.start, TRAIN.end);
    expect(training.realSteps).toBe(window.to - window.from);
    expect(training.learningCurve).toHaveLength(1);
    const planning = training.details!.planning as { residual: number; tolerance: number; sweeps: number };
    expect(planning.tolerance).toBe(1e-12);
    expect(planning.residual).toBeLessThanOrEqual(1e-12);
    expect(training.stoppedBecause).toMatch(/Bellman residual/);
    expect(training.policy!.actions).toHaveLength(training.policy!.stateLabels.length);
  });

  it("with the course's counts model, explores for epochs, and an epoch ends early when exploration wipes the account out", () => {
    const { training, table } = trained(COURSE_COSTS, SYMBOL, CLASSIC);
    const window = windowOf(table, SYMBOL, TRAIN.start, TRAIN.end);
    const realDaysPerEpoch = window.to - window.from;
    expect(training.epochs).toBeGreaterThanOrEqual(10);
    expect(training.realSteps).toBeLessThan(training.epochs * realDaysPerEpoch);
    expect(training.planningUpdates).toBe(training.realSteps * 200);
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
    const a = train(COURSE_COSTS, SYMBOL, {});
    const b = train(COURSE_COSTS, SYMBOL, {});
    const test = (run: ReturnType<typeof trained>) => Array.from(runStrategy(run.strategy, windowOf(run.table, SYMBOL, TEST.start, TEST.end), COURSE_COSTS).trades);
    expect(test(b)).toEqual(test(a));
    expect(b.training.learningCurve).toEqual(a.training.learningCurve);
  });

  it('has no look-ahead: changing every price after day t changes no decision up to t', () => {
    // the course's model trades often, so later prices do reach later decisions
    const { table, strategy } = trained(COURSE_COSTS, SYMBOL, CLASSIC);
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
    const strategy = dynaQ({ seed: 3, indicators: ['momentum:5', 'momentum:10', 'momentum:20'] });
    strategy.train(windowOf(table, SYMBOL, '2005-01-01', '2005-12-31'), NO_COSTS);
    const trades = runStrategy(strategy, windowOf(table, SYMBOL, '2005-01-01', '2005-12-31'), NO_COSTS).trades;
    // momentum:5, momentum:10, momentum:20: momentum:20's 20 warm-up days are the longest
    expect(Array.from(trades.subarray(0, 20)).every((shares) => shares === 0)).toBe(true);
    expect(trades[20], 'the first decision enters the benchmark position').toBe(1000);
  });

  it('trades less when impact rises', () => {
    for (const symbol of ['SYN-MEANREV', 'SYN-REGIME']) {
      const orders = [0, 0.005, 0.02].map((impact) => {
        const setup = { ...NO_COSTS, impact };
        const { table, strategy } = trained(setup, symbol, CLASSIC);
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
    // 3 bins: with 2, the median of a -1/0/+1 column is +1, the top of the range, and the edge is dropped
    const window = windowOf(table, 'SYN-REGIME', TRAIN.start, TRAIN.end);
    const { summary } = trainOnWindow({ ...window, table: tableUpTo(table, window.to) }, NO_COSTS, { ...DEFAULT_DYNA_Q, seed: 3, bins: 3 }, { features: leak });
    // the learning curve is the greedy policy's in-sample return (a sum of daily returns on the start value)
    const greedy = summary.learningCurve.at(-1)!;
    const bench = runStrategy(buyAndHold(), window, NO_COSTS);
    expect(greedy, `leaked-feature learner made ${greedy} of the start value`).toBeGreaterThan(2);
    expect(1 + greedy).toBeGreaterThan((bench.values.at(-1)! / bench.values[0]!) * 2);
  });

  it('given the state that carries a planted edge, captures it out of sample: at least 80% of what the oracle makes, and more than with --dyna 0', async () => {
    const family = { rule: 'trend', horizon: 10, strength: 0.2 } as const;
    const state = { indicators: ['momentum:10'], bins: 2 };
    const [planned, unplanned] = await runPlanted(family, 1, [{ name: 'default', settings: state }, { name: 'dyna0', settings: { ...state, dyna: 0 } }], 1);
    expect(planned!.oracleOutOfSample!, 'the oracle earns the planted edge').toBeGreaterThan(0.3);
    expect(planned!.outOfSample! / planned!.oracleOutOfSample!).toBeGreaterThan(0.8);
    expect(planned!.outOfSample!).toBeGreaterThan(unplanned!.outOfSample!);
  });

  it('holds the benchmark where the data shows no edge beyond noise: a random walk', () => {
    const result = runBacktest(
      { symbol: 'SYN-MARKET', train: TRAIN, test: TEST, dataDir: SAMPLE_DATA, calendar: 'SYN-MARKET', setup: COURSE_COSTS },
      { subject: dynaQ({ seed: 1 }), benchmark: buyAndHold(), comparisons: [manual()] },
    );
    for (const window of [result.inSample, result.outOfSample]) {
      expect(window.subject.stats.orders, 'one order: the benchmark position, bought on the first decision day').toBe(1);
      // it buys a day later than the benchmark (the momentum warm-up is inside the sample window)
      expect(Math.abs(window.subject.stats.cumulativeReturn! - window.benchmark.stats.cumulativeReturn!)).toBeLessThan(0.05);
    }
  });
});
