import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir, simpleFile } from '../helpers/fixtures.js';

const dataDir = fixtureDir({
  'SPY.csv': simpleFile([
    ['2010-01-04', 100],
    ['2010-01-05', 101],
    ['2010-01-06', 102],
  ]),
  'ABC.csv': simpleFile([
    ['2010-01-05', 7],
    ['2010-01-06', 8],
  ]),
});

describe('dynaq data', () => {
  it('prints the summary as JSON with exactly the documented keys', async () => {
    const io = captureIO();
    expect(await runCli(['data', 'ABC', 'SPY', '--data-dir', dataDir, '--json'], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual({
      days: 3,
      start: '2010-01-04',
      end: '2010-01-06',
      symbols: { ABC: { first: 7, last: 8, filled: 1 }, SPY: { first: 100, last: 102, filled: 0 } },
    });
  });

  it('loads every symbol of the folder from DYNAQ_DATA_DIR when none is named', async () => {
    const io = captureIO({ env: { DYNAQ_DATA_DIR: dataDir } });
    expect(await runCli(['data', '--start', '2010-01-05'], io)).toBe(0);
    expect(io.out).toMatch(/^2 trading days 2010-01-05\.\.2010-01-06 \(calendar SPY/);
    expect(io.out).toMatch(/ABC\s+7\.00\s+8\.00\s+0\n/);
  });

  it('prefers --data-dir over DYNAQ_DATA_DIR, defaults to ./data, and without ./data takes the sample the package ships', async () => {
    const io = captureIO({ env: { DYNAQ_DATA_DIR: '/nonexistent' }, cwd: '/' });
    expect(await runCli(['data', 'SPY', '--data-dir', dataDir, '--json'], io)).toBe(0);
    const own = fixtureDir({});
    mkdirSync(join(own, 'data'));
    writeFileSync(join(own, 'data', 'SPY.csv'), readFileSync(join(dataDir, 'SPY.csv')));
    const local = captureIO({ cwd: own });
    expect(await runCli(['data', '--json'], local), local.err).toBe(0);
    expect(Object.keys(JSON.parse(local.out).symbols)).toEqual(['SPY']);
    const bundled = captureIO({ cwd: dataDir });
    expect(await runCli(['data', '--json'], bundled), bundled.err).toBe(0);
    expect(Object.keys(JSON.parse(bundled.out).symbols)).toEqual(['SYN-MARKET', 'SYN-MEANREV', 'SYN-MOMENTUM', 'SYN-REGIME', 'SYN-TREND']);
  });

  it.each([
    [['data', 'NOPE', '--data-dir', dataDir], 1, /no price file for 'NOPE'/],
    [['data', '--start', '2010-02-30', '--data-dir', dataDir], 2, /--start '2010-02-30' is not a date: use yyyy-MM-dd/],
    [['data', '--end', '2001-01-01', '--data-dir', dataDir], 2, /--end 2001-01-01 holds no trading day in the data: .* \(the calendar\) covers /],
    [['data', '../SPY', '--data-dir', dataDir], 2, /symbol '\.\.\/SPY' is not a plain ticker/],
    [['data', '--calendar', 'a/b', '--data-dir', dataDir], 2, /--calendar 'a\/b' is not a plain ticker/],
    [['data', '--calendar', 'ABSENT', '--data-dir', dataDir], 1, /no price file for 'ABSENT'/],
  ])('fails with one clear line for %j', async (argv, code, message) => {
    const io = captureIO();
    expect(await runCli(argv, io)).toBe(code);
    expect(io.err).toMatch(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.out).toBe('');
  });
});
