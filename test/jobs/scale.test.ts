import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { COURSE_SETUP } from '../../src/broker/setup.js';
import { knownHashesOf, loadPrices, PriceFileCache, rememberHashes } from '../../src/data/load.js';
import * as priceFile from '../../src/data/price-file.js';
import { seriesKind } from '../../src/data/symbols.js';
import { TableCache } from '../../src/jobs/job.js';
import { planJobs } from '../../src/jobs/plan.js';
import { RunClock, runLocal } from '../../src/jobs/sweep.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

vi.mock('../../src/data/price-file.js', { spy: true });

describe('sweeps of many symbols in bounded memory', () => {
  it('keeps at most two tables per thread, and parses the calendar once for all of them', () => {
    const cache = new TableCache();
    const parse = vi.mocked(priceFile.readPriceFile);
    parse.mockClear();
    for (const symbol of ['SYN-TREND', 'SYN-MOMENTUM', 'SYN-MEANREV', 'SYN-REGIME', 'SYN-TREND']) {
      cache.get(SAMPLE_DATA, symbol, 'SYN-MARKET');
      expect(cache.size).toBeLessThanOrEqual(2);
    }
    const parsed = parse.mock.calls.map(([path]) => path.split('/').pop());
    expect(parsed.filter((name) => name === 'SYN-MARKET.csv')).toHaveLength(1);
    // SYN-TREND was dropped (two tables kept) and its file too (three files kept): read again
    expect(parsed.filter((name) => name === 'SYN-TREND.csv')).toHaveLength(2);
  });

  it('a cached parse is taken only while the file is unchanged', () => {
    const dir = fixtureDir({});
    cpSync(SAMPLE_DATA, dir, { recursive: true });
    const files = new PriceFileCache(3);
    const first = loadPrices({ symbols: ['SYN-TREND'], dataDir: dir, calendar: 'SYN-MARKET', files });
    const path = join(dir, 'SYN-TREND.csv');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/\n(\d{4}-\d\d-\d\d),[^\n]*\n?$/, '\n'));
    const second = loadPrices({ symbols: ['SYN-TREND'], dataDir: dir, calendar: 'SYN-MARKET', files });
    expect(second.sources.get('SYN-TREND')!.sha256).not.toBe(first.sources.get('SYN-TREND')!.sha256);
  });

  it('hashes each file once: planning hashes it, loading (here or on a thread told the hash) takes that hash', () => {
    const dir = fixtureDir({});
    cpSync(SAMPLE_DATA, dir, { recursive: true });
    const jobs = planJobs({
      symbols: ['SYN-TREND'],
      seeds: [1],
      grid: [{}],
      strategy: { kind: 'built-in', name: 'buy-and-hold' },
      configure: () => ({ params: {}, setup: COURSE_SETUP, windows: { train: { start: '2008-01-01', end: '2009-12-31' }, test: { start: '2010-01-01', end: '2011-12-31' } } }),
      walkforward: null,
      dataDir: dir,
      calendar: 'SYN-MARKET',
    });
    const paths = [join(dir, 'SYN-TREND.csv'), join(dir, 'SYN-MARKET.csv')];
    const known = knownHashesOf(paths);
    expect(known.map(([path, , , , sha256]) => [path, sha256])).toEqual(paths.map((path, index) => [path, Object.values(jobs[0]!.dataHashes)[index]]));
    // a hash handed over with the file's identity is used as it is: proof that loading does not hash again
    const stats = statSync(paths[0]!);
    rememberHashes([[paths[0]!, stats.size, stats.mtimeMs, stats.ino, 'f'.repeat(64)]]);
    expect(loadPrices({ symbols: ['SYN-TREND'], dataDir: dir, calendar: 'SYN-MARKET' }).sources.get('SYN-TREND')!.sha256).toBe('f'.repeat(64));
  });

  it('--all takes the stocks: the calendar, indices and synthetic series only with --include-special', async () => {
    expect(['SPY', '$SPX', '^GSPC', 'ML4T-220', 'SINE_FAST_NOISE', 'FAKE2', 'JPM', 'BRK.B', 'SYN-TREND'].map((symbol) => seriesKind(symbol, 'SPY'))).toEqual([
      'calendar', 'index', 'index', 'synthetic', 'synthetic', 'synthetic', 'stock', 'stock', 'stock',
    ]);
    const dir = fixtureDir({});
    cpSync(SAMPLE_DATA, join(dir, 'data'), { recursive: true });
    cpSync(join(SAMPLE_DATA, 'SYN-TREND.csv'), join(dir, 'data', '$SPX.csv'));
    cpSync(join(SAMPLE_DATA, 'SYN-TREND.csv'), join(dir, 'data', 'SINE_FAST.csv'));
    const flags = ['--data-dir', 'data', '--strategy', 'buy-and-hold', '--jobs', '1', '--no-png', '--json'];
    const io = captureIO({ cwd: dir });
    expect(await runCli(['sweep', '--all', '--out', 'a', ...flags], io), io.err).toBe(0);
    expect(JSON.parse(io.out).outOfSample.total).toBe(4);
    expect(io.err).toMatch(/--all: 4 stocks; left out 3 calendar, index and synthetic series \(\$SPX, SINE_FAST, SYN-MARKET\); --include-special keeps them/);
    const all = captureIO({ cwd: dir });
    expect(await runCli(['sweep', '--all', '--include-special', '--out', 'b', ...flags], all), all.err).toBe(0);
    expect(JSON.parse(all.out).outOfSample.total).toBe(7);
  });
});

describe('the local pool: threads only when there is work for them', () => {
  const plan = (symbols: string[]) =>
    planJobs({
      symbols,
      seeds: null,
      grid: [{}],
      strategy: { kind: 'built-in', name: 'buy-and-hold' },
      configure: () => ({ params: {}, setup: COURSE_SETUP, windows: { train: { start: '2008-01-01', end: '2009-12-31' }, test: { start: '2010-01-01', end: '2011-12-31' } } }),
      walkforward: null,
      dataDir: SAMPLE_DATA,
      calendar: 'SYN-MARKET',
    });

  it('runs one job in this thread and starts no thread for it, whatever --jobs says', async () => {
    const clock = new RunClock();
    const results: string[] = [];
    await runLocal(plan(['SYN-TREND']), { workers: 4, timeBudgetSeconds: 1, onResult: (result) => results.push(result.symbol), clock, threadStartSeconds: 0 });
    expect(results).toEqual(['SYN-TREND']);
    expect(clock.threads).toBe(1);
    expect(clock.summary()).toMatchObject({ jobs: 1, threads: 1 });
  });

  it('starts no thread for work that takes less than a thread takes to start', async () => {
    const clock = new RunClock();
    const results: string[] = [];
    await runLocal(plan(['SYN-TREND', 'SYN-MOMENTUM']), { workers: 2, timeBudgetSeconds: 1, onResult: (result) => results.push(result.symbol), clock, threadStartSeconds: 60 });
    expect(results).toEqual(['SYN-TREND', 'SYN-MOMENTUM']);
    expect(clock.threads).toBe(1);
  });

  it('with two workers runs jobs here and on one thread, each job once, and accounts its CPU time', async () => {
    const clock = new RunClock();
    const results: string[] = [];
    const symbols = ['SYN-TREND', 'SYN-MOMENTUM', 'SYN-MEANREV', 'SYN-REGIME'];
    const failures = await runLocal(plan(symbols), { workers: 2, timeBudgetSeconds: 1, onResult: (result) => results.push(result.symbol), clock, threadStartSeconds: 0 });
    expect(failures).toEqual([]);
    expect(results.sort()).toEqual([...symbols].sort());
    const summary = clock.summary();
    expect(summary).toMatchObject({ jobs: 4, threads: 2 });
    expect(summary.cpuSecondsInJobs).toBeGreaterThan(0);
    // each thread's CPU time in jobs is at most its wall time: two threads cannot show more than 2x
    expect(summary.cpuSpeedup).toBeLessThanOrEqual(2.05);
    expect(clock.line()).toMatch(/^4 jobs in \d+\.\d\d s on 2 threads; per job \d+\.\d{3} s CPU, \d+\.\d{3} s wall; CPU in jobs \d+\.\d\d s = \d+\.\d\dx the wall time$/);
  });
});
