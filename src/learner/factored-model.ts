import { UserError } from '../errors.js';
import { bellmanResidual, solveValueIteration } from './value-iteration.js';

/**
 * A learned model of a problem whose state has an exogenous part the agent does not move, and the
 * planner that solves it.
 *
 * The state is s = x * C + c: x (0..X-1) follows its own dynamics T(x -> x'), c (0..C-1) is what
 * the agent's action sets (after action a from c it is `nextControl[c * A + a]`). In a market, x is
 * the market situation and c the position held: the position does not move the price. The model
 * holds, all as plain arrays:
 * - T: per x its successors x' with counts (compressed rows: `successorStart[x]..successorStart[x+1]`);
 *   every row must be non-empty (the caller decides what an x never left in the data leads to);
 * - R(x, c, a) and the share of its steps that ended the episode (`terminal`), per pair
 *   p = (x * C + c) * A + a;
 * - which actions may be taken in each state (`allowed`, one bit per action; the caller may forbid
 *   actions it does not trust).
 *
 * Its Bellman equation, which `solve` satisfies to a stated tolerance (value iteration) and
 * `residual` measures:
 *   Q(x, c, a) = R(x, c, a) + gamma (1 - terminal(x, c, a)) sum_x' T(x, x') V(x', nextControl[c, a])
 *   V(x', c') = max over the allowed actions b of (x', c') of Q(x', c', b).
 */
export interface FactoredModelData {
  readonly numExogenous: number;
  readonly numControl: number;
  readonly numActions: number;
  /** The controlled state after action a from c, at c * numActions + a. */
  readonly nextControl: Int32Array;
  readonly gamma: number;
  /** Row x of T is successorState/successorCount[successorStart[x] .. successorStart[x + 1]). */
  readonly successorStart: Int32Array;
  readonly successorState: Int32Array;
  readonly successorCount: Float64Array;
  /** R per pair (x * C + c) * A + a. */
  readonly reward: Float64Array;
  /** Per pair: the probability that the step ends the episode (0..1). */
  readonly terminal: Float64Array;
  /** Per state x * C + c: bit a set when action a may be taken there (at least one bit). */
  readonly allowed: Uint8Array;
}

export interface Solution {
  /** Q per pair, the fixed point of the model's Bellman equation within `residual`. */
  readonly q: Float64Array;
  /** max over pairs of |Q - (BQ)|, measured after the last sweep. */
  readonly residual: number;
  readonly sweeps: number;
}

/** The saved form (agent.json): every array as a list. */
export interface FactoredModelJson {
  readonly numExogenous: number;
  readonly numControl: number;
  readonly numActions: number;
  readonly nextControl: number[];
  readonly gamma: number;
  readonly successorStart: number[];
  readonly successorState: number[];
  readonly successorCount: number[];
  readonly reward: number[];
  readonly terminal: number[];
  readonly allowed: number[];
}

export class FactoredModel implements FactoredModelData {
  readonly numExogenous: number;
  readonly numControl: number;
  readonly numActions: number;
  readonly nextControl: Int32Array;
  readonly gamma: number;
  readonly successorStart: Int32Array;
  readonly successorState: Int32Array;
  readonly successorCount: Float64Array;
  readonly reward: Float64Array;
  readonly terminal: Float64Array;
  readonly allowed: Uint8Array;
  /** Per x: the total count of its row. */
  private readonly rowTotal: Float64Array;

  constructor(data: FactoredModelData) {
    this.numExogenous = data.numExogenous;
    this.numControl = data.numControl;
    this.numActions = data.numActions;
    this.nextControl = data.nextControl;
    this.gamma = data.gamma;
    this.successorStart = data.successorStart;
    this.successorState = data.successorState;
    this.successorCount = data.successorCount;
    this.reward = data.reward;
    this.terminal = data.terminal;
    this.allowed = data.allowed;
    check(this);
    this.rowTotal = new Float64Array(this.numExogenous);
    for (let x = 0; x < this.numExogenous; x++) {
      for (let j = this.successorStart[x]!; j < this.successorStart[x + 1]!; j++) this.rowTotal[x] += this.successorCount[j]!;
    }
  }

  get numPairs(): number {
    return this.numExogenous * this.numControl * this.numActions;
  }

  /**
   * Value iteration (Gauss-Seidel sweeps over x) from `start` (default all 0) until the Bellman
   * residual is at most `tolerance`, or `maxSweeps` sweeps (then the residual says how far it got).
   * It runs in WebAssembly (value-iteration.ts): `values` per state is refreshed once per solve
   * and kept current by each sweep; measuring and updating are separate loops.
   */
  solve(tolerance: number, maxSweeps: number, start: Float64Array | null = null): Solution {
    if (start !== null && start.length !== this.numPairs) throw new RangeError(`solve: start must hold ${this.numPairs} values, got ${start.length}.`);
    return solveValueIteration(this, this.rowTotal, tolerance, maxSweeps, start ?? new Float64Array(this.numPairs));
  }

  /** max over pairs of |Q - BQ|: how far `q` is from satisfying the model's Bellman equation. */
  residual(q: Float64Array): number {
    if (q.length !== this.numPairs) throw new RangeError(`residual: q must hold ${this.numPairs} values, got ${q.length}.`);
    return bellmanResidual(this, this.rowTotal, q);
  }

  /** V(x, c): the best allowed action's Q (from the `allowed` bits). */
  value(q: Float64Array, state: number): number {
    const A = this.numActions;
    const bits = this.allowed[state]!;
    let best = -Infinity;
    for (let a = 0; a < A; a++) if ((bits >> a) & 1 && q[state * A + a]! > best) best = q[state * A + a]!;
    return best;
  }

  toJSON(): FactoredModelJson {
    return {
      numExogenous: this.numExogenous,
      numControl: this.numControl,
      numActions: this.numActions,
      nextControl: Array.from(this.nextControl),
      gamma: this.gamma,
      successorStart: Array.from(this.successorStart),
      successorState: Array.from(this.successorState),
      successorCount: Array.from(this.successorCount),
      reward: Array.from(this.reward),
      terminal: Array.from(this.terminal),
      allowed: Array.from(this.allowed),
    };
  }

  /** A saved model, every field checked; `source` names the file in the one-line UserError. */
  static fromJSON(json: unknown, source: string): FactoredModel {
    const fail = (field: string, expected: string): never => {
      throw new UserError(`${source}: field '${field}' must be ${expected}.`);
    };
    if (typeof json !== 'object' || json === null) return fail('(model)', 'an object');
    const record = json as Record<string, unknown>;
    const whole = (field: string, min: number, max: number): number => {
      const value = record[field];
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fail(field, `a whole number in ${min}..${max}`);
    };
    const list = (field: string, length: number | null): number[] => {
      const value = record[field];
      if (!Array.isArray(value) || (length !== null && value.length !== length) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        return fail(field, `a list of ${length ?? 'some'} finite numbers`);
      }
      return value as number[];
    };
    const X = whole('numExogenous', 1, 2 ** 24);
    const C = whole('numControl', 1, 64);
    const A = whole('numActions', 1, 8);
    const gamma = record.gamma;
    if (typeof gamma !== 'number' || !(gamma >= 0 && gamma <= 1)) fail('gamma', 'a number in 0..1');
    const starts = list('successorStart', X + 1);
    const states = list('successorState', null);
    const data: FactoredModelData = {
      numExogenous: X,
      numControl: C,
      numActions: A,
      nextControl: Int32Array.from(list('nextControl', C * A)),
      gamma: gamma as number,
      successorStart: Int32Array.from(starts),
      successorState: Int32Array.from(states),
      successorCount: Float64Array.from(list('successorCount', states.length)),
      reward: Float64Array.from(list('reward', X * C * A)),
      terminal: Float64Array.from(list('terminal', X * C * A)),
      allowed: Uint8Array.from(list('allowed', X * C)),
    };
    try {
      return new FactoredModel(data);
    } catch (error) {
      throw new UserError(`${source}: ${(error as Error).message}.`);
    }
  }
}

/** Throws (a RangeError) when the arrays do not describe a model. */
function check(model: FactoredModelData): void {
  const { numExogenous: X, numControl: C, numActions: A } = model;
  const pairs = X * C * A;
  if (model.nextControl.length !== C * A || !model.nextControl.every((c) => c >= 0 && c < C)) throw new RangeError(`nextControl must hold ${C * A} controlled states in 0..${C - 1}`);
  if (model.successorStart.length !== X + 1 || model.successorStart[0] !== 0 || model.successorStart[X] !== model.successorState.length) {
    throw new RangeError(`successorStart must hold ${X + 1} offsets from 0 to the number of successors`);
  }
  for (let x = 0; x < X; x++) {
    if (!(model.successorStart[x + 1]! > model.successorStart[x]!)) throw new RangeError(`row ${x} of T is empty: every exogenous state needs a successor`);
  }
  if (model.successorCount.length !== model.successorState.length) throw new RangeError('successorCount must be as long as successorState');
  if (!model.successorState.every((x) => x >= 0 && x < X)) throw new RangeError(`successorState must hold exogenous states in 0..${X - 1}`);
  if (!model.successorCount.every((n) => n > 0 && Number.isFinite(n))) throw new RangeError('successorCount must be positive');
  if (model.reward.length !== pairs || !model.reward.every(Number.isFinite)) throw new RangeError(`reward must hold ${pairs} finite numbers`);
  if (model.terminal.length !== pairs || !model.terminal.every((p) => p >= 0 && p <= 1)) throw new RangeError(`terminal must hold ${pairs} probabilities`);
  if (model.allowed.length !== X * C || !model.allowed.every((bits) => bits > 0 && bits < 1 << A)) throw new RangeError(`allowed must hold ${X * C} non-empty action masks below ${1 << A}`);
  if (!(model.gamma >= 0 && model.gamma <= 1)) throw new RangeError('gamma must be in 0..1');
}

/**
 * T's rows from observed steps x_j -> x'_j (each counted `weights[j]` times, null: once). An x
 * never left in the data gets the marginal distribution of every successor seen (what the data
 * say about "somewhere"), so every row is non-empty; with no step at all every x stays where it is.
 */
export function transitionRows(numExogenous: number, from: Int32Array, to: Int32Array, weights: Float64Array | null = null): Pick<FactoredModelData, 'successorStart' | 'successorState' | 'successorCount'> {
  const rows = Array.from({ length: numExogenous }, () => new Map<number, number>());
  const marginal = new Map<number, number>();
  for (let j = 0; j < from.length; j++) {
    const w = weights === null ? 1 : weights[j]!;
    if (w === 0 || from[j]! < 0 || to[j]! < 0) continue;
    const row = rows[from[j]!]!;
    row.set(to[j]!, (row.get(to[j]!) ?? 0) + w);
    marginal.set(to[j]!, (marginal.get(to[j]!) ?? 0) + w);
  }
  const successorStart = new Int32Array(numExogenous + 1);
  const states: number[] = [];
  const counts: number[] = [];
  for (let x = 0; x < numExogenous; x++) {
    const row = rows[x]!.size > 0 ? rows[x]! : marginal.size > 0 ? marginal : new Map([[x, 1]]);
    for (const [state, count] of [...row].sort((a, b) => a[0] - b[0])) {
      states.push(state);
      counts.push(count);
    }
    successorStart[x + 1] = states.length;
  }
  return { successorStart, successorState: Int32Array.from(states), successorCount: Float64Array.from(counts) };
}
