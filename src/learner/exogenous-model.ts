import { TransitionModel } from './model.js';

/**
 * A factored model for problems whose state has an exogenous part the agent does not move: the
 * state is s = x * C + c, where x (0..X-1) follows its own dynamics and c (0..C-1) is what the
 * agent's action sets: after action a from c it is `nextControl[c * A + a]`. In a market, x is the
 * market situation (indicator bins) and c the position held: the position does not move the
 * price, so one real step x -> x' reveals the reward of every (c, a) pair of x at once.
 *
 * What it keeps:
 * - T_c(x -> x'): one successor count per real step, per x (the counts model's pools and alias
 *   tables, indexed by x, so a draw of x' costs O(1) and memory grows with what was seen);
 * - per pair (x, c, a): the sum of its rewards and how often the step was terminal; the number of
 *   observations is x's count, the same for all its pairs. R is the sample mean, or the posterior
 *   mean (sum + k prior) / (n + k) with a prior per pair.
 *
 * The learner plans from it: a pair (x, c, a) of a seen x, a successor x' drawn from T(x, .) (or
 * the expectation over all x'), the next state x' * C + nextControl[c, a], reward R(x, c, a), and
 * a terminal probability that removes that share of the bootstrap.
 */
export class ExogenousModel {
  readonly numExogenous: number;
  readonly numControl: number;
  readonly numActions: number;
  /** Pairs (c, a) per exogenous state: C * A. */
  readonly pairsPerState: number;
  readonly nextControl: Int32Array;
  /** x -> x' counts (a counts TransitionModel indexed by x; its rewards are unused). */
  readonly transitions: TransitionModel;
  /** Per pair p = (x * C + c) * A + a: the sum of its rewards. */
  readonly rewardSum: Float64Array;
  /** Per pair: real steps that ended in a terminal outcome. */
  readonly terminalCount: Float64Array;
  /** Per pair: the reward planning uses (posterior mean), kept up to date. */
  readonly reward: Float64Array;
  /** Per pair: the share of its steps that were terminal. */
  readonly terminalShare: Float64Array;
  /** Prior reward per pair (null: 0) and its pseudo-observations. */
  priorMean: Float64Array | null = null;
  priorCount: number;
  /** When frozen, real steps no longer change the model (e.g. later epochs over the same days). */
  frozen = false;

  constructor(numExogenous: number, numControl: number, numActions: number, nextControl: ArrayLike<number>, priorCount = 0) {
    this.numExogenous = numExogenous;
    this.numControl = numControl;
    this.numActions = numActions;
    this.pairsPerState = numControl * numActions;
    this.nextControl = Int32Array.from(nextControl);
    this.transitions = new TransitionModel('counts', numExogenous, 'mean', 0);
    const numPairs = numExogenous * this.pairsPerState;
    this.rewardSum = new Float64Array(numPairs);
    this.terminalCount = new Float64Array(numPairs);
    this.reward = new Float64Array(numPairs);
    this.terminalShare = new Float64Array(numPairs);
    this.priorCount = priorCount;
  }

  /** Exogenous states seen so far, in first-seen order (planning picks among these). */
  get seenStates(): Int32Array {
    return this.transitions.seenPairs;
  }

  get seenCount(): number {
    return this.transitions.seenCount;
  }

  /** Observations of x (real steps from it). */
  visits(x: number): number {
    return this.transitions.pairTotal[x];
  }

  /** Records one real step x -> x' with the reward of every (c, a) and which were terminal. */
  observe(x: number, xPrime: number, rewards: ArrayLike<number>, terminal: ArrayLike<number> | null, step: number): void {
    if (this.frozen) return;
    this.transitions.observe(x, xPrime, 0, 0, step);
    const base = x * this.pairsPerState;
    for (let i = 0; i < this.pairsPerState; i++) {
      this.rewardSum[base + i] += rewards[i];
      if (terminal !== null && terminal[i] !== 0) this.terminalCount[base + i] += 1;
    }
    this.refresh(x);
  }

  /** Sets the prior and re-estimates every seen state's rewards. */
  setRewardPrior(priorMean: Float64Array | null, priorCount: number): void {
    this.priorMean = priorMean;
    this.priorCount = priorCount;
    for (let k = 0; k < this.seenCount; k++) this.refresh(this.seenStates[k]);
  }

  /** Brings x's planning rewards and terminal shares up to date with its sums. */
  private refresh(x: number): void {
    const n = this.visits(x);
    const k = this.priorCount;
    const base = x * this.pairsPerState;
    for (let i = 0; i < this.pairsPerState; i++) {
      const prior = this.priorMean === null ? 0 : this.priorMean[base + i];
      this.reward[base + i] = n + k > 0 ? (this.rewardSum[base + i] + k * prior) / (n + k) : prior;
      this.terminalShare[base + i] = n > 0 ? this.terminalCount[base + i] / n : 0;
    }
  }

  /** Restores one exogenous state from saved data. */
  restoreState(x: number, successors: readonly number[], counts: readonly number[], rewardSums: readonly number[], terminalCounts: readonly number[]): void {
    this.transitions.restorePair(x, successors, counts, 0, 0);
    const base = x * this.pairsPerState;
    for (let i = 0; i < this.pairsPerState; i++) {
      this.rewardSum[base + i] = rewardSums[i]!;
      this.terminalCount[base + i] = terminalCounts[i]!;
    }
    this.refresh(x);
  }

  byteSize(): number {
    return this.transitions.byteSize() + this.rewardSum.byteLength + this.terminalCount.byteLength + this.reward.byteLength + this.terminalShare.byteLength;
  }
}
