import { readFileSync, writeFileSync } from 'node:fs';
import { printable, UserError } from '../errors.js';
import { resolveOptions } from './config.js';
import { QLearner, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type ExogenousStateSnapshot, type ModelPairSnapshot, type QLearnerSnapshot } from './qlearner.js';
import { isRngState } from './rng.js';

/** The learner as a JSON string: Q, model, counters, rar, current state/action, RNG state. */
export function learnerToJson(learner: QLearner): string {
  return JSON.stringify(learner.toSnapshot());
}

/** A learner that continues exactly like the one saved (same future actions and updates). */
export function learnerFromJson(json: string, source = 'learner JSON'): QLearner {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new UserError(`${source}: not valid JSON (${printable((error as Error).message)}).`);
  }
  return QLearner.fromSnapshot(validateSnapshot(data, source));
}

export function saveLearner(learner: QLearner, path: string): void {
  writeFileSync(path, learnerToJson(learner));
}

export function loadLearner(path: string): QLearner {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read learner file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return learnerFromJson(text, path);
}

function fail(source: string, field: string, expected: string): never {
  throw new UserError(`${source}: field '${field}' must be ${expected}.`);
}

function intIn(source: string, field: string, value: unknown, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    fail(source, field, `a whole number in ${min}..${max}`);
  }
  return value as number;
}

function finite(source: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(source, field, 'a finite number');
  return value;
}

/** Checks a parsed snapshot field by field; the error names the file and the field. */
export function validateSnapshot(data: unknown, source: string): QLearnerSnapshot {
  if (typeof data !== 'object' || data === null) fail(source, '(root)', 'an object');
  const d = data as Record<string, unknown>;
  if (d.format !== SNAPSHOT_FORMAT) fail(source, 'format', `'${SNAPSHOT_FORMAT}'`);
  if (d.version !== SNAPSHOT_VERSION && d.version !== 1) fail(source, 'version', `1 or ${SNAPSHOT_VERSION}`);
  // Version 1 had no reward model option: its counts model kept the course's exponential average.
  const legacy = d.version === 1;
  let config;
  try {
    const saved = (typeof d.config === 'object' && d.config !== null ? d.config : {}) as Record<string, unknown>;
    config = resolveOptions((legacy ? { ...saved, rewardModel: 'exponential' } : saved) as never);
  } catch (error) {
    throw new UserError(`${source}: field 'config': ${(error as Error).message}`);
  }
  const numStates = config.numStates;
  const numPairs = numStates * config.numActions;
  const rar = finite(source, 'rar', d.rar);
  if (rar < 0 || rar > 1) fail(source, 'rar', 'a number in 0..1');
  const realSteps = intIn(source, 'realSteps', d.realSteps, 0, Number.MAX_SAFE_INTEGER);
  const planningUpdates = intIn(source, 'planningUpdates', d.planningUpdates, 0, Number.MAX_SAFE_INTEGER);
  const state = intIn(source, 'state', d.state, -1, numStates - 1);
  const action = intIn(source, 'action', d.action, -1, config.numActions - 1);
  if (!isRngState(d.rng)) fail(source, 'rng', 'an object { a, b, c, d } of whole numbers');
  if (!Array.isArray(d.q) || d.q.length !== numPairs) fail(source, 'q', `an array of ${numPairs} numbers`);
  d.q.forEach((v, i) => finite(source, `q[${i}]`, v));
  if (!Array.isArray(d.model)) fail(source, 'model', 'an array');
  if (config.dyna === 0 && d.model.length > 0) fail(source, 'model', 'empty when dyna is 0');
  const seen = new Set<number>();
  const model: ModelPairSnapshot[] = d.model.map((entry: unknown, k: number) => {
    const field = `model[${k}]`;
    if (typeof entry !== 'object' || entry === null) fail(source, field, 'an object');
    const e = entry as Record<string, unknown>;
    const pair = intIn(source, `${field}.pair`, e.pair, 0, numPairs - 1);
    if (seen.has(pair)) fail(source, `${field}.pair`, 'unique');
    seen.add(pair);
    if (!Array.isArray(e.states) || !Array.isArray(e.counts) || e.states.length !== e.counts.length) {
      fail(source, `${field}.states/counts`, 'two arrays of equal length');
    }
    if (e.states.length === 0 && config.kappa === 0) fail(source, `${field}.states`, 'non-empty (untried pairs exist only with kappa > 0)');
    if (config.model === 'last' && e.states.length > 1) fail(source, `${field}.states`, 'at most one state for the last model');
    // numStates itself stands for a terminal outcome
    const states = e.states.map((s, i) => intIn(source, `${field}.states[${i}]`, s, 0, numStates));
    const counts = e.counts.map((c, i) => intIn(source, `${field}.counts[${i}]`, c, 1, 2 ** 31 - 1));
    return {
      pair,
      reward: finite(source, `${field}.reward`, e.reward),
      rewardSum: legacy ? 0 : finite(source, `${field}.rewardSum`, e.rewardSum),
      lastTried: intIn(source, `${field}.lastTried`, e.lastTried, 0, realSteps),
      states,
      counts,
    };
  });
  const exogenous = legacy ? [] : validateExogenous(d.exogenous, source, config);
  if (config.model === 'exogenous' && config.dyna === 0 && exogenous.length > 0) fail(source, 'exogenous', 'empty when dyna is 0');
  const prior = (legacy ? { count: 0, mean: null } : d.rewardPrior) as { count?: unknown; mean?: unknown } | undefined;
  if (typeof prior !== 'object' || prior === null) fail(source, 'rewardPrior', 'an object { count, mean }');
  const count = finite(source, 'rewardPrior.count', prior.count);
  if (count < 0) fail(source, 'rewardPrior.count', 'a number >= 0');
  if (prior.mean !== null && (!Array.isArray(prior.mean) || prior.mean.length !== numPairs)) fail(source, 'rewardPrior.mean', `null or an array of ${numPairs} numbers`);
  const mean = prior.mean === null ? null : (prior.mean as unknown[]).map((v, i) => finite(source, `rewardPrior.mean[${i}]`, v));
  if (!legacy && typeof d.modelFrozen !== 'boolean') fail(source, 'modelFrozen', 'true or false');
  const cursor = legacy ? [0, -1] : d.planningCursor;
  if (!Array.isArray(cursor) || cursor.length !== 2) fail(source, 'planningCursor', 'an array [pair, state]');
  const planningCursor: [number, number] = [
    intIn(source, 'planningCursor[0]', cursor[0], 0, Math.max(0, config.numControl * config.numActions - 1)),
    intIn(source, 'planningCursor[1]', cursor[1], -1, Math.max(-1, config.numExogenous - 1)),
  ];
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    config,
    rar,
    realSteps,
    planningUpdates,
    state,
    action,
    rng: d.rng,
    q: d.q as number[],
    model,
    exogenous,
    rewardPrior: { count, mean },
    modelFrozen: legacy ? false : (d.modelFrozen as boolean),
    planningCursor,
  };
}

function validateExogenous(value: unknown, source: string, config: ReturnType<typeof resolveOptions>): ExogenousStateSnapshot[] {
  if (!Array.isArray(value)) fail(source, 'exogenous', 'an array');
  if (config.model !== 'exogenous' && value.length > 0) fail(source, 'exogenous', `empty for the ${config.model} model`);
  const perState = config.numControl * config.numActions;
  const seen = new Set<number>();
  return value.map((entry: unknown, k: number) => {
    const field = `exogenous[${k}]`;
    if (typeof entry !== 'object' || entry === null) fail(source, field, 'an object');
    const e = entry as Record<string, unknown>;
    const x = intIn(source, `${field}.x`, e.x, 0, config.numExogenous - 1);
    if (seen.has(x)) fail(source, `${field}.x`, 'unique');
    seen.add(x);
    if (!Array.isArray(e.states) || !Array.isArray(e.counts) || e.states.length !== e.counts.length || e.states.length === 0) {
      fail(source, `${field}.states/counts`, 'two non-empty arrays of equal length');
    }
    for (const name of ['rewardSums', 'terminalCounts'] as const) {
      if (!Array.isArray(e[name]) || (e[name] as unknown[]).length !== perState) fail(source, `${field}.${name}`, `an array of ${perState} numbers`);
    }
    return {
      x,
      states: e.states.map((s, i) => intIn(source, `${field}.states[${i}]`, s, 0, config.numExogenous - 1)),
      counts: e.counts.map((c, i) => intIn(source, `${field}.counts[${i}]`, c, 1, 2 ** 31 - 1)),
      rewardSums: (e.rewardSums as unknown[]).map((v, i) => finite(source, `${field}.rewardSums[${i}]`, v)),
      terminalCounts: (e.terminalCounts as unknown[]).map((v, i) => finite(source, `${field}.terminalCounts[${i}]`, v)),
    };
  });
}
