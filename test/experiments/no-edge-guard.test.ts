import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { learnerUnderTest, NO_EDGE_MARKET, COSTS_SETUP, WINDOWS } from '../../src/experiments/learning.js';
import { builtIn } from '../../src/loader/load.js';
import { ordersAwayFromBenchmark } from '../../src/metrics/trades.js';
import { DEFAULT_SYNTH, plantedMarket } from '../../src/synth/generate.js';
import { PLANTED_SYMBOL } from '../../src/synth/planted.js';

interface StateFacts {
  state: { chosen: { spec: string }[] };
}

/**
 * State selection lets a feature in at one standard error over the empty state (select-state.ts
 * Z_SINGLE), so on a market with no edge it often keeps one; trading away from the benchmark is
 * then up to the bootstrap ensemble. This checks the two guards together, on the benchmark's
 * no-edge walks with the course costs.
 */
describe('a market with no edge (random walk, course costs)', () => {
  it('the learner never leaves the benchmark, also on the walks where its state selection kept a feature', async () => {
    const factory = await learnerUnderTest({ seed: 1 });
    const kept: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const dir = mkdtempSync(join(tmpdir(), 'dynaq-noedge-'));
      try {
        for (const file of plantedMarket(NO_EDGE_MARKET, { ...DEFAULT_SYNTH, seed }).files) writeFileSync(join(dir, file.name), file.text);
        const config = { symbol: PLANTED_SYMBOL, ...WINDOWS, dataDir: dir, calendar: PLANTED_SYMBOL, setup: COSTS_SETUP };
        const result = runBacktest(config, { subject: factory(), benchmark: await builtIn('buy-and-hold') });
        if ((result.training!.details as unknown as StateFacts).state.chosen.length > 0) kept.push(seed);
        for (const window of [result.inSample, result.outOfSample]) {
          const away = ordersAwayFromBenchmark(window.subject.run.trades, window.subject.run.holdings, window.benchmark.run.holdings);
          expect(away, `walk seed ${seed}: orders away from the benchmark`).toBe(0);
          expect(window.subject.stats.cumulativeReturn).toBe(window.benchmark.stats.cumulativeReturn);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    // the ensemble was tested, not only the selection: some walks kept a feature
    expect(kept.length, `walks whose state kept a feature: ${kept.join(', ')}`).toBeGreaterThan(0);
  }, 60_000);
});
