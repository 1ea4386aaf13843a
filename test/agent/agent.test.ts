import { describe, expect, it } from 'vitest';
import { DEFAULT_DYNA_Q, STOP_LOSS, TradingAgent, bestAllowed } from '../../src/agent/index.js';
import { Discretizer } from '../../src/states/index.js';

/** One feature (momentum:1, split at 0): market state 0 after a fall, 1 after a rise; x 3 positions. */
const discretizer = Discretizer.fromJSON({ format: 'dynaq-discretizer', version: 1, names: ['momentum:1'], numPositions: 3, binsRequested: [2], edges: [[0]] });

/** Q: after a fall short is best (0.3 over long's 0.1), after a rise long. */
function agent(allowed: number[] | null = null, model: 'exogenous' | 'counts' = 'exogenous') {
  const q = new Float64Array(18);
  for (let c = 0; c < 3; c++) {
    q.set([0, 0.1, 0.3], (0 * 3 + c) * 3);
    q.set([0, 0.2, -0.1], (1 * 3 + c) * 3);
  }
  return new TradingAgent({
    settings: { ...DEFAULT_DYNA_Q, model, indicators: ['momentum:1'] },
    discretizer,
    q,
    allowed: allowed === null ? null : Uint8Array.from(allowed),
    model: null,
    facts: {},
    trainedOn: null,
  });
}

describe('trading agent', () => {
  it('acts greedily among the allowed actions; a tie keeps the position held', () => {
    const q = Float64Array.from([0.2, 0.2, 0.1]);
    expect(bestAllowed(q, Uint8Array.from([0b111]), 0, 1)).toBe(1);
    expect(bestAllowed(q, Uint8Array.from([0b111]), 0, 2)).toBe(0);
    // long not allowed: the best of flat and short
    expect(bestAllowed(q, Uint8Array.from([0b101]), 0, 1)).toBe(0);
    expect(bestAllowed(q, Uint8Array.from([0b100]), 0, 1)).toBe(2);
  });

  it('enters a window as the benchmark does and trades only what its trusted actions allow', () => {
    const trusting = agent();
    trusting.begin();
    expect(trusting.decide(0, 0, 100_000), 'short after a fall').toBe(2);
    const wary = agent([0b010, 0b010, 0b010, 0b111, 0b111, 0b111]); // after a fall only long (the benchmark) is trusted
    wary.begin();
    expect(wary.decide(0, 0, 100_000)).toBe(1);
    expect(wary.decide(1, 1, 100_000)).toBe(1);
  });

  it(`stops when positions against the benchmark have lost ${STOP_LOSS * 100}% in all, over several entries (compounded, gains counted)`, () => {
    const a = agent();
    a.begin();
    expect(a.decide(0, 0, 100_000)).toBe(2); // short after a fall, at 100,000
    expect(a.decide(1, 2, 90_000), 'down 10% short; after a rise: long').toBe(1);
    expect(a.decide(1, 1, 90_000), 'the day it left the short: counted, unchanged here').toBe(1);
    expect(a.decide(0, 1, 95_000), 'long, the benchmark, from 90,000 to 95,000: not counted; short again').toBe(2);
    expect(a.decide(0, 2, 85_500), 'down 10% again: 0.9 x 0.9 = 0.81 in all, keeps it').toBe(2);
    // 84,000 / 95,000 = 0.884 for this entry alone, 0.9 x 0.884 = 0.796 in all
    expect(a.decide(0, 2, 84_000), 'down 20.4% in all: stops').toBe(1);
    expect(a.decide(0, 1, 200_000), 'stopped for the rest of the window').toBe(1);
    // a gain while short counts too: up 10%, then down 25% from there is 0.825 in all
    const b = agent();
    b.begin();
    expect(b.decide(0, 0, 100_000)).toBe(2);
    expect(b.decide(0, 2, 110_000)).toBe(2);
    expect(b.decide(0, 2, 82_500), '1.1 x 0.75 = 0.825').toBe(2);
    expect(b.decide(0, 2, 79_000), '0.79 in all: stops').toBe(1);
    // the day that leaves a short counts (its costs), and a stop reached then keeps the benchmark from then on
    const c = agent();
    c.begin();
    expect(c.decide(0, 0, 100_000)).toBe(2);
    expect(c.decide(1, 2, 85_000), '0.85 in all; after a rise: long').toBe(1);
    expect(c.decide(0, 1, 79_000), '0.85 x 79/85 = 0.79 over the day it left: no new short').toBe(1);
    // a new window starts afresh: a short down 5 % is kept (0.79 x 0.95 would have stopped it)
    c.begin();
    expect(c.decide(0, 0, 79_000)).toBe(2);
    expect(c.decide(0, 2, 75_050), 'down 5% in the new window').toBe(2);
  });

  it(`closes a position against the benchmark that lost ${STOP_LOSS * 100}% since it was entered, and holds the benchmark for the rest of the window`, () => {
    const a = agent();
    a.begin();
    expect(a.decide(0, 0, 100_000)).toBe(2); // enters short at 100,000
    expect(a.decide(0, 2, 81_000), 'down 19%: keeps it').toBe(2);
    expect(a.decide(0, 2, 79_000), 'down 21%: stops').toBe(1);
    expect(a.decide(0, 1, 79_000), 'stopped for the rest of the window').toBe(1);
    a.begin();
    expect(a.decide(0, 0, 79_000), 'a new window starts afresh').toBe(2);
    // the course's Dyna-Q trades its Q as it is
    const course = agent(null, 'counts');
    course.begin();
    expect(course.decide(0, 2, 100_000)).toBe(2);
    expect(course.decide(0, 2, 10_000)).toBe(2);
  });

  it('saves and loads exactly (version 2), and loads a version-1 file whose Q sat in its saved learner', () => {
    const a = agent([0b010, 0b010, 0b010, 0b111, 0b111, 0b111]);
    const loaded = TradingAgent.fromJson(a.toJson(), 'agent.json');
    expect(Array.from(loaded.q)).toEqual(Array.from(a.q));
    expect(Array.from(loaded.allowed)).toEqual(Array.from(a.allowed));
    expect(loaded.policy().actions).toEqual(a.policy().actions);
    const v1 = { format: 'dynaq-agent', version: 1, settings: a.settings, trainedOn: null, discretizer: discretizer.toJSON(), learner: { q: Array.from(a.q) } };
    const old = TradingAgent.fromJson(JSON.stringify(v1), 'old.json');
    expect(Array.from(old.q)).toEqual(Array.from(a.q));
    expect(old.allowed.every((bits) => bits === 7)).toBe(true);
  });

  it('rejects a damaged file with one line naming the field', () => {
    const saved = JSON.parse(agent().toJson()) as Record<string, unknown>;
    expect(() => TradingAgent.fromJson(JSON.stringify({ ...saved, q: [1, 2] }), 'a.json')).toThrow(/a\.json: field 'q' must be a list of 18 finite numbers/);
    expect(() => TradingAgent.fromJson(JSON.stringify({ ...saved, allowed: [0, 7, 7, 7, 7, 7] }), 'a.json')).toThrow(/a\.json: field 'allowed' must hold action masks in 1\.\.7/);
    expect(() => TradingAgent.fromJson(JSON.stringify({ ...saved, version: 3 }), 'a.json')).toThrow(/not a dynaq agent file/);
  });
});
