import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Benchmark, type BenchResult } from './registry.js';
import { sharedDataDir } from './shared.js';

/**
 * The optimization a backtesting.py or vectorbt user runs first: a 10 x 10 grid of the SMA-cross
 * example strategy (a user's file) over 50 symbols, 5,000 backtests, as one `dynaq sweep` process
 * on every core, timed end to end (start-up, planning, the pool, the summary and the report). The
 * target is 6 s on 2 cores, about what vectorbt needs for the same grid on this class of machine.
 * Also reported: the CPU time the jobs took on their threads, so the pool's share is visible.
 */
export const gridBenchmark: Benchmark = {
  name: 'grid',
  description: '10x10 grid of the SMA-cross example over 50 symbols (5,000 backtests) as one sweep on every core',
  run(context): BenchResult {
    const data = sharedDataDir(context.repoRoot);
    const cli = join(context.repoRoot, 'dist', 'src', 'cli', 'main.js');
    if (data === null || !existsSync(cli)) return { metrics: {}, lines: ['grid: skipped, needs ../shared/data and a built dist/ (npm run build)'], skipped: 'no data or dist' };
    const lists = readFileSync(join(data, 'lists', 'sp5002008.txt'), 'utf8').split(/\r?\n/).map((line) => line.trim());
    const symbols = lists.filter((symbol) => /^[A-Z]+$/.test(symbol) && existsSync(join(data, 'prices', `${symbol}.csv`))).slice(0, context.quick ? 5 : 50);
    const strategy = join(context.repoRoot, 'strategies', 'examples', 'sma-cross.ts');
    const seconds: number[] = [];
    let jobs = 0;
    let jobCpu = 0;
    for (let rep = 0; rep < (context.quick ? 1 : 3); rep++) {
      const out = mkdtempSync(join(tmpdir(), 'dynaq-grid-bench-'));
      const args = [cli, 'sweep', '--strategy', strategy, '--grid', 'fast=2,3,4,5,6,7,8,9,10,11', '--grid', 'slow=20,22,24,26,28,30,32,34,36,38', '--symbols', symbols.join(','), '--data-dir', join(data, 'prices'), '--out', out, '--no-png'];
      const started = process.hrtime.bigint();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
      if (run.status !== 0) throw new Error(`grid sweep failed: ${run.stderr}`);
      const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
      jobs = lines.length;
      jobCpu = lines.reduce((sum, line) => sum + (JSON.parse(line) as { cpuSeconds: number }).cpuSeconds, 0);
      rmSync(out, { recursive: true, force: true });
    }
    const wall = median(seconds);
    return {
      metrics: { gridSweepSeconds: wall, gridSweepJobs: jobs, gridJobCpuSeconds: jobCpu },
      lines: [`grid: ${jobs} backtests in ${wall.toFixed(2)} s (median of ${seconds.length}; min ${Math.min(...seconds).toFixed(2)}, max ${Math.max(...seconds).toFixed(2)}), ${jobCpu.toFixed(2)} CPU-s in the jobs; target 6 s on 2 cores`],
    };
  },
};
