import { runBacktest } from '../../backtest/run.js';
import { parseSymbolList } from '../../data/symbols.js';
import { buyAndHold } from '../../../strategies/index.js';
import { resolveStrategy } from '../../../strategies/user.js';
import { addBacktestOptions, dynaQSettings, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import type { RegisterCommand } from './index.js';

interface CompareFlags extends BacktestFlags {
  symbols: string;
  strategy: string;
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
      .option('--strategy <name|file>', 'strategy: dyna-q, manual, buy-and-hold, or your own file (.mjs, .js, .ts)', 'dyna-q')
      .option('--json', 'print one JSON array instead of a table'),
  ).action(async (flags: CompareFlags) => {
    const symbols = parseSymbolList([flags.symbols], '--symbols', true);
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const makeStrategy = await resolveStrategy(flags.strategy, dynaQSettings(flags), io.cwd);
    let label = 'Dyna-Q';
    const rows: CompareRow[] = symbols.map((symbol) => {
      const result = runBacktest(
        { symbol, ...windows(flags), dataDir, calendar, setup: tradingSetup(flags) },
        { subject: makeStrategy(), benchmark: buyAndHold() },
      );
      label = result.inSample.subject.label;
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
        ['symbol', `in-sample ${label}`, 'buy & hold', 'orders', `out-of-sample ${label}`, 'buy & hold', 'orders', 'train s'],
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
