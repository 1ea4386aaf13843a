import { readFileSync, writeFileSync } from 'node:fs';
import { printable, UserError } from '../errors.js';
import { resolveOptions } from './config.js';
import { QLearner, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type ModelPairSnapshot, type QLearnerSnapshot } from './qlearner.js';
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
  if (d.version !== SNAPSHOT_VERSION && d.version !== 1 && d.version !== 2) fail(source, 'version', `1, 2 or ${SNAPSHOT_VERSION}`);
  // Version 1 had no reward model option: its counts model kept the course's exponential average.
  const legacy = d.version === 1;
  let config;
  try {
    const saved = { ...(typeof d.config === 'object' && d.config !== null ? d.config : {}) } as Record<string, unknown>;
    if (d.version === 2) {
      // Version 2 kept the trading agent's exogenous model and a reward prior inside the learner.
      if (saved.model === 'exogenous') throw new UserError(`a learner with the exogenous model was saved by an earlier dynaq; that model is the trading agent's market model now: train again`);
      const count = (d.rewardPrior as { count?: unknown } | undefined)?.count;
      if (count !== undefined && count !== 0) throw new UserError(`a learner with a reward prior was saved by an earlier dynaq; the learner has no prior now: train again`);
      for (const key of ['rewardPriorCount', 'numExogenous', 'numControl', 'nextControl']) delete saved[key];
    }
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
  };
}
