import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';
import { withoutTimings, STATEFUL } from '../helpers/sweep-results.js';

const ARGS = ['--symbols', 'SYN-TREND,SYN-MOMENTUM', '--seeds', '1,2', '--grid', 'dyna=0,200', '--data-dir', SAMPLE_DATA, '--no-png'];


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
});


describe('dynaq sweep with a strategy file', () => {
  const dir = fixtureDir({ 'stateful.mjs': STATEFUL });

  it('reruns exactly the jobs whose strategy changed: an edited file between two sweeps into one --out', async () => {
    const file = join(dir, 'edit.mjs');
    const out = join(dir, 'edited');
    const sweep = async () => {
      const io = captureIO({ cwd: dir });
      const code = await runCli(['sweep', '--strategy', 'edit.mjs', '--symbols', 'SYN-TREND,SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--no-png', '--jobs', '1', '--out', out], io);
      expect(code, io.err).toBe(0);
      return { io, lines: withoutTimings(readFileSync(join(out, 'results.jsonl'), 'utf8')) };
    };
    writeFileSync(file, "export default { name: 'edit', decide: () => 'long' };\n");
    const first = await sweep();
    const again = await sweep();
    expect(again.io.out).toMatch(/2 of 2 jobs done \(2 from an earlier run\)/);
    expect(again.lines).toEqual(first.lines);
    writeFileSync(file, "export default { name: 'edit', decide: () => 'flat' };\n");
    const edited = await sweep();
    expect(edited.io.out).toMatch(/2 of 2 jobs done \(0 from an earlier run\)/);
    expect(edited.io.err).toMatch(/2 earlier result\(s\) .* came from other inputs .* kept in results\.superseded\.jsonl and their jobs were run again/);
    expect(edited.lines).not.toEqual(first.lines);
    expect(edited.lines.map((line) => JSON.parse(line).outOfSample.strategy.orders)).toEqual([0, 0]);
    expect(readFileSync(join(out, 'results.superseded.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('one sweep at a time per --out: a second one stops with one line naming the owner', async () => {
    const out = join(dir, 'locked');
    const owner = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    expect(owner.status).toBe(0);
    // a live owner: this test process's parent stands in (the lock holds another live pid)
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '.dynaq-sweep.lock'), `${process.ppid}\n`);
    const io = captureIO({ cwd: dir });
    expect(await runCli(['sweep', '--strategy', 'buy-and-hold', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-png', '--out', out], io)).toBe(1);
    expect(io.err).toMatch(new RegExp(`--out .*locked is in use by another sweep \\(process ${process.ppid}\\)`));
    // the lock of a process that is gone is taken over
    writeFileSync(join(out, '.dynaq-sweep.lock'), `${owner.stdout}\n`);
    const retry = captureIO({ cwd: dir });
    expect(await runCli(['sweep', '--strategy', 'buy-and-hold', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--no-png', '--out', out], retry), retry.err).toBe(0);
    expect(existsSync(join(out, '.dynaq-sweep.lock')), 'released at the end').toBe(false);
  });

  it('refuses a parameter the strategy does not take, --seeds for one without a seed, a grid name given twice, and window flags that do not apply', async () => {
    const cases: [string[], RegExp][] = [
      [['--grid', 'fast=1,2'], /--grid fast: not a setting a grid can vary for this strategy; .* the strategy's parameters every/],
      [['--dyna', '5'], /--dyna does not apply to --strategy stateful\.mjs; it takes every \(whole number, default 7\)/],
      [['--seeds', '1,2'], /--seeds does not apply: the strategy declares no seed parameter/],
      [['--grid', 'every=1', '--grid', 'every=2'], /--grid every: given twice/],
      [['--param', 'every=x'], /parameter 'every' must be a decimal number, got 'x'/],
      [['--start', '2001-01-01'], /--start applies only to a walk-forward sweep: add --walkforward/],
      [['--anchored'], /--anchored applies only to a walk-forward sweep/],
      [['--walkforward', '--start', '2001-01-01', '--end', '2002-01-01', '--test-days', '20'], /--walkforward needs --train-days/],
      [['--walkforward', '--start', '2001-01-01', '--end', '2002-01-01', '--train-days', '50', '--test-days', '20', '--train', '2001-01-01:2001-06-30'], /--train does not apply to a walk-forward sweep: its folds' windows come from --start/],
    ];
    for (const [extra, message] of cases) {
      const io = captureIO({ cwd: dir });
      expect(await runCli(['sweep', '--strategy', 'stateful.mjs', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--out', 'never', ...extra], io)).toBe(2);
      expect(io.err).toMatch(message);
    }
  });
});

describe('dynaq optimize (sweep --maximize, --constraint)', () => {
  it('runs only the combinations the constraint allows, chooses by the statistic in sample, reports it out of sample, and draws the heatmaps', async () => {
    const dir = fixtureDir({});
    const io = captureIO({ cwd: dir });
    const strategy = fileURLToPath(new URL('../../strategies/examples/sma-cross.ts', import.meta.url));
    const code = await runCli(
      ['optimize', '--strategy', strategy, '--grid', 'fast=5,10,20', '--grid', 'slow=20,40', '--constraint', 'fast < slow', '--maximize', 'sharpeRatio',
        '--symbols', 'SYN-TREND,SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--no-png', '--jobs', '1', '--out', 'opt'],
      io,
    );
    expect(code, io.err).toBe(0);
    const results = readFileSync(join(dir, 'opt', 'results.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { params: { fast: number; slow: number }; inSample: { strategy: { sharpeRatio: number } }; outOfSample: { strategy: { sharpeRatio: number } } });
    // 3 x 2 combinations, fast=20 slow=20 left out, on 2 symbols
    expect(results).toHaveLength(10);
    expect(results.every((result) => result.params.fast < result.params.slow)).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'opt', 'summary.json'), 'utf8')) as { grid: { objective: string; chosen: { fast: number; slow: number }; chosenInSample: number; chosenOutOfSample: number; table: unknown[] } };
    expect(summary.grid.objective).toBe('sharpeRatio');
    expect(summary.grid.table).toHaveLength(5);
    // the chosen configuration has the highest median in-sample Sharpe ratio (median of 2 = their mean)
    const medianOf = (fast: number, slow: number, window: 'inSample' | 'outOfSample') => {
      const values = results.filter((result) => result.params.fast === fast && result.params.slow === slow).map((result) => result[window].strategy.sharpeRatio);
      return (values[0]! + values[1]!) / 2;
    };
    const configs = [[5, 20], [10, 20], [5, 40], [10, 40], [20, 40]] as const;
    const best = Math.max(...configs.map(([fast, slow]) => medianOf(fast, slow, 'inSample')));
    expect(medianOf(summary.grid.chosen.fast, summary.grid.chosen.slow, 'inSample')).toBeCloseTo(best, 12);
    expect(summary.grid.chosenInSample).toBeCloseTo(best, 12);
    expect(summary.grid.chosenOutOfSample).toBeCloseTo(medianOf(summary.grid.chosen.fast, summary.grid.chosen.slow, 'outOfSample'), 12);
    expect(io.out).toMatch(/best in sample \(median sharpeRatio\): fast=\d+ slow=\d+: -?\d\.\d{4} in sample, -?\d\.\d{4} out of sample \(rank \d of 5 out of sample; deflated Sharpe/);
    const heatmap = readFileSync(join(dir, 'opt', 'charts', 'heatmap-in-sample.svg'), 'utf8');
    // 3 x 2 cells, one of them (fast=20, slow=20) empty; the chosen one outlined
    expect(heatmap.match(/<rect x="\d+" y="\d+" width="62"/g)).toHaveLength(6);
    expect(heatmap).toMatch(/>—</);
    expect(heatmap).toMatch(/stroke="#111827"/);
    expect(readFileSync(join(dir, 'opt', 'report.html'), 'utf8')).toMatch(/heatmap-out-of-sample/);
  });

  it('refuses a constraint on a name outside the grid and one that leaves nothing', async () => {
    const io = captureIO();
    expect(await runCli(['optimize', '--strategy', 'manual', '--grid', 'votesToEnter=1,2', '--constraint', 'fast < 2', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--out', 'x'], io)).toBe(2);
    expect(io.err).toMatch(/--constraint 'fast < 2': 'fast' is not a parameter of the grid; it has votesToEnter/);
    const none = captureIO();
    expect(await runCli(['optimize', '--strategy', 'manual', '--grid', 'votesToEnter=1,2', '--constraint', 'votesToEnter > 5', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--out', 'x'], none)).toBe(2);
    expect(none.err).toMatch(/leaves none of the 2 grid combinations/);
  });
});
