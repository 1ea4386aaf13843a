import { assertTicker } from '../../data/symbols.js';
import { defaultSymbol } from '../../data/data-dir.js';
import { checkWindowOrder } from '../../data/window.js';
import { UserError } from '../../errors.js';
import { checkLookahead, type LookaheadReport, type LookaheadRequest } from '../../jobs/lookahead.js';
import { WorkerPool } from '../../jobs/pool.js';
import { addBacktestOptions, chooseStrategy, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import { parseIntegerOption } from '../options.js';
import type { RegisterCommand } from '../command.js';
import { strategyOption, symbolOption } from '../common-options.js';

interface LookaheadFlags extends BacktestFlags {
  strategy: string;
  symbol?: string;
  cuts: number;
  json?: boolean;
}

/** `dynaq check-lookahead`: rerun a strategy with every price after day t changed, for several t, and list every earlier decision that moved. */
export const register: RegisterCommand = (program, io) => {
  addBacktestOptions(
    program
      .command('check-lookahead')
      .description('rerun a strategy with the prices after day t changed, for several t, and list every decision up to t that changed (it saw a later price)')
      .addOption(strategyOption().default(undefined).makeOptionMandatory())
      .addOption(symbolOption())
      .option('--cuts <n>', 'cut days per window', parseIntegerOption('--cuts', 1, 50), 3)
      .option('--json', 'print one JSON object'),
  ).action(async (flags: LookaheadFlags) => {
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const symbol = flags.symbol === undefined ? defaultSymbol(dataDir) : assertTicker(flags.symbol, '--symbol');
    const chosen = await chooseStrategy(flags.strategy, flags, io.cwd);
    const ranges = windows(flags);
    checkWindowOrder(ranges.train, ranges.test, ranges.allowOverlap);
    const request: LookaheadRequest = {
      config: { symbol, ...ranges, dataDir, calendar, setup: tradingSetup(flags) },
      strategy: chosen.source,
      params: chosen.given,
      cutsPerWindow: flags.cuts,
    };
    let report: LookaheadReport;
    if (chosen.source.kind === 'built-in') report = await checkLookahead(request);
    else {
      const pool = new WorkerPool({ threads: 1, timeBudgetSeconds: flags.timeBudget });
      try {
        report = await pool.run<LookaheadReport>({ kind: 'lookahead', request });
      } finally {
        await pool.destroy();
      }
    }
    if (flags.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else printLookaheadReport(io.stdout, chosen.facts.label, report);
    if (!report.passed) {
      const changed = report.cuts.reduce((total, cut) => total + cut.changedUpToCut.length, 0);
      throw new UserError(`${chosen.facts.label}: ${changed} decision(s) changed when only later prices did: the strategy looks ahead.`);
    }
  });
};

/** The command's table: cuts, counts, and the decisions that changed before their cut. */
export function printLookaheadReport(write: (text: string) => void, label: string, report: LookaheadReport): void {
  write(`${label} on ${report.symbol}: ${report.decisions} decisions, rerun with every price after each cut day changed\n`);
  if (report.learns) write('(it trains: its in-sample decisions are fitted to the whole training window by design, so only the out-of-sample window is cut)\n');
  write(`\n${formatTable(
    ['window', 'cut after', 'changed up to the cut', 'changed after it'],
    report.cuts.map((cut) => [cut.window, cut.cutDate, String(cut.changedUpToCut.length), String(cut.changedAfterCut)]),
  )}`);
  const changed = report.cuts.flatMap((cut) => cut.changedUpToCut.map((change) => ({ ...change, cutDate: cut.cutDate })));
  if (changed.length > 0) {
    write(`\nDecisions that changed although only later prices did (first 20):\n`);
    write(formatTable(['date', 'cut after', 'decision', 'with later prices changed'], changed.slice(0, 20).map((change) => [change.date, change.cutDate, change.before, change.after])));
  } else {
    write('\nNo decision changed before its cut: no look-ahead found.\n');
    if (report.cuts.every((cut) => cut.changedAfterCut === 0)) write('Note: no later decision changed either; the strategy may not read prices, and this check then proves little.\n');
  }
}
