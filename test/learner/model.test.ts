import { describe, expect, it } from 'vitest';
import { CountsModel, QLearner } from '../../src/learner/index.js';
import { Rng } from '../../src/learner/rng.js';
import { RandomMdp } from './helpers.js';

/** Pearson chi-square of observed draws against expected probabilities. */
function chiSquare(observed: number[], probabilities: number[], draws: number): number {
  return observed.reduce((sum, o, i) => sum + (o - draws * probabilities[i]) ** 2 / (draws * probabilities[i]), 0);
}

describe('counts model', () => {
  it('keeps per (s, a) the successors seen and their counts', () => {
    const model = new CountsModel(3 * 2);
    for (const sPrime of [2, 1, 2, 2, 0]) model.observe(1, sPrime, 1, 0.5, 1);
    expect(model.successors(1)).toEqual({ states: [2, 1, 0], counts: [3, 1, 1] });
    expect(model.pairTotal[1]).toBe(5);
    expect(model.seenCount).toBe(1);
    expect(model.successors(0)).toEqual({ states: [], counts: [] });
  });

  it('keeps R as the sample mean of every reward seen (the default)', () => {
    const model = new CountsModel(2);
    for (const [r, expected] of [[10, 10], [-5, 2.5], [4, 3], [-1, 2]] as const) {
      model.observe(0, 1, r, 0.2, 1);
      expect(model.reward[0], `after ${r}`).toBeCloseTo(expected, 15);
    }
  });

  it('keeps the course\'s exponential R = (1 - alpha) R + alpha r on request, starting at the first reward seen (not at 0)', () => {
    const model = new CountsModel(2, 'exponential');
    model.observe(0, 1, 10, 0.2, 1);
    expect(model.reward[0], 'a pair tried once is planned with its real reward').toBe(10);
    model.observe(0, 1, -5, 0.2, 2);
    expect(model.reward[0]).toBeCloseTo(0.8 * 10 + 0.2 * -5, 15);
    model.observe(1, 0, -1, 0.2, 3);
    expect(model.reward[1], 'no bias toward 0 for a rarely tried pair').toBe(-1);
  });

  it('draws successors with frequencies that match the counts (chi-square, fixed seed)', () => {
    const model = new CountsModel(1);
    const counts = [50, 30, 15, 4, 1];
    counts.forEach((c, s) => {
      for (let i = 0; i < c; i++) model.observe(0, s, 0, 0.2, 1);
    });
    const rng = new Rng(11);
    const draws = 200_000;
    const observed = [0, 0, 0, 0, 0];
    for (let i = 0; i < draws; i++) observed[model.sampleSuccessor(0, rng.next())]++;
    const chi = chiSquare(observed, counts.map((c) => c / 100), draws);
    // 4 degrees of freedom: 18.47 is the 0.999 quantile
    expect(chi, `observed ${observed.join(',')}`).toBeLessThan(18.47);
  });

  it('stays exact with many successors whose counts change in any order (alias rebuild)', () => {
    const model = new CountsModel(4);
    const rng = new Rng(5);
    const truth = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const sPrime = Math.floor(rng.next() ** 2 * 60) * 7; // 60 skewed successors, sparse ids
      model.observe(3, sPrime, 0, 0.2, i);
      truth.set(sPrime, (truth.get(sPrime) ?? 0) + 1);
    }
    const { states, counts } = model.successors(3);
    expect(new Map(states.map((s, i) => [s, counts[i]]))).toEqual(truth);
    const draws = 300_000;
    const observed = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const s = model.sampleSuccessor(3, rng.next());
      observed.set(s, (observed.get(s) ?? 0) + 1);
    }
    const keys = [...truth.keys()];
    const chi = chiSquare(keys.map((k) => observed.get(k) ?? 0), keys.map((k) => truth.get(k)! / 3000), draws);
    // df = keys - 1 (about 59); mean df, sd sqrt(2 df): allow mean + 5 sd
    expect(chi).toBeLessThan(keys.length - 1 + 5 * Math.sqrt(2 * (keys.length - 1)));
    expect([...observed.keys()].every((k) => truth.has(k)), 'never draws an unseen successor').toBe(true);
  });

  it('builds an exact alias table: each state gets count / total of the mass', () => {
    const model = new CountsModel(2);
    const rng = new Rng(8);
    for (let i = 0; i < 5000; i++) model.observe(1, Math.floor(rng.next() ** 3 * 45), 0, 0.2, i);
    model.rebuildAlias(1);
    const start = model.sliceStart[1];
    const k = model.sliceLength[1];
    const mass = new Map<number, number>();
    for (let j = 0; j < k; j++) {
      const own = model.succState[start + j];
      const alias = model.aliasState[start + j];
      mass.set(own, (mass.get(own) ?? 0) + model.aliasProb[start + j] / k);
      mass.set(alias, (mass.get(alias) ?? 0) + (1 - model.aliasProb[start + j]) / k);
    }
    const { states, counts } = model.successors(1);
    expect(k).toBeGreaterThan(30);
    states.forEach((s, j) => expect(mass.get(s)).toBeCloseTo(counts[j] / 5000, 12));
  });

  it('draws follow counts that change between draws (the alias table is rebuilt when stale)', () => {
    const model = new CountsModel(1);
    const rng = new Rng(21);
    model.observe(0, 1, 0, 0.2, 1);
    for (let i = 0; i < 100; i++) expect(model.sampleSuccessor(0, rng.next())).toBe(1);
    for (let i = 0; i < 99; i++) model.observe(0, 2, 0, 0.2, 2 + i);
    let ones = 0;
    for (let i = 0; i < 100_000; i++) if (model.sampleSuccessor(0, rng.next()) === 1) ones++;
    // p = 0.01, sd of the count ~31
    expect(ones).toBeGreaterThan(1000 - 160);
    expect(ones).toBeLessThan(1000 + 160);
  });

  it('a 10,000-state, 3-action learner does not allocate 10,000 x 3 x 10,000 counts', () => {
    const learner = new QLearner({ numStates: 10_000, numActions: 3, dyna: 5, seed: 1 });
    const rng = new Rng(2);
    let s = 0;
    learner.querysetstate(s);
    for (let t = 0; t < 20_000; t++) {
      s = (s + 1 + rng.int(20)) % 10_000; // ~20 successors per pair
      learner.query(s, rng.next());
    }
    const model = learner.transitionModel!;
    const dense = 10_000 * 3 * 10_000 * 8;
    // per-pair arrays (30,000 pairs) plus pools proportional to the 20,000 observations
    expect(model.byteSize()).toBeLessThan(4_000_000);
    expect(model.byteSize()).toBeLessThan(dense / 500);
    expect(model.seenCount).toBeGreaterThan(5_000);
  });
});

describe('planning', () => {
  it('never changes the real state, the last action, rar or the real step count', () => {
    const mdp = new RandomMdp(12, 3, 4);
    const learner = new QLearner({ numStates: 12, numActions: 3, dyna: 50, seed: 4, rar: 0.6, radr: 0.95 });
    let action = learner.querysetstate(mdp.state);
    let steps = 0;
    for (let t = 0; t < 200; t++) {
      const [sPrime, r] = mdp.step(action);
      action = learner.query(sPrime, r);
      steps++;
      expect(learner.state).toBe(sPrime);
      expect(learner.lastAction).toBe(action);
    }
    expect(learner.rar).toBeCloseTo(0.6 * 0.95 ** steps, 15);
    expect(learner.planningUpdates).toBe(50 * steps);
    const before = { state: learner.state, action: learner.lastAction, rar: learner.rar, realSteps: learner.realSteps };
    const q = learner.qTable();
    learner.plan(1000);
    expect({ state: learner.state, action: learner.lastAction, rar: learner.rar, realSteps: learner.realSteps }).toEqual(before);
    expect(learner.planningUpdates).toBe(50 * steps + 1000);
    expect(Array.from(learner.qTable())).not.toEqual(Array.from(q));
  });

  it('the planning loop draws (s, a) uniformly from seen pairs and s\' from the model, then applies the Q update', () => {
    // replay learner.plan() by hand from a snapshot: same generator state, the tested sampler
    const mdp = new RandomMdp(10, 2, 8, 6);
    const learner = new QLearner({ numStates: 10, numActions: 2, dyna: 3, seed: 8, alpha: 0.3, gamma: 0.8 });
    let action = learner.querysetstate(0);
    for (let t = 0; t < 300; t++) {
      const [sPrime, r] = mdp.step(action);
      action = learner.query(sPrime, r);
    }
    const snapshot = learner.toSnapshot();
    const model = learner.transitionModel!;
    const q = Float64Array.from(snapshot.q);
    const rng = Rng.fromState(snapshot.rng);
    for (let k = 0; k < 500; k++) {
      // one draw: its integer part picks the pair, its fraction the successor
      const u = rng.next() * model.seenCount;
      const pair = model.seenPairs[Math.floor(u)];
      const sPrime = model.sampleSuccessor(pair, u - Math.floor(u));
      const best = Math.max(q[sPrime * 2], q[sPrime * 2 + 1]);
      q[pair] = 0.7 * q[pair] + 0.3 * (model.reward[pair] + 0.8 * best);
    }
    learner.plan(500);
    expect(Array.from(learner.qTable())).toEqual(Array.from(q));
  });

  it('expected planning converges to the Bellman fixed point of the model (hand-computed)', () => {
    // one action; model: 1 -> 2 (r 4), 2 -> 2 (r 2), 0 -> 1 three times and 0 -> 2 once (r 0)
    const learner = new QLearner({ numStates: 3, numActions: 1, alpha: 1, gamma: 0.5, rar: 0, dyna: 1, planning: 'expected' });
    const step = (s: number, sPrime: number, r: number) => {
      learner.querysetstate(s);
      learner.query(sPrime, r);
    };
    step(1, 2, 4);
    step(2, 2, 2);
    step(0, 1, 0);
    step(0, 1, 0);
    step(0, 1, 0);
    step(0, 2, 0);
    learner.plan(5000);
    // Q2 = 2 + 0.5 Q2 = 4; Q1 = 4 + 0.5 * 4 = 6; Q0 = 0 + 0.5 * (0.75 * 6 + 0.25 * 4) = 2.75
    expect(learner.qValue(2, 0)).toBeCloseTo(4, 10);
    expect(learner.qValue(1, 0)).toBeCloseTo(6, 10);
    expect(learner.qValue(0, 0)).toBeCloseTo(2.75, 10);
  });

  it('sampled planning with a small alpha settles near the same fixed point', () => {
    const learner = new QLearner({ numStates: 3, numActions: 1, alpha: 1, gamma: 0.5, rar: 0, dyna: 1 });
    const step = (s: number, sPrime: number, r: number) => {
      learner.querysetstate(s);
      learner.query(sPrime, r);
    };
    step(1, 2, 4);
    step(2, 2, 2);
    for (const sPrime of [1, 1, 1, 2]) step(0, sPrime, 0);
    learner.plan(2000); // Q1, Q2 exact (one successor each); Q0 jumps between 3 and 2
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      learner.plan(1);
      seen.add(learner.qValue(0, 0));
    }
    expect([...seen].sort()).toEqual([2, 3]);
  });

  it('Dyna-Q+ adds kappa * sqrt(tau) to planned rewards, tau = real steps since last tried', () => {
    const learner = new QLearner({ numStates: 2, numActions: 1, alpha: 1, gamma: 0, rar: 0, dyna: 1, model: 'last', kappa: 0.5 });
    learner.querysetstate(0);
    learner.query(0, 0); // pair 0 tried at real step 1
    for (let t = 0; t < 9; t++) {
      learner.querysetstate(1);
      learner.query(1, 0); // pair 1 at steps 2..10
    }
    learner.plan(200);
    expect(learner.qValue(0, 0)).toBeCloseTo(0.5 * Math.sqrt(10 - 1), 15);
    expect(learner.qValue(1, 0)).toBe(0);
  });

  it('the last model plans with the last successor and the last reward', () => {
    const learner = new QLearner({ numStates: 3, numActions: 1, alpha: 1, gamma: 0.5, rar: 0, dyna: 1, model: 'last' });
    learner.querysetstate(1);
    learner.query(1, 2); // Q1 -> 2 / (1 - 0.5) = 4 with planning
    learner.querysetstate(0);
    learner.query(2, 7);
    learner.querysetstate(0);
    learner.query(1, 1); // last seen: 0 -> 1 with r 1
    learner.plan(3000);
    expect(learner.qValue(1, 0)).toBeCloseTo(4, 10);
    expect(learner.qValue(0, 0)).toBeCloseTo(1 + 0.5 * 4, 10);
  });
});
