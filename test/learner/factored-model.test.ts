import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { FactoredModel, transitionRows, type FactoredModelData } from '../../src/learner/index.js';

/** One exogenous state looping on itself, one controlled state, two actions. */
function loop(reward: number[], terminal: number[] = [0, 0], allowed = 3, gamma = 0.5): FactoredModel {
  return new FactoredModel({
    numExogenous: 1,
    numControl: 1,
    numActions: 2,
    nextControl: Int32Array.from([0, 0]),
    gamma,
    successorStart: Int32Array.from([0, 1]),
    successorState: Int32Array.from([0]),
    successorCount: Float64Array.from([7]),
    reward: Float64Array.from(reward),
    terminal: Float64Array.from(terminal),
    allowed: Uint8Array.from([allowed]),
  });
}

/** Two market states x and three positions c (an action sets the position), as the trading agent's. */
function market(): FactoredModelData {
  return {
    numExogenous: 2,
    numControl: 3,
    numActions: 3,
    nextControl: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]),
    gamma: 0.9,
    // x=0 -> x=0 (1 of 4), x=1 (3 of 4); x=1 -> x=0 always
    ...transitionRows(2, Int32Array.from([0, 0, 0, 0, 1, 1]), Int32Array.from([1, 0, 1, 1, 0, 0])),
    reward: Float64Array.from({ length: 18 }, (_, p) => ((p * 7) % 5) / 100 - 0.02),
    terminal: new Float64Array(18),
    allowed: new Uint8Array(6).fill(7),
  };
}

describe('factored model (exogenous x controlled)', () => {
  it('solves its Bellman equation by value iteration (hand-computed fixed point)', () => {
    // Q1 = 2 + 0.5 max(Q0, Q1) -> Q1 = 4; Q0 = 1 + 0.5 * 4 = 3
    const { q, residual } = loop([1, 2]).solve(1e-12, 10_000);
    expect(q[1]).toBeCloseTo(4, 11);
    expect(q[0]).toBeCloseTo(3, 11);
    expect(residual).toBeLessThanOrEqual(1e-12);
  });

  it('a terminal share removes that share of the bootstrap', () => {
    // action 1 always ends the episode: Q1 = 2; Q0 = 1 + 0.5 max(Q0, Q1) -> Q0 = 2 (= 1 + 0.5 * 2)
    const { q } = loop([1, 2], [0, 1]).solve(1e-12, 10_000);
    expect(q[1]).toBeCloseTo(2, 11);
    expect(q[0]).toBeCloseTo(2, 11);
  });

  it('bootstraps from allowed actions only: a forbidden action keeps its own Q but is never the value', () => {
    // only action 0 allowed: V = Q0 = 1 + 0.5 Q0 -> 2; Q1 = 2 + 0.5 * 2 = 3 (higher, but not allowed)
    const model = loop([1, 2], [0, 0], 0b01);
    const { q } = model.solve(1e-12, 10_000);
    expect(q[0]).toBeCloseTo(2, 11);
    expect(q[1]).toBeCloseTo(3, 11);
    expect(model.value(q, 0)).toBeCloseTo(2, 11);
  });

  it('measures the residual max |Q - BQ| of any Q', () => {
    // Q = (0, 0): BQ = (1, 2); Q = (3, 4) is the fixed point
    expect(loop([1, 2]).residual(Float64Array.from([0, 0]))).toBeCloseTo(2, 15);
    expect(loop([1, 2]).residual(Float64Array.from([3, 4]))).toBeCloseTo(0, 14);
  });

  it('weights successors by their counts: an expected update per pair', () => {
    const model = new FactoredModel(market());
    const { q, residual } = model.solve(1e-13, 100_000);
    expect(residual).toBeLessThanOrEqual(1e-13);
    // check one pair by hand from the solved values: x=0, c=2, a=1 -> next control 1
    const value = (x: number, c: number) => Math.max(q[(x * 3 + c) * 3]!, q[(x * 3 + c) * 3 + 1]!, q[(x * 3 + c) * 3 + 2]!);
    const p = (0 * 3 + 2) * 3 + 1;
    expect(q[p]).toBeCloseTo(model.reward[p]! + 0.9 * (0.25 * value(0, 1) + 0.75 * value(1, 1)), 12);
  });

  it("gives an exogenous state never left in the data the successors' marginal distribution", () => {
    // x=2 is only ever a successor: its row is the marginal of all successors (x=1 twice, x=2 once)
    const rows = transitionRows(3, Int32Array.from([0, 0, 1]), Int32Array.from([1, 2, 1]));
    expect(Array.from(rows.successorStart)).toEqual([0, 2, 3, 5]);
    expect(Array.from(rows.successorState)).toEqual([1, 2, 1, 1, 2]);
    expect(Array.from(rows.successorCount)).toEqual([1, 1, 1, 2, 1]);
  });

  it('saves and loads exactly, and a damaged file is one line naming the field', () => {
    const model = new FactoredModel(market());
    const copy = FactoredModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())), 'agent.json model');
    expect(Array.from(copy.solve(1e-13, 100_000).q)).toEqual(Array.from(model.solve(1e-13, 100_000).q));
    const json = model.toJSON();
    expect(() => FactoredModel.fromJSON({ ...json, reward: json.reward.slice(1) }, 'a.json model')).toThrow(/a\.json model: field 'reward' must be a list of 18 finite numbers/);
    expect(() => FactoredModel.fromJSON({ ...json, allowed: [0, 7, 7, 7, 7, 7] }, 'a.json model')).toThrow(UserError);
    expect(() => FactoredModel.fromJSON({ ...json, successorStart: [0, 0, 3] }, 'a.json model')).toThrow(/row 0 of T is empty/);
    expect(() => FactoredModel.fromJSON({ ...json, gamma: 2 }, 'a.json model')).toThrow(/field 'gamma' must be a number in 0\.\.1/);
  });
});
