import { resolveOptions, type QLearnerConfig, type QLearnerOptions } from './config.js';
import { CountsModel } from './counts-model.js';
import { LastModel } from './last-model.js';
import type { PairModel } from './pair-model.js';
import { maxQ } from './planning.js';
import { Rng } from './rng.js';

/**
 * Tabular Q-learning with a Dyna-Q model, following the course contract. One way to act
 * (`querysetstate` / `query` choose epsilon-greedily; `greedyAction` is the pure argmax), one way to
 * learn (`query`: real update, model update, planning), and nothing to freeze: a trained agent that
 * should learn no more simply stops calling `query` (the trading agent reads Q and acts greedily).
 *
 *
 *   querysetstate(s)    -> set the state, choose an action (random with probability rar; rar
 *                          does not decay here), learn nothing
 *   query(s', r)        -> 1. Q update of the last (s, a) with r and s'
 *                          2. model update (T_c counts or last successor, R)
 *                          3. `dyna` planning updates from the model
 *                          4. choose the next action in s' (random with probability rar),
 *                             then rar *= radr
 *
 * The learner knows no terminal states: an episode end or the end of the data is the caller's
 * business (a new episode simply starts with querysetstate), and every update bootstraps from
 * max_a Q[s', a]. Q starts at 0.
 *
 * Update rule everywhere (real and planned): Q[s,a] = (1-alpha) Q[s,a] + alpha (r + gamma max Q[s',.]).
 *
 * Exploration: rar is not reset between episodes; it keeps decaying across `query` calls, as in
 * the course. `setRandomActionRate` lets a caller choose another schedule (e.g. per epoch).
 *
 * Ties: when acting (query / querysetstate) ties among the best actions are broken at random
 * with the learner's generator, so an untrained agent does not always pick action 0.
 * `greedyAction` / `greedyPolicy` are pure and break ties toward the LOWEST action index.
 */
export class QLearner {
  readonly config: Readonly<QLearnerConfig>;
  readonly numStates: number;
  readonly numActions: number;
  /** [real steps, planning updates]: typed slots, so counts past 2^31 stay allocation-free. */
  private readonly counters = new Float64Array(2);

  /** Q indexed s * numActions + a, plus one row of zeros at s = numStates: the terminal state. */
  private readonly q: Float64Array;
  private readonly model: PairModel | null;
  private rng: Rng;
  /**
   * rar, kept in a typed-array slot: a class field holding a changing double can be stored as
   * a fresh heap number on every write, and the decay happens on every real step.
   */
  private readonly exploration = new Float64Array(1);
  private currentState = -1;
  private currentAction = -1;

  constructor(options: QLearnerOptions) {
    this.config = Object.freeze(resolveOptions(options));
    this.numStates = this.config.numStates;
    this.numActions = this.config.numActions;
    this.q = new Float64Array((this.numStates + 1) * this.numActions);
    const { model, dyna, rewardModel } = this.config;
    const numPairs = this.numStates * this.numActions;
    // No model without planning: dyna = 0 is plain Q-learning and pays nothing for a model.
    this.model = dyna === 0 ? null : model === 'counts' ? new CountsModel(numPairs, rewardModel) : new LastModel(numPairs);
    this.rng = new Rng(this.config.seed);
    this.exploration[0] = this.config.rar;
  }

  /** Real (query) steps learned from. */
  get realSteps(): number {
    return this.counters[0];
  }

  /** Hallucinated (planning) Q updates done. */
  get planningUpdates(): number {
    return this.counters[1];
  }

  /** Current random action rate (epsilon). */
  get rar(): number {
    return this.exploration[0];
  }

  /** Sets the random action rate, e.g. to start a new epoch with its own exploration. */
  setRandomActionRate(rar: number): void {
    if (!(rar >= 0 && rar <= 1)) throw new RangeError(`rar must be within 0..1, got ${rar}.`);
    this.exploration[0] = rar;
  }

  /** The state the learner is in (-1 before the first querysetstate). */
  get state(): number {
    return this.currentState;
  }

  /** The action last returned (-1 before the first querysetstate). */
  get lastAction(): number {
    return this.currentAction;
  }

  /** The transition model (null when dyna = 0). Read it, do not change it. */
  get transitionModel(): PairModel | null {
    return this.model;
  }

  /** Copies Q (numStates * numActions) into `out` without allocating; returns the largest change from out's old values. */
  copyQInto(out: Float64Array): number {
    const n = this.numStates * this.numActions;
    if (out.length !== n) throw new RangeError(`copyQInto: out must hold ${n} values, got ${out.length}.`);
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const change = Math.abs(this.q[i] - out[i]);
      if (change > largest) largest = change;
      out[i] = this.q[i];
    }
    return largest;
  }

  /** Sets the state without learning and returns the action to take there. */
  querysetstate(s: number): number {
    this.checkState(s, 'querysetstate');
    const action = this.chooseAction(s);
    this.currentState = s;
    this.currentAction = action;
    return action;
  }

  /**
   * Learns from the last (s, a) with reward r and new state sPrime; returns the next action.
   * `terminal`: the step ended the episode with an outcome (e.g. an account wiped out): its
   * update bootstraps 0, and the model remembers it so planning does too. (The end of the data
   * is a truncation, not terminal.)
   */
  query(sPrime: number, r: number, terminal = false): number {
    this.checkState(sPrime, 'query');
    if (!Number.isFinite(r)) throw new RangeError(`query: reward must be a finite number, got ${r}.`);
    const s = this.currentState;
    if (s < 0) throw new Error('query called before querysetstate: the learner has no current state.');
    const pair = s * this.numActions + this.currentAction;
    const { alpha, gamma } = this.config;

    // 1. real experience
    this.q[pair] = (1 - alpha) * this.q[pair] + alpha * (r + (terminal ? 0 : gamma * maxQ(this.q, sPrime * this.numActions, this.numActions)));
    this.counters[0]++;
    // 2. model  3. planning
    if (this.model !== null) {
      if (this.config.kappa > 0) this.model.addUntriedActions(s, this.numActions, this.realSteps);
      this.model.observe(pair, terminal ? this.numStates : sPrime, r, alpha, this.realSteps);
      this.plan(this.config.dyna);
    }
    // 4. act
    const action = this.chooseAction(sPrime);
    this.exploration[0] *= this.config.radr;
    this.currentState = sPrime;
    this.currentAction = action;
    return action;
  }

  /**
   * Runs n planning updates from the model. Touches only Q, the generator and
   * `planningUpdates`: never the current state, the last action or rar.
   */
  plan(n: number): void {
    const model = this.model;
    if (model === null || model.seenCount === 0 || n <= 0) return;
    model.plan({ q: this.q, rng: this.rng, config: this.config, now: this.realSteps }, n);
    this.counters[1] += n;
  }

  /** Best action in s without exploring or learning; ties go to the lowest action index. */
  greedyAction(s: number): number {
    this.checkState(s, 'greedyAction');
    return this.argmaxLowest(s);
  }

  /** Greedy action of every state (same tie rule as greedyAction), written into `out`. */
  greedyPolicy(out: Int32Array = new Int32Array(this.numStates)): Int32Array {
    if (out.length !== this.numStates) {
      throw new RangeError(`greedyPolicy: out must hold ${this.numStates} states, got ${out.length}.`);
    }
    for (let s = 0; s < this.numStates; s++) out[s] = this.argmaxLowest(s);
    return out;
  }

  /** Q[s, a]. */
  qValue(s: number, a: number): number {
    return this.q[s * this.numActions + a];
  }

  /** A copy of Q, indexed s * numActions + a. */
  qTable(): Float64Array {
    return this.q.slice(0, this.numStates * this.numActions);
  }

  /** Random action with probability rar, else the best action with ties broken at random. */
  private chooseAction(s: number): number {
    const numActions = this.numActions;
    if (this.rng.next() < this.exploration[0]) return Math.floor(this.rng.next() * numActions);
    const q = this.q;
    const base = s * numActions;
    let best = q[base];
    let bestAction = 0;
    let ties = 1;
    for (let a = 1; a < numActions; a++) {
      const value = q[base + a];
      if (value > best) {
        best = value;
        bestAction = a;
        ties = 1;
      } else if (value === best) {
        ties++;
      }
    }
    if (ties === 1) return bestAction;
    let pick = Math.floor(this.rng.next() * ties);
    for (let a = 0; a < numActions; a++) {
      if (q[base + a] === best && pick-- === 0) return a;
    }
    return bestAction;
  }

  private argmaxLowest(s: number): number {
    const base = s * this.numActions;
    let bestAction = 0;
    let best = this.q[base];
    for (let a = 1; a < this.numActions; a++) {
      if (this.q[base + a] > best) {
        best = this.q[base + a];
        bestAction = a;
      }
    }
    return bestAction;
  }

  private checkState(s: number, where: string): void {
    if (!(Number.isInteger(s) && s >= 0 && s < this.numStates)) {
      throw new RangeError(`${where}: state must be a whole number in 0..${this.numStates - 1}, got ${s}.`);
    }
  }

  /** Everything needed to continue exactly where this learner is (see snapshot.ts). */
  toSnapshot(): QLearnerSnapshot {
    const model = this.model;
    const pairs: ModelPairSnapshot[] = [];
    if (model !== null) {
      for (let k = 0; k < model.seenCount; k++) {
        const pair = model.seenPairs[k];
        const { states, counts } = model.successors(pair);
        pairs.push({ pair, reward: model.reward[pair], rewardSum: model.rewardSum[pair], lastTried: model.lastTried[pair], states, counts });
      }
    }
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      config: { ...this.config },
      rar: this.exploration[0],
      realSteps: this.realSteps,
      planningUpdates: this.planningUpdates,
      state: this.currentState,
      action: this.currentAction,
      rng: this.rng.state(),
      q: Array.from(this.q.subarray(0, this.numStates * this.numActions)),
      model: pairs,
    };
  }

  /** Restores a learner from `toSnapshot()` output; the snapshot must already be validated. */
  static fromSnapshot(snapshot: QLearnerSnapshot): QLearner {
    const learner = new QLearner(snapshot.config);
    learner.q.set(snapshot.q);
    learner.exploration[0] = snapshot.rar;
    learner.counters[0] = snapshot.realSteps;
    learner.counters[1] = snapshot.planningUpdates;
    learner.currentState = snapshot.state;
    learner.currentAction = snapshot.action;
    learner.rng = Rng.fromState(snapshot.rng);
    if (learner.model !== null) {
      for (const p of snapshot.model) learner.model.restorePair(p.pair, p.states, p.counts, p.reward, p.lastTried, p.rewardSum);
    }
    return learner;
  }
}

export const SNAPSHOT_FORMAT = 'dynaq-qlearner';
/**
 * Version 2 added the sample-mean reward model (rewardSum) and terminal successors; version 3
 * removed what the trading agent's market model used to keep inside the learner (the exogenous
 * model, the reward prior, the freeze flag): that model is src/agent/market-model.ts now.
 */
export const SNAPSHOT_VERSION = 3;

/**
 * One (s, a) of the model: successors in first-seen order with their counts (empty: untried,
 * Dyna-Q+); the successor numStates stands for a terminal outcome.
 */
export interface ModelPairSnapshot {
  pair: number;
  reward: number;
  /** Sum of every reward seen (the mean reward model); 0 in version-1 files. */
  rewardSum: number;
  lastTried: number;
  states: number[];
  counts: number[];
}

/** The full learner state as plain JSON data. */
export interface QLearnerSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  config: QLearnerConfig;
  rar: number;
  realSteps: number;
  planningUpdates: number;
  state: number;
  action: number;
  rng: { a: number; b: number; c: number; d: number };
  q: number[];
  model: ModelPairSnapshot[];
}
