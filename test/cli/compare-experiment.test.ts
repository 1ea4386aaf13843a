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
    expect(csv[0]).toBe('Impact,InSampleOrders,InSampleTrades,InSampleReturn,OutOfSampleOrders,OutOfSampleTrades,OutOfSampleReturn');
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
