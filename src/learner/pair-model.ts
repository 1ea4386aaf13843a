import { maxQ, type PlanningContext, type PlanningModel } from './planning.js';

/**
 * What the pair models (counts, last) share: per pair p = s * numActions + a, the reward model,
 * when it was last tried, how often, and the pairs seen so far (planning picks uniformly among
 * them). A terminal outcome is recorded as the successor `numStates` (the learner's Q has a row of
 * zeros there), so planning bootstraps 0. Each kind keeps its own successors and its own hot loop.
 *
 * Dyna-Q+ (Sutton & Barto, section 8.3 and its footnote): when a state is first tried, its other
 * actions enter the model as "untried" pairs (pairTotal 0) that planning treats as leading back
 * to the same state with reward 0, so the exploration bonus also reaches actions never taken.
 */
export abstract class PairModel implements PlanningModel {
  abstract readonly kind: 'counts' | 'last';
  readonly numPairs: number;
  /** R[p], what planning uses. */
  readonly reward: Float64Array;
  /** Sum of every reward seen per pair (the `mean` reward model). */
  readonly rewardSum: Float64Array;
  /** Real step count at which p was last tried (for the Dyna-Q+ bonus tau = now - lastTried). */
  readonly lastTried: Float64Array;
  /** Total observations of each pair. */
  readonly pairTotal: Float64Array;
  /** Pairs in the order they were first seen; planning picks uniformly from these. */
  seenPairs: Int32Array;
  seenCount = 0;
  /** 1 when the pair is in seenPairs (tried, or an untried action of a visited state). */
  private readonly inModel: Uint8Array;

  constructor(numPairs: number) {
    this.numPairs = numPairs;
    this.reward = new Float64Array(numPairs);
    this.rewardSum = new Float64Array(numPairs);
    this.lastTried = new Float64Array(numPairs);
    this.pairTotal = new Float64Array(numPairs);
    this.seenPairs = new Int32Array(Math.min(numPairs, 1024));
    this.inModel = new Uint8Array(numPairs);
  }

  /** Records a real transition p -> sPrime with reward r, at real step `step`. */
  abstract observe(pair: number, sPrime: number, r: number, alpha: number, step: number): void;
  /** The successor of a tried `pair` for a uniform u in [0, 1). */
  abstract sampleSuccessor(pair: number, u: number): number;
  /** Successors of `pair` and their counts, in first-seen order (for tests, saving, reports). */
  abstract successors(pair: number): { states: number[]; counts: number[] };
  /** Number of distinct successors seen after `pair`. */
  abstract successorCount(pair: number): number;
  /** sum_s' T[p, s'] max Q[s', .], for expected planning. */
  protected abstract expectedBootstrap(q: Float64Array, pair: number, numActions: number): number;
  /** Rebuilds a pair from saved data (successors in first-seen order). */
  abstract restorePair(pair: number, states: readonly number[], counts: readonly number[], reward: number, lastTried: number, rewardSum?: number): void;
  abstract plan(context: PlanningContext, n: number): void;
  abstract byteSize(): number;

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

  protected sharedBytes(): number {
    return [this.reward, this.rewardSum, this.lastTried, this.pairTotal, this.seenPairs, this.inModel].reduce((bytes, array) => bytes + array.byteLength, 0);
  }

  /** The first observation of a pair (or its first mention as untried): into the seen list. */
  protected noteSeen(pair: number): void {
    if (this.inModel[pair] === 0) this.addSeenPair(pair);
  }

  protected addSeenPair(pair: number): void {
    if (this.seenCount === this.seenPairs.length) {
      const grown = new Int32Array(Math.min(this.numPairs, this.seenPairs.length * 2));
      grown.set(this.seenPairs);
      this.seenPairs = grown;
    }
    this.seenPairs[this.seenCount++] = pair;
    this.inModel[pair] = 1;
  }

  /**
   * Planning with the Dyna-Q+ bonus and/or the expected update. `expected` bootstraps from
   * sum_s' T[s,a,s'] max Q[s',.] instead of one draw; kappa > 0 adds kappa * sqrt(tau) to the
   * reward, tau = real steps since the pair was last tried, and plans untried pairs as a
   * self-transition with reward 0.
   */
  protected planGeneral({ q, rng, config, now }: PlanningContext, n: number): void {
    const numActions = config.numActions;
    const { alpha, gamma, kappa, planning } = config;
    const keep = 1 - alpha;
    const expectedUpdate = planning === 'expected';
    for (let k = 0; k < n; k++) {
      const pair = this.seenPairs[Math.floor(rng.next() * this.seenCount)];
      let bootstrap: number;
      if (this.pairTotal[pair] === 0) {
        bootstrap = maxQ(q, Math.floor(pair / numActions) * numActions, numActions); // untried (Dyna-Q+)
      } else if (expectedUpdate) {
        bootstrap = this.expectedBootstrap(q, pair, numActions);
      } else {
        bootstrap = maxQ(q, this.sampleSuccessor(pair, rng.next()) * numActions, numActions);
      }
      let r = this.reward[pair];
      if (kappa > 0) r += kappa * Math.sqrt(now - this.lastTried[pair]);
      q[pair] = keep * q[pair] + alpha * (r + gamma * bootstrap);
    }
  }
}
