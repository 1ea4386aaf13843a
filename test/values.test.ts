import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/values.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and leaves undefined members out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined, b: null } })).toBe('{"a":{"b":null,"d":[1,"x"]},"b":1}');
  });

  it('gives the same text for a value and its JSON round trip (what a queue or a results file does to it)', () => {
    const value = { z: [undefined, 2.5, { y: true, x: -0 }], a: 'é"' };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
    expect(canonicalJson(value)).toBe('{"a":"é\\"","z":[null,2.5,{"x":0,"y":true}]}');
  });

  it('writes undefined alone as null, never the text "undefined"', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});
