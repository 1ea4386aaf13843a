import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { learnerFromJson, learnerToJson, loadLearner, QLearner, saveLearner, type QLearnerOptions } from '../../src/learner/index.js';
import { Rng } from '../../src/learner/rng.js';
import { RandomMdp } from './helpers.js';

function train(learner: QLearner, mdp: RandomMdp, steps: number, first: number): { actions: number[]; last: number } {
  const actions: number[] = [];
  let action = first;
  for (let t = 0; t < steps; t++) {
    const [sPrime, r] = mdp.step(action);
    action = learner.query(sPrime, r);
    actions.push(action);
  }
  return { actions, last: action };
}

describe('Rng', () => {
  it('is deterministic per seed, in [0, 1), and int(n) covers 0..n-1', () => {
    const a = new Rng(3);
    const b = new Rng(3);
    const c = new Rng(4);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const seen = new Set(Array.from({ length: 1000 }, () => a.int(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('state() after many draws, through JSON, continues the same sequence', () => {
    const rng = new Rng('x');
    for (let i = 0; i < 5000; i++) rng.next();
    const copy = Rng.fromState(JSON.parse(JSON.stringify(rng.state())));
    for (let i = 0; i < 10_000; i++) expect(copy.next()).toBe(rng.next());
  });
});

describe('save / load', () => {
  it.each<[string, Partial<QLearnerOptions>]>([
    ['counts model, dyna 20', { dyna: 20 }],
    ['last model with Dyna-Q+ (untried pairs)', { dyna: 10, model: 'last', kappa: 0.01 }],
    ['counts model, expected planning', { dyna: 5, planning: 'expected' }],
    ['plain Q-learning', { dyna: 0 }],
  ])('round trip gives identical subsequent actions and Q (%s)', (_name, options) => {
    const mdp = new RandomMdp(25, 3, 12, 5);
    const learner = new QLearner({ numStates: 25, numActions: 3, seed: 5, ...options });
    const { last } = train(learner, mdp, 777, learner.querysetstate(0));
    const restored = learnerFromJson(learnerToJson(learner));
    expect(restored.rar).toBe(learner.rar);
    expect(restored.realSteps).toBe(learner.realSteps);
    expect(restored.planningUpdates).toBe(learner.planningUpdates);
    expect(restored.state).toBe(learner.state);
    expect(restored.lastAction).toBe(last);

    const twin = new RandomMdp(25, 3, 12, 5);
    for (let t = 0; t < 777; t++) twin.step(0); // the world's stream draws the same per step whatever the action
    twin.state = mdp.state;
    const original = train(learner, mdp, 500, last);
    const copy = train(restored, twin, 500, last);
    expect(copy.actions).toEqual(original.actions);
    expect(Array.from(restored.qTable())).toEqual(Array.from(learner.qTable()));
    expect(learnerToJson(restored)).toBe(learnerToJson(learner));
  });

  it('saves to and loads from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynaq-learner-'));
    const learner = new QLearner({ numStates: 5, numActions: 2, dyna: 3 });
    train(learner, new RandomMdp(5, 2, 1), 50, learner.querysetstate(0));
    saveLearner(learner, join(dir, 'agent.json'));
    expect(Array.from(loadLearner(join(dir, 'agent.json')).qTable())).toEqual(Array.from(learner.qTable()));
    expect(() => loadLearner(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read learner file \(ENOENT\)/);
  });

  it('rejects a damaged file with a UserError naming the field', () => {
    const learner = new QLearner({ numStates: 4, numActions: 2, dyna: 2 });
    train(learner, new RandomMdp(4, 2, 1), 30, learner.querysetstate(0));
    const good = JSON.parse(learnerToJson(learner));
    const dir = mkdtempSync(join(tmpdir(), 'dynaq-learner-'));
    const cases: [unknown, RegExp][] = [
      [{ ...good, q: good.q.slice(1) }, /field 'q' must be an array of 8 numbers/],
      [{ ...good, rar: 2 }, /field 'rar' must be a number in 0\.\.1/],
      [{ ...good, config: { ...good.config, alpha: 5 } }, /field 'config': QLearner option alpha must be within 0\.\.1/],
      // 0..3 are states, 4 stands for a terminal outcome
      [{ ...good, model: [{ ...good.model[0], states: [9] , counts: [1] }] }, /field 'model\[0\]\.states\[0\]' must be a whole number in 0\.\.4/],
      [{ ...good, version: 4 }, /field 'version' must be 1, 2 or 3/],
      [{ ...good, version: 2, config: { ...good.config, model: 'exogenous' } }, /exogenous model was saved by an earlier dynaq/],
      [{ ...good, version: 2, rewardPrior: { count: 3, mean: null } }, /reward prior was saved by an earlier dynaq/],
      [{ ...good, format: 'other' }, /field 'format'/],
    ];
    for (const [data, message] of cases) {
      const path = join(dir, 'bad.json');
      writeFileSync(path, JSON.stringify(data));
      expect(() => loadLearner(path)).toThrow(UserError);
      expect(() => loadLearner(path)).toThrow(message);
    }
    writeFileSync(join(dir, 'text.json'), 'not json');
    expect(() => loadLearner(join(dir, 'text.json'))).toThrow(/text\.json: not valid JSON/);
  });
});
