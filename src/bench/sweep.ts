import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchResult } from './registry.js';
import { sharedDataDir } from './shared.js';

const SYMBOLS = 'JPM,AAPL,XOM,IBM,UNH,GOOG,KO,HD,MS,AXP,A,AEE';

/** The `timing` of a sweep's summary.json (src/jobs/sweep.ts RunClock). */
interface SweepTiming {
  readonly wallSeconds: number;
  readonly threads: number;
  readonly jobs: number;
  readonly cpuSecondsInJobs: number;
  readonly cpuSpeedup: number;
}

/**
 * The local pool: the same 12-symbol walk-forward sweep (3 seeds) with --jobs 1 and --jobs 2, each
 * a fresh `dynaq sweep` process timed end to end; the results must be identical apart from timings.
 * The speed-up is reported two ways: the wall-time ratio of the two runs (which load on the
 * machine skews), and from CPU time, CPU seconds in jobs / wall seconds of the --jobs 2 run, each
 * job's CPU time measured by its own thread: how many threads were busy on average, which load
 * cannot raise.
 *
 * And the machine's ceiling for any pool: two independent `--jobs 1` sweeps of the same work at
 * once, each a process of its own (no shared anything), against one alone. A single Node process
 * already keeps part of the second core busy (V8 compiles hot code and collects garbage on helper
 * threads), so the two together do twice the work in more than the time of one; twice one's time
 * over their time is the most any split of this work over two threads of one machine can give.
 */
/** Wall seconds of a `dynaq sweep` with `args` (without --out) run as `copies` processes at once, each into its own folder. */
async function concurrentSweeps(node: string, args: readonly string[], copies: number): Promise<number> {
  const outs = Array.from({ length: copies }, () => mkdtempSync(join(tmpdir(), 'dynaq-sweep-ceiling-')));
  const started = process.hrtime.bigint();
  try {
    await Promise.all(
      outs.map(
        (out) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(node, [...args, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('error', reject);
            child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`sweep for the ceiling failed: ${stderr}`))));
          }),
      ),
    );
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    for (const out of outs) rmSync(out, { recursive: true, force: true });
  }
}

export const sweepPoolBenchmark: Benchmark = {
  name: 'sweep-pool',
  description: `12-symbol walk-forward sweep (${SYMBOLS}, seeds 1,2,3) with --jobs 1 vs --jobs 2: wall ratio and CPU-time speed-up`,
  async run(context): Promise<BenchResult> {
    const data = sharedDataDir(context.repoRoot);
    const cli = join(context.repoRoot, 'dist', 'src', 'cli', 'main.js');
    if (data === null || !existsSync(cli)) {
      return { metrics: {}, lines: ['sweep-pool: skipped, needs ../shared/data and a built dist/ (npm run build)'], skipped: 'no data or dist' };
    }
    const seconds: Record<number, number> = {};
    const outputs: Record<number, string[]> = {};
    const timing: Record<number, SweepTiming> = {};
    const sweepArgs = (jobs: number) => [cli, 'sweep', '--symbols', SYMBOLS, '--seeds', context.quick ? '1' : '1,2,3', '--data-dir', join(data, 'prices'), '--walkforward', '--start', '2001-01-01', '--end', '2011-12-31', '--train-days', '504', '--test-days', '252', '--jobs', String(jobs), '--no-png'];
    for (const jobs of [1, 2]) {
      const out = mkdtempSync(join(tmpdir(), 'dynaq-sweep-bench-'));
      const args = [...sweepArgs(jobs), '--out', out];
      const started = process.hrtime.bigint();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      seconds[jobs] = Number(process.hrtime.bigint() - started) / 1e9;
      if (run.status !== 0) throw new Error(`sweep --jobs ${jobs} failed: ${run.stderr}`);
      outputs[jobs] = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((line) => {
        const { trainSeconds: _t, cpuSeconds: _c, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      });
      timing[jobs] = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { timing: SweepTiming }).timing;
      rmSync(out, { recursive: true, force: true });
    }
    const identical = JSON.stringify(outputs[1]) === JSON.stringify(outputs[2]);
    const alone = await concurrentSweeps(process.execPath, sweepArgs(1), 1);
    const together = await concurrentSweeps(process.execPath, sweepArgs(1), 2);
    const ceiling = (2 * alone) / together;
    const speedup = seconds[1]! / seconds[2]!;
    const two = timing[2]!;
    const one = timing[1]!;
    return {
      metrics: {
        sweepJobs1Seconds: seconds[1]!,
        sweepJobs2Seconds: seconds[2]!,
        sweepSpeedup: speedup,
        sweepCpuSpeedup: two.cpuSpeedup,
        sweepCpuSpeedupJobs1: one.cpuSpeedup,
        sweepCpuSecondsInJobs: two.cpuSecondsInJobs,
        sweepIdenticalResults: identical ? 1 : 0,
        sweepCeilingSpeedup: ceiling,
      },
      lines: [
        `sweep-pool: ${outputs[1]!.length} walk-forward jobs, --jobs 1 ${seconds[1]!.toFixed(2)} s, --jobs 2 ${seconds[2]!.toFixed(2)} s: ${speedup.toFixed(2)}x wall; results ${identical ? 'identical' : 'DIFFERENT'} apart from timings`,
        `sweep-pool: CPU-time speed-up with --jobs 2: ${two.cpuSecondsInJobs.toFixed(2)} s of CPU in jobs in ${two.wallSeconds.toFixed(2)} s = ${two.cpuSpeedup.toFixed(2)}x on ${two.threads} threads (--jobs 1: ${one.cpuSecondsInJobs.toFixed(2)} s in ${one.wallSeconds.toFixed(2)} s = ${one.cpuSpeedup.toFixed(2)}x); a figure below the thread count is time the threads waited for a core or for each other`,
        `sweep-pool: the machine's ceiling: two independent --jobs 1 sweeps at once took ${together.toFixed(2)} s against ${alone.toFixed(2)} s for one, so two cores run this work at most ${ceiling.toFixed(2)}x as fast as one process (the ops issue asks 1.6x of --jobs 2)`,
      ],
    };
  },
};
