import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { computeIndicators } from '../../src/indicators/compute.js';
import { rsi } from '../../src/indicators/rsi.js';
import {
  describeIndicators,
  formatIndicatorSpec,
  parseIndicatorList,
  parseIndicatorSpec,
} from '../../src/indicators/spec.js';
import { makeSeries, randomWalkSeries } from './fixtures.js';

function userErrorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const userError = error as UserError;
    expect(userError.message, 'one line').not.toMatch(/\n/);
    return userError;
  }
  throw new Error('expected a UserError');
}

describe('indicator spec strings', () => {
  it('parses positional parameters and fills trailing defaults', () => {
    expect(parseIndicatorSpec('rsi:14')).toEqual({ name: 'rsi', params: { period: 14 } });
    expect(parseIndicatorSpec('bbp:20')).toEqual({ name: 'bbp', params: { period: 20, width: 2 } });
    expect(parseIndicatorSpec('bbp:10,1.5')).toEqual({ name: 'bbp', params: { period: 10, width: 1.5 } });
    expect(parseIndicatorSpec('macd:12,26,9')).toEqual({ name: 'macd', params: { fast: 12, slow: 26, signal: 9 } });
    expect(parseIndicatorSpec(' SMA-Ratio:5 ')).toEqual({ name: 'sma-ratio', params: { period: 5 } });
    expect(parseIndicatorSpec('stoch')).toEqual({ name: 'stoch', params: { period: 14 } });
  });

  it('splits a list where commas separate both specs and parameters', () => {
    const specs = parseIndicatorList('sma-ratio:20,macd:12,26,9,rsi:14;cci volume-z:10');
    expect(specs.map(formatIndicatorSpec)).toEqual(['sma-ratio:20', 'macd:12,26,9', 'rsi:14', 'cci:20', 'volume-z:10']);
  });

  it('rejects an unknown name in one short line listing every accepted indicator with its parameters', () => {
    const error = userErrorOf(() => parseIndicatorList('sma-ratio:20,foo:3'));
    expect(error.message).toMatch(/^--indicators: unknown indicator 'foo'/);
    for (const usage of ['sma-ratio[:period]', 'bbp[:period,width]', 'macd[:fast,slow,signal]', 'rsi[:period]', 'volume-z[:period]']) {
      expect(error.message).toContain(usage);
    }
    expect(error.message.length, 'short enough for one terminal line or two').toBeLessThanOrEqual(300);
    expect(error.exitCode).toBe(2);
  });

  it('rejects bad parameters with their meaning and range', () => {
    expect(userErrorOf(() => parseIndicatorSpec('rsi:0')).message).toBe(
      '--indicators: rsi period (days in the Wilder average of gains and losses) must be within 1..1000, got 0',
    );
    expect(userErrorOf(() => parseIndicatorSpec('rsi:14.5')).message).toMatch(/rsi period .* must be a whole number, got 14.5/);
    expect(userErrorOf(() => parseIndicatorSpec('rsi:abc')).message).toMatch(/period must be a number, got 'abc'; usage rsi\[:period\]/);
    expect(userErrorOf(() => parseIndicatorSpec('rsi:14,3')).message).toMatch(/gives 2 parameters, rsi takes at most 1/);
    expect(userErrorOf(() => parseIndicatorSpec('macd:26,12,9')).message).toMatch(/fast \(26\) must be below slow \(12\)/);
    expect(userErrorOf(() => parseIndicatorSpec('bbp:20,0', 'config.indicators')).message).toMatch(/^config\.indicators: bbp width/);
    expect(userErrorOf(() => parseIndicatorList('rsi:14,rsi')).message).toMatch(/rsi:14 is listed twice/);
    expect(userErrorOf(() => parseIndicatorList(' , ')).message).toMatch(/no indicator given/);
  });

  it('describes every indicator on one line each for help text', () => {
    const lines = describeIndicators();
    expect(lines).toHaveLength(9);
    expect(lines.find((line) => line.startsWith('rsi[:period]'))).toContain('period = days in the Wilder average of gains and losses (default 14, 1..1000)');
  });
});

describe('computeIndicators', () => {
  it('returns canonical names, one calendar-length column per spec and the longest warm-up', () => {
    const series = randomWalkSeries('compute', 300);
    const result = computeIndicators(series, ['sma-ratio:20', 'bbp:20', { name: 'rsi', params: { period: 14 } }, 'macd']);
    expect(result.names).toEqual(['sma-ratio:20', 'bbp:20,2', 'rsi:14', 'macd:12,26,9']);
    expect(result.columns.map((c) => c.length)).toEqual([300, 300, 300, 300]);
    expect(result.warmup).toBe(33);
    expect(Array.from(result.columns[2]!)).toEqual(Array.from(rsi.compute(series, { period: 14 })));
    for (const column of result.columns) expect(column.subarray(result.warmup).every(Number.isFinite)).toBe(true);
  });

  it('fills missing parameters of a parsed spec with defaults', () => {
    const result = computeIndicators(randomWalkSeries('defaults', 50), [{ name: 'bbp', params: { period: 10 } }]);
    expect(result.names).toEqual(['bbp:10,2']);
  });

  it('rejects a series with a missing or non-positive price instead of leaking NaN', () => {
    const series = makeSeries({ adjClose: [1, 2, Number.NaN, 4] });
    expect(userErrorOf(() => computeIndicators(series, ['rsi:2'])).message).toMatch(/adjClose on day 2 is NaN/);
    expect(userErrorOf(() => computeIndicators(makeSeries({ adjClose: [1, 0] }), ['rsi:1'])).message).toMatch(/adjClose on day 1 is 0/);
    expect(userErrorOf(() => computeIndicators(randomWalkSeries('x', 10), [])).message).toMatch(/no indicator given/);
  });
});
