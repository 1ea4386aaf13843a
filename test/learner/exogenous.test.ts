import { describe, expect, it } from 'vitest';
import { QLearner, learnerFromJson, learnerToJson } from '../../src/learner/index.js';

/** 2 exogenous states x 3 controlled states x 3 actions; an action sets the controlled state to itself. */
function tiny(options: Record<string, unknown> = {}) {
  return new QLearner({
    numStates: 6,
    numActions: 3,
    model: 'exogenous',
    numExogenous: 2,
    numControl: 3,
    nextControl: [0, 1, 2, 0, 1, 2, 0, 1, 2],
    alpha: 0.5,
    gamma: 0.9,
    rar: 0,
    dyna: 0,
    ...options,
  });
}

const REWARDS_1 = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const REWARDS_2 = [-1, -2, -3, -4, -5, -6, -7, -8, -9];

describe('exogenous (factored) model', () => {
  it('updates every (position, action) pair of a real step with its own reward and successor (hand-computed)', () => {
    const learner = tiny();
    learner.querysetstate(0 * 3 + 1); // x = 0, holding c = 1
    learner.queryExogenous(1, REWARDS_1);
    // first step: Q was 0 everywhere, so Q[x=0, c, a] = 0.5 * r
    for (let c = 0; c < 3; c++) for (let a = 0; a < 3; a++) expect(learner.qValue(c, a)).toBeCloseTo(0.5 * REWARDS_1[c * 3 + a]!, 15);
    // second step from x = 1 back to x = 0: the successor of (c, a) is x' = 0 with control a, whose
    // best value is max over b of Q[(0, a), b] = 0.5 * REWARDS_1[a * 3 + 2]
    learner.queryExogenous(0, REWARDS_2);
    for (let c = 0; c < 3; c++) {
      for (let a = 0; a < 3; a++) {
        const bootstrap = 0.5 * REWARDS_1[a * 3 + 2]!;
        expect(learner.qValue(3 + c, a), `x=1 c=${c} a=${a}`).toBeCloseTo(0.5 * (REWARDS_2[c * 3 + a]! + 0.9 * bootstrap), 15);
      }
    }
    expect(learner.realSteps).toBe(2);
  });

  it('moves the agent to the control its action chose and counts one market transition per real step', () => {
    const learner = tiny({ dyna: 1, rar: 0 });
    let action = learner.querysetstate(0);
    for (const xPrime of [1, 0, 1, 0, 0]) {
      const control = action; // nextControl[c, a] = a
      action = learner.queryExogenous(xPrime, REWARDS_1);
      expect(learner.state).toBe(xPrime * 3 + control);
    }
    const model = learner.exogenousModel!;
    expect(model.visits(0)).toBe(3);
    expect(model.visits(1)).toBe(2);
    expect(model.transitions.successors(0)).toEqual({ states: [1, 0], counts: [2, 1] });
    // R is the sample mean of the pair's rewards: here every step gave the same rewards
    expect(model.reward[0 * 9 + 4]).toBeCloseTo(0.5, 15);
  });

  it('plans to the Bellman fixed point of its model with expected updates, terminal outcomes bootstrapping 0', () => {
    // one market state looping on itself, one controlled state, 2 actions with rewards 1 and 2
    const make = () =>
      new QLearner({ numStates: 1, numActions: 2, model: 'exogenous', numExogenous: 1, numControl: 1, nextControl: [0, 0], alpha: 0.5, gamma: 0.5, rar: 0, dyna: 2000, planning: 'expected' });
    const learner = make();
    learner.querysetstate(0);
    learner.queryExogenous(0, [1, 2]);
    // Q1 = 2 / (1 - 0.5) = 4; Q0 = 1 + 0.5 * 4 = 3
    expect(learner.qValue(0, 1)).toBeCloseTo(4, 9);
    expect(learner.qValue(0, 0)).toBeCloseTo(3, 9);
    const ending = make();
    ending.querysetstate(0);
    ending.queryExogenous(0, [1, 2], [0, 1]);
    // action 1 ends the episode: Q1 = 2; Q0 = 1 + 0.5 * max(Q0, Q1) = 2
    expect(ending.qValue(0, 1)).toBeCloseTo(2, 9);
    expect(ending.qValue(0, 0)).toBeCloseTo(2, 9);
  });

  it('shrinks R toward a prior per pair with k pseudo-observations: (sum + k prior) / (n + k)', () => {
    const learner = tiny({ dyna: 1 });
    learner.querysetstate(0);
    learner.queryExogenous(1, REWARDS_1);
    learner.queryExogenous(0, REWARDS_2); // from x = 1
    learner.queryExogenous(1, REWARDS_2); // from x = 0 again: x = 0 saw REWARDS_1 and REWARDS_2
    const prior = new Float64Array(18).fill(1);
    learner.setRewardPrior(prior, 2);
    const model = learner.exogenousModel!;
    // pair (x=0, c=0, a=1): rewards 0.2 and -2, n = 2: (0.2 - 2 + 2 x 1) / (2 + 2) = 0.05
    expect(model.reward[1]).toBeCloseTo(0.05, 15);
  });

  it.each(['sample', 'expected'])('saves and loads exactly: the loaded learner continues with identical actions and Q (%s planning)', (planning) => {
    const learner = tiny({ dyna: 7, rar: 0.3, radr: 0.99, seed: 4, planning });
    let action = learner.querysetstate(2);
    for (let t = 0; t < 40; t++) action = learner.queryExogenous(t % 3 === 0 ? 1 : 0, t % 2 ? REWARDS_1 : REWARDS_2, t === 17 ? [0, 0, 0, 0, 1, 0, 0, 0, 0] : null);
    learner.setRewardPrior(new Float64Array(18).fill(0.25), 3);
    const copy = learnerFromJson(learnerToJson(learner));
    for (let t = 0; t < 30; t++) {
      const rewards = t % 2 ? REWARDS_2 : REWARDS_1;
      expect(copy.queryExogenous(t % 4 === 0 ? 0 : 1, rewards)).toBe(learner.queryExogenous(t % 4 === 0 ? 0 : 1, rewards));
    }
    expect(Array.from(copy.qTable())).toEqual(Array.from(learner.qTable()));
    expect(action).toBeGreaterThanOrEqual(0);
  });

  it('checks its shape once, with the option and its range in the message', () => {
    expect(() => tiny({ numExogenous: 3 })).toThrow(/numExogenous \* numControl must equal numStates \(6\), got 3 \* 3/);
    expect(() => tiny({ nextControl: [0, 1, 2] })).toThrow(/nextControl must hold 9 whole numbers in 0\.\.2/);
    expect(() => new QLearner({ numStates: 4, numActions: 2, numExogenous: 2 })).toThrow(/numExogenous belongs to the exogenous model/);
    expect(() => tiny().query(0, 1)).toThrow(/exogenous model learns from queryExogenous/);
  });
});

describe('terminal outcomes and old files', () => {
  it('a terminal step bootstraps 0 in the real update and in planning (counts model)', () => {
    const learner = new QLearner({ numStates: 1, numActions: 1, alpha: 0.5, gamma: 0.9, rar: 0, dyna: 500 });
    learner.querysetstate(0);
    learner.query(0, 1, true);
    // without the terminal flag this would head for 1 / (1 - 0.9) = 10
    expect(learner.qValue(0, 0)).toBeCloseTo(1, 9);
  });

  it('loads a version-1 learner file, whose counts model used the course exponential reward', () => {
    const learner = new QLearner({ numStates: 3, numActions: 2, dyna: 5, rewardModel: 'exponential', seed: 2 });
    learner.querysetstate(0);
    for (let t = 0; t < 20; t++) learner.query(t % 3, t % 2 ? 1 : -1);
    const snapshot = JSON.parse(learnerToJson(learner));
    const { rewardModel: _r, rewardPriorCount: _k, numExogenous: _x, numControl: _c, nextControl: _n, ...oldConfig } = snapshot.config;
    const v1 = {
      ...snapshot,
      version: 1,
      config: oldConfig,
      model: snapshot.model.map(({ rewardSum: _s, ...pair }: Record<string, unknown>) => pair),
    };
    delete v1.exogenous;
    delete v1.rewardPrior;
    delete v1.modelFrozen;
    const loaded = learnerFromJson(JSON.stringify(v1));
    expect(loaded.config.rewardModel).toBe('exponential');
    expect(loaded.query(1, 1)).toBe(learner.query(1, 1));
    expect(Array.from(loaded.qTable())).toEqual(Array.from(learner.qTable()));
  });
});
