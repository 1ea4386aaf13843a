import { existsSync, statSync } from 'node:fs';
import { COURSE } from '../../defaults.js';
import { resolve } from 'node:path';
import { fillModelNames, type FillModelName } from '../../broker/models.js';
import { UserError } from '../../errors.js';
import { checkWritable, writeFileAtomic } from '../../fs-atomic.js';
import { formatFixed } from '../../report/format.js';
import { readOrdersFile } from '../../marketsim/orders.js';
import { computePortvals } from '../../marketsim/portvals.js';
import type { SimulationResult } from '../../marketsim/simulate.js';
import { addDataOptions, resolveDataFlags, type DataFlags } from '../data-options.js';
import { parseChoiceOption, parseNumberOption } from '../options.js';
import type { RegisterCommand } from '../command.js';

interface MarketsimFlags extends DataFlags {
  startValue: number;
  commission: number;
  impact: number;
  fill: FillModelName;
  json?: boolean;
  out?: string;
}

const FILL_DESCRIPTIONS: Record<FillModelName, string> = {
  close: 'close (adjusted close of the order day)',
  'next-open': "next-open (next trading day's adjusted open)",
};

export const register: RegisterCommand = (program, io) => {
  const command = program
    .command('marketsim')
    .description('Simulate an orders file (Date,Symbol,Order,Shares) and print portfolio statistics')
    .argument('<orders>', 'orders CSV file, rows in any date order')
    .option('--start-value <cash>', 'cash before the first order', parseNumberOption('--start-value', 0.01), 1_000_000)
    .option('--commission <amount>', 'fixed commission per order', parseNumberOption('--commission', 0), COURSE.commission)
    .option('--impact <fraction>', 'market impact as a fraction of traded value', parseNumberOption('--impact', 0, 1), COURSE.impact)
    .option('--fill <model>', `fill model: ${fillModelNames.join(', ')}`, parseChoiceOption('--fill', fillModelNames), 'close')
    .option('--json', 'print one JSON object instead of a table')
    .option('--out <file>', 'write the daily values as CSV (Date,Value)');
  addDataOptions(command).action((ordersPath: string, flags: MarketsimFlags) => {
      const { dataDir, calendar } = resolveDataFlags(flags, io);
      if (flags.out !== undefined) checkOutFile(resolve(io.cwd, flags.out));
      const orders = readOrdersFile(resolve(io.cwd, ordersPath), ordersPath);
      const result = computePortvals(orders, {
        startValue: flags.startValue,
        commission: flags.commission,
        impact: flags.impact,
        fill: flags.fill,
        dataDir,
        calendar,
      });
      for (const rejection of result.rejections) io.stderr(`dynaq: order rejected: ${rejection.reason}\n`);
      // The course's marketsim lets the value go below zero; a backtest would have wiped it out.
      if (result.nonPositiveOn !== null) {
        io.stderr(`dynaq: warning: the portfolio value reached 0 or less on ${result.nonPositiveOn}; the course's market simulator goes on (a backtest would stop there, wiped out).\n`);
      }
      if (flags.out !== undefined) writeValuesCsv(resolve(io.cwd, flags.out), result);
      io.stdout(flags.json ? `${JSON.stringify(jsonSummary(result))}\n` : table(ordersPath, flags, result));
    });
};

/** The `--json` object: exactly these keys. */
export function jsonSummary(result: SimulationResult) {
  const { stats } = result;
  return {
    days: stats.days,
    startValue: stats.startValue,
    finalValue: stats.finalValue,
    cumulativeReturn: stats.cumulativeReturn,
    averageDailyReturn: stats.averageDailyReturn,
    stdDailyReturn: stats.stdDailyReturn,
    sharpeRatio: stats.sharpeRatio,
  };
}

/** Writes `Date,Value` under a temporary name and renames it into place: never a partial file. */
function writeValuesCsv(path: string, result: SimulationResult): void {
  const lines = ['Date,Value'];
  result.values.forEach((value, i) => lines.push(`${result.dates[i]},${value}`));
  try {
    writeFileAtomic(path, `${lines.join('\n')}\n`);
  } catch (error) {
    throw new UserError(`--out ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function table(ordersPath: string, flags: MarketsimFlags, result: SimulationResult): string {
  const { stats } = result;
  const money = (x: number) => formatFixed(x, 2);
  const num = (x: number | null, digits: number) => (x === null ? 'n/a' : x.toFixed(digits));
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(4)}%`);
  const rows: [string, string][] = [
    ['Orders file', ordersPath],
    ['Fill model', FILL_DESCRIPTIONS[result.fillModel]],
    ['Commission', `${flags.commission} per order`],
    ['Impact', `${flags.impact} of traded value`],
    ['Days', `${stats.days} (${stats.startDate} .. ${stats.endDate})`],
    ['Start value', money(stats.startValue)],
    ['Final value', money(stats.finalValue)],
    ['Cumulative return', pct(stats.cumulativeReturn)],
    ['Average daily return', num(stats.averageDailyReturn, 8)],
    ['Std of daily return', num(stats.stdDailyReturn, 8)],
    ['Sharpe ratio', num(stats.sharpeRatio, 6)],
    ['Max drawdown', `${pct(stats.maxDrawdown)}${stats.maxDrawdownStart ? ` (${stats.maxDrawdownStart} .. ${stats.maxDrawdownTrough})` : ''}`],
    ['Orders executed', String(stats.orders ?? 0)],
    ['Orders rejected', String(result.rejections.length)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

/** `--out FILE` is checked before the simulation: not a folder, and somewhere a file can be written. */
function checkOutFile(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) throw new UserError(`--out ${path}: it is a folder; name the CSV file to write, e.g. --out values.csv.`, 2);
  checkWritable(path, '--out');
}
