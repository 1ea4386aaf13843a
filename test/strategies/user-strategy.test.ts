import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/backtest/execute.js';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { bundleStrategyFile, strategyFactory } from '../../src/loader/load.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { COURSE_COSTS, SAMPLE_DATA, sampleTable, windowOf } from '../helpers/sample-data.js';
import { withLaterPricesChanged } from '../../src/data/window.js';
import { hasSharedData, SHARED_PRICES } from '../helpers/shared-data.js';

const SMA_CROSS_MJS = `const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
export default {
  name: 'sma-cross',
  decide(day) {
    const closes = day.closes(20);
    if (closes.length < 20) return null;
    return mean(closes.subarray(10)) > mean(closes) ? 'long' : 'flat';
  },
};
`;

const SMA_CROSS_TS = `import type { Day, Decision, Strategy } from 'dynaq';
const mean = (values: Float64Array): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const strategy: Strategy = {
  name: 'sma-cross-ts',
  decide(day: Day): Decision {
    const closes = day.closes(20);
    if (closes.length < 20) return null;
    return mean(closes.subarray(10)) > mean(closes) ? 'long' : 'flat';
  },
};
export default strategy;
`;

/**
 * The SMA cross computed without the engine, from the CSV: per window, long 1000 shares while
 * SMA(10) > SMA(20) of the adjusted close up to that day, else flat; the last day of a window
 * trades nothing. Returns `date -> shares traded` for both course windows.
 */
function independentSmaCross(csvPath: string): Map<string, number> {
  const rows = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const dates = rows.map((row) => row[0]!);
  const closes = rows.map((row) => Number(row[6]));
  const trades = new Map<string, number>();
  for (const [start, end] of [['2008-01-01', '2009-12-31'], ['2010-01-01', '2011-12-31']] as const) {
    const days = dates.map((date, i) => ({ date, i })).filter(({ date }) => date >= start && date <= end);
    let held = 0;
    days.forEach(({ date, i }, k) => {
      let traded = 0;
      if (k < days.length - 1 && i >= 19) {
        const sma = (n: number) => closes.slice(i - n + 1, i + 1).reduce((a, b) => a + b, 0) / n;
        const target = sma(10) > sma(20) ? 1000 : 0;
        traded = target - held;
        held = target;
      }
      trades.set(date, traded);
    });
  }
  return trades;
}

describe('strategies from user files', () => {
  const outside = fixtureDir({ 'sma-cross.mjs': SMA_CROSS_MJS, 'sma-cross.ts': SMA_CROSS_TS });

  for (const file of ['sma-cross.mjs', 'sma-cross.ts']) {
    it(`trades exactly what an independent computation of the SMA cross gives (${file}, outside the repository)`, async () => {
      const io = captureIO({ cwd: outside });
      const code = await runCli(['backtest', '--strategy', join(outside, file), '--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--out', `run-${file}`, '--no-png'], io);
      expect(code, io.err).toBe(0);
      const expected = independentSmaCross(join(SAMPLE_DATA, 'SYN-TREND.csv'));
      const lines = readFileSync(join(outside, `run-${file}`, 'trades.csv'), 'utf8').trim().split('\n').slice(1);
      expect(lines.length).toBe(expected.size);
      let nonZero = 0;
      for (const line of lines) {
        const [date, symbol, shares] = line.split(',');
        expect(symbol).toBe('SYN-TREND');
        expect(Number(shares), date).toBe(expected.get(date!));
        if (Number(shares) !== 0) nonZero++;
      }
      expect(nonZero, 'the cross trades, or this test proves nothing').toBeGreaterThan(20);
    });
  }

  it('cannot look ahead: changing every price after day t changes no decision up to t', async () => {
    const strategy = (await strategyFactory(await bundleStrategyFile(join(outside, 'sma-cross.mjs'))))();
    const table = sampleTable('SYN-TREND');
    const window = windowOf(table, 'SYN-TREND', '2010-01-01', '2011-12-31');
    const original = runStrategy(strategy, window, COURSE_COSTS).trades;
    for (const offset of [30, 200]) {
      const changed = withLaterPricesChanged(table, 'SYN-TREND', window.from + offset, (price, day) => price * (1 + 0.2 * Math.sin(day / 3)));
      const after = runStrategy(strategy, { ...window, table: changed }, COURSE_COSTS).trades;
      expect(Array.from(after.subarray(0, offset + 1))).toEqual(Array.from(original.subarray(0, offset + 1)));
      expect(Array.from(after)).not.toEqual(Array.from(original));
    }
  });

  it.each([
    ['no-default.mjs', 'export const x = 1;\n', /no default export/],
    ['no-decide.mjs', "export default { name: 'x' };\n", /'decide' must be a function/],
    ['bad-name.mjs', "export default { name: 'a b/c', decide: () => null };\n", /'name' must be a short name/],
    ['syntax.mjs', 'export default {\n', /cannot load it/],
    ['bad-return.mjs', "export default { name: 'bad', decide: () => 'buy' };\n", /decide\(\) on 2008-01-01 returned "buy"; accepted: 'long', 'short', 'flat'/],
    ['half-share.mjs', "export default { name: 'half', decide: () => 10.5 };\n", /decide\(\) on 2008-01-01 returned 10\.5; a target must be a whole number of shares/],
    ['undeclared.mjs', "export default { name: 'u', decide: (day) => day.indicator('rsi:14') > 50 ? 'long' : null };\n", /day\.indicator\('rsi:14'\): not declared/],
  ])('a broken strategy file (%s) is one clear line naming it, exit 1 or 2, no stack trace', async (name, text, message) => {
    writeFileSync(join(outside, name), text);
    const io = captureIO({ cwd: outside });
    const code = await runCli(['backtest', '--strategy', name, '--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report'], io);
    expect([1, 2]).toContain(code);
    expect(io.err).toMatch(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it('writes a commented template that runs as it is, and never overwrites a file', async () => {
    const dir = fixtureDir({});
    for (const flags of [[], ['--ts']]) {
      const io = captureIO({ cwd: dir });
      expect(await runCli(['new-strategy', 'mine', ...flags], io), io.err).toBe(0);
      const file = join(dir, flags.length ? 'mine.ts' : 'mine.mjs');
      expect(readFileSync(file, 'utf8')).toMatch(/decide\(day/);
      const run = captureIO({ cwd: dir });
      expect(await runCli(['backtest', '--strategy', file, '--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report', '--json'], run), run.err).toBe(0);
      expect(JSON.parse(run.out).outOfSample.strategy.orders).toBeGreaterThan(0);
      // its parameters are declared: --param sets one, a value outside its range is refused
      const tuned = captureIO({ cwd: dir });
      expect(await runCli(['backtest', '--strategy', file, '--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report', '--json', '--param', 'period=20'], tuned), tuned.err).toBe(0);
      expect(JSON.parse(tuned.out).config.settings).toMatchObject({ period: 20, band: 0.01 });
      const outside = captureIO({ cwd: dir });
      expect(await runCli(['backtest', '--strategy', file, '--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report', '--param', 'period=1'], outside)).toBe(2);
      expect(outside.err).toMatch(/period/);
      const again = captureIO({ cwd: dir });
      expect(await runCli(['new-strategy', 'mine', ...flags], again)).toBe(1);
      expect(again.err).toMatch(/already exists/);
    }
  }, 60_000);
});

describe.skipIf(!hasSharedData(SHARED_PRICES, 'GOOG sizing and solvency'))('sizing and solvency on GOOG 2008-09 (../shared/data)', () => {
  async function googBuyAndHold(extra: string[]) {
    const io = captureIO();
    const code = await runCli(['backtest', '--strategy', 'buy-and-hold', '--symbol', 'GOOG', '--data-dir', SHARED_PRICES, '--json', '--no-report', ...extra], io);
    expect(code, io.err).toBe(0);
    return JSON.parse(io.out).inSample.strategy;
  }

  it('with 1000 shares (6.9 times the account) and no margin requirement, buy-and-hold is wiped out in January 2008 and trades no more', async () => {
    const stats = await googBuyAndHold(['--margin', 'none']);
    expect(stats.wipedOutOn).toMatch(/^2008-01-/);
    expect(stats.orders, 'the entry and the closing trade at the wipe-out').toBe(2);
    expect(stats.sharpeRatio).toBeNull();
    expect(stats.finalValue).toBeLessThanOrEqual(0);
  });

  it('with the default margin requirement (1: no leverage) the order is cut to the shares the cash pays for, and stays solvent', async () => {
    const stats = await googBuyAndHold([]);
    expect(stats.wipedOutOn).toBeNull();
    expect(stats.orders).toBe(1);
    // the entry is cut from 1000 to what 100,000 pays for at 685.19 plus costs: 145 shares
    expect(stats.finalValue).toBeGreaterThan(0);
    expect(stats.cumulativeReturn).toBeGreaterThan(-0.2);
  });

  it('with --fraction 1 it stays solvent', async () => {
    const stats = await googBuyAndHold(['--fraction', '1']);
    expect(stats.wipedOutOn).toBeNull();
    expect(stats.finalValue).toBeGreaterThan(0);
    // about the stock's own return: 100,000 worth of GOOG from 685.19 to 619.98 (adjusted)
    expect(stats.cumulativeReturn).toBeGreaterThan(-0.2);
  });
});
