import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { QLearner } from '../../src/learner/index.js';
import { Rng } from '../../src/learner/rng.js';
import { RandomMdp } from './helpers.js';

describe('QLearner options', () => {
  it('applies the course defaults', () => {
    const learner = new QLearner({ numStates: 10, numActions: 4 });
    expect(learner.config).toMatchObject({ alpha: 0.2, gamma: 0.9, rar: 0.5, radr: 0.99, dyna: 0, seed: 0, model: 'counts', kappa: 0, planning: 'sample' });
    expect(learner.rar).toBe(0.5);
    expect(learner.transitionModel).toBeNull();
  });

  it.each([
    [{ alpha: 1.5 }, /alpha must be within 0\.\.1, got 1\.5/],
    [{ gamma: -0.1 }, /gamma must be within 0\.\.1/],
    [{ rar: Number.NaN }, /rar must be a number in 0\.\.1/],
    [{ dyna: 2.5 }, /dyna must be a whole number/],
    [{ dyna: -1 }, /dyna must be within 0\.\./],
    [{ numStates: 0 }, /numStates must be within 1\.\./],
    [{ model: 'dense' }, /model must be one of counts, last, got 'dense'/],
    [{ planning: 'full' }, /planning must be one of sample, expected/],
    [{ kappa: -1 }, /kappa must be within 0\.\./],
    [{ epsilon: 0.1 }, /option 'epsilon' is unknown/],
  ])('rejects %o with a UserError naming the range', (bad, message) => {
    const make = () => new QLearner({ numStates: 10, numActions: 4, ...(bad as object) });
    expect(make).toThrow(UserError);
    expect(make).toThrow(message);
  });

  it("accepts the course constructor's verbose flag and behaves the same with it", () => {
    const a = new QLearner({ numStates: 10, numActions: 4, seed: 3, verbose: false });
    const b = new QLearner({ numStates: 10, numActions: 4, seed: 3, verbose: true });
    expect(b.querysetstate(2)).toBe(a.querysetstate(2));
    expect(b.query(5, -1)).toBe(a.query(5, -1));
  });

  it('rejects states outside 0..numStates-1 and non-finite rewards', () => {
    const learner = new QLearner({ numStates: 3, numActions: 2 });
    expect(() => learner.querysetstate(3)).toThrow(/0\.\.2, got 3/);
    expect(() => learner.query(1, 0)).toThrow(/before querysetstate/);
    learner.querysetstate(0);
    expect(() => learner.query(1, Number.NaN)).toThrow(/finite/);
    expect(() => learner.greedyAction(1.5)).toThrow(RangeError);
  });
});

describe('Q update', () => {
  it('matches a hand-computed update: Q = (1-alpha) Q + alpha (r + gamma max Q[s\'])', () => {
    const learner = new QLearner({ numStates: 3, numActions: 2, alpha: 0.5, gamma: 0.9, rar: 0, radr: 1 });
    const first = learner.querysetstate(0);
    learner.query(1, 10);
    // 0.5 * 0 + 0.5 * (10 + 0.9 * 0) = 5
    expect(learner.qValue(0, first)).toBe(5);
    expect(learner.qValue(0, 1 - first)).toBe(0);
    // greedy now picks the action worth 5; a self-loop with reward -2:
    expect(learner.querysetstate(0)).toBe(first);
    learner.query(0, -2);
    // 0.5 * 5 + 0.5 * (-2 + 0.9 * 5) = 3.75
    expect(learner.qValue(0, first)).toBeCloseTo(3.75, 15);
    expect(learner.realSteps).toBe(2);
  });

  it('decays rar after every query (not after querysetstate), across episodes', () => {
    const learner = new QLearner({ numStates: 4, numActions: 2, rar: 0.5, radr: 0.9 });
    learner.querysetstate(0);
    expect(learner.rar).toBe(0.5);
    learner.query(1, 0);
    learner.query(2, 0);
    learner.querysetstate(0);
    learner.query(3, 0);
    expect(learner.rar).toBeCloseTo(0.5 * 0.9 ** 3, 15);
    learner.setRandomActionRate(0.2);
    expect(learner.rar).toBe(0.2);
    expect(() => learner.setRandomActionRate(1.5)).toThrow(RangeError);
  });
});

/**
 * Plain tabular Q-learning written out by hand, drawing from the same generator in the same
 * order as the learner: explore with probability rar, else argmax with random tie-break.
 */
function referenceQLearning(mdp: RandomMdp, steps: number, seed: number, alpha: number, gamma: number, rar0: number, radr: number) {
  const nA = mdp.numActions;
  const q = new Float64Array(mdp.numStates * nA);
  const rng = new Rng(seed);
  let rar = rar0;
  const choose = (s: number): number => {
    if (rng.next() < rar) return Math.floor(rng.next() * nA);
    const values = Array.from(q.subarray(s * nA, s * nA + nA));
    const best = Math.max(...values);
    const tied = values.flatMap((v, a) => (v === best ? [a] : []));
    return tied.length === 1 ? tied[0] : tied[Math.floor(rng.next() * tied.length)];
  };
  const actions: number[] = [];
  let s = mdp.state;
  let a = choose(s);
  actions.push(a);
  for (let t = 0; t < steps; t++) {
    const [sPrime, r] = mdp.step(a);
    const maxNext = Math.max(...q.subarray(sPrime * nA, sPrime * nA + nA));
    q[s * nA + a] = (1 - alpha) * q[s * nA + a] + alpha * (r + gamma * maxNext);
    a = choose(sPrime);
    rar *= radr;
    s = sPrime;
    actions.push(a);
  }
  return { q, actions, rar };
}

describe('dyna = 0 is exactly plain Q-learning', () => {
  it('gives the same actions and the same Q table, bit for bit, as a hand-written loop with the same seed', () => {
    const settings = { alpha: 0.2, gamma: 0.9, rar: 0.5, radr: 0.999 };
    const reference = referenceQLearning(new RandomMdp(20, 3, 7), 5000, 42, settings.alpha, settings.gamma, settings.rar, settings.radr);

    const mdp = new RandomMdp(20, 3, 7);
    const learner = new QLearner({ numStates: 20, numActions: 3, ...settings, dyna: 0, seed: 42 });
    const actions = [learner.querysetstate(mdp.state)];
    for (let t = 0; t < 5000; t++) {
      const [sPrime, r] = mdp.step(actions[actions.length - 1]);
      actions.push(learner.query(sPrime, r));
    }
    expect(actions).toEqual(reference.actions);
    expect(Array.from(learner.qTable())).toEqual(Array.from(reference.q));
    expect(learner.rar).toBe(reference.rar);
    expect(learner.planningUpdates).toBe(0);
    // the comparison is not vacuous: the learner explored and learned
    expect(new Set(actions).size).toBe(3);
    expect(learner.qTable().some((v) => v !== 0)).toBe(true);
  });

  it('acts at random among tied best actions (an untrained agent does not always pick 0)', () => {
    const learner = new QLearner({ numStates: 1, numActions: 4, rar: 0, seed: 3 });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[learner.querysetstate(0)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});

describe('greedyAction and greedyPolicy', () => {
  it('break ties toward the lowest action index', () => {
    const learner = new QLearner({ numStates: 2, numActions: 3, alpha: 1, gamma: 0, rar: 1, radr: 1 });
    expect(learner.greedyAction(0)).toBe(0);
    // acting at random, reward 1 for actions 1 and 2, 0 for action 0: actions 1 and 2 tie at 1
    for (let t = 0; t < 50; t++) {
      const a = learner.querysetstate(0);
      learner.query(1, a === 0 ? 0 : 1);
    }
    expect(learner.qValue(0, 1)).toBe(1);
    expect(learner.qValue(0, 2)).toBe(1);
    expect(learner.greedyAction(0)).toBe(1);
    expect(Array.from(learner.greedyPolicy())).toEqual([1, 0]);
  });

  it('are pure: no draw, no learning, so a twin learner acts identically', () => {
    const mdpA = new RandomMdp(15, 3, 2);
    const mdpB = new RandomMdp(15, 3, 2);
    const a = new QLearner({ numStates: 15, numActions: 3, dyna: 10, seed: 9 });
    const b = new QLearner({ numStates: 15, numActions: 3, dyna: 10, seed: 9 });
    let actionA = a.querysetstate(0);
    let actionB = b.querysetstate(0);
    const out = new Int32Array(15);
    for (let t = 0; t < 300; t++) {
      for (let s = 0; s < 15; s++) b.greedyAction(s);
      b.greedyPolicy(out);
      const [sA, rA] = mdpA.step(actionA);
      const [sB, rB] = mdpB.step(actionB);
      actionA = a.query(sA, rA);
      actionB = b.query(sB, rB);
      expect(actionB).toBe(actionA);
    }
    expect(Array.from(b.qTable())).toEqual(Array.from(a.qTable()));
    for (let s = 0; s < 15; s++) expect(out[s]).toBe(b.greedyAction(s));
  });
});
