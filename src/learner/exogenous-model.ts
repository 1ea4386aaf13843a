import { CountsModel } from './counts-model.js';
import { maxQ, type PlanningContext, type PlanningModel } from './planning.js';

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
export class ExogenousModel implements PlanningModel {
  readonly numExogenous: number;
  readonly numControl: number;
  readonly numActions: number;
  /** Pairs (c, a) per exogenous state: C * A. */
  readonly pairsPerState: number;
  readonly nextControl: Int32Array;
  /** x -> x' counts (a counts model indexed by x; its rewards are unused). */
  readonly transitions: CountsModel;
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
  /** Expected planning: [next pair of the current state, current state (-1: draw one)]; saved with the learner. */
  readonly expectedCursor = Int32Array.from([0, -1]);

  constructor(numExogenous: number, numControl: number, numActions: number, nextControl: ArrayLike<number>, priorCount = 0) {
    this.numExogenous = numExogenous;
    this.numControl = numControl;
    this.numActions = numActions;
    this.pairsPerState = numControl * numActions;
    this.nextControl = Int32Array.from(nextControl);
    this.transitions = new CountsModel(numExogenous, 'mean', 0);
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

  /** n planning updates: sampled or expected (the learner's `planning`). */
  plan(context: PlanningContext, n: number): void {
    if (context.config.planning === 'expected') this.planExpected(context, n);
    else this.planSample(context, n);
  }

  /**
   * Sampled planning: one draw picks a seen x and a pair (c, a) of it (integer part) and its
   * successor x' (the fraction left), as the counts model does.
   */
  private planSample({ q, rng, config }: PlanningContext, n: number): void {
    const numActions = this.numActions;
    const { alpha, gamma } = config;
    const numControl = this.numControl;
    const keep = 1 - alpha;
    const pairsPerState = this.pairsPerState;
    const seen = this.seenStates;
    const choices = this.seenCount * pairsPerState;
    const nextControl = this.nextControl;
    const reward = this.reward;
    const terminalShare = this.terminalShare;
    const transitions = this.transitions;
    for (let k = 0; k < n; k++) {
      const u = rng.next() * choices;
      const pick = Math.floor(u);
      const stateIndex = Math.floor(pick / pairsPerState);
      const i = pick - stateIndex * pairsPerState;
      const x = seen[stateIndex];
      const xPrime = transitions.sampleSuccessor(x, u - pick);
      const best = maxQ(q, (xPrime * numControl + nextControl[i]) * numActions, numActions);
      const pair = x * pairsPerState + i;
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * (1 - terminalShare[pair]) * best);
    }
  }

  /**
   * Expected planning: the bootstrap is the expectation over every seen x' of T(x, x'). The pairs
   * of a drawn x are updated one after another (the cursor carries over between calls), so n
   * updates are exactly n pair updates and every pair of x gets its turn.
   */
  private planExpected({ q, rng, config }: PlanningContext, n: number): void {
    const numActions = this.numActions;
    const { alpha, gamma } = config;
    const numControl = this.numControl;
    const keep = 1 - alpha;
    const pairsPerState = this.pairsPerState;
    const seen = this.seenStates;
    const nextControl = this.nextControl;
    const reward = this.reward;
    const terminalShare = this.terminalShare;
    const { sliceStart, sliceLength, succState, succCount, pairTotal } = this.transitions;
    const cursor = this.expectedCursor;
    let x = cursor[1];
    for (let k = 0; k < n; k++) {
      const i = cursor[0];
      if (i === 0 || x < 0) x = seen[Math.floor(rng.next() * this.seenCount)];
      const start = sliceStart[x];
      const end = start + sliceLength[x];
      const control = nextControl[i];
      let expected = 0;
      for (let j = start; j < end; j++) {
        expected += succCount[j] * maxQ(q, (succState[j] * numControl + control) * numActions, numActions);
      }
      const pair = x * pairsPerState + i;
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * (1 - terminalShare[pair]) * (expected / pairTotal[x]));
      cursor[0] = i + 1 === pairsPerState ? 0 : i + 1;
    }
    cursor[1] = x;
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
