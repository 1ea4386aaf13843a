import type { RewardModelKind } from './config.js';
import { maxQ, type PlanningContext, type PlanningModel } from './planning.js';

/**
 * What the learner has seen of the world, for planning. Pair index p = s * numActions + a.
 *
 * `counts` model (the course's T_c and R): per seen pair, the successors s' seen after it and
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
 * `last` model (Sutton & Barto's tabular Dyna-Q): the last successor and the last reward.
 *
 * Rewards of the `counts` model: the sample mean of all rewards seen for the pair (`mean`, the
 * maximum-likelihood estimate; with `priorCount` k > 0 the posterior mean (sum + k prior) / (n + k))
 * or the course's exponential average (`exponential`). A terminal outcome is recorded as the
 * successor `numStates` (the learner's Q has a row of zeros there), so planning bootstraps 0.
 *
 * Dyna-Q+ (Sutton & Barto, section 8.3 and its footnote): when a state is first tried, its other
 * actions enter the model as "untried" pairs (pairTotal 0) that planning treats as leading back
 * to the same state with reward 0, so the exploration bonus also reaches actions never taken.
 */
export class TransitionModel implements PlanningModel {
  readonly kind: 'counts' | 'last';
  readonly rewardModel: RewardModelKind;
  /** Pseudo-observations of the prior reward (0: none). */
  priorCount: number;
  /** Prior reward per pair (null: 0 everywhere). */
  priorMean: Float64Array | null = null;
  /** Sum of every reward seen per pair (the `mean` reward model). */
  readonly rewardSum: Float64Array;
  readonly numPairs: number;
  /** Reward model R[p]: `counts` keeps (1-alpha)R + alpha r (starting at 0), `last` the last r. */
  readonly reward: Float64Array;
  /** Real step count at which p was last tried (for the Dyna-Q+ bonus tau = now - lastTried). */
  readonly lastTried: Float64Array;
  /** Total observations of each pair (sum of its successor counts). */
  readonly pairTotal: Float64Array;
  /** Pairs in the order they were first seen; planning picks uniformly from these. */
  seenPairs: Int32Array;
  seenCount = 0;
  /** 1 when the pair is in seenPairs (tried, or an untried action of a visited state). */
  private readonly inModel: Uint8Array;

  // counts model: per-pair slice of the pools
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

  // last model
  readonly lastSuccessor: Int32Array;

  constructor(kind: 'counts' | 'last', numPairs: number, rewardModel: RewardModelKind = 'mean', priorCount = 0) {
    this.kind = kind;
    this.rewardModel = rewardModel;
    this.priorCount = priorCount;
    this.numPairs = numPairs;
    this.reward = new Float64Array(numPairs);
    this.rewardSum = new Float64Array(numPairs);
    this.lastTried = new Float64Array(numPairs);
    this.pairTotal = new Float64Array(numPairs);
    this.seenPairs = new Int32Array(Math.min(numPairs, 1024));
    this.inModel = new Uint8Array(numPairs);
    const countsPairs = kind === 'counts' ? numPairs : 0;
    const pool = kind === 'counts' ? 1024 : 0;
    this.sliceStart = new Int32Array(countsPairs);
    this.sliceLength = new Int32Array(countsPairs);
    this.sliceCapacity = new Int32Array(countsPairs);
    this.succState = new Int32Array(pool);
    this.succCount = new Int32Array(pool);
    this.aliasProb = new Float64Array(pool);
    this.aliasState = new Int32Array(pool);
    this.aliasStale = new Uint8Array(countsPairs);
    this.lastSuccessor = new Int32Array(kind === 'last' ? numPairs : 0).fill(-1);
  }

  /** Records a real transition p -> sPrime with reward r, at real step `step`. */
  observe(pair: number, sPrime: number, r: number, alpha: number, step: number): void {
    if (this.inModel[pair] === 0) this.addSeenPair(pair);
    this.pairTotal[pair] += 1;
    this.lastTried[pair] = step;
    if (this.kind === 'last') {
      this.lastSuccessor[pair] = sPrime;
      this.reward[pair] = r;
      return;
    }
    this.rewardSum[pair] += r;
    if (this.rewardModel === 'mean') {
      this.reward[pair] = this.posteriorMean(pair);
    } else {
      // The course's average starts at the first reward seen, not at 0: an average started at 0
      // would keep rarely tried pairs near 0 for many visits, a bias that plans them as better
      // than they are (with negative rewards) and keeps the agent returning to them.
      this.reward[pair] = this.pairTotal[pair] === 1 ? r : (1 - alpha) * this.reward[pair] + alpha * r;
    }
    this.countSuccessor(pair, sPrime);
  }

  /** (sum + k prior) / (n + k): the sample mean when k is 0, the prior alone before any sample. */
  posteriorMean(pair: number): number {
    const n = this.pairTotal[pair];
    const k = this.priorCount;
    const prior = this.priorMean === null ? 0 : this.priorMean[pair];
    return n + k > 0 ? (this.rewardSum[pair] + k * prior) / (n + k) : prior;
  }

  /** Sets the prior of the `mean` reward model and re-estimates every seen pair. */
  setRewardPrior(priorMean: Float64Array | null, priorCount: number): void {
    this.priorMean = priorMean;
    this.priorCount = priorCount;
    if (this.rewardModel !== 'mean' || this.kind !== 'counts') return;
    for (let k = 0; k < this.seenCount; k++) this.reward[this.seenPairs[k]] = this.posteriorMean(this.seenPairs[k]);
  }

  /**
   * Dyna-Q+: adds the actions of `state` not in the model yet as untried pairs, last tried at
   * `step` (when the state was first visited).
   */
  addUntriedActions(state: number, numActions: number, step: number): void {
    for (let a = 0; a < numActions; a++) {
      const pair = state * numActions + a;
      if (this.inModel[pair] === 0) {
        this.addSeenPair(pair);
        this.lastTried[pair] = step;
      }
    }
  }

  /** The successor of a tried `pair` for a uniform u in [0, 1): s' with probability count / total. */
  sampleSuccessor(pair: number, u: number): number {
    if (this.kind === 'last') return this.lastSuccessor[pair];
    if (this.aliasStale[pair] !== 0) this.rebuildAlias(pair);
    const start = this.sliceStart[pair];
    const x = u * this.sliceLength[pair];
    const slot = Math.floor(x);
    const i = start + slot;
    return x - slot < this.aliasProb[i] ? this.succState[i] : this.aliasState[i];
  }

  /** Number of distinct successors seen after `pair` (1 for a seen pair of the `last` model). */
  successorCount(pair: number): number {
    if (this.kind === 'last') return this.pairTotal[pair] > 0 ? 1 : 0;
    return this.sliceLength[pair];
  }

  /**
   * Successors of `pair` and their counts, in first-seen order (for tests, saving, reports).
   * For the `last` model: the last successor with the pair's number of observations.
   */
  successors(pair: number): { states: number[]; counts: number[] } {
    if (this.kind === 'last') {
      return this.pairTotal[pair] > 0
        ? { states: [this.lastSuccessor[pair]], counts: [this.pairTotal[pair]] }
        : { states: [], counts: [] };
    }
    const start = this.sliceStart[pair];
    const length = this.sliceLength[pair];
    return {
      states: Array.from(this.succState.subarray(start, start + length)),
      counts: Array.from(this.succCount.subarray(start, start + length)),
    };
  }

  /** Typed-array bytes held by the model (grows with what was observed). */
  byteSize(): number {
    return [
      this.reward, this.rewardSum, this.lastTried, this.pairTotal, this.seenPairs, this.sliceStart, this.sliceLength,
      this.sliceCapacity, this.succState, this.succCount, this.aliasProb, this.aliasState, this.aliasStale, this.lastSuccessor,
      this.inModel,
    ].reduce((bytes, array) => bytes + array.byteLength, 0);
  }

  /**
   * n planning updates. Sampled updates take one draw each: its integer part picks a seen pair,
   * its fraction the successor from the pair's alias table. The expected update (and Dyna-Q+'s
   * bonus) take the general loop.
   */
  plan(context: PlanningContext, n: number): void {
    if (context.config.planning === 'expected' || context.config.kappa > 0) this.planGeneral(context, n);
    else if (this.kind === 'last') this.planLast(context, n);
    else this.planCounts(context, n);
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
      // max over actions, the first two comparisons unrolled (the guards are perfectly predicted)
      let best = q[base];
      if (numActions > 1 && q[base + 1] > best) best = q[base + 1];
      if (numActions > 2 && q[base + 2] > best) best = q[base + 2];
      for (let b = 3; b < numActions; b++) if (q[base + b] > best) best = q[base + b];
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * best);
    }
  }

  private planLast({ q, rng, config }: PlanningContext, n: number): void {
    const numActions = config.numActions;
    const { alpha, gamma } = config;
    const keep = 1 - alpha;
    const seenPairs = this.seenPairs;
    const seenCount = this.seenCount;
    const reward = this.reward;
    const lastSuccessor = this.lastSuccessor;
    for (let k = 0; k < n; k++) {
      const pair = seenPairs[Math.floor(rng.next() * seenCount)];
      const base = lastSuccessor[pair] * numActions;
      let best = q[base];
      if (numActions > 1 && q[base + 1] > best) best = q[base + 1];
      if (numActions > 2 && q[base + 2] > best) best = q[base + 2];
      for (let b = 3; b < numActions; b++) if (q[base + b] > best) best = q[base + b];
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * best);
    }
  }

  /**
   * Planning with the Dyna-Q+ bonus and/or the expected update. `expected` bootstraps from
   * sum_s' T[s,a,s'] max Q[s',.] instead of one draw; kappa > 0 adds kappa * sqrt(tau) to the
   * reward, tau = real steps since the pair was last tried, and plans untried pairs as a
   * self-transition with reward 0.
   */
  private planGeneral({ q, rng, config, now }: PlanningContext, n: number): void {
    const numActions = config.numActions;
    const { alpha, gamma, kappa, planning } = config;
    const keep = 1 - alpha;
    const expectedUpdate = planning === 'expected';
    for (let k = 0; k < n; k++) {
      const pair = this.seenPairs[Math.floor(rng.next() * this.seenCount)];
      let bootstrap: number;
      if (this.pairTotal[pair] === 0) {
        bootstrap = maxQ(q, Math.floor(pair / numActions) * numActions, numActions); // untried (Dyna-Q+)
      } else if (!expectedUpdate) {
        bootstrap = maxQ(q, this.sampleSuccessor(pair, rng.next()) * numActions, numActions);
      } else if (this.kind === 'last') {
        bootstrap = maxQ(q, this.lastSuccessor[pair] * numActions, numActions);
      } else {
        const start = this.sliceStart[pair];
        const end = start + this.sliceLength[pair];
        let sum = 0;
        for (let i = start; i < end; i++) sum += this.succCount[i] * maxQ(q, this.succState[i] * numActions, numActions);
        bootstrap = sum / this.pairTotal[pair];
      }
      let r = this.reward[pair];
      if (kappa > 0) r += kappa * Math.sqrt(now - this.lastTried[pair]);
      q[pair] = keep * q[pair] + alpha * (r + gamma * bootstrap);
    }
  }

  /** Rebuilds a pair from saved data (successors in first-seen order). */
  restorePair(pair: number, states: readonly number[], counts: readonly number[], reward: number, lastTried: number, rewardSum = 0): void {
    this.addSeenPair(pair);
    this.reward[pair] = reward;
    this.rewardSum[pair] = rewardSum;
    this.lastTried[pair] = lastTried;
    if (states.length === 0) return; // an untried pair of Dyna-Q+
    if (this.kind === 'last') {
      this.lastSuccessor[pair] = states[0];
      this.pairTotal[pair] = counts[0];
      return;
    }
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

  private addSeenPair(pair: number): void {
    if (this.seenCount === this.seenPairs.length) {
      const grown = new Int32Array(Math.min(this.numPairs, this.seenPairs.length * 2));
      grown.set(this.seenPairs);
      this.seenPairs = grown;
    }
    this.seenPairs[this.seenCount++] = pair;
    this.inModel[pair] = 1;
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
