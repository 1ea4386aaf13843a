import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { stitchValues } from '../../src/jobs/walkforward.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';
import { hasSharedData, SHARED_PRICES } from '../helpers/shared-data.js';

async function walkforward(args: string[], cwd = process.cwd()) {
  const io = captureIO({ cwd });
  const code = await runCli(['walkforward', ...args], io);
  return { code, io };
}

function checkTiling(result: { folds: { train: { start: string; end: string }; test: { start: string; end: string }; strategy: { days: number } }[]; outOfSample: { strategy: { days: number; startDate: string; endDate: string } } }) {
  for (let k = 0; k < result.folds.length; k++) {
    const fold = result.folds[k]!;
    expect(fold.train.end < fold.test.start, `fold ${k + 1}: trains before it tests`).toBe(true);
    if (k > 0) expect(result.folds[k - 1]!.test.end < fold.test.start, `fold ${k + 1}: test windows never overlap`).toBe(true);
  }
  const testDays = result.folds.reduce((sum, fold) => sum + fold.strategy.days, 0);
  expect(result.outOfSample.strategy.days, 'the stitched chain has every test day once').toBe(testDays);
  expect(result.outOfSample.strategy.startDate).toBe(result.folds[0]!.test.start);
  expect(result.outOfSample.strategy.endDate).toBe(result.folds.at(-1)!.test.end);
}

describe('dynaq walkforward', () => {
  it('rolls folds over the bundled sample: test windows tile the range after the first training window', async () => {
    const { code, io } = await walkforward(['--data-dir', SAMPLE_DATA, '--start', '2006-01-01', '--end', '2012-12-31', '--train-days', '504', '--test-days', '252', '--json', '--no-report']);
    expect(code, io.err).toBe(0);
    const result = JSON.parse(io.out);
    expect(Object.keys(result)).toEqual(['symbol', 'folds', 'outOfSample']);
    expect(result.symbol).toBe('SYN-MOMENTUM');
    expect(result.folds).toHaveLength(6);
    checkTiling(result);
    // the sample's trading days are the weekdays: consecutive test windows leave no day out
    expect(result.folds[1].test.start).toBe('2008-11-25');
    expect(result.folds[0].test.end).toBe('2008-11-24');
    // the chain's trade statistics are those of all the folds' round trips together
    type Fold = { strategy: { trades: number; winRate: number | null; bestTrade: number | null; maxTradeDurationDays: number | null } };
    const folds = result.folds as Fold[];
    const chain = result.outOfSample.strategy;
    expect(chain.trades).toBe(folds.reduce((sum, fold) => sum + fold.strategy.trades, 0));
    expect(chain.winRate).toBeCloseTo(folds.reduce((sum, fold) => sum + (fold.strategy.winRate ?? 0) * fold.strategy.trades, 0) / chain.trades, 12);
    expect(chain.bestTrade).toBe(Math.max(...folds.filter((fold) => fold.strategy.bestTrade !== null).map((fold) => fold.strategy.bestTrade!)));
    expect(chain.maxTradeDurationDays).toBe(Math.max(...folds.filter((fold) => fold.strategy.maxTradeDurationDays !== null).map((fold) => fold.strategy.maxTradeDurationDays!)));
    expect(chain.sqn === null || Number.isFinite(chain.sqn)).toBe(true);
  });

  it('anchored: every fold trains from the start; writes a report with a per-fold table and charts', async () => {
    const dir = fixtureDir({});
    const { code, io } = await walkforward(['--data-dir', SAMPLE_DATA, '--symbol', 'SYN-TREND', '--start', '2008-01-01', '--end', '2011-12-31', '--train-days', '300', '--test-days', '200', '--anchored', '--out', 'wf', '--no-png'], dir);
    expect(code, io.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'wf', 'summary.json'), 'utf8'));
    expect(new Set(summary.folds.map((fold: { train: { start: string } }) => fold.train.start))).toEqual(new Set(['2008-01-01']));
    const html = readFileSync(join(dir, 'wf', 'report.html'), 'utf8');
    // one row per fold in the folds table, the stitched chain in the statistics and the chart
    const folds = /<section id="table-folds">([^]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(folds.slice(folds.indexOf('<tbody>')).match(/<tr>/g)?.length).toBe(summary.folds.length);
    expect(folds).toContain(`${summary.folds[0].test.start}..${summary.folds[0].test.end}`);
    expect(html).toContain('Out-of-sample (stitched)');
    expect(readFileSync(join(dir, 'wf', 'charts', 'value-out-of-sample-stitched.svg'), 'utf8')).toMatch(/^<svg xmlns/);
    expect(readFileSync(join(dir, 'wf', 'charts', 'folds.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('refuses a step shorter than the test windows (they would overlap)', async () => {
    const { code, io } = await walkforward(['--data-dir', SAMPLE_DATA, '--start', '2006-01-01', '--end', '2012-12-31', '--train-days', '504', '--test-days', '252', '--step-days', '100', '--no-report']);
    expect(code).toBe(2);
    expect(io.err).toMatch(/--step-days 100 is shorter than --test-days 252/);
  });

  it('refuses --train, --test and --allow-overlap (the folds make the windows) instead of ignoring them', async () => {
    for (const extra of [['--train', '2006-01-01:2006-12-31'], ['--test', '2007-01-01:2007-12-31'], ['--allow-overlap']]) {
      const { code, io } = await walkforward(['--data-dir', SAMPLE_DATA, '--start', '2006-01-01', '--end', '2012-12-31', '--train-days', '504', '--test-days', '252', '--no-report', ...extra]);
      expect(code).toBe(2);
      expect(io.err).toContain(`unknown option '${extra[0]}'`);
    }
  });

  it('stitches windows into one chain of returns, each window entering from the start value (hand-computed)', () => {
    // window 1: 100 -> 110 -> 99; window 2 starts again at 100 cash: 95 (entry cost) -> 114
    const chain = stitchValues([Float64Array.from([100, 110, 99]), Float64Array.from([95, 114])], 100);
    [100, 110, 99, 99 * 0.95, 99 * 0.95 * 1.2].forEach((expected, day) => expect(chain[day]).toBeCloseTo(expected, 10));
  });
});

describe.skipIf(!hasSharedData(SHARED_PRICES, 'walk-forward on JPM'))('dynaq walkforward on JPM 2001-2011 (../shared/data)', () => {
  it('gives at least 8 folds of 252 test days that tile the range, stitched days = the sum of the test days', async () => {
    const { code, io } = await walkforward(['--symbol', 'JPM', '--data-dir', SHARED_PRICES, '--start', '2001-01-01', '--end', '2011-12-31', '--train-days', '504', '--test-days', '252', '--json', '--no-report']);
    expect(code, io.err).toBe(0);
    const result = JSON.parse(io.out);
    expect(result.folds.length).toBeGreaterThanOrEqual(8);
    checkTiling(result);
    for (const fold of result.folds.slice(0, -1)) expect(fold.strategy.days).toBe(252);
  });
});
