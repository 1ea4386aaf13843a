import { Rng } from '../../src/learner/rng.js';

/**
 * A small random MDP for exercising learners: each (s, a) has 1..maxSuccessors possible next
 * states with random weights and a fixed mean reward plus noise. Deterministic for a seed.
 */
export class RandomMdp {
  readonly numStates: number;
  readonly numActions: number;
  private readonly successors: number[][];
  private readonly weights: number[][];
  private readonly meanReward: Float64Array;
  private readonly rng: Rng;
  state = 0;

  constructor(numStates: number, numActions: number, seed: number, maxSuccessors = 4) {
    this.numStates = numStates;
    this.numActions = numActions;
    this.rng = new Rng(`mdp:${seed}`);
    this.successors = [];
    this.weights = [];
    this.meanReward = new Float64Array(numStates * numActions);
    for (let p = 0; p < numStates * numActions; p++) {
      const k = 1 + this.rng.int(maxSuccessors);
      this.successors.push(Array.from({ length: k }, () => this.rng.int(numStates)));
      this.weights.push(Array.from({ length: k }, () => 1 + this.rng.int(5)));
      this.meanReward[p] = this.rng.next() * 2 - 1;
    }
  }

  /** Moves with `action`; returns [next state, reward]. */
  step(action: number): [number, number] {
    const p = this.state * this.numActions + action;
    const weights = this.weights[p];
    let target = this.rng.next() * weights.reduce((x, y) => x + y, 0);
    let k = 0;
    while (k < weights.length - 1 && target >= weights[k]) target -= weights[k++];
    this.state = this.successors[p][k];
    return [this.state, this.meanReward[p] + (this.rng.next() - 0.5) * 0.1];
  }
}
