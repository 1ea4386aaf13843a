import { describe, expect, it } from 'vitest';
import { QLearner, learnerFromJson, learnerToJson } from '../../src/learner/index.js';

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
    const { rewardModel: _r, ...oldConfig } = snapshot.config;
    const v1 = {
      ...snapshot,
      version: 1,
      config: oldConfig,
      model: snapshot.model.map(({ rewardSum: _s, ...pair }: Record<string, unknown>) => pair),
    };
    const loaded = learnerFromJson(JSON.stringify(v1));
    expect(loaded.config.rewardModel).toBe('exponential');
    expect(loaded.query(1, 1)).toBe(learner.query(1, 1));
    expect(Array.from(loaded.qTable())).toEqual(Array.from(learner.qTable()));
  });

  it('loads a version-2 learner file (which carried an empty reward prior and exogenous model) as the same learner', () => {
    const learner = new QLearner({ numStates: 3, numActions: 2, dyna: 5, seed: 4 });
    learner.querysetstate(0);
    for (let t = 0; t < 20; t++) learner.query(t % 3, t % 2 ? 1 : -1);
    const snapshot = JSON.parse(learnerToJson(learner));
    const v2 = {
      ...snapshot,
      version: 2,
      config: { ...snapshot.config, rewardPriorCount: 0, numExogenous: 0, numControl: 0, nextControl: [] },
      exogenous: [],
      rewardPrior: { count: 0, mean: null },
      modelFrozen: false,
      planningCursor: [0, -1],
    };
    const loaded = learnerFromJson(JSON.stringify(v2));
    expect(loaded.query(1, 1)).toBe(learner.query(1, 1));
    expect(Array.from(loaded.qTable())).toEqual(Array.from(learner.qTable()));
  });
});
