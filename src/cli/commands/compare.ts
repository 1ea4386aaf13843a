import { UserError } from '../../errors.js';
import type { JobResult } from '../../jobs/job.js';
import { planJobs } from '../../jobs/plan.js';
import { RunClock, runLocal } from '../../jobs/sweep.js';
import { jobsOption, strategyOption } from '../common-options.js';
import { parseSymbolList } from '../../data/symbols.js';
import { addBacktestOptions, chooseStrategy, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import { WIPED_OUT_MARK, wipedOutLegend } from '../../report/format.js';
import type { RegisterCommand } from '../command.js';

interface CompareFlags extends BacktestFlags {
  symbols: string;
  strategy: string;
  jobs: number;
  json?: boolean;
}

/** One window of a compare row: returns, orders, and the day each account was wiped out (or null). */
export interface CompareWindow {
  readonly strategy: number | null;
  readonly benchmark: number | null;
  readonly orders: number | null;
  readonly strategyWipedOutOn: string | null;
  readonly benchmarkWipedOutOn: string | null;
}

export interface CompareRow {
  readonly symbol: string;
  readonly inSample: CompareWindow;
  readonly outOfSample: CompareWindow;
  readonly trainSeconds: number;
}

/** A return, marked when its account was wiped out (a value at or below 0 never shows unmarked). */
const percent = (value: number | null, wipedOutOn: string | null) =>
  value === null ? '—' : `${(value * 100).toFixed(2)}%${wipedOutOn === null ? '' : ` ${WIPED_OUT_MARK}`}`;

/** `dynaq compare`: the same Dyna-Q backtest over several symbols, one row per symbol. */
export const register: RegisterCommand = (program, io) => {
  addBacktestOptions(
    program
      .command('compare')
      .description('run the same Dyna-Q backtest over several symbols and show one row per symbol')
      .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. JPM,AAPL,XOM')
      .addOption(strategyOption())
      .addOption(jobsOption())
      .option('--json', 'print one JSON array instead of a table'),
  ).action(async (flags: CompareFlags) => {
    const symbols = parseSymbolList([flags.symbols], '--symbols', true);
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    // A small sweep: one job per symbol on the same machinery (worker threads with --jobs).
    // A bad name, file or parameter is one line before any work; the probe also gives the column label.
    const chosen = await chooseStrategy(flags.strategy, flags, io.cwd);
    const label = chosen.facts.label;
    const jobs = planJobs({
      symbols,
      seeds: null,
      grid: [{}],
      strategy: chosen.source,
      configure: () => ({ params: chosen.given, setup: tradingSetup(flags), windows: windows(flags) }),
      walkforward: null,
      dataDir,
      calendar,
    });
    const results = new Map<string, JobResult>();
    const clock = new RunClock();
    const failures = await runLocal(jobs, { workers: flags.jobs, timeBudgetSeconds: flags.timeBudget, onResult: (result) => results.set(result.id, result), clock });
    if (failures.length > 0) throw new UserError(failures.map((failure) => failure.error).join('; '));
    const rows: CompareRow[] = jobs.map((job) => {
      const result = results.get(job.id)!;
      const pick = (window: JobResult['inSample']): CompareWindow => ({
        strategy: window.strategy.cumulativeReturn,
        benchmark: window.benchmark.cumulativeReturn,
        orders: window.strategy.orders,
        strategyWipedOutOn: window.strategy.wipedOutOn ?? null,
        benchmarkWipedOutOn: window.benchmark.wipedOutOn ?? null,
      });
      return { symbol: job.symbol, inSample: pick(result.inSample), outOfSample: pick(result.outOfSample), trainSeconds: result.trainSeconds };
    });
    if (flags.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    io.stdout(
      formatTable(
        ['symbol', `in-sample ${label}`, 'buy & hold', 'orders', `out-of-sample ${label}`, 'buy & hold', 'orders', 'train s'],
        rows.map((row) => [
          row.symbol,
          percent(row.inSample.strategy, row.inSample.strategyWipedOutOn),
          percent(row.inSample.benchmark, row.inSample.benchmarkWipedOutOn),
          String(row.inSample.orders ?? '—'),
          percent(row.outOfSample.strategy, row.outOfSample.strategyWipedOutOn),
          percent(row.outOfSample.benchmark, row.outOfSample.benchmarkWipedOutOn),
          String(row.outOfSample.orders ?? '—'),
          row.trainSeconds.toFixed(2),
        ]),
      ),
    );
    const wiped = rows.flatMap((row) =>
      (['inSample', 'outOfSample'] as const).flatMap((key) => {
        const window = row[key];
        const name = key === 'inSample' ? 'in-sample' : 'out-of-sample';
        return [
          ...(window.strategyWipedOutOn ? [{ name: `${row.symbol} ${label}, ${name}`, date: window.strategyWipedOutOn }] : []),
          ...(window.benchmarkWipedOutOn ? [{ name: `${row.symbol} buy & hold, ${name}`, date: window.benchmarkWipedOutOn }] : []),
        ];
      }),
    );
    if (wiped.length > 0) io.stdout(`${wipedOutLegend(wiped)}\n`);
    io.stdout(`${clock.line()}\n`);
  });
};
