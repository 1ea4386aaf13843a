import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { COSTS_SETUP, learnerUnderTest, NO_EDGE_MARKET, tradedState, WINDOWS } from '../../src/experiments/learning.js';
import { builtIn } from '../../src/loader/load.js';
import { ordersAwayFromBenchmark } from '../../src/metrics/trades.js';
import { DEFAULT_SYNTH, plantedMarket } from '../../src/synth/generate.js';
import { PLANTED_SYMBOL } from '../../src/synth/planted.js';

/**
 * State selection lets a feature in at one standard error over the empty state (select-state.ts
 * Z_SINGLE), so on a market with no edge it often keeps one; trading away from the benchmark is
 * then up to the bootstrap ensemble. This checks both on the benchmark's no-edge walks with the
 * course costs: the learner as it chooses its state, and with a state fixed by hand (two momenta
 * in three bins each: nine market states of noise), where the ensemble alone decides.
 */
describe('a market with no edge (random walk, course costs)', () => {
  it('the learner never leaves the benchmark, with the state it chooses or with one fixed by hand', async () => {
    const chosen = await learnerUnderTest({ seed: 1 });
    const fixed = await learnerUnderTest({ seed: 1, indicators: ['momentum:2', 'momentum:10'], bins: 3 });
    const states: string[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const dir = mkdtempSync(join(tmpdir(), 'dynaq-noedge-'));
      try {
        for (const file of plantedMarket(NO_EDGE_MARKET, { ...DEFAULT_SYNTH, seed }).files) writeFileSync(join(dir, file.name), file.text);
        const config = { symbol: PLANTED_SYMBOL, ...WINDOWS, dataDir: dir, calendar: PLANTED_SYMBOL, setup: COSTS_SETUP };
        for (const [name, factory] of [['chosen', chosen], ['fixed', fixed]] as const) {
          const result = runBacktest(config, { subject: factory(), benchmark: await builtIn('buy-and-hold') });
          states.push(`${name} ${seed}: ${tradedState(result)}`);
          for (const window of [result.inSample, result.outOfSample]) {
            const away = ordersAwayFromBenchmark(window.subject.run.trades, window.subject.run.holdings, window.benchmark.run.holdings);
            expect(away, `walk seed ${seed}, ${name} state ${tradedState(result)}: orders away from the benchmark`).toBe(0);
            expect(window.subject.stats.cumulativeReturn).toBe(window.benchmark.stats.cumulativeReturn);
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    // the hand-fixed state is the one asked for: the ensemble, not the selection, kept those runs flat
    expect(states.filter((line) => line.startsWith('fixed')).every((line) => line.endsWith(': momentum:2, momentum:10')), states.join('; ')).toBe(true);
  }, 60_000);
});
