import { describe, expect, it } from 'vitest';
import { COURSE_SETUP } from '../../src/broker/setup.js';
import { runBacktest, type BacktestConfig } from '../../src/backtest/run.js';
import { builtIn } from '../../src/loader/load.js';
import { instantiate, isBuiltIn } from '../../src/strategy/instance.js';
import type { Strategy } from '../../src/strategy/contract.js';
import { SAMPLE_DATA, sampleTable } from '../helpers/sample-data.js';

/**
 * The benchmark's and comparisons' results are measured once per table and window only for the
 * engine's own strategies as the loader made them: a strategy that merely names itself `built-in`
 * (the library's instantiate takes any origin) runs every time.
 */
describe('reference results', () => {
  const config: BacktestConfig = {
    symbol: 'SYN-TREND',
    dataDir: SAMPLE_DATA,
    calendar: 'SPY',
    setup: COURSE_SETUP,
    train: { start: '2008-01-01', end: '2009-12-31' },
    test: { start: '2010-01-01', end: '2011-12-31' },
  };

  it('are measured again for a look-alike each run, and kept for the loader-made built-in', async () => {
    const table = sampleTable('SYN-TREND');
    let runs = 0;
    // flat in the first backtest (its two windows), long in later ones: a result kept from the first would show
    const lookAlike: Strategy = {
      name: 'buy-and-hold',
      begin() {
        runs++;
      },
      decide: () => (runs > 2 ? 'long' : 'flat'),
    };
    const subject = async () => builtIn('buy-and-hold');
    const fake = () => instantiate(lookAlike, { origin: 'built-in buy-and-hold' });
    expect(isBuiltIn(fake())).toBe(false);
    const first = runBacktest(config, { subject: await subject(), benchmark: fake() }, table);
    const second = runBacktest(config, { subject: await subject(), benchmark: fake() }, table);
    expect(first.outOfSample.benchmark.stats.cumulativeReturn).toBe(0);
    expect(second.outOfSample.benchmark.stats.cumulativeReturn).not.toBe(0);

    const real = await builtIn('buy-and-hold');
    expect(isBuiltIn(real)).toBe(true);
    const a = runBacktest(config, { subject: await subject(), benchmark: real }, table);
    const b = runBacktest(config, { subject: await subject(), benchmark: await builtIn('buy-and-hold') }, table);
    expect(b.outOfSample.benchmark).toBe(a.outOfSample.benchmark); // the same measured result, kept
  });
});
