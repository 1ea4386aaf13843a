import { resolveOptions, type QLearnerConfig, type QLearnerOptions } from './config.js';
import { TransitionModel } from './model.js';
import { Rng } from './rng.js';

/**
 * Tabular Q-learning with a Dyna-Q model, following the course contract:
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

  private readonly q: Float64Array;
  private readonly model: TransitionModel | null;
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
    this.q = new Float64Array(this.numStates * this.numActions);
    // No model without planning: dyna = 0 is plain Q-learning and pays nothing for a model.
    this.model = this.config.dyna > 0 ? new TransitionModel(this.config.model, this.q.length) : null;
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
  get transitionModel(): TransitionModel | null {
    return this.model;
  }

  /** Sets the state without learning and returns the action to take there. */
  querysetstate(s: number): number {
    this.checkState(s, 'querysetstate');
    const action = this.chooseAction(s);
    this.currentState = s;
    this.currentAction = action;
    return action;
  }

  /** Learns from the last (s, a) with reward r and new state sPrime; returns the next action. */
  query(sPrime: number, r: number): number {
    this.checkState(sPrime, 'query');
    if (!Number.isFinite(r)) throw new RangeError(`query: reward must be a finite number, got ${r}.`);
    const s = this.currentState;
    if (s < 0) throw new Error('query called before querysetstate: the learner has no current state.');
    const pair = s * this.numActions + this.currentAction;
    const { alpha, gamma } = this.config;

    // 1. real experience
    this.q[pair] = (1 - alpha) * this.q[pair] + alpha * (r + gamma * this.maxQ(sPrime));
    this.counters[0]++;
    // 2. model  3. planning
    if (this.model !== null) {
      if (this.config.kappa > 0) this.model.addUntriedActions(s, this.numActions, this.realSteps);
      this.model.observe(pair, sPrime, r, alpha, this.realSteps);
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
    if (this.config.planning === 'expected' || this.config.kappa > 0) this.planGeneral(model, n);
    else if (model.kind === 'last') this.planLast(model, n);
    else this.planCounts(model, n);
    this.counters[1] += n;
  }

  // The planning loops are the hot path: locals for every array, no allocation, no calls but
  // the generator (and, once per pair after its counts changed, the alias rebuild).

  private planCounts(model: TransitionModel, n: number): void {
    const q = this.q;
    const numActions = this.numActions;
    const { alpha, gamma } = this.config;
    const keep = 1 - alpha;
    const rng = this.rng;
    const seenPairs = model.seenPairs;
    const seenCount = model.seenCount;
    const reward = model.reward;
    const sliceStart = model.sliceStart;
    const sliceLength = model.sliceLength;
    const succState = model.succState;
    const aliasProb = model.aliasProb;
    const aliasState = model.aliasState;
    const aliasStale = model.aliasStale; // rebuilding an alias table never reallocates the pools
    for (let k = 0; k < n; k++) {
      // One 32-bit draw picks the pair (integer part) and the successor (the fraction left,
      // uniform in [0, 1) with 32 - log2(seenCount) bits): half the generator calls.
      const u = rng.next() * seenCount;
      const pick = Math.floor(u);
      const pair = seenPairs[pick];
      // draw s' with probability count / total from the pair's alias table (see model.ts)
      if (aliasStale[pair] !== 0) model.rebuildAlias(pair);
      const x = (u - pick) * sliceLength[pair];
      const slot = Math.floor(x);
      const i = sliceStart[pair] + slot;
      const sPrime = x - slot < aliasProb[i] ? succState[i] : aliasState[i];
      const base = sPrime * numActions;
      // max over actions; the first two comparisons unrolled (measured ~10% faster than the
      // plain loop for 3 actions; the guards are perfectly predicted)
      let best = q[base];
      if (numActions > 1 && q[base + 1] > best) best = q[base + 1];
      if (numActions > 2 && q[base + 2] > best) best = q[base + 2];
      for (let b = 3; b < numActions; b++) if (q[base + b] > best) best = q[base + b];
      q[pair] = keep * q[pair] + alpha * (reward[pair] + gamma * best);
    }
  }

  private planLast(model: TransitionModel, n: number): void {
    const q = this.q;
    const numActions = this.numActions;
    const { alpha, gamma } = this.config;
    const keep = 1 - alpha;
    const rng = this.rng;
    const seenPairs = model.seenPairs;
    const seenCount = model.seenCount;
    const reward = model.reward;
    const lastSuccessor = model.lastSuccessor;
    for (let k = 0; k < n; k++) {
      const pair = seenPairs[Math.floor(rng.next() * seenCount)];
      const base = lastSuccessor[pair] * numActions;
      // max over actions; the first two comparisons unrolled (measured ~10% faster than the
      // plain loop for 3 actions; the guards are perfectly predicted)
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
  private planGeneral(model: TransitionModel, n: number): void {
    const q = this.q;
    const numActions = this.numActions;
    const { alpha, gamma, kappa, planning } = this.config;
    const keep = 1 - alpha;
    const rng = this.rng;
    const expectedUpdate = planning === 'expected';
    const now = this.realSteps;
    for (let k = 0; k < n; k++) {
      const pair = model.seenPairs[Math.floor(rng.next() * model.seenCount)];
      let bootstrap: number;
      if (model.pairTotal[pair] === 0) {
        bootstrap = this.maxQ(Math.floor(pair / numActions)); // untried (Dyna-Q+)
      } else if (!expectedUpdate) {
        bootstrap = this.maxQ(model.sampleSuccessor(pair, rng.next()));
      } else if (model.kind === 'last') {
        bootstrap = this.maxQ(model.lastSuccessor[pair]);
      } else {
        const start = model.sliceStart[pair];
        const end = start + model.sliceLength[pair];
        let sum = 0;
        for (let i = start; i < end; i++) sum += model.succCount[i] * this.maxQ(model.succState[i]);
        bootstrap = sum / model.pairTotal[pair];
      }
      let r = model.reward[pair];
      if (kappa > 0) r += kappa * Math.sqrt(now - model.lastTried[pair]);
      q[pair] = keep * q[pair] + alpha * (r + gamma * bootstrap);
    }
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
    return this.q.slice();
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

  private maxQ(s: number): number {
    const base = s * this.numActions;
    let best = this.q[base];
    for (let a = 1; a < this.numActions; a++) if (this.q[base + a] > best) best = this.q[base + a];
    return best;
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
        pairs.push({ pair, reward: model.reward[pair], lastTried: model.lastTried[pair], states, counts });
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
      q: Array.from(this.q),
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
      for (const p of snapshot.model) learner.model.restorePair(p.pair, p.states, p.counts, p.reward, p.lastTried);
    }
    return learner;
  }
}

export const SNAPSHOT_FORMAT = 'dynaq-qlearner';
export const SNAPSHOT_VERSION = 1;

/** One (s, a) of the model: successors in first-seen order with their counts (empty: untried, Dyna-Q+). */
export interface ModelPairSnapshot {
  pair: number;
  reward: number;
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
