import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { portfolioStatNames } from '../../src/metrics/stats.js';
import { hasSharedData, SHARED_PRICES } from '../helpers/shared-data.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

async function backtestJson(argv: string[]) {
  const io = captureIO();
  const code = await runCli(['backtest', '--json', '--no-report', ...argv], io);
  expect(code, io.err).toBe(0);
  return JSON.parse(io.out) as Record<string, any>;
}

describe('dynaq backtest', () => {
  it('prints one JSON object with the documented keys and every statistic per role', async () => {
    const result = await backtestJson(['--symbol', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--epochs', '15']);
    expect(Object.keys(result)).toEqual(['symbol', 'seed', 'train', 'test', 'trainSeconds', 'testSeconds', 'training', 'config', 'inSample', 'outOfSample', 'warnings', 'roundTrips']);
    expect(result.training.epochs).toBeLessThanOrEqual(15);
    expect(result.training.stoppedBecause).toMatch(/Q changed|unchanged|reached 15 epochs/);
    expect(result.config.settings).toMatchObject({ epochs: 15, dyna: 200, alpha: 1, model: 'exogenous', planning: 'expected', prior: 'empirical-bayes' });
    expect(result.config.setup).toMatchObject({ commission: 9.95, impact: 0.005, fill: 'close', sizing: { kind: 'shares', shares: 1000 } });
    expect(result.train).toEqual({ start: '2008-01-01', end: '2009-12-31' });
    // The trading days inside the requested windows: 2011-12-31 is a Saturday.
    expect(result.test).toEqual({ start: '2010-01-01', end: '2011-12-30' });
    expect(result.outOfSample.strategy.endDate, 'the last trading day inside the window').toBe('2011-12-30');
    for (const window of [result.inSample, result.outOfSample]) {
      expect(Object.keys(window)).toEqual(['strategy', 'benchmark', 'manual']);
      for (const stats of Object.values(window) as Record<string, unknown>[]) {
        for (const name of portfolioStatNames) expect(stats, name).toHaveProperty(name);
      }
      expect(window.benchmark.orders).toBe(1);
    }
  });

  it('lists the round trips the statistics count; their profits are all the account made', async () => {
    const result = await backtestJson(['--symbol', 'SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--strategy', 'manual']);
    // the last day values a position still open at its close, as the trade list does (exit reason "end")
    for (const key of ['inSample', 'outOfSample'] as const) {
      const trips = result.roundTrips[key] as { profit: number; exitReason: string; entryDate: string; exitDate: string }[];
      const stats = result[key].strategy;
      expect(trips.length, key).toBe(stats.trades);
      expect(trips.length, `${key}: the strategy trades, or this proves nothing`).toBeGreaterThan(5);
      const profit = trips.reduce((sum, trip) => sum + trip.profit, 0);
      expect(profit, key).toBeCloseTo(stats.finalValue - stats.startValue, 6);
      expect(trips.filter((trip) => trip.profit > 0).length / trips.length).toBe(stats.winRate);
      for (const trip of trips) expect(trip.entryDate <= trip.exitDate && trip.exitDate <= stats.endDate && trip.entryDate >= stats.startDate).toBe(true);
    }
  });

  it('gives byte-identical statistics for the same seed (timings aside)', async () => {
    const argv = ['--symbol', 'SYN-REGIME', '--data-dir', SAMPLE_DATA, '--epochs', '12', '--seed', '5'];
    const strip = ({ trainSeconds: _a, testSeconds: _b, ...rest }: Record<string, any>) => JSON.stringify(rest);
    expect(strip(await backtestJson(argv))).toBe(strip(await backtestJson(argv)));
  });

  it('prints the comparison table with in-sample and out-of-sample sections', async () => {
    const io = captureIO();
    expect(await runCli(['backtest', '--symbol', 'SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--epochs', '10', '--no-report'], io)).toBe(0);
    expect(io.out).toMatch(/In-sample\s+Out-of-sample\n\s+Dyna-Q\s+Buy & hold\s+Manual rules\s+Dyna-Q\s+Buy & hold\s+Manual rules/);
    expect(io.out).toMatch(/\nReturn\s+-?\d+\.\d\d%/);
    expect(io.out).toMatch(/trained \d+ epochs \(/);
    expect(io.out).toMatch(/^config: symbol=SYN-MEANREV train=2008-01-01:2009-12-31 test=2010-01-01:2011-12-31 strategy=dyna-q fill=close commission=9.95 impact=0.005 size=1000shares startValue=100000 .*dyna=200 .*epochs=10/);
    expect(io.out).not.toMatch(/\x1b\[/);
  });

  it.each([
    [['--symbol', 'NOPE'], 1, /no price file for 'NOPE'.*The folder has: SYN-MARKET, SYN-MEANREV/],
    [['--symbol', 'SYN-TREND', '--train', '2030-01-01:2030-12-31'], 2, /--train 2030-01-01:2030-12-31 has no trading days: the data covers 2005-01-03\.\.2012-12-31/],
    [['--symbol', 'SYN-TREND', '--test', '2010-01-01'], 2, /--test '2010-01-01' must be START:END/],
    [['--symbol', 'SYN-TREND', '--fill', 'vwap'], 2, /--fill must be one of close, next-open, got 'vwap'/],
    [['--symbol', 'SYN-TREND', '--strategy', 'magic'], 2, /--strategy must be one of dyna-q, manual, buy-and-hold/],
    [['--symbol', 'SYN-TREND', '--indicators', 'rsi:14,nope'], 2, /nope/],
    [['--symbol', 'SYN-TREND', '--impact', '-1'], 2, /--impact must be within 0\.\.1/],
  ])('rejects %j with one clear line', async (argv, code, message) => {
    const io = captureIO();
    expect(await runCli(['backtest', '--data-dir', SAMPLE_DATA, ...argv], io)).toBe(code);
    expect(io.err).toMatch(message);
    expect(io.out).toBe('');
  });
});

describe.skipIf(!hasSharedData(SHARED_PRICES, 'backtest JPM acceptance'))('dynaq backtest on JPM (../shared/data)', () => {
  it('reproduces the published buy-and-hold returns and beats in-sample clearly at impact 0, commission 0', async () => {
    const result = await backtestJson(['--symbol', 'JPM', '--data-dir', SHARED_PRICES, '--impact', '0', '--commission', '0']);
    expect(result.inSample.benchmark.cumulativeReturn).toBeCloseTo(0.0123, 4);
    expect(result.outOfSample.benchmark.cumulativeReturn).toBeCloseTo(-0.0834, 4);
    expect(result.inSample.strategy.cumulativeReturn).toBeGreaterThan(0.0123 + 0.2);
  });
});
