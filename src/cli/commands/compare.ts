import { runBacktest } from '../../backtest/run.js';
import { parseSymbolList } from '../../data/symbols.js';
import { buyAndHold, dynaQ } from '../../../strategies/index.js';
import { addBacktestOptions, dynaQSettings, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import type { RegisterCommand } from './index.js';

interface CompareFlags extends BacktestFlags {
  symbols: string;
  json?: boolean;
}

export interface CompareRow {
  readonly symbol: string;
  readonly inSample: { readonly strategy: number | null; readonly benchmark: number | null; readonly orders: number | null };
  readonly outOfSample: { readonly strategy: number | null; readonly benchmark: number | null; readonly orders: number | null };
  readonly trainSeconds: number;
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);

/** `dynaq compare`: the same Dyna-Q backtest over several symbols, one row per symbol. */
export const register: RegisterCommand = (program, io) => {
  addBacktestOptions(
    program
      .command('compare')
      .description('run the same Dyna-Q backtest over several symbols and show one row per symbol')
      .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. JPM,AAPL,XOM')
      .option('--json', 'print one JSON array instead of a table'),
  ).action((flags: CompareFlags) => {
    const symbols = parseSymbolList([flags.symbols], '--symbols');
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const rows: CompareRow[] = symbols.map((symbol) => {
      const result = runBacktest(
        { symbol, ...windows(flags), dataDir, calendar, setup: tradingSetup(flags) },
        { subject: dynaQ(dynaQSettings(flags)), benchmark: buyAndHold() },
      );
      const pick = (window: typeof result.inSample) => ({
        strategy: window.subject.stats.cumulativeReturn,
        benchmark: window.benchmark.stats.cumulativeReturn,
        orders: window.subject.stats.orders,
      });
      return { symbol, inSample: pick(result.inSample), outOfSample: pick(result.outOfSample), trainSeconds: result.trainSeconds };
    });
    if (flags.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    io.stdout(
      formatTable(
        ['symbol', 'in-sample Dyna-Q', 'buy & hold', 'orders', 'out-of-sample Dyna-Q', 'buy & hold', 'orders', 'train s'],
        rows.map((row) => [
          row.symbol,
          percent(row.inSample.strategy),
          percent(row.inSample.benchmark),
          String(row.inSample.orders ?? '—'),
          percent(row.outOfSample.strategy),
          percent(row.outOfSample.benchmark),
          String(row.outOfSample.orders ?? '—'),
          row.trainSeconds.toFixed(2),
        ]),
      ),
    );
  });
};
