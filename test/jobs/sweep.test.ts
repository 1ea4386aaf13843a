import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const ARGS = ['--symbols', 'SYN-TREND,SYN-MOMENTUM', '--seeds', '1,2', '--grid', 'dyna=0,200', '--data-dir', SAMPLE_DATA, '--no-png'];

const withoutTimings = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => {
      const { trainSeconds: _t, cpuSeconds: _c, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });

describe('dynaq sweep', () => {
  const dir = fixtureDir({});

  it('runs symbols x seeds x grid values and writes results.jsonl, results.csv, summary.json and report.html', async () => {
    const io = captureIO({ cwd: dir });
    const code = await runCli(['sweep', ...ARGS, '--jobs', '1', '--out', 'sweep'], io);
    expect(code, io.err).toBe(0);
    const lines = readFileSync(join(dir, 'sweep', 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(8);
    const results = lines.map((line) => JSON.parse(line));
    expect(new Set(results.map((result) => result.id)).size).toBe(8);
    expect(results[0]).toMatchObject({ symbol: 'SYN-TREND', seed: 1, params: { dyna: 0 } });
    expect(Object.keys(results[0].outOfSample)).toEqual(['strategy', 'benchmark', 'manual']);
    const summary = JSON.parse(readFileSync(join(dir, 'sweep', 'summary.json'), 'utf8'));
    expect(summary.outOfSample.total).toBe(8);
    expect(summary.grid.configurations).toBe(2);
    expect(readFileSync(join(dir, 'sweep', 'results.csv'), 'utf8').split('\n')[0]).toMatch(/^symbol,seed,dyna,inSampleReturn/);
    expect(readFileSync(join(dir, 'sweep', 'report.html'), 'utf8')).toContain('Sign test p');
  });

  it('resumes: the same command skips finished jobs, and an interrupted results file ends with one result per job', async () => {
    const again = captureIO({ cwd: dir });
    expect(await runCli(['sweep', ...ARGS, '--jobs', '1', '--out', 'sweep'], again), again.err).toBe(0);
    expect(again.out).toMatch(/8 of 8 jobs done \(8 from an earlier run\)/);
    const path = join(dir, 'sweep', 'results.jsonl');
    const full = readFileSync(path, 'utf8');
    const lines = full.trim().split('\n');
    // as if killed while writing the fourth line
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n${lines[3]!.slice(0, 40)}`);
    const resumed = captureIO({ cwd: dir });
    expect(await runCli(['sweep', ...ARGS, '--jobs', '1', '--out', 'sweep'], resumed), resumed.err).toBe(0);
    expect(resumed.out).toMatch(/8 of 8 jobs done \(3 from an earlier run\)/);
    expect(withoutTimings(readFileSync(path, 'utf8'))).toEqual(withoutTimings(full));
  });

  it('refuses a grid name that is not a setting, and a bad value with the flag\'s own message', async () => {
    const io = captureIO({ cwd: dir });
    expect(await runCli(['sweep', '--symbols', 'SYN-TREND', '--grid', 'color=red', '--data-dir', SAMPLE_DATA, '--out', 'x'], io)).toBe(2);
    expect(io.err).toMatch(/--grid color: not a setting a grid can vary/);
    const bad = captureIO({ cwd: dir });
    expect(await runCli(['sweep', '--symbols', 'SYN-TREND', '--grid', 'dyna=0x10', '--data-dir', SAMPLE_DATA, '--out', 'x'], bad)).toBe(2);
    expect(bad.err).toMatch(/--grid dyna: --dyna must be a decimal number/);
  });

  it.skipIf(!existsSync(BIN))('gives the same results with --jobs 2 (worker threads) as with --jobs 1, apart from timings', () => {
    const run = (jobs: string) => {
      const out = join(dir, `pool-${jobs}`);
      const result = spawnSync(process.execPath, [BIN, 'sweep', ...ARGS, '--jobs', jobs, '--out', out], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return withoutTimings(readFileSync(join(out, 'results.jsonl'), 'utf8'));
    };
    expect(run('2')).toEqual(run('1'));
  });
});
