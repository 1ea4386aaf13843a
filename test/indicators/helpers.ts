import { expect } from 'vitest';

/** Compares a column with expected values: NaN must match NaN, numbers within a relative tolerance. */
export function expectColumn(actual: Float64Array, expected: readonly number[], relative = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((want, t) => {
    const got = actual[t]!;
    if (Number.isNaN(want)) expect(Number.isNaN(got), `day ${t}: expected NaN, got ${got}`).toBe(true);
    else expect(Math.abs(got - want), `day ${t}: expected ${want}, got ${got}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(want)));
  });
}
