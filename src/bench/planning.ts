import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENSEMBLE, ensembleTrust, MarketModel, PLANNING_TOLERANCE, type MarketOutcomes } from '../agent/index.js';
import { NUM_POSITIONS } from '../env/trading-env.js';
import { QLearner } from '../learner/index.js';
import type { FactoredModel } from '../learner/factored-model.js';
import { Rng } from '../learner/rng.js';
import { median, type Benchmark, type BenchResult } from './registry.js';

/**
 * A trading-shaped experience stream: 100 market buckets x 3 positions = 300 states, 3 actions
 * (target position short/flat/long). The market bucket follows a wrapped random walk with
 * Gaussian steps (sd 10 buckets), so each (s, a) sees a few tens of distinct successors, skewed
 * toward nearby buckets, much like a discretized indicator space from one day to the next.
 * The path is drawn up front, as a backtest precomputes its states, so the timed loop spends
 * nothing on the market itself.
 */
export class SyntheticMarket {
  static readonly marketBuckets = 100;
  static readonly positions = 3;
  static readonly numStates = SyntheticMarket.marketBuckets * SyntheticMarket.positions;
  static readonly numActions = 3;
  /** Market bucket of each day, and the bucket move into it (the day's "return"). */
  readonly bucketByDay: Int32Array;
  readonly moveByDay: Int32Array;

  constructor(seed: number, days: number) {
    const rng = new Rng(`market:${seed}`);
    const buckets = SyntheticMarket.marketBuckets;
    this.bucketByDay = new Int32Array(days);
    this.moveByDay = new Int32Array(days);
    let bucket = 50;
    for (let day = 0; day < days; day++) {
      const u1 = 1 - rng.next(); // Box-Muller
      const u2 = rng.next();
      const move = Math.round(Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * 10);
      bucket = (((bucket + move) % buckets) + buckets) % buckets;
      this.bucketByDay[day] = bucket;
      this.moveByDay[day] = move;
    }
  }

  /** State on `day` holding `position` (0 short, 1 flat, 2 long). */
  state(day: number, position: number): number {
    return this.bucketByDay[day] * SyntheticMarket.positions + position;
  }

  /** Reward of entering `day` with the position chosen by `action`: position times the move. */
  reward(day: number, action: number): number {
    return (action - 1) * this.moveByDay[day] * 0.001;
  }
}

export interface PlanningBenchOptions {
  dyna: number;
  /** Real steps before timing starts (experience the model holds). */
  warmupSteps: number;
  /** Real steps per timed repetition. */
  stepsPerRepetition: number;
  repetitions: number;
}

export const DEFAULT_PLANNING_BENCH: PlanningBenchOptions = {
  dyna: 200,
  warmupSteps: 50_000, // 100 epochs of 500 trading days
  stepsPerRepetition: 10_000,
  repetitions: 7,
};

/**
 * Planning updates per second of a 300 x 3 learner with dyna=200, timed end to end through
 * `query` (real update, model update, 200 planning updates, action choice), so the figure is
 * what a trading run sees, slightly below the planning loop alone.
 */
export function measurePlanningThroughput(options: PlanningBenchOptions = DEFAULT_PLANNING_BENCH): BenchResult {
  const learner = new QLearner({
    numStates: SyntheticMarket.numStates,
    numActions: SyntheticMarket.numActions,
    dyna: options.dyna,
    seed: 1,
  });
  const days = 1 + options.warmupSteps + options.repetitions * options.stepsPerRepetition;
  const market = new SyntheticMarket(1, days);
  let day = 0;
  let action = learner.querysetstate(market.state(day, 1));
  const runSteps = (steps: number): void => {
    for (let t = 0; t < steps; t++) {
      day++;
      action = learner.query(market.state(day, action), market.reward(day, action));
    }
  };
  runSteps(options.warmupSteps);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let rep = 0; rep < options.repetitions; rep++) {
    const before = learner.planningUpdates;
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    runSteps(options.stepsPerRepetition);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const updates = learner.planningUpdates - before;
    rates.push(updates / seconds);
    cpuRates.push(updates / ((cpu.user + cpu.system) / 1e6));
  }
  // the planning loop alone on the same model (no real steps, no alias rebuilds)
  const loopRates: number[] = [];
  const loopUpdates = options.dyna * options.stepsPerRepetition;
  for (let rep = 0; rep < options.repetitions; rep++) {
    const start = process.hrtime.bigint();
    learner.plan(loopUpdates);
    loopRates.push(loopUpdates / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  const loopRate = median(loopRates);
  const model = learner.transitionModel;
  let successors = 0;
  let maxSuccessors = 0;
  if (model !== null) {
    for (let k = 0; k < model.seenCount; k++) {
      const count = model.successorCount(model.seenPairs[k]);
      successors += count;
      maxSuccessors = Math.max(maxSuccessors, count);
    }
  }
  const meanSuccessors = model === null || model.seenCount === 0 ? 0 : successors / model.seenCount;
  const rate = median(rates);
  const cpuRate = median(cpuRates);
  return {
    metrics: {
      planningUpdatesPerSecond: rate,
      planningUpdatesPerSecondMin: Math.min(...rates),
      planningUpdatesPerSecondMax: Math.max(...rates),
      planningUpdatesPerCpuSecond: cpuRate,
      planningLoopOnlyUpdatesPerSecond: loopRate,
      planningRepetitions: options.repetitions,
      planningSeenPairs: model?.seenCount ?? 0,
      planningMeanSuccessorsPerPair: meanSuccessors,
      planningMaxSuccessorsPerPair: maxSuccessors,
    },
    lines: [
      `planning: ${(rate / 1e6).toFixed(2)} M updates/s (median of ${options.repetitions}; ` +
        `min ${(Math.min(...rates) / 1e6).toFixed(2)}, max ${(Math.max(...rates) / 1e6).toFixed(2)}); ` +
        `${(cpuRate / 1e6).toFixed(2)} M per CPU-second of this process`,
      `  planning loop alone (no real steps): ${(loopRate / 1e6).toFixed(2)} M updates/s (median of ${options.repetitions})`,
      `  300 states x 3 actions, dyna=${options.dyna}, after ${options.warmupSteps} real steps; ` +
        `${model?.seenCount ?? 0} seen pairs, ${meanSuccessors.toFixed(1)} successors per pair on average (max ${maxSuccessors})`,
    ],
  };
}

export const planningBenchmark: Benchmark = {
  name: 'planning',
  description: 'Dyna-Q planning updates per second, 300 states x 3 actions, dyna=200, trading-shaped experience',
  run: (context) =>
    measurePlanningThroughput(
      context.quick ? { dyna: 200, warmupSteps: 2_000, stepsPerRepetition: 1_000, repetitions: 3 } : DEFAULT_PLANNING_BENCH,
    ),
};

export interface DefaultPlanningOptions {
  /** Training days of the synthetic window. */
  days: number;
  /** Market states (bins of the chosen state); the agent's states are these times 3 positions. */
  marketStates: number;
  repetitions: number;
}

export const DEFAULT_PATH_BENCH: DefaultPlanningOptions = { days: 504, marketStates: 27, repetitions: 7 };

/**
 * The default learner's planning: a market model fitted from a trading-shaped window (market
 * states following a wrapped random walk, daily returns of 1.5 %), solved by value iteration to the
 * agent's tolerance, and the bootstrap ensemble of ENSEMBLE.replicates models that decides which
 * trades are trusted (each fitted and solved the same way). Timed end to end as training runs them;
 * the figure is Q-value updates (pairs x sweeps) per second of value iteration.
 */
export function measureDefaultPlanning(options: DefaultPlanningOptions = DEFAULT_PATH_BENCH): BenchResult {
  const rng = new Rng(`default-planning:${options.days}`);
  const days = options.days;
  const states = new Int32Array(days + 1);
  let bucket = 0;
  for (let d = 0; d <= days; d++) {
    bucket = (bucket + Math.floor(rng.next() * 5) - 2 + options.marketStates) % options.marketStates;
    states[d] = bucket;
  }
  const perDay = NUM_POSITIONS * NUM_POSITIONS;
  const flatVersusLong = Float64Array.from({ length: days }, () => 0.015 * (rng.next() + rng.next() + rng.next() - 1.5) * 2);
  const costs = new Float64Array(days * perDay).fill(0.001);
  const rewards = new Float64Array(days * perDay);
  const terminal = new Uint8Array(days * perDay);
  const outcomes: MarketOutcomes = {
    rewards,
    terminal,
    costs,
    flatVersusLong,
  };
  const radices = [options.marketStates];
  const settings = { prior: 'empirical-bayes', baseline: 'benchmark', gamma: 0.9 } as const;
  const solveRates: number[] = [];
  const trainSeconds: number[] = [];
  let sweeps = 0;
  let residual = 0;
  let solved: FactoredModel | null = null;
  const pairs = options.marketStates * perDay;
  for (let rep = 0; rep < options.repetitions; rep++) {
    const start = process.hrtime.bigint();
    const model = new MarketModel(radices, settings);
    for (let d = 0; d < days; d++) model.observe(states[d]!, states[d + 1]!, outcomes, d);
    const trust = ensembleTrust(states, outcomes, radices, settings);
    const built = model.build(trust.allowed);
    const solution = built.solve(PLANNING_TOLERANCE, 100_000);
    const end = process.hrtime.bigint();
    sweeps = solution.sweeps;
    residual = solution.residual;
    solved = built;
    trainSeconds.push(Number(end - start) / 1e9);
  }
  const seconds = median(trainSeconds);
  // The solve alone, warm (in training it runs after the ensemble's 40): the median of many solves
  // of the last model, as the C loop is timed.
  const solveRepetitions = Math.max(options.repetitions, 101);
  for (let rep = 0; rep < solveRepetitions; rep++) {
    const solveStart = process.hrtime.bigint();
    const solution = solved!.solve(PLANNING_TOLERANCE, 100_000);
    // each iteration is an updating pass and a measuring pass over the pairs, plus the first measure
    solveRates.push(((2 * solution.sweeps + 1) * pairs) / (Number(process.hrtime.bigint() - solveStart) / 1e9));
  }
  const rate = median(solveRates);
  const c = solveInC(solved!, solveRepetitions, { sweeps, residual });
  const cRate = typeof c === 'string' ? null : ((2 * c.sweeps + 1) * pairs) / c.seconds;
  return {
    metrics: {
      defaultPlanningPairUpdatesPerSecond: rate,
      defaultPlanningSweeps: sweeps,
      defaultPlanningResidual: residual,
      defaultPlanningSecondsWithEnsemble: seconds,
      ...(cRate === null ? {} : { defaultPlanningCLoopPairUpdatesPerSecond: cRate, defaultPlanningVersusCLoop: rate / cRate }),
    },
    lines: [
      `default learner planning: ${(rate / 1e6).toFixed(2)} M Q-value updates/s of value iteration (median of ${solveRepetitions} solves); ` +
        `${sweeps} sweeps to a Bellman residual of ${residual.toExponential(1)}`,
      cRate === null
        ? `  the same loop in C: ${c as string}`
        : `  the same loop in C (cc -O2, same model, same ${sweeps} sweeps and residual): ${(cRate / 1e6).toFixed(2)} M/s; the engine's solve (its WebAssembly kernel, src/learner/value-iteration.wat) at ${(rate / cRate).toFixed(2)}x of C (target >= 0.8x)`,
      `  ${options.marketStates} market states x 3 positions x 3 actions, ${days} training days; model, ${ENSEMBLE.replicates}-model ensemble and solve: ${(seconds * 1000).toFixed(1)} ms`,
    ],
  };
}

/**
 * The model solved by src/bench/value-iteration.c (compiled with the machine's `cc -O2`):
 * its sweeps, residual and median seconds per solve; a reason when it cannot run (no compiler,
 * no source beside the build) or disagrees with the engine's solve (then the figures would not
 * measure the same work).
 */
function solveInC(model: FactoredModel, repetitions: number, expected: { sweeps: number; residual: number }): { sweeps: number; residual: number; seconds: number } | string {
  const source = fileURLToPath(new URL('../../../src/bench/value-iteration.c', import.meta.url));
  if (!existsSync(source)) return `skipped: ${source} is not there (a packed install has no C source)`;
  const dir = mkdtempSync(join(tmpdir(), 'dynaq-vi-'));
  try {
    const binary = join(dir, 'value-iteration');
    const compiled = spawnSync('cc', ['-O2', '-o', binary, source, '-lm'], { encoding: 'utf8' });
    if (compiled.error !== undefined || compiled.status !== 0) return `skipped: cc -O2 failed (${compiled.error?.message ?? compiled.stderr.trim().split('\n')[0]})`;
    const numbers = (values: ArrayLike<number>) => Array.from(values, (v) => (Number.isInteger(v) ? String(v) : v.toPrecision(17))).join(' ');
    const input = [
      `${model.numExogenous} ${model.numControl} ${model.numActions} ${model.gamma.toPrecision(17)} ${PLANNING_TOLERANCE} ${repetitions}`,
      numbers(model.nextControl),
      numbers(model.successorStart),
      numbers(model.successorState),
      numbers(model.successorCount),
      numbers(model.reward),
      numbers(model.terminal),
      numbers(model.allowed),
    ].join('\n');
    const run = spawnSync(binary, [], { input, encoding: 'utf8' });
    if (run.status !== 0) return `skipped: the C loop exited with ${run.status}`;
    const [sweeps, residual, seconds] = run.stdout.trim().split(/\s+/).map(Number) as [number, number, number];
    if (sweeps !== expected.sweeps || residual !== expected.residual) {
      return `disagrees with the engine's solve (${sweeps} sweeps, residual ${residual} against ${expected.sweeps}, ${expected.residual}): not compared`;
    }
    return { sweeps, residual, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const defaultPlanningBenchmark: Benchmark = {
  name: 'planning-default',
  description: "the default learner's planning: value iteration of the market model and its bootstrap ensemble",
  run: (context) => measureDefaultPlanning(context.quick ? { days: 252, marketStates: 9, repetitions: 2 } : DEFAULT_PATH_BENCH),
};
