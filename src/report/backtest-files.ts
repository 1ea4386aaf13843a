import { windowResults, type AnyBacktestResult, type WindowResult } from '../backtest/run.js';
import { describeSetup } from '../broker/setup.js';
import { runSummary } from '../backtest/summary.js';
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
export async function backtestReportFiles(result: AnyBacktestResult, input: BacktestReportInput): Promise<ReportFile[]> {
  const { config } = result;
  const model = backtestReportModel(result, input);
  const { files } = await renderReportFiles(model, { png: input.png ?? true });
  const roundTrips = Object.fromEntries(result.windows.map((window, index) => [window.key, model.windows[index]!.trades ?? []]));
  const summary = {
    ...runSummary(result),
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
  const fileName = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`); // outOfSample -> out-of-sample
  const windows: [string, WindowResult][] = result.windows.map((window) => [fileName(window.key), window.result]);
  const labels = windowResults(result.windows[0]!.result).map((entry) => entry.label);
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
    { name: 'round-trips.csv', content: roundTripsCsv(result.windows.map((window) => ({ name: fileName(window.key), trades: roundTrips[window.key] ?? [] }))) },
    { name: 'values.csv', content: toCsv(['Date', 'Window', ...labels, 'WipedOut'], valueRows) },
    ...windows.map(([name, window]) => ({ name: `orders-${name}.csv`, content: ordersCsv(strategyTrades(window)) })),
    ...(input.agentJson ? [{ name: 'agent.json', content: `${input.agentJson}\n` }] : []),
    ...files,
  ];
}
