import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** Runs the built bin with a standard output whose reader has gone before the first line. */
function withClosedStdout(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('a closed standard output is normal (dynaq ... | head -1)', () => {
  const cwd = fixtureDir({});
  cpSync(SAMPLE_DATA, join(cwd, 'data'), { recursive: true });
  writeFileSync(join(cwd, 'orders.csv'), 'Date,Symbol,Order,Shares\n2008-01-02,SYN-TREND,BUY,5\n2008-03-03,SYN-TREND,SELL,5\n');
  const quick = ['--epochs', '2'];
  const runs: readonly (readonly string[])[] = [
    ['--help'],
    ['data'],
    ['data', '--json'],
    ['backtest', '--no-report', ...quick],
    ['backtest', '--json', '--out', 'report-a', ...quick],
    ['walkforward', '--start', '2006-01-01', '--end', '2010-12-31', '--train-days', '252', '--test-days', '252', '--no-report', ...quick],
    ['compare', '--symbols', 'SYN-TREND,SYN-MARKET', '--jobs', '1', ...quick],
    ['sweep', '--symbols', 'SYN-TREND', '--out', 'sweep-a', '--jobs', '1', '--no-png', ...quick],
    ['marketsim', 'orders.csv', '--out', 'values.csv'],
    ['synth', '--out', 'synth-a'],
    ['gridworld', '--maze', 'dyna', '--runs', '1', '--episodes', '2'],
    ['new-strategy', 'mine', '--out', 'strategies'],
  ];
  for (const args of runs) {
    it(`dynaq ${args.join(' ')}: exits 0 without a word, and still writes what it writes`, async () => {
      const { code, stderr } = await withClosedStdout(args, cwd);
      expect(stderr).not.toMatch(/EPIPE|\n\s+at |Error/);
      expect(code, stderr).toBe(0);
    });
  }

  it('the files of those runs are complete: the report, the sweep, the values, the sample', () => {
    expect(existsSync(join(cwd, 'report-a', 'report.html'))).toBe(true);
    expect(existsSync(join(cwd, 'sweep-a', 'summary.json'))).toBe(true);
    expect(existsSync(join(cwd, 'values.csv'))).toBe(true);
    expect(readdirSync(join(cwd, 'synth-a')).sort()).toEqual(readdirSync(SAMPLE_DATA).filter((name) => name !== 'README.md').sort());
  });
});

describe('synth writes every file under a temporary name, then renames them all', () => {
  it('leaves no temporary and no half-written file when it is stopped by SIGTERM while writing', async () => {
    const cwd = fixtureDir({});
    // stopped at once and at a few moments later: whatever moment it is, each file is whole or absent
    for (const delay of [0, 60, 120, 180, 240]) {
      const out = join(cwd, `out-${delay}`);
      const child = spawn(process.execPath, [BIN, 'synth', '--out', out], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('close', resolve));
      const left = existsSync(out) ? readdirSync(out) : [];
      expect(left.filter((name) => name.includes('.tmp-')), `after ${delay} ms`).toEqual([]);
      const written = spawnSync(process.execPath, [BIN, 'data', '--data-dir', out], { encoding: 'utf8' });
      if (left.length === 6) expect(written.status, written.stderr).toBe(0);
    }
  });
});

const asRoot = process.getuid?.() === 0 && spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', 'true']).status === 0;

describe.skipIf(!asRoot)('a data folder the user cannot read (run as nobody)', () => {
  it('says so, naming the folder and the flag, instead of "has no SPY.csv"', () => {
    const cwd = fixtureDir({});
    chmodSync(cwd, 0o755);
    mkdirSync(join(cwd, 'locked'));
    cpSync(SAMPLE_DATA, join(cwd, 'locked'), { recursive: true });
    chmodSync(join(cwd, 'locked'), 0o000);
    const run = spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} data --data-dir ${JSON.stringify(join(cwd, 'locked'))}`], { encoding: 'utf8' });
    chmodSync(join(cwd, 'locked'), 0o755);
    expect(run.stderr.trim()).toMatch(/^dynaq: data folder .*locked \(from --data-dir\) cannot be read: permission denied \(EACCES\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.status).toBe(1);
  });
});
