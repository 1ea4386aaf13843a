import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/backtesting-py', import.meta.url));
const STRATEGY = fileURLToPath(new URL('../../strategies/examples/sma-crossover.ts', import.meta.url));

interface Trade {
  readonly shares: number;
  readonly entryDate: string;
  readonly entryPrice: number;
  readonly exitDate: string;
  readonly exitPrice: number;
}

/** backtesting.py's own trades of its SmaCross test on GOOG (test/fixtures/backtesting-py/README.md). */
function publishedTrades(): Trade[] {
  return readFileSync(`${FIXTURES}/sma-cross-trades.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [size, , , entryPrice, exitPrice, entryDate, exitDate] = line.split(',');
      return { shares: Number(size), entryDate: entryDate!, entryPrice: Number(entryPrice), exitDate: exitDate!, exitPrice: Number(exitPrice) };
    });
}

describe("backtesting.py's SmaCross test, reproduced through the CLI with a strategy file", () => {
  it('gives the same 66 trades and the same final equity (51422.99), return, win rate and drawdown', async () => {
    const io = captureIO();
    const code = await runCli(
      [
        'backtest', '--strategy', STRATEGY, '--data-dir', FIXTURES, '--calendar', 'GOOG', '--symbol', 'GOOG',
        '--period', '2004-08-19:2013-03-01', '--fill', 'next-open', '--fraction', '1', '--commission', '0', '--impact', '0',
        '--start-value', '10000', '--close-at-end', '--json', '--no-report',
      ],
      io,
    );
    expect(code, io.err).toBe(0);
    const result = JSON.parse(io.out) as { period: { strategy: Record<string, number> }; roundTrips: { period: Trade[] } };
    const trades = result.roundTrips.period.map(({ shares, entryDate, entryPrice, exitDate, exitPrice }) => ({ shares, entryDate, entryPrice, exitDate, exitPrice }));
    expect(trades).toEqual(publishedTrades());
    const stats = result.period.strategy;
    // backtesting.py's published figures (test_compute_stats, 0.6.6)
    expect(stats.trades).toBe(66);
    expect(stats.finalValue).toBeCloseTo(51422.98999999996, 6);
    expect(stats.cumulativeReturn! * 100).toBeCloseTo(414.2298999999996, 8);
    expect(stats.winRate! * 100).toBeCloseTo(46.96969696969697, 10);
    expect(stats.maxDrawdown! * 100).toBeCloseTo(-47.98012705007589, 8);
    expect(stats.annualizedReturn! * 100).toBeCloseTo(21.191099249053224, 6);
  });
});
