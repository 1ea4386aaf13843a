import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

describe('dynaq compare', () => {
  it('prints one row per symbol with strategy and buy-and-hold returns in and out of sample', async () => {
    const io = captureIO();
    const code = await runCli(['compare', '--symbols', 'SYN-TREND,SYN-REGIME', '--data-dir', SAMPLE_DATA, '--epochs', '5', '--json'], io);
    expect(code, io.err).toBe(0);
    const rows = JSON.parse(io.out) as { symbol: string; inSample: { benchmark: number } }[];
    expect(rows.map((row) => row.symbol)).toEqual(['SYN-TREND', 'SYN-REGIME']);
    expect(rows[1]!.inSample.benchmark).toBeCloseTo(0.04492545, 6);
    expect(rows[0]).toMatchObject({ inSample: { strategy: expect.any(Number), orders: expect.any(Number) }, outOfSample: { benchmark: expect.any(Number) } });
  });

  it('marks every return of a wiped-out account, in the table and the JSON', async () => {
    // 100,000 shares bought with 100,000 of cash and no margin requirement: a fall of about 1 in the price ends the account
    const flags = ['--strategy', 'buy-and-hold', '--shares', '100000', '--margin', 'none', '--data-dir', SAMPLE_DATA, '--jobs', '1'];
    const json = captureIO();
    expect(await runCli(['compare', '--symbols', 'SYN-REGIME,SYN-TREND', ...flags, '--json'], json), json.err).toBe(0);
    const rows = JSON.parse(json.out) as { symbol: string; inSample: Record<string, number | string | null>; outOfSample: Record<string, number | string | null> }[];
    // the same days as the backtest's own statistics say
    const backtest = captureIO();
    expect(await runCli(['backtest', '--symbol', 'SYN-REGIME', ...flags.filter((flag, index) => flag !== '--jobs' && flags[index - 1] !== '--jobs'), '--json', '--no-report'], backtest), backtest.err).toBe(0);
    const summary = JSON.parse(backtest.out);
    expect(rows[0]!.inSample.strategyWipedOutOn).toBe(summary.inSample.strategy.wipedOutOn);
    expect(rows[0]!.outOfSample.benchmarkWipedOutOn).toBe(summary.outOfSample.benchmark.wipedOutOn);
    expect(summary.inSample.strategy.wipedOutOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const table = captureIO();
    expect(await runCli(['compare', '--symbols', 'SYN-REGIME,SYN-TREND', ...flags], table), table.err).toBe(0);
    const cells = table.out.split('\n').slice(2).filter((line) => /^SYN-/.test(line)).flatMap((line) => line.split(/\s{2,}/).slice(1));
    const returns = cells.filter((cell) => cell.includes('%'));
    expect(returns.length).toBe(8);
    for (const cell of returns) {
      // a return at or below -100% is a value at or below zero: never without the mark
      if (Number.parseFloat(cell) <= -100) expect(cell).toMatch(/ †$/);
    }
    let marked = 0;
    for (const row of rows) {
      for (const window of [row.inSample, row.outOfSample]) {
        if (window.strategyWipedOutOn) marked++;
        if (window.benchmarkWipedOutOn) marked++;
      }
    }
    expect(returns.filter((cell) => cell.endsWith('†')).length).toBe(marked);
    expect(marked).toBeGreaterThan(0);
    // the strategy under test is buy-and-hold here, so both accounts of a window went the same way
    const day = summary.inSample.strategy.wipedOutOn;
    expect(table.out).toContain(`† wiped out: the account's value reached 0 or less (SYN-REGIME Buy & hold, in-sample on ${day}; SYN-REGIME buy & hold, in-sample on ${day};`);
  });

  it('names the bad symbol', async () => {
    const io = captureIO();
    expect(await runCli(['compare', '--symbols', 'SYN-TREND,../x', '--data-dir', SAMPLE_DATA], io)).toBe(2);
    expect(io.err).toMatch(/--symbols '\.\.\/x' is not a plain ticker/);
  });
});

describe('dynaq experiment impact', () => {
  it('trains at each impact, trades less as impact rises, and writes a table, CSV and charts', async () => {
    const dir = fixtureDir({});
    const io = captureIO({ cwd: dir });
    const code = await runCli(
      ['experiment', 'impact', '--symbol', 'SYN-MEANREV', '--impacts', '0.02,0,0.005', '--data-dir', SAMPLE_DATA, '--out', 'exp', '--commission', '0'],
      io,
    );
    expect(code, io.err).toBe(0);
    expect(io.out).toMatch(/in-sample orders fall as impact rises/);
    const csv = readFileSync(join(dir, 'exp', 'impact.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('Impact,InSampleOrders,InSampleTrades,InSampleReturn,OutOfSampleOrders,OutOfSampleTrades,OutOfSampleReturn,InSampleWipedOutOn,OutOfSampleWipedOutOn');
    const orders = csv.slice(1).map((line) => Number(line.split(',')[1]));
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['0', '0.005', '0.02']);
    expect(orders[1]).toBeLessThan(orders[0]!);
    expect(orders[2]).toBeLessThanOrEqual(orders[1]!);
    for (const chart of ['impact-orders', 'impact-return']) {
      expect(existsSync(join(dir, 'exp', 'charts', `${chart}.svg`))).toBe(true);
      expect(readFileSync(join(dir, 'exp', 'charts', `${chart}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('rejects an impact list that is not fractions', async () => {
    const io = captureIO();
    expect(await runCli(['experiment', 'impact', '--impacts', '0,abc', '--data-dir', SAMPLE_DATA], io)).toBe(2);
    expect(io.err).toMatch(/--impacts must be a comma-separated list of fractions within 0\.\.1/);
  });
});
