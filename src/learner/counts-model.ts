import type { RewardModelKind } from './config.js';
import { PairModel } from './pair-model.js';
import { maxQ, type PlanningContext } from './planning.js';

/**
 * The `counts` model, the course's T_c and R.
 *
 * Per seen pair, the successors s' seen after it and
 * how often, in flat pools. Each pair owns a slice [start, start + capacity) of the pools; a
 * full slice moves to the end of the pool with twice the room, so memory grows with the
 * observed successors, never with numStates^2 * numActions. Beside the counts each slice holds
 * a Walker/Vose alias table (`aliasProb`, `aliasState`), rebuilt in O(successors) the first
 * time the pair is drawn after a real step changed its counts (`aliasStale`), so a planning
 * draw of s' costs O(1): one uniform u, slot i = floor(u * k), take succState[i] when the
 * fraction of u * k is below aliasProb[i], else aliasState[i]. (A linear scan over counts
 * sorted by frequency measured ~25% slower; storing the alias's state rather than its slot
 * saves a dependent load.) When the pool must grow, the live slices are compacted into the new
 * pool, so the hot data stays dense.
 *
 * The course starts every T_c[s,a,s'] at a tiny value (0.00001) so that T never divides by
 * zero. Here only observed successors carry mass, which is the same distribution up to that
 * tiny value (an unseen s' would be drawn with probability ~1e-5 * numStates / count) and never
 * divides by zero either, because a pair enters the model with its first observation.
 *
 *
 * Rewards: the sample mean of all rewards seen for the pair (`mean`, the maximum-likelihood
 * estimate) or the course's exponential average (`exponential`).
 */
export class CountsModel extends PairModel {
  readonly kind = 'counts' as const;
  readonly rewardModel: RewardModelKind;
  // per-pair slice of the pools
  readonly sliceStart: Int32Array;
  readonly sliceLength: Int32Array;
  readonly sliceCapacity: Int32Array;
  succState: Int32Array;
  succCount: Int32Array;
  aliasProb: Float64Array;
  /** The successor state of each slot's alias (not its slot index). */
  aliasState: Int32Array;
  /** 1 when the pair's counts changed since its alias table was built. */
  readonly aliasStale: Uint8Array;
  poolUsed = 0;
  // scratch for the alias rebuild, grown to the largest slice; never allocated per step
  private work = new Int32Array(64);
  private weight = new Float64Array(64);

  constructor(numPairs: number, rewardModel: RewardModelKind = 'mean') {
    super(numPairs);
    this.rewardModel = rewardModel;
    this.sliceStart = new Int32Array(numPairs);
    this.sliceLength = new Int32Array(numPairs);
    this.sliceCapacity = new Int32Array(numPairs);
    this.succState = new Int32Array(1024);
    this.succCount = new Int32Array(1024);
    this.aliasProb = new Float64Array(1024);
    this.aliasState = new Int32Array(1024);
    this.aliasStale = new Uint8Array(numPairs);
  }

  observe(pair: number, sPrime: number, r: number, alpha: number, step: number): void {
    this.noteSeen(pair);
    this.pairTotal[pair] += 1;
    this.lastTried[pair] = step;
    this.rewardSum[pair] += r;
    if (this.rewardModel === 'mean') {
      this.reward[pair] = this.rewardSum[pair] / this.pairTotal[pair];
    } else {
      // The course's average starts at the first reward seen, not at 0: an average started at 0
      // would keep rarely tried pairs near 0 for many visits, a bias that plans them as better
      // than they are (with negative rewards) and keeps the agent returning to them.
      this.reward[pair] = this.pairTotal[pair] === 1 ? r : (1 - alpha) * this.reward[pair] + alpha * r;
    }
    this.countSuccessor(pair, sPrime);
  }

  /** s' with probability count / total, for a uniform u in [0, 1). */
  sampleSuccessor(pair: number, u: number): number {
    if (this.aliasStale[pair] !== 0) this.rebuildAlias(pair);
    const start = this.sliceStart[pair];
    const x = u * this.sliceLength[pair];
    const slot = Math.floor(x);
    const i = start + slot;
    return x - slot < this.aliasProb[i] ? this.succState[i] : this.aliasState[i];
  }

  successorCount(pair: number): number {
    return this.sliceLength[pair];
  }

  successors(pair: number): { states: number[]; counts: number[] } {
    const start = this.sliceStart[pair];
    const length = this.sliceLength[pair];
    return {
      states: Array.from(this.succState.subarray(start, start + length)),
      counts: Array.from(this.succCount.subarray(start, start + length)),
    };
  }

  byteSize(): number {
    return (
      this.sharedBytes() +
      [this.sliceStart, this.sliceLength, this.sliceCapacity, this.succState, this.succCount, this.aliasProb, this.aliasState, this.aliasStale].reduce(
        (bytes, array) => bytes + array.byteLength,
        0,
      )
    );
  }

  restorePair(pair: number, states: readonly number[], counts: readonly number[], reward: number, lastTried: number, rewardSum = 0): void {
    this.addSeenPair(pair);
    this.reward[pair] = reward;
    this.rewardSum[pair] = rewardSum;
    this.lastTried[pair] = lastTried;
    if (states.length === 0) return; // an untried pair of Dyna-Q+
    let total = 0;
    for (let k = 0; k < states.length; k++) {
      const length = this.sliceLength[pair];
      const start = length === this.sliceCapacity[pair] ? this.growSlice(pair) : this.sliceStart[pair];
      this.succState[start + length] = states[k];
      this.succCount[start + length] = counts[k];
      this.sliceLength[pair] = length + 1;
      total += counts[k];
    }
    this.pairTotal[pair] = total;
    this.aliasStale[pair] = 1;
  }

  /**
   * n planning updates. A sampled update takes one draw: its integer part picks a seen pair, its
   * fraction the successor from the pair's alias table. Expected updates and Dyna-Q+ take the
   * general loop.
   */
  plan(context: PlanningContext, n: number): void {
    if (context.config.planning === 'expected' || context.config.kappa > 0) this.planGeneral(context, n);
    else this.planCounts(context, n);
  }

  protected expectedBootstrap(q: Float64Array, pair: number, numActions: number): number {
    const start = this.sliceStart[pair];
    const end = start + this.sliceLength[pair];
    let sum = 0;
    for (let i = start; i < end; i++) sum += this.succCount[i] * maxQ(q, this.succState[i] * numActions, numActions);
    return sum / this.pairTotal[pair];
  }

  private planCounts({ q, rng, config }: PlanningContext, n: number): void {
    const numActions = config.numActions;
    const { alpha, gamma } = config;
    const keep = 1 - alpha;
    const seenPairs = this.seenPairs;
    const seenCount = this.seenCount;
    const reward = this.reward;
    const sliceStart = this.sliceStart;
    const sliceLength = this.sliceLength;
    const succState = this.succState;
    const aliasProb = this.aliasProb;
    const aliasState = this.aliasState;
    const aliasStale = this.aliasStale; // rebuilding an alias table never reallocates the pools
    for (let k = 0; k < n; k++) {
      // One 32-bit draw picks the pair (integer part) and the successor (the fraction left,
      // uniform in [0, 1) with 32 - log2(seenCount) bits): half the generator calls.
      const u = rng.next() * seenCount;
      const pick = Math.floor(u);
      const pair = seenPairs[pick];
      // draw s' with probability count / total from the pair's alias table
      if (aliasStale[pair] !== 0) this.rebuildAlias(pair);
      const x = (u - pick) * sliceLength[pair];
      const slot = Math.floor(x);
      const i = sliceStart[pair] + slot;
      const sPrime = x - slot < aliasProb[i] ? succState[i] : aliasState[i];
      const base = sPrime * numActions;
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * maxQ(q, base, numActions));
    }
  }

  private countSuccessor(pair: number, sPrime: number): void {
    let start = this.sliceStart[pair];
    const length = this.sliceLength[pair];
    const succState = this.succState;
    let found = false;
    for (let i = start; i < start + length; i++) {
      if (succState[i] === sPrime) {
        this.succCount[i]++;
        found = true;
        break;
      }
    }
    if (!found) {
      if (length === this.sliceCapacity[pair]) start = this.growSlice(pair);
      this.succState[start + length] = sPrime;
      this.succCount[start + length] = 1;
      this.sliceLength[pair] = length + 1;
    }
    this.aliasStale[pair] = 1;
  }

  /**
   * Vose's alias method over the pair's counts, O(successors). Works on the integer weights
   * count * k against the threshold total (k = successors), so the table is exact: slot j keeps
   * its own state with probability aliasProb[j] = weight / total, and every state ends up with
   * probability count / total. (2.4x faster than the floating-point two-stack version.)
   */
  rebuildAlias(pair: number): void {
    this.aliasStale[pair] = 0;
    const start = this.sliceStart[pair];
    const n = this.sliceLength[pair];
    if (this.work.length < n) {
      const size = Math.max(n, this.work.length * 2);
      this.work = new Int32Array(size);
      this.weight = new Float64Array(size);
    }
    const { work, weight, aliasProb, aliasState, succState, succCount } = this;
    const total = this.pairTotal[pair];
    // work[0, small) holds the light slots (weight < total), work[large, n) the heavy ones
    let small = 0;
    let large = n;
    for (let k = 0; k < n; k++) {
      const w = succCount[start + k] * n;
      weight[k] = w;
      if (w < total) work[small++] = k;
      else work[--large] = k;
    }
    // pair each light slot with the current heavy one; a heavy slot that becomes light joins
    // the light queue in the room its own advance freed, so the two regions never overlap
    let nextLight = 0;
    let heavy = large;
    while (nextLight < small && heavy < n) {
      const less = work[nextLight++];
      const more = work[heavy];
      aliasProb[start + less] = weight[less] / total;
      aliasState[start + less] = succState[start + more];
      const rest = weight[more] - (total - weight[less]);
      weight[more] = rest;
      if (rest < total) {
        heavy++;
        work[small++] = more;
      }
    }
    // what is left has weight total (exactly, in integers): it keeps its own slot
    for (let j = heavy; j < n; j++) {
      aliasProb[start + work[j]] = 1;
      aliasState[start + work[j]] = succState[start + work[j]];
    }
    for (let j = nextLight; j < small; j++) {
      aliasProb[start + work[j]] = 1;
      aliasState[start + work[j]] = succState[start + work[j]];
    }
  }

  /** Moves the pair's slice to the end of the pool with twice the capacity; returns its start. */
  private growSlice(pair: number): number {
    const capacity = Math.max(2, this.sliceCapacity[pair] * 2);
    if (this.poolUsed + capacity > this.succState.length) this.compactInto(capacity);
    const oldStart = this.sliceStart[pair];
    const length = this.sliceLength[pair];
    const start = this.poolUsed;
    for (const pool of [this.succState, this.succCount, this.aliasProb, this.aliasState]) {
      pool.copyWithin(start, oldStart, oldStart + length);
    }
    this.sliceStart[pair] = start;
    this.sliceCapacity[pair] = capacity;
    this.poolUsed = start + capacity;
    return start;
  }

  /**
   * New pools with room for the live slices plus `extra` slots (and as much again to grow),
   * live slices copied back to back in seen order: abandoned slices are dropped.
   */
  private compactInto(extra: number): void {
    let live = 0;
    for (let k = 0; k < this.seenCount; k++) live += this.sliceCapacity[this.seenPairs[k]];
    let size = 1024;
    while (size < 2 * (live + extra)) size *= 2;
    const states = new Int32Array(size);
    const counts = new Int32Array(size);
    const prob = new Float64Array(size);
    const alias = new Int32Array(size);
    let used = 0;
    for (let k = 0; k < this.seenCount; k++) {
      const pair = this.seenPairs[k];
      const capacity = this.sliceCapacity[pair];
      if (capacity === 0) continue;
      const from = this.sliceStart[pair];
      const to = from + this.sliceLength[pair];
      states.set(this.succState.subarray(from, to), used);
      counts.set(this.succCount.subarray(from, to), used);
      prob.set(this.aliasProb.subarray(from, to), used);
      alias.set(this.aliasState.subarray(from, to), used);
      this.sliceStart[pair] = used;
      used += capacity;
    }
    this.succState = states;
    this.succCount = counts;
    this.aliasProb = prob;
    this.aliasState = alias;
    this.poolUsed = used;
  }
}
