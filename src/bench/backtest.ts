import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBacktest } from '../backtest/run.js';
import { COURSE_SETUP } from '../broker/setup.js';
import { COURSE } from '../defaults.js';
import { builtIn } from '../loader/load.js';
import { median, type Benchmark, type BenchResult } from './registry.js';
import { sharedDataDir } from './shared.js';

/**
 * The product's main job: Dyna-Q (dyna=200) trained on JPM 2008-2009 and tested on 2010-2011
 * with the course costs; training and test timed apart (the course allows 25 s to train).
 */
export const backtestBenchmark: Benchmark = {
  name: 'backtest',
  description: 'dyna-q on JPM: train 2008-2009 + test 2010-2011, dyna=200, course costs',
  async run(context): Promise<BenchResult> {
    const data = sharedDataDir(context.repoRoot);
    const prices = data === null ? null : join(data, 'prices');
    if (prices === null || !existsSync(prices)) {
      return { metrics: {}, lines: ['backtest: skipped, ../shared/data/prices not found'], skipped: 'no ../shared/data' };
    }
    const config = { symbol: 'JPM', train: COURSE.train, test: COURSE.test, dataDir: prices, calendar: 'SPY', setup: COURSE_SETUP };
    const train: number[] = [];
    const test: number[] = [];
    const total: number[] = [];
    let epochs = 0;
    for (let rep = 0; rep < (context.quick ? 1 : 5); rep++) {
      const start = process.hrtime.bigint();
      const result = runBacktest(config, { subject: await builtIn('dyna-q', { seed: rep + 1 }), benchmark: await builtIn('buy-and-hold') });
      total.push(Number(process.hrtime.bigint() - start) / 1e9);
      train.push(result.trainSeconds);
      test.push(result.testSeconds);
      epochs = result.training?.epochs ?? 0;
    }
    return {
      metrics: { backtestTrainSeconds: median(train), backtestTestSeconds: median(test), backtestTotalSeconds: median(total) },
      lines: [
        `backtest JPM: train ${median(train).toFixed(2)} s (${epochs} epochs), test ${median(test).toFixed(3)} s, ` +
          `total with loading and benchmark ${median(total).toFixed(2)} s (median of ${total.length})`,
      ],
    };
  },
};
