import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

const FAST = ['--data-dir', SAMPLE_DATA, '--epochs', '2', '--dyna', '5', '--no-report'];

async function run(argv: string[], cwd = process.cwd()) {
  const io = captureIO({ cwd });
  const code = await runCli(['backtest', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('backtest windows', () => {
  it.each([
    [['--train', '2008-01-01:2009-12-31', '--test', '2009-06-01:2010-12-31'], /--test 2009-06-01:2010-12-31 starts on or before the end of --train 2008-01-01:2009-12-31/],
    [['--train', '2009-01-01:2010-12-31', '--test', '2006-01-01:2007-12-31'], /--test 2006-01-01:2007-12-31 starts before --train/],
    [['--train', '2008-01-01:2009-12-31', '--test', '2009-12-31:2010-12-31'], /starts on or before the end of --train/],
  ])('refuses a test window that is not after the training window: %j', async (argv, message) => {
    const result = await run(['--symbol', 'SYN-TREND', ...FAST, ...argv]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toMatch(/--allow-overlap/);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.out).toBe('');
  });

  it('runs an overlapping test window with --allow-overlap and names it look-ahead', async () => {
    const result = await run(['--symbol', 'SYN-TREND', ...FAST, '--test', '2009-06-01:2010-12-31', '--allow-overlap']);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/warning: --allow-overlap: .*look-ahead, not out-of-sample/);
  });

  it('clips a window that runs past the data, says so, and reports the trading days it used', async () => {
    const io = captureIO();
    const code = await runCli(['backtest', '--symbol', 'SYN-TREND', ...FAST, '--json', '--test', '2011-01-01:2014-06-30'], io);
    expect(code, io.err).toBe(0);
    expect(io.err).toMatch(/warning: --test 2011-01-01:2014-06-30 runs past the data \(2005-01-03\.\.2012-12-31\); clipped to the trading days 2011-01-03\.\.2012-12-31/);
    expect(JSON.parse(io.out).test).toEqual({ start: '2011-01-03', end: '2012-12-31' });
  });

  it('does not warn when a window edge is only a weekend or holiday away from a trading day', async () => {
    const result = await run(['--symbol', 'SYN-TREND', ...FAST]);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe('');
  });

  it('refuses --shares together with --fraction', async () => {
    const result = await run(['--symbol', 'SYN-TREND', ...FAST, '--shares', '10', '--fraction', '0.5']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--shares and --fraction both size a position; give one of them/);
  });
});

describe('saved agents', () => {
  const dir = fixtureDir({});
  const agentFile = join(dir, 'run', 'agent.json');

  it('records the symbol, the training window, the data hashes and the settings in agent.json', async () => {
    const result = await run(['--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--epochs', '2', '--dyna', '5', '--out', 'run', '--no-png'], dir);
    expect(result.code, result.err).toBe(0);
    const agent = JSON.parse(readFileSync(agentFile, 'utf8'));
    expect(agent.trainedOn.symbol).toBe('SYN-TREND');
    expect(agent.trainedOn.train).toEqual({ start: '2008-01-01', end: '2009-12-31' });
    expect(agent.trainedOn.dataHashes['SYN-TREND']).toMatch(/^[0-9a-f]{64}$/);
    expect(agent.settings).toMatchObject({ dyna: 5, epochs: 2 });
  });

  it.each([['--bins', '3'], ['--indicators', 'rsi:14'], ['--dyna', '0'], ['--seed', '9']])('refuses --agent with %s, which it would ignore', async (...flag) => {
    const result = await run(['--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report', '--agent', agentFile, ...flag]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`--agent tests a saved agent with the settings it was trained with; ${flag[0]} cannot be combined with it`));
  });

  it('--period refuses the flags of a split run, a strategy that trains, and --agent', async () => {
    const period = ['--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report', '--period', '2008-01-01:2009-12-31'];
    const cases: [string[], RegExp][] = [
      [['--strategy', 'buy-and-hold', '--allow-overlap', '--test', '2010-01-01:2010-12-31'], /--period runs one window; --test, --allow-overlap cannot be combined with it/],
      [['--strategy', 'dyna-q'], /--period runs a strategy over one period without training; .* trains \(it has train\(\)\): give --train and --test/],
      [['--agent', agentFile], /--agent tests a trained agent out of sample: give --train and --test, not --period/],
    ];
    for (const [extra, message] of cases) {
      const result = await run([...period, ...extra]);
      expect(result.code, result.err).toBe(2);
      expect(result.err).toMatch(message);
    }
  });

  it('warns when a saved agent trades another symbol or window, and not when it trades its own', async () => {
    const own = await run(['--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-report', '--agent', agentFile]);
    expect(own.code, own.err).toBe(0);
    expect(own.err).toBe('');
    const other = await run(['--symbol', 'SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--no-report', '--agent', agentFile]);
    expect(other.code, other.err).toBe(0);
    expect(other.err).toMatch(/warning: --agent .*agent\.json was trained on SYN-TREND 2008-01-01\.\.2009-12-31; this run trades SYN-MEANREV/);
  });
});
