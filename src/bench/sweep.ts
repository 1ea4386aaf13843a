import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchResult } from './registry.js';
import { sharedDataDir } from './shared.js';

const SYMBOLS = 'JPM,AAPL,XOM,IBM,UNH,GOOG,KO,HD,MS,AXP,A,AEE';

/**
 * The local pool: the same 12-symbol walk-forward sweep (3 seeds) with --jobs 1 and --jobs 2, each
 * a fresh `dynaq sweep` process timed end to end; the results must be identical apart from timings.
 */
export const sweepPoolBenchmark: Benchmark = {
  name: 'sweep-pool',
  description: `12-symbol walk-forward sweep (${SYMBOLS}, seeds 1,2,3) with --jobs 1 vs --jobs 2`,
  run(context): BenchResult {
    const data = sharedDataDir(context.repoRoot);
    const cli = join(context.repoRoot, 'dist', 'src', 'cli', 'main.js');
    if (data === null || !existsSync(cli)) {
      return { metrics: {}, lines: ['sweep-pool: skipped, needs ../shared/data and a built dist/ (npm run build)'], skipped: 'no data or dist' };
    }
    const seconds: Record<number, number> = {};
    const outputs: Record<number, string[]> = {};
    for (const jobs of [1, 2]) {
      const out = mkdtempSync(join(tmpdir(), 'dynaq-sweep-bench-'));
      const args = [cli, 'sweep', '--symbols', SYMBOLS, '--seeds', context.quick ? '1' : '1,2,3', '--data-dir', join(data, 'prices'), '--walkforward', '--start', '2001-01-01', '--end', '2011-12-31', '--train-days', '504', '--test-days', '252', '--jobs', String(jobs), '--out', out, '--no-png'];
      const started = process.hrtime.bigint();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      seconds[jobs] = Number(process.hrtime.bigint() - started) / 1e9;
      if (run.status !== 0) throw new Error(`sweep --jobs ${jobs} failed: ${run.stderr}`);
      outputs[jobs] = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((line) => {
        const { trainSeconds: _t, cpuSeconds: _c, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      });
      rmSync(out, { recursive: true, force: true });
    }
    const identical = JSON.stringify(outputs[1]) === JSON.stringify(outputs[2]);
    const speedup = seconds[1]! / seconds[2]!;
    return {
      metrics: { sweepJobs1Seconds: seconds[1]!, sweepJobs2Seconds: seconds[2]!, sweepSpeedup: speedup, sweepIdenticalResults: identical ? 1 : 0 },
      lines: [
        `sweep-pool: ${outputs[1]!.length} walk-forward jobs, --jobs 1 ${seconds[1]!.toFixed(2)} s, --jobs 2 ${seconds[2]!.toFixed(2)} s: ${speedup.toFixed(2)}x; results ${identical ? 'identical' : 'DIFFERENT'} apart from timings`,
      ],
    };
  },
};
