import { COURSE } from '../defaults.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Broker, fixedCommission, proportionalImpact } from '../broker/index.js';
import { computePortvals } from '../marketsim/portvals.js';
import { median, type Benchmark, type BenchResult } from './registry.js';

const DAYS = 504; // two years of trading days

/**
 * The broker as a trading environment drives it: per day one `valueAt`, one `submit` (a change
 * of target position between -100, 0 and +100 shares) and the next day's `valueAt`.
 */
export function measureBrokerSteps(epochsPerRepetition: number, repetitions: number): BenchResult {
  const dates = Array.from({ length: DAYS }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  const adjClose = Float64Array.from({ length: DAYS }, (_, i) => 100 + 10 * Math.sin(i / 10));
  const broker = new Broker(
    { adjClose: [adjClose], adjOpen: [adjClose], adjHigh: [adjClose], adjLow: [adjClose], dates, symbols: ['SYN'] },
    { startValue: COURSE.startValue, positionLimits: { min: -COURSE.shares, max: COURSE.shares }, commission: fixedCommission(COURSE.commission), impact: proportionalImpact(COURSE.impact) },
  );
  let growthSum = 0;
  const epoch = (seed: number) => {
    broker.reset();
    let position = 0;
    let growth = 1;
    for (let day = 0; day < DAYS - 1; day++) {
      const before = broker.valueAt(day);
      const target = (((day * 7 + seed) % 3) - 1) * 100;
      broker.submit(day, 0, target - position);
      position = target;
      growth *= broker.valueAt(day + 1) / before;
    }
    growthSum += growth;
  };
  for (let e = 0; e < 200; e++) epoch(e); // warm-up for the JIT
  const stepsPerSecond: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const start = process.hrtime.bigint();
    for (let e = 0; e < epochsPerRepetition; e++) epoch(e);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    stepsPerSecond.push((epochsPerRepetition * (DAYS - 1)) / seconds);
  }
  if (!Number.isFinite(growthSum)) throw new Error('broker benchmark produced a non-finite value');
  const rate = median(stepsPerSecond);
  return {
    metrics: {
      brokerStepsPerSecond: rate,
      brokerNanosecondsPerStep: 1e9 / rate,
      brokerEpochMilliseconds: ((DAYS - 1) / rate) * 1e3,
    },
    lines: [
      `broker: ${(rate / 1e6).toFixed(2)} M steps/s (valueAt + submit + valueAt), ` +
        `${(1e9 / rate).toFixed(0)} ns/step, ${(((DAYS - 1) / rate) * 1e3).toFixed(3)} ms per ${DAYS - 1}-day epoch ` +
        `(median of ${repetitions})`,
    ],
  };
}

export const brokerBenchmark: Benchmark = {
  name: 'broker',
  description: 'Stepwise broker throughput as the trading environment uses it (one symbol, 503 days per epoch)',
  run: (context) => (context.quick ? measureBrokerSteps(200, 3) : measureBrokerSteps(2_000, 7)),
};

/** Every reference orders file through `computePortvals` (parse, load prices, simulate, statistics). */
export const marketsimBenchmark: Benchmark = {
  name: 'marketsim',
  description: 'All reference orders files in ../shared/data/orders, end to end, with the course costs',
  run: (context): BenchResult => {
    const prices = join(context.repoRoot, '..', 'shared', 'data', 'prices');
    const orders = join(context.repoRoot, '..', 'shared', 'data', 'orders');
    if (!existsSync(prices) || !existsSync(orders)) {
      return { metrics: {}, lines: [], skipped: `${orders} not found` };
    }
    const files = readdirSync(orders).filter((name) => name.endsWith('.csv')).sort();
    const seconds: number[] = [];
    for (let rep = 0; rep < (context.quick ? 1 : 5); rep++) {
      const start = process.hrtime.bigint();
      for (const file of files) computePortvals(join(orders, file), { dataDir: prices });
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const total = median(seconds);
    return {
      metrics: { marketsimAllFilesSeconds: total, marketsimMillisecondsPerFile: (total / files.length) * 1e3 },
      lines: [`marketsim: ${files.length} orders files in ${(total * 1e3).toFixed(1)} ms (${((total / files.length) * 1e3).toFixed(1)} ms per file, median)`],
    };
  },
};
