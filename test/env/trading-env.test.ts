import { describe, expect, it } from 'vitest';
import { executeTrades } from '../../src/backtest/execute.js';
import { ACTION_DIRECTIONS, TradingEnv } from '../../src/env/trading-env.js';
import { Rng } from '../../src/learner/index.js';
import { makePriceTable, isoDays } from '../helpers/price-table.js';
import { COURSE_COSTS, sampleTable, windowOf } from '../helpers/sample-data.js';

describe('TradingEnv', () => {
  it('rewards the return from t to t+1 after costs, hand-computed', () => {
    const table = makePriceTable(isoDays(4), { ABC: [100, 110, 99, 99] });
    const env = new TradingEnv({ table, symbol: 'ABC', from: 0, to: 3 }, { ...COURSE_COSTS, commission: 10, impact: 0.01, startValue: 10_000 });
    // Day 0: buy 1000 at 100 with impact 1,000 and commission 10; value 10,000 -> 9,990 + 1000*110 - 100,000... = 18,990.
    expect(env.step(0, 1)).toBeCloseTo((10_000 - 100_000 - 1_000 - 10 + 110_000 - 10_000) / 10_000, 12);
    expect(env.positionIndex).toBe(1);
    // Day 1: reverse to short: sell 2000 at 110, impact 2,200, commission 10; then price falls to 99.
    const before = 18_990;
    const cash = -91_010 + 220_000 - 2_200 - 10;
    expect(env.step(1, 2), 'a return on the start value').toBeCloseTo((cash - 1000 * 99 - before) / 10_000, 12);
    expect(env.holding).toBe(-1000);
    // Day 2: hold short on a flat day: nothing traded, nothing earned.
    expect(env.step(2, 2)).toBe(0);
  });

  it("reconciles the sum of rewards with the equity curve's cumulative return of the same trades", () => {
    const table = sampleTable('SYN-REGIME');
    const window = windowOf(table, 'SYN-REGIME', '2008-01-01', '2009-12-31');
    const env = new TradingEnv(window, COURSE_COSTS);
    const rng = new Rng(7);
    const trades = new Float64Array(window.to - window.from + 1);
    let rewardSum = 0;
    let holding = 0;
    let wipedOutOn: string | null = null;
    for (let t = window.from; t < window.to && wipedOutOn === null; t++) {
      const action = rng.int(3);
      rewardSum += env.step(t, action);
      const target = ACTION_DIRECTIONS[action]! * 1000;
      trades[t - window.from] = target - holding;
      holding = target;
      if (env.wipedOut) wipedOutOn = table.dates[env.broker.fills.at(-1)!.dayIndex]!;
    }
    const run = executeTrades(window, COURSE_COSTS, trades);
    // Random trading of 1000 shares with the course costs loses everything: both stop the same day.
    expect(wipedOutOn).not.toBeNull();
    expect(run.wipedOutOn).toBe(wipedOutOn);
    expect(run.fills.length).toBeGreaterThan(100);
    expect(rewardSum).toBeCloseTo(run.values.at(-1)! / COURSE_COSTS.startValue - 1, 10);
    expect(env.broker.valueAt(window.to)).toBeCloseTo(run.values.at(-1)!, 6);
  });

  for (const fill of ['close', 'next-open'] as const) {
    it(`reveals every (position, action) reward of a day: the taken pair's equals the real step's (fill ${fill})`, () => {
      const table = sampleTable('SYN-TREND');
      const window = windowOf(table, 'SYN-TREND', '2008-01-01', '2008-12-31');
      const setup = { ...COURSE_COSTS, fill };
      const env = new TradingEnv(window, setup);
      const rng = new Rng(3);
      const rewards = new Float64Array(9);
      const terminal = new Uint8Array(9);
      const seen = new Set<string>();
      for (let t = window.from; t < window.to - 1; t++) {
        const action = rng.int(3);
        const position = env.positionIndex;
        env.counterfactualRewards(t, rewards, terminal);
        const real = env.step(t, action);
        expect(rewards[position * 3 + action], `day ${t}: position ${position}, action ${action}`).toBeCloseTo(real, 12);
        expect(terminal[position * 3 + action]).toBe(0);
        seen.add(`${position}${action}`);
      }
      expect(seen.size, 'every pair was checked against a real step').toBe(9);
    });
  }

  it('computes a hand-checked counterfactual day: flat->long pays commission and impact, long->long pays nothing', () => {
    const table = makePriceTable(isoDays(3), { ABC: [100, 110, 99] });
    const env = new TradingEnv({ table, symbol: 'ABC', from: 0, to: 2 }, { ...COURSE_COSTS, commission: 10, impact: 0.01, startValue: 10_000 });
    const rewards = new Float64Array(9);
    const terminal = new Uint8Array(9);
    const costs = new Float64Array(9);
    env.counterfactualRewards(0, rewards, terminal, costs);
    // flat -> long: +1000 x (110 - 100) - 1000 x 100 x 0.01 - 10 = 8,990
    expect(rewards[0 * 3 + 1]).toBeCloseTo(8_990 / 10_000, 12);
    expect(costs[0 * 3 + 1], 'commission + impact of buying 1000 at 100').toBeCloseTo(1_010 / 10_000, 12);
    expect(costs[1 * 3 + 1], 'holding costs nothing').toBe(0);
    expect(costs[2 * 3 + 1], 'buying 2000 at 100').toBeCloseTo(2_010 / 10_000, 12);
    // long -> long: +1000 x 10, no trade
    expect(rewards[1 * 3 + 1]).toBeCloseTo(10_000 / 10_000, 12);
    // short -> long: buy 2000: -1000 x 100 ... = -(-1000 x 100) + 1000 x 110 - 2000 x 100 - 2,000 - 10 = 7,990
    expect(rewards[2 * 3 + 1]).toBeCloseTo(7_990 / 10_000, 12);
    // long -> short: sell 2000 at 100: -1000 x 10 - 2,000 - 10 = -12,010, and the account (10,000) is wiped out
    expect(rewards[1 * 3 + 2]).toBeCloseTo(-12_010 / 10_000, 12);
    expect(terminal[1 * 3 + 2]).toBe(1);
    expect(terminal[0 * 3 + 0]).toBe(0);
  });
});
