import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Benchmark, BenchResult } from './registry.js';

const ALGORITHMS = ['alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei'] as const;

/**
 * Times one generator in a fresh Node process: generators timed one after another in the same
 * process distort each other through the JIT (the first ones measured look fastest).
 */
function measureInChild(algorithm: string, draws: number, repetitions: number): number {
  const seedrandomUrl = pathToFileURL(createRequire(import.meta.url).resolve('seedrandom')).href;
  const script = `
    import seedrandom from ${JSON.stringify(seedrandomUrl)};
    const draw = seedrandom[${JSON.stringify(algorithm)}]('bench');
    let sink = 0;
    for (let i = 0; i < ${draws / 10}; i++) sink += draw();
    const rates = [];
    for (let rep = 0; rep < ${repetitions}; rep++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < ${draws}; i++) sink += draw();
      rates.push(${draws} / (Number(process.hrtime.bigint() - start) / 1e9));
    }
    rates.sort((a, b) => a - b);
    console.log(sink > 0 ? rates[rates.length >> 1] : -1);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const rate = Number(child.stdout.trim());
  if (child.status !== 0 || !(rate > 0)) throw new Error(`rng benchmark child for ${algorithm} failed: ${child.stderr}`);
  return rate;
}

/** Draws per second of seedrandom's generators, each in its own process (why the learner uses tychei). */
export const rngBenchmark: Benchmark = {
  name: 'rng',
  description: "seedrandom generators' draws per second, one process each (why the learner uses tychei)",
  run(context): BenchResult {
    const draws = context.quick ? 1_000_000 : 30_000_000;
    const repetitions = context.quick ? 1 : 5;
    const metrics: Record<string, number> = {};
    const lines: string[] = [];
    for (const name of ALGORITHMS) {
      const rate = measureInChild(name, draws, repetitions);
      metrics[`rng_${name}_DrawsPerSecond`] = rate;
      lines.push(`rng ${name.padEnd(9)} ${(rate / 1e6).toFixed(1)} M draws/s${name === 'tychei' ? '  (the learner\'s generator)' : ''}`);
    }
    return { metrics, lines };
  },
};
