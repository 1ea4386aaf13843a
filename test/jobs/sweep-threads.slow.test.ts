import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';
import { withoutTimings, STATEFUL } from '../helpers/sweep-results.js';

/** The slow tier: whole sweeps as processes, on one thread and on two, must give the same results. */

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const ARGS = ['--symbols', 'SYN-TREND,SYN-MOMENTUM', '--seeds', '1,2', '--grid', 'dyna=0,200', '--data-dir', SAMPLE_DATA, '--no-png'];

/** One `dynaq sweep` process in `dir` with `--jobs` and its own --out; its exit status must be `status`. Its failure lines and its results.jsonl without timings. */
function sweepRun(dir: string, args: readonly string[], jobs: string, status: number): { failures: string[]; lines: string[]; stderr: string } {
  const out = join(dir, `out-${jobs}`);
  const result = spawnSync(process.execPath, [BIN, ...args, '--jobs', jobs, '--out', out], { encoding: 'utf8', cwd: dir });
  expect(result.status, result.stderr).toBe(status);
  const failures = result.stderr.split('\n').filter((line) => / failed: /.test(line));
  return { failures, lines: withoutTimings(readFileSync(join(out, 'results.jsonl'), 'utf8')), stderr: result.stderr };
}


describe('dynaq sweep on threads', () => {
  const dir = fixtureDir({});

  it.skipIf(!existsSync(BIN))('gives the same results with --jobs 2 (worker threads) as with --jobs 1, apart from timings', () => {
    const run = (jobs: string) => sweepRun(dir, ['sweep', ...ARGS], jobs, 0).lines;
    expect(run('2')).toEqual(run('1'));
  });
});


describe('dynaq sweep with a strategy file, on threads', () => {
  const dir = fixtureDir({ 'stateful.mjs': STATEFUL });
  const args = ['sweep', '--strategy', 'stateful.mjs', '--symbols', 'SYN-TREND,SYN-MEANREV,SYN-MOMENTUM', '--grid', 'every=5,7,5,11', '--data-dir', SAMPLE_DATA, '--no-png'];

  it.skipIf(!existsSync(BIN))('gives byte-identical results with --jobs 1 and --jobs 2 for a strategy that keeps state (module variables, this, Math.random)', () => {
    const run = (jobs: string) => sweepRun(dir, args, jobs, 0).lines;
    const one = run('1');
    // a repeated grid value is one job: 3 symbols x 3 distinct values
    expect(one).toHaveLength(9);
    expect(run('2')).toEqual(one);
    // and the state starts fresh in every job: the same job alone gives the same line
    const alone = join(dir, 'alone');
    const single = spawnSync(process.execPath, [BIN, 'sweep', '--strategy', 'stateful.mjs', '--symbols', 'SYN-MOMENTUM', '--grid', 'every=11', '--data-dir', SAMPLE_DATA, '--no-png', '--jobs', '1', '--out', alone], { encoding: 'utf8', cwd: dir });
    expect(single.status, single.stderr).toBe(0);
    expect(one).toContain(withoutTimings(readFileSync(join(alone, 'results.jsonl'), 'utf8'))[0]);
  });
});

/** Jobs that fail in the ways that stop or end a pool thread, in the middle of the batches the threads are handed. */
const FAULTY = `export default {
  name: 'faulty',
  params: { fault: 0 },
  decide(day, { fault }) {
    if (fault === 3 && day.index > 3) for (;;) {}
    if (fault === 9 && day.index === 5) Promise.reject(new Error('left behind'));
    return 'long';
  },
};
`;

describe('dynaq sweep with jobs that stop their thread', () => {
  const dir = fixtureDir({ 'faulty.mjs': FAULTY });
  const args = ['sweep', '--strategy', 'faulty.mjs', '--symbols', 'SYN-TREND', '--grid', 'fault=0,1,2,3,4,5,6,7,8,9,10,11', '--data-dir', SAMPLE_DATA, '--no-png', '--time-budget', '0.5'];

  it.skipIf(!existsSync(BIN))('fails only the job that looped or left a promise rejected: the jobs its thread had done or not started are recorded once, as with --jobs 1', () => {
    const run = (jobs: string) => {
      const { failures, lines } = sweepRun(dir, args, jobs, 1);
      expect(failures).toHaveLength(2);
      expect(failures.some((line) => /decide\(\) on \d{4}-\d\d-\d\d did not return within 0\.5 s and was stopped/.test(line))).toBe(true);
      expect(failures.some((line) => /it left a promise rejected that nothing awaited: left behind/.test(line))).toBe(true);
      expect(lines.map((line) => (JSON.parse(line) as { params: { fault: number } }).params.fault)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 10, 11]);
      return lines;
    };
    expect(run('2')).toEqual(run('1'));
  });
});

/**
 * Strategies that reach for the built-in objects: a task may change nothing on them that a later
 * run could see. Most are frozen, deeply; Object.prototype and the typed arrays' prototypes are
 * sealed (src/jobs/realm.ts), so overwriting one of their methods, or making one read-only, fails
 * the job and ends its thread; Node's own objects are hidden from strategy code.
 */
const TAMPERING = `let counted = 0;
const ways = {
  1: (close) => { Object.getPrototypeOf(Float64Array.prototype).fill = function () { counted++; return this; }; },
  2: (close) => { Object.prototype.toString = () => 'stashed ' + close; },
  3: (close) => { Object.prototype.stash = close; },
  4: (close) => { Math.stash = close; },
  5: (close) => { Object.getPrototypeOf(Float64Array.prototype).stash = close; },
  6: () => { Object.defineProperty(Object.getPrototypeOf(Float64Array.prototype), 'fill', { writable: false }); },
  7: (close) => { Math.max.stash = close; },
  8: (close) => { Object.getPrototypeOf(function () {}).stash = close; },
  9: (close) => { process.stash = close; },
  10: (close) => { globalThis.stash = close; },
  11: (close) => { setTimeout.stash = close; },
  12: (close) => { Object.getPrototypeOf([][Symbol.iterator]()).stash = close; },
};
export default {
  name: 'tampering',
  params: { mode: 0 },
  decide(day, { mode }) {
    if (day.index === 3 && ways[mode]) ways[mode](day.close);
    return day.close > day.closes(3)[0] ? 'long' : 'flat';
  },
};
`;

describe('dynaq sweep with strategies that change built-in objects', () => {
  const dir = fixtureDir({ 'tampering.mjs': TAMPERING });
  const args = ['sweep', '--strategy', 'tampering.mjs', '--symbols', 'SYN-TREND', '--grid', 'mode=0,1,13,2,14,3,4,5,6,7,8,9,10,11,12,15', '--data-dir', SAMPLE_DATA, '--no-png'];

  it.skipIf(!existsSync(BIN))('fails each job that changed or added to one, with one line; the others, on the same thread after it, give what they give alone', () => {
    const run = (jobs: string) => {
      const { failures, lines, stderr } = sweepRun(dir, args, jobs, 1);
      expect(failures, stderr).toHaveLength(12);
      const changed = failures.filter((line) => /it changed the built-in (TypedArray\.prototype\.fill|Object\.prototype\.toString); a strategy may not change built-in objects: its thread was ended/.test(line));
      expect(changed, stderr).toHaveLength(3);
      const refused = failures.filter((line) => /Cannot add property stash|Cannot set properties of undefined|object is not extensible/.test(line));
      expect(refused, stderr).toHaveLength(9);
      expect(lines.map((line) => (JSON.parse(line) as { params: { mode: number } }).params.mode)).toEqual([0, 13, 14, 15]);
      return lines;
    };
    const one = run('1');
    expect(run('2')).toEqual(one);
    // the modes above 12 decide as 0 does: nothing a failed job did reached them
    const trades = one.map((line) => JSON.stringify((JSON.parse(line) as { outOfSample: unknown }).outOfSample));
    expect(new Set(trades).size).toBe(1);
  });
});
