import { backtestBenchmark } from './backtest.js';
import { brokerBenchmark, marketsimBenchmark } from './broker.js';
import { loadPricesBenchmark } from './load-prices.js';
import { defaultPlanningBenchmark, planningBenchmark } from './planning.js';
import { benchmarks, registerBenchmark } from './registry.js';
import { rngBenchmark } from './rng.js';
import { world01Benchmark } from './world.js';
import { sweepPoolBenchmark } from './sweep.js';
import { gridBenchmark } from './grid.js';

export { registerBenchmark, benchmarks, type BenchResult } from './registry.js';
export { findRepoRoot } from './shared.js';

// The built-in benchmarks, in the order `dynaq bench` runs them. Others register their own
// (e.g. a data-loading benchmark) with registerBenchmark from their module.
for (const benchmark of [
  planningBenchmark,
  defaultPlanningBenchmark,
  world01Benchmark,
  rngBenchmark,
  loadPricesBenchmark,
  brokerBenchmark,
  marketsimBenchmark,
  backtestBenchmark,
  sweepPoolBenchmark,
  gridBenchmark,
]) {
  if (!benchmarks().some((b) => b.name === benchmark.name)) registerBenchmark(benchmark);
}
