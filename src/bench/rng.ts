import seedrandom from 'seedrandom';
import { Rng } from '../learner/rng.js';
import { median, type Benchmark } from './registry.js';

const ALGORITHMS = ['alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei'] as const;

type DrawLoop = (draw: () => number, draws: number) => number;

/** A fresh loop function per generator, so every call site stays monomorphic (fair timing). */
function freshLoop(): DrawLoop {
  return new Function('draw', 'draws', 'let sum = 0; for (let i = 0; i < draws; i++) sum += draw(); return sum;') as DrawLoop;
}

function drawsPerSecond(draw: () => number, draws: number, repetitions: number): number {
  const loop = freshLoop();
  let sink = loop(draw, draws / 10); // warm-up
  const rates: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const start = process.hrtime.bigint();
    sink += loop(draw, draws);
    rates.push(draws / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  if (Number.isNaN(sink)) throw new Error('generator returned NaN');
  return median(rates);
}

/** Draws per second of seedrandom's generators, and of the learner's Rng (tychei, blocked). */
export const rngBenchmark: Benchmark = {
  name: 'rng',
  description: "seedrandom generators' draws per second (why the learner uses tychei)",
  run(context) {
    const draws = context.quick ? 1_000_000 : 10_000_000;
    const repetitions = context.quick ? 1 : 5;
    const metrics: Record<string, number> = {};
    const lines: string[] = [];
    for (const name of ALGORITHMS) {
      const prng = seedrandom[name]('bench');
      // a fresh closure per algorithm keeps each call site monomorphic
      const rate = drawsPerSecond(prng, draws, repetitions);
      metrics[`rng_${name}_DrawsPerSecond`] = rate;
      lines.push(`rng ${name.padEnd(9)} ${(rate / 1e6).toFixed(1)} M draws/s`);
    }
    const rng = new Rng(1);
    const rate = drawsPerSecond(() => rng.next(), draws, repetitions);
    metrics.rngLearnerDrawsPerSecond = rate;
    lines.push(`rng learner  ${(rate / 1e6).toFixed(1)} M draws/s (tychei through the Rng wrapper)`);
    return { metrics, lines };
  },
};
