import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { listSymbols } from '../data/data-dir.js';
import { loadPrices } from '../data/load.js';
import { median, type Benchmark, type BenchResult } from './registry.js';
import { sharedDataDir } from './shared.js';

/** Every file of ../shared/data/prices (606 symbols, 2000-2012) loaded and aligned in one call. */
export const loadPricesBenchmark: Benchmark = {
  name: 'load-prices',
  description: 'loadPrices of all 606 reference files (parse, validate, align to SPY, fill), cold per repetition',
  run(context): BenchResult {
    const data = sharedDataDir(context.repoRoot);
    const prices = data === null ? null : join(data, 'prices');
    if (prices === null || !existsSync(prices)) {
      return { metrics: {}, lines: ['load-prices: skipped, ../shared/data/prices not found'], skipped: 'no ../shared/data' };
    }
    const symbols = listSymbols(prices);
    const seconds: number[] = [];
    let cells = 0;
    for (let rep = 0; rep < (context.quick ? 1 : 3); rep++) {
      const start = process.hrtime.bigint();
      const table = loadPrices({ symbols, dataDir: prices });
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
      cells = table.dates.length * table.symbols.length;
    }
    const time = median(seconds);
    return {
      metrics: { loadPricesSeconds: time, loadPricesSymbols: symbols.length },
      lines: [`load-prices: ${symbols.length} files, ${cells.toLocaleString('en-US')} aligned days in ${time.toFixed(2)} s (median of ${seconds.length})`],
    };
  },
};
