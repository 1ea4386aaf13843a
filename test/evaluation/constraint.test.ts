import { describe, expect, it } from 'vitest';
import { parseConstraint } from '../../src/evaluation/constraint.js';

describe('grid constraints', () => {
  it('evaluates arithmetic over parameters and numbers, with one comparison', () => {
    const shorter = parseConstraint('fast < slow', ['fast', 'slow']);
    expect(shorter({ fast: 5, slow: 20 })).toBe(true);
    expect(shorter({ fast: 20, slow: 20 })).toBe(false);
    const ratio = parseConstraint('2 * fast + 1 <= (slow - 3) / 1.5', ['fast', 'slow']);
    // 2*5+1 = 11 <= (21-3)/1.5 = 12; 2*6+1 = 13 > 12
    expect(ratio({ fast: 5, slow: 21 })).toBe(true);
    expect(ratio({ fast: 6, slow: 21 })).toBe(false);
    expect(parseConstraint('-fast != -3', ['fast'])({ fast: 3 })).toBe(false);
  });

  it('refuses a name outside the grid, a missing comparison, a stray token, and a non-numeric parameter, with one line', () => {
    expect(() => parseConstraint('fast < slwo', ['fast', 'slow'])).toThrow(/'slwo' is not a parameter of the grid; it has fast, slow/);
    expect(() => parseConstraint('fast + slow', ['fast', 'slow'])).toThrow(/needs one comparison/);
    expect(() => parseConstraint('fast < slow; rm', ['fast', 'slow'])).toThrow(/write a comparison/);
    expect(() => parseConstraint('(fast < slow', ['fast', 'slow'])).toThrow(/not closed|unexpected|ends too early/);
    expect(() => parseConstraint('model < 2', ['model'])({ model: 'counts' })).toThrow(/parameter 'model' is counts, not a number/);
  });
});
