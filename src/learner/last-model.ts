import { PairModel } from './pair-model.js';
import { maxQ, type PlanningContext } from './planning.js';

/** The `last` model (Sutton & Barto's tabular Dyna-Q): per pair the last successor and the last reward. */
export class LastModel extends PairModel {
  readonly kind = 'last' as const;
  readonly lastSuccessor: Int32Array;

  constructor(numPairs: number) {
    super(numPairs);
    this.lastSuccessor = new Int32Array(numPairs).fill(-1);
  }

  observe(pair: number, sPrime: number, r: number, _alpha: number, step: number): void {
    this.noteSeen(pair);
    this.pairTotal[pair] += 1;
    this.lastTried[pair] = step;
    this.lastSuccessor[pair] = sPrime;
    this.reward[pair] = r;
  }

  sampleSuccessor(pair: number): number {
    return this.lastSuccessor[pair];
  }

  /** 1 for a seen pair: the last successor. */
  successorCount(pair: number): number {
    return this.pairTotal[pair] > 0 ? 1 : 0;
  }

  /** The last successor with the pair's number of observations. */
  successors(pair: number): { states: number[]; counts: number[] } {
    return this.pairTotal[pair] > 0 ? { states: [this.lastSuccessor[pair]], counts: [this.pairTotal[pair]] } : { states: [], counts: [] };
  }

  byteSize(): number {
    return this.sharedBytes() + this.lastSuccessor.byteLength;
  }

  restorePair(pair: number, states: readonly number[], counts: readonly number[], reward: number, lastTried: number): void {
    this.addSeenPair(pair);
    this.reward[pair] = reward;
    this.lastTried[pair] = lastTried;
    if (states.length === 0) return; // an untried pair of Dyna-Q+
    this.lastSuccessor[pair] = states[0];
    this.pairTotal[pair] = counts[0];
  }

  plan(context: PlanningContext, n: number): void {
    if (context.config.planning === 'expected' || context.config.kappa > 0) this.planGeneral(context, n);
    else this.planLast(context, n);
  }

  protected expectedBootstrap(q: Float64Array, pair: number, numActions: number): number {
    return maxQ(q, this.lastSuccessor[pair] * numActions, numActions);
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
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * maxQ(q, base, numActions));
    }
  }

}
