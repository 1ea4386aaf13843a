import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FactoredModel, type FactoredModelData } from '../../src/learner/factored-model.js';
import { assembleValueIteration, EMBEDDED_FILE, embeddedModuleText } from '../../src/learner/assemble-value-iteration.js';

/**
 * The WebAssembly kernel against the loops it replaced, written out here in TypeScript as they
 * were (and as src/bench/value-iteration.c still is): same operations in the same order, so the
 * same Q to the last bit, the same sweeps and residual, on models of every shape.
 */
function referenceSolve(model: FactoredModelData, tolerance: number, maxSweeps: number): { q: Float64Array; residual: number; sweeps: number } {
  const { numExogenous: X, numControl: C, numActions: A, gamma, reward, terminal, nextControl, allowed, successorStart, successorState, successorCount } = model;
  const rowTotal = new Float64Array(X);
  for (let x = 0; x < X; x++) for (let j = successorStart[x]!; j < successorStart[x + 1]!; j++) rowTotal[x] += successorCount[j]!;
  const q = new Float64Array(X * C * A);
  const values = new Float64Array(X * C);
  const expected = new Float64Array(C);
  const value = (state: number) => {
    let best = -Infinity;
    for (let a = 0; a < A; a++) if ((allowed[state]! >> a) & 1 && q[state * A + a]! > best) best = q[state * A + a]!;
    return best;
  };
  const expectValues = (x: number) => {
    expected.fill(0);
    for (let j = successorStart[x]!; j < successorStart[x + 1]!; j++) {
      const weight = successorCount[j]! / rowTotal[x]!;
      for (let c = 0; c < C; c++) expected[c] += weight * values[successorState[j]! * C + c]!;
    }
  };
  const target = (x: number, c: number, a: number) => {
    const p = (x * C + c) * A + a;
    return reward[p]! + gamma * (1 - terminal[p]!) * expected[nextControl[c * A + a]!]!;
  };
  const measure = () => {
    let largest = 0;
    for (let x = 0; x < X; x++) {
      expectValues(x);
      for (let c = 0; c < C; c++) for (let a = 0; a < A; a++) largest = Math.max(largest, Math.abs(target(x, c, a) - q[(x * C + c) * A + a]!));
    }
    return largest;
  };
  for (let s = 0; s < X * C; s++) values[s] = value(s);
  let residual = measure();
  let sweeps = 0;
  while (residual > tolerance && sweeps < maxSweeps) {
    for (let x = 0; x < X; x++) {
      expectValues(x);
      for (let c = 0; c < C; c++) {
        const state = x * C + c;
        let best = -Infinity;
        for (let a = 0; a < A; a++) {
          const t = target(x, c, a);
          q[state * A + a] = t;
          if ((allowed[state]! >> a) & 1 && t > best) best = t;
        }
        values[state] = best;
      }
    }
    sweeps++;
    residual = measure();
  }
  return { q, residual, sweeps };
}

/** A random model of X x C x A with up to `fanOut` successors per row. */
function randomModel(seed: number, X: number, C: number, A: number, fanOut: number): FactoredModel {
  let state = seed;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const successorStart = new Int32Array(X + 1);
  const states: number[] = [];
  const counts: number[] = [];
  for (let x = 0; x < X; x++) {
    const seen = new Set<number>();
    const row = 1 + Math.floor(next() * fanOut);
    for (let k = 0; k < row; k++) seen.add(Math.floor(next() * X));
    for (const to of [...seen].sort((a, b) => a - b)) {
      states.push(to);
      counts.push(0.5 + Math.floor(next() * 40) / 2);
    }
    successorStart[x + 1] = states.length;
  }
  const pairs = X * C * A;
  return new FactoredModel({
    numExogenous: X,
    numControl: C,
    numActions: A,
    nextControl: Int32Array.from({ length: C * A }, () => Math.floor(next() * C)),
    gamma: 0.5 + next() * 0.45,
    successorStart,
    successorState: Int32Array.from(states),
    successorCount: Float64Array.from(counts),
    reward: Float64Array.from({ length: pairs }, () => (next() - 0.5) * 0.02),
    terminal: Float64Array.from({ length: pairs }, () => (next() < 0.2 ? next() : 0)),
    allowed: Uint8Array.from({ length: X * C }, () => 1 + Math.floor(next() * ((1 << A) - 1))),
  });
}

describe('the value-iteration kernel (WebAssembly)', () => {
  it('is the assembled value-iteration.wat: the embedded bytes are up to date', async () => {
    expect(readFileSync(EMBEDDED_FILE, 'utf8')).toBe(embeddedModuleText(await assembleValueIteration()));
  });

  it('gives bit for bit the Q, sweeps and residual of the TypeScript loops, on models of every shape', () => {
    const shapes: [number, number, number, number][] = [
      [27, 3, 3, 5],
      [1, 1, 1, 1],
      [9, 2, 4, 9],
      [40, 5, 2, 3],
      [300, 3, 3, 20],
    ];
    shapes.forEach(([X, C, A, fanOut], i) => {
      const model = randomModel(11 + i, X, C, A, fanOut);
      const reference = referenceSolve(model, 1e-12, 100_000);
      const solved = model.solve(1e-12, 100_000);
      expect(solved.sweeps).toBe(reference.sweeps);
      expect(solved.sweeps).toBeGreaterThan(X === 1 ? 0 : 5);
      expect(Object.is(solved.residual, reference.residual)).toBe(true);
      expect(Buffer.from(solved.q.buffer).equals(Buffer.from(reference.q.buffer))).toBe(true);
      expect(model.residual(solved.q)).toBe(solved.residual);
    });
  });

  it('stops at maxSweeps (Infinity: no cap) and starts from a given Q', () => {
    const model = randomModel(5, 27, 3, 3, 5);
    const capped = model.solve(1e-12, 3);
    expect(capped.sweeps).toBe(3);
    expect(model.solve(1e-12, 2.5).sweeps).toBe(3); // as a loop `while (sweeps < 2.5)` runs
    expect(capped.residual).toBeGreaterThan(1e-12);
    const resumed = model.solve(1e-12, Infinity, capped.q);
    expect(resumed.residual).toBeLessThanOrEqual(1e-12);
    expect(resumed.sweeps).toBeGreaterThan(0);
    // the start is copied, not changed
    expect(model.residual(capped.q)).toBe(capped.residual);
    expect(() => model.solve(1e-12, 10, new Float64Array(3))).toThrow(/start must hold 243 values/);
  });

  it('grows its memory for a model larger than it has seen, and a small one after still solves', () => {
    const large = randomModel(3, 3000, 3, 3, 8); // ~0.6 MB laid out: beyond the first 64 KB page
    const reference = referenceSolve(large, 1e-9, 100_000);
    const solved = large.solve(1e-9, 100_000);
    expect(solved.sweeps).toBe(reference.sweeps);
    expect(Buffer.from(solved.q.buffer).equals(Buffer.from(reference.q.buffer))).toBe(true);
    const small = randomModel(4, 2, 3, 3, 2);
    expect(Buffer.from(small.solve(1e-12, 100_000).q.buffer).equals(Buffer.from(referenceSolve(small, 1e-12, 100_000).q.buffer))).toBe(true);
  });
});
