import { describe, expect, it } from 'vitest';
import { DEFAULT_DYNA_Q, TradingAgent, trainOnWindow, type DynaQSettings } from '../../src/agent/index.js';
import { tableUpTo } from '../../src/data/window.js';
import { COURSE_COSTS, NO_COSTS, sampleTable, windowOf } from '../helpers/sample-data.js';

/** SYN-MOMENTUM: the bundled sample's market with a planted 10-day momentum edge. */
const SYMBOL = 'SYN-MOMENTUM';

function train(settings: Partial<DynaQSettings> = {}, setup = NO_COSTS) {
  const table = sampleTable(SYMBOL);
  const window = windowOf(table, SYMBOL, '2008-01-01', '2009-12-31');
  return trainOnWindow({ ...window, table: tableUpTo(table, window.to) }, setup, { ...DEFAULT_DYNA_Q, ...settings });
}

interface SavedModel {
  numExogenous: number;
  numControl: number;
  numActions: number;
  nextControl: number[];
  gamma: number;
  successorStart: number[];
  successorState: number[];
  successorCount: number[];
  reward: number[];
  terminal: number[];
  allowed: number[];
}

/** max |Q - BQ| computed here, from the saved arrays alone (not with the model's own code). */
function bellmanResidual(q: readonly number[], model: SavedModel): number {
  const { numExogenous: X, numControl: C, numActions: A } = model;
  const value = (state: number) => {
    let best = -Infinity;
    for (let a = 0; a < A; a++) if ((model.allowed[state]! >> a) & 1) best = Math.max(best, q[state * A + a]!);
    return best;
  };
  let largest = 0;
  for (let x = 0; x < X; x++) {
    const from = model.successorStart[x]!;
    const to = model.successorStart[x + 1]!;
    let total = 0;
    for (let j = from; j < to; j++) total += model.successorCount[j]!;
    for (let c = 0; c < C; c++) {
      for (let a = 0; a < A; a++) {
        const p = (x * C + c) * A + a;
        let expected = 0;
        for (let j = from; j < to; j++) expected += (model.successorCount[j]! / total) * value(model.successorState[j]! * C + model.nextControl[c * A + a]!);
        const target = model.reward[p]! + model.gamma * (1 - model.terminal[p]!) * expected;
        largest = Math.max(largest, Math.abs(q[p]! - target));
      }
    }
  }
  return largest;
}

describe('the default learner (src/agent/train.ts)', () => {
  it("saves an agent whose Q satisfies its saved model's Bellman equation within 1e-8, and says how closely", () => {
    for (const setup of [NO_COSTS, COURSE_COSTS]) {
      const { agent } = train({}, setup);
      const saved = JSON.parse(agent.toJson()) as { q: number[]; model: SavedModel; facts: { planning: { residual: number } } };
      expect(saved.model, 'the default learner saves the model it solved').not.toBeNull();
      const residual = bellmanResidual(saved.q, saved.model);
      expect(residual).toBeLessThanOrEqual(1e-8);
      expect(saved.facts.planning.residual).toBeLessThanOrEqual(1e-12);
      // and a loaded agent trades on the same Q, model and trusted actions
      const loaded = TradingAgent.fromJson(agent.toJson(), 'agent.json');
      expect(Array.from(loaded.q)).toEqual(saved.q);
      expect(loaded.model!.residual(loaded.q)).toBeLessThanOrEqual(1e-8);
    }
  });

  it('learns the same policy whatever the seed: the model is a deterministic function of the data (seeds 1-5)', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => train({ seed }));
    const first = runs[0]!;
    for (const run of runs.slice(1)) {
      expect(run.summary.policy!.actions).toEqual(first.summary.policy!.actions);
      expect(Array.from(run.agent.q)).toEqual(Array.from(first.agent.q));
      expect(run.summary.stoppedBecause).toBe(first.summary.stoppedBecause);
    }
  });

  it('names the state it chose, its bins and validation scores, and the ensemble agreement per state it visited', () => {
    const { summary, agent } = train();
    const facts = summary.details as {
      state: { chosen: { spec: string; scheme: string; edges: number[] }[]; candidates: number; best: { skill: number }[] };
      edge: { days: number }[];
      trust: { agreement: { state: string; flat: number; long: number; short: number }[] };
    };
    expect(facts.state.candidates).toBeGreaterThan(50);
    expect(facts.state.best.length).toBeGreaterThan(0);
    expect(agent.settings.indicators).toEqual(facts.state.chosen.map((feature) => feature.spec));
    expect(agent.discretizer.radices).toEqual(facts.state.chosen.map((feature) => feature.edges.length + 1));
    // a row per position of every market state the training days visited, shares of the 40 models
    expect(facts.trust.agreement).toHaveLength(facts.edge.filter((state) => state.days > 0).length * 3);
    for (const row of facts.trust.agreement) for (const share of [row.flat, row.long, row.short]) expect(share * 40).toBeCloseTo(Math.round(share * 40), 9);
    expect(summary.stoppedBecause).toMatch(facts.state.chosen.length > 0 ? /state chosen on \d+ validation days: / : /no feature beat/);
  });

  it('--indicators fixes the state by hand: quantile bins of exactly those indicators', () => {
    const { agent, summary } = train({ indicators: ['momentum:10', 'rsi:14'], bins: 3 });
    expect(agent.discretizer.names).toEqual(['momentum:10', 'rsi:14']);
    expect(agent.discretizer.radices).toEqual([3, 3]);
    expect(summary.stoppedBecause).toMatch(/state fixed: momentum:10, rsi:14/);
  });

  it('--dyna 0 learns Q from the real days alone: no model, no planning, nothing to trust or solve', () => {
    const { agent, summary } = train({ dyna: 0 });
    expect(agent.model).toBeNull();
    expect(summary.planningUpdates).toBe(0);
    expect(summary.stoppedBecause).toMatch(/Q-learning from the real days \(--dyna 0\)/);
    const days = (summary.details as { state: { validationDays: number } }).state.validationDays;
    expect(summary.realSteps).toBe(days * summary.learningCurve.length); // every training day once per epoch
  });
});
