import { windowResults, type BacktestResult, type WindowResult } from '../backtest/run.js';
import { describeSetup } from '../broker/setup.js';
import { backtestSummary } from '../backtest/summary.js';
import { ordersCsv, toCsv, tradesCsv, type TradeRow } from './csv.js';
import { renderReportFiles } from './files.js';
import { backtestReportModel, type ReportContext } from './from-backtest.js';
import { roundTripsCsv } from './round-trips.js';
import type { ReportFile } from './write.js';

export interface BacktestReportInput extends ReportContext {
  /** The trained agent as JSON (Dyna-Q), saved as agent.json for reuse; null if none. */
  readonly agentJson: string | null;
  /** Render PNG copies of the charts (default true). */
  readonly png?: boolean;
}

/**
 * Every file of a backtest's report folder: summary.json, trades.csv, round-trips.csv, values.csv,
 * the two orders files in the market-simulator format, agent.json, report.html and the charts.
 * Only summary.json's timings differ between two runs with the same seed and inputs.
 */
export async function backtestReportFiles(result: BacktestResult, input: BacktestReportInput): Promise<ReportFile[]> {
  const { config } = result;
  const model = backtestReportModel(result, input);
  const { files } = await renderReportFiles(model, { png: input.png ?? true });
  const roundTrips = { inSample: model.windows[0]!.trades ?? [], outOfSample: model.windows[1]!.trades ?? [] };
  const summary = {
    ...backtestSummary(result),
    roundTrips,
    strategy: result.strategy.name,
    generatedBy: model.generatedBy,
    parameters: {
      dataDir: config.dataDir,
      calendar: config.calendar,
      files: Object.fromEntries([...result.table.sources].map(([symbol, source]) => [symbol, source])),
      ...describeSetup(config.setup),
      strategy: result.strategy.name,
      settings: input.settings,
    },
    training: result.training
      ? {
          epochs: result.training.epochs,
          stoppedBecause: result.training.stoppedBecause,
          realSteps: result.training.realSteps,
          planningUpdates: result.training.planningUpdates,
          learningCurve: result.training.learningCurve,
        }
      : null,
  };
  const strategyTrades = (window: WindowResult): TradeRow[] =>
    Array.from(window.subject.run.trades, (shares, day) => ({ date: window.dates[day]!, symbol: config.symbol, shares }));
  const windows: [string, WindowResult][] = [
    ['in-sample', result.inSample],
    ['out-of-sample', result.outOfSample],
  ];
  const labels = windowResults(result.inSample).map((entry) => entry.label);
  // WipedOut names the accounts wiped out by that day: their values from then on can be below zero.
  const valueRows = windows.flatMap(([name, window]) =>
    window.dates.map((date, day) => {
      const entries = windowResults(window);
      const wiped = entries.filter((entry) => entry.stats.wipedOutOn !== null && entry.stats.wipedOutOn <= date).map((entry) => entry.label);
      return [date, name, ...entries.map((entry) => entry.run.values[day]!), wiped.join('; ')];
    }),
  );
  return [
    { name: 'summary.json', content: `${JSON.stringify(summary, null, 2)}\n` },
    { name: 'trades.csv', content: tradesCsv(windows.flatMap(([, window]) => strategyTrades(window))) },
    { name: 'round-trips.csv', content: roundTripsCsv([{ name: 'in-sample', trades: roundTrips.inSample }, { name: 'out-of-sample', trades: roundTrips.outOfSample }]) },
    { name: 'values.csv', content: toCsv(['Date', 'Window', ...labels, 'WipedOut'], valueRows) },
    { name: 'orders-in-sample.csv', content: ordersCsv(strategyTrades(result.inSample)) },
    { name: 'orders-out-of-sample.csv', content: ordersCsv(strategyTrades(result.outOfSample)) },
    ...(input.agentJson ? [{ name: 'agent.json', content: `${input.agentJson}\n` }] : []),
    ...files,
  ];
}
