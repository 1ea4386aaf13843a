import { listSymbols } from '../../data/data-dir.js';
import { loadPrices, NoTradingDaysError } from '../../data/load.js';
import { parseSymbolList } from '../../data/symbols.js';
import { addDataOptions, optionalDate, resolveDataFlags, type DataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import type { RegisterCommand } from '../command.js';

interface DataCommandFlags extends DataFlags {
  start?: string;
  end?: string;
  json?: boolean;
}

/** `dynaq data`: what the loader made of a folder, for a range and some symbols. */
export const register: RegisterCommand = (program, io) => {
  addDataOptions(
    program
      .command('data')
      .description('load prices and show trading days, first/last adjusted close and filled values')
      .argument('[symbols...]', 'symbols to load (default: every SYMBOL.csv in the folder)')
      .option('--start <date>', 'first day, yyyy-MM-dd (default: first day of the calendar)')
      .option('--end <date>', 'last day, yyyy-MM-dd (default: last day of the calendar)')
      .option('--json', 'print one JSON object instead of a table'),
  ).action((symbolArgs: string[], flags: DataCommandFlags) => {
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const symbols = symbolArgs.length > 0 ? parseSymbolList(symbolArgs) : listSymbols(dataDir);
    let table;
    try {
      table = loadPrices({
        symbols,
        dataDir,
        calendar,
        start: optionalDate(flags.start, '--start'),
        end: optionalDate(flags.end, '--end'),
      });
    } catch (error) {
      const range = [flags.start === undefined ? '' : `--start ${flags.start}`, flags.end === undefined ? '' : `--end ${flags.end}`].filter(Boolean).join(' ');
      if (error instanceof NoTradingDaysError) throw error.outside(`${range} ${range.includes(' --end') ? 'hold' : 'holds'}`, 2);
      throw error;
    }
    const last = table.dates.length - 1;
    const summary = {
      days: table.dates.length,
      start: table.dates[0]!,
      end: table.dates[last]!,
      symbols: Object.fromEntries(
        table.symbols.map((symbol) => {
          const series = table.series.get(symbol)!;
          return [symbol, { first: series.adjClose[0]!, last: series.adjClose[last]!, filled: series.filled }];
        }),
      ),
    };
    if (flags.json) {
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    io.stdout(
      `${summary.days} trading days ${summary.start}..${summary.end} (calendar ${table.calendar}, ${dataDir})\n\n`,
    );
    io.stdout(
      formatTable(
        ['symbol', 'first adj close', 'last adj close', 'filled'],
        Object.entries(summary.symbols).map(([symbol, s]) => [symbol, s.first.toFixed(2), s.last.toFixed(2), String(s.filled)]),
      ),
    );
  });
};
