import { windowResults, type AnyBacktestResult, type StrategyResult, type WindowResult } from '../backtest/run.js';
import { describeSetup } from '../broker/setup.js';
import type { PortfolioStats } from '../metrics/stats.js';
import type { JsonValue } from '../values.js';
import type { ReportModel, ReportTable, ReportWindow, RoundTrip, StatisticRow, StatisticUnit, StatisticValue } from './model.js';
import { slug } from './charts.js';
import { formatFixed, formatMarked } from './format.js';
import { windowRoundTrips } from './round-trips.js';

/** A statistic of the table: key, label, unit, and how to read it from PortfolioStats. */
interface StatisticSpec {
  readonly key: string;
  readonly label: string;
  readonly unit: StatisticUnit;
  readonly signed?: boolean;
  readonly value: (stats: PortfolioStats) => StatisticValue;
}

/** backtesting.py's statistics, plus the course's daily figures; the README lists the same. */
export const REPORT_STATISTICS: readonly StatisticSpec[] = [
  { key: 'start', label: 'Start', unit: 'date', value: (s) => s.startDate },
  { key: 'end', label: 'End', unit: 'date', value: (s) => s.endDate },
  { key: 'returnPct', label: 'Return', unit: 'percent', signed: true, value: (s) => s.cumulativeReturn },
  { key: 'buyHoldReturnPct', label: 'Buy & hold return', unit: 'percent', signed: true, value: (s) => s.buyAndHoldReturn },
  { key: 'annualReturnPct', label: 'Annualized return', unit: 'percent', signed: true, value: (s) => s.annualizedReturn },
  { key: 'annualVolatilityPct', label: 'Annualized volatility', unit: 'percent', value: (s) => s.annualizedVolatility },
  { key: 'sharpe', label: 'Sharpe ratio', unit: 'ratio', value: (s) => s.sharpeRatio },
  { key: 'sortino', label: 'Sortino ratio', unit: 'ratio', value: (s) => s.sortinoRatio },
  { key: 'calmar', label: 'Calmar ratio', unit: 'ratio', value: (s) => s.calmarRatio },
  { key: 'maxDrawdownPct', label: 'Max. drawdown', unit: 'percent', signed: true, value: (s) => s.maxDrawdown },
  { key: 'maxDrawdownDays', label: 'Max. drawdown duration', unit: 'days', value: (s) => s.maxDrawdownDurationDays },
  { key: 'avgDailyReturnPct', label: 'Avg. daily return', unit: 'percent', signed: true, value: (s) => s.averageDailyReturn },
  { key: 'stdDailyReturnPct', label: 'Std. daily return', unit: 'percent', value: (s) => s.stdDailyReturn },
  { key: 'trades', label: 'Trades', unit: 'count', value: (s) => s.trades },
  { key: 'orders', label: 'Orders', unit: 'count', value: (s) => s.orders },
  { key: 'winRatePct', label: 'Win rate', unit: 'percent', value: (s) => s.winRate },
  { key: 'bestTradePct', label: 'Best trade', unit: 'percent', signed: true, value: (s) => s.bestTrade },
  { key: 'worstTradePct', label: 'Worst trade', unit: 'percent', signed: true, value: (s) => s.worstTrade },
  { key: 'avgTradePct', label: 'Avg. trade', unit: 'percent', signed: true, value: (s) => s.averageTrade },
  { key: 'avgTradeGeometricPct', label: 'Avg. trade (geometric)', unit: 'percent', signed: true, value: (s) => s.geometricAverageTrade },
  { key: 'maxTradeDays', label: 'Max. trade duration', unit: 'days', value: (s) => s.maxTradeDurationDays },
  { key: 'avgTradeDays', label: 'Avg. trade duration', unit: 'days', value: (s) => s.averageTradeDurationDays },
  { key: 'profitFactor', label: 'Profit factor', unit: 'ratio', value: (s) => s.profitFactor },
  { key: 'avgTradeProfit', label: 'Expectancy (avg. trade profit)', unit: 'money', signed: true, value: (s) => s.averageTradeProfit },
  { key: 'sqn', label: 'SQN', unit: 'ratio', value: (s) => s.sqn },
  { key: 'kelly', label: 'Kelly criterion', unit: 'ratio', value: (s) => s.kellyCriterion },
  { key: 'exposurePct', label: 'Exposure time', unit: 'percent', value: (s) => s.exposureTime },
  { key: 'finalValue', label: 'Final value', unit: 'money', value: (s) => s.finalValue },
  { key: 'peakValue', label: 'Peak value', unit: 'money', value: (s) => s.peakValue },
  { key: 'wipedOutOn', label: 'Wiped out on', unit: 'date', value: (s) => s.wipedOutOn },
];

/** A setting as the report's parameter table shows it: a list joined, an object as JSON, never `[object Object]`. */
function settingText(value: JsonValue): string {
  if (Array.isArray(value)) return value.map((item: JsonValue) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(', ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

export interface ReportContext {
  readonly commandLine: string;
  readonly version: string;
  readonly seed: number | null;
  /** Settings of the strategy under test as it describes them (learner parameters, indicators...). */
  readonly settings: Readonly<Record<string, JsonValue>>;
}

/** Maps a backtest (split, or one period) into the presentation model every renderer reads. */
export function backtestReportModel(result: AnyBacktestResult, context: ReportContext): ReportModel {
  const { config } = result;
  const windows = result.windows;
  const first = windows[0]!.result;
  const strategies = windowResults(first).map((entry, index) => ({ name: entry.label, highlight: index === 0 }));
  const columns = windows.flatMap((window) => windowResults(window.result).map((entry) => ({ strategy: entry.label, window: window.name, wipedOutOn: entry.stats.wipedOutOn })));
  const rows: StatisticRow[] = REPORT_STATISTICS.map((spec) => ({
    key: spec.key,
    label: spec.label,
    unit: spec.unit,
    ...(spec.signed ? { signed: true } : {}),
    values: windows.flatMap((window) => windowResults(window.result).map((entry) => spec.value(entry.stats))),
  }));
  const subject = first.subject;
  const returnOf = (entry: StrategyResult) => entry.stats.cumulativeReturn;
  const setup = describeSetup(config.setup);
  const percentText = (entry: StrategyResult) => formatMarked(returnOf(entry), 'percent', entry.stats.wipedOutOn !== null);
  const sources = [...result.table.sources].map(([symbol, source]) => ({ label: `${symbol}.csv sha256`, value: source.sha256 }));
  const training = result.training;
  const reportWindows = windows.map((window) => reportWindow(result, window.name, window.result));
  const last = windows[windows.length - 1]!;
  const lowerName = (name: string) => name.toLowerCase();

  return {
    title: `${config.symbol} — ${subject.label} backtest`,
    subtitle:
      result.kind === 'period'
        ? `Period ${result.period.start}..${result.period.end} (no training, no split)`
        : `In-sample ${result.inSample.start}..${result.inSample.end}, ` +
          `${result.lookAhead ? 'LOOK-AHEAD test window (overlaps training)' : 'out-of-sample'} ${result.outOfSample.start}..${result.outOfSample.end}`,
    keyFigures: [
      ...windows.map((window) => ({
        label: `${subject.label} return, ${lowerName(window.name)}`,
        value: returnOf(window.result.subject),
        unit: 'percent' as const,
        signed: true,
        note: `buy & hold ${percentText(window.result.benchmark)}`,
        wipedOutOn: window.result.subject.stats.wipedOutOn,
      })),
      { label: `Sharpe ratio, ${lowerName(last.name)}`, value: last.result.subject.stats.sharpeRatio, unit: 'ratio', wipedOutOn: last.result.subject.stats.wipedOutOn },
    ],
    generatedBy: { program: 'dynaq', version: context.version, commandLine: context.commandLine },
    parameters: [
      { label: 'Symbol', value: config.symbol },
      { label: 'Strategy', value: result.strategy.name },
      { label: 'Seed', value: context.seed === null ? '—' : String(context.seed) },
      ...(result.kind === 'period'
        ? [{ label: 'Period', value: windowText(result.period) }]
        : [
            { label: 'In-sample window', value: windowText(result.inSample) },
            { label: 'Out-of-sample window', value: windowText(result.outOfSample) + (result.lookAhead ? ' (overlaps the training window: look-ahead)' : '') },
          ]),
      ...(setup.closeAtEnd ? [{ label: 'At the end', value: 'open positions closed by the last fill' }] : []),
      { label: 'Margin', value: setup.margin === null ? 'none (cash may go negative)' : `${setup.margin} (an order beyond buying power is ${setup.onExcess === 'cut' ? 'cut' : 'refused'})` },
      ...result.warnings.map((warning) => ({ label: 'Warning', value: warning })),
      { label: 'Fill model', value: setup.fillDescription },
      { label: 'Start value', value: setup.startValue.toFixed(2) },
      { label: 'Commission per order', value: String(setup.commission) },
      { label: 'Impact', value: String(setup.impact) },
      { label: 'Position size', value: setup.sizingDescription },
      { label: 'Data folder', value: config.dataDir },
      { label: 'Calendar', value: config.calendar },
      ...sources,
      ...Object.entries(context.settings).map(([label, value]) => ({ label: `Setting: ${label}`, value: settingText(value) })),
      ...(training
        ? [
            { label: 'Training', value: `${training.epochs} epochs, ${training.stoppedBecause}` },
            { label: 'Real steps / planning updates', value: `${formatFixed(training.realSteps, 0)} / ${formatFixed(training.planningUpdates, 0)}` },
          ]
        : []),
    ],
    strategies,
    statistics: { columns, rows },
    windows: reportWindows,
    tables: reportWindows.map((window) => roundTripTable(window)),
    learningCurve: training && training.learningCurve.length > 0
      ? {
          valueLabel: 'In-sample return of the greedy policy',
          unit: 'percent',
          points: training.learningCurve.map((value, epoch) => ({ epoch: epoch + 1, value, series: 'In-sample return' })),
        }
      : null,
    policy: training?.policy
      ? { ...training.policy, actionLabels: training.policy.actionLabels.map(capitalize), actionColors: ['#9ca3af', '#16a34a', '#dc2626'] }
      : null,
  };
}

function reportWindow(result: AnyBacktestResult, name: string, window: WindowResult): ReportWindow {
  const normalized = (entry: StrategyResult) => Array.from(entry.run.values, (value) => value / entry.run.values[0]!);
  const series = windowResults(window).map((entry) => ({ name: entry.label, values: normalized(entry), wipedOutOn: entry.stats.wipedOutOn }));
  const { table } = result;
  const symbol = result.config.symbol;
  const from = table.dates.indexOf(window.start);
  const to = table.dates.indexOf(window.end) + 1;
  const prices = table.series.get(symbol)!;
  return {
    name,
    dates: window.dates,
    series,
    price: {
      label: `${symbol}, adjusted prices`,
      open: prices.adjOpen.subarray(from, to),
      high: prices.adjHigh.subarray(from, to),
      low: prices.adjLow.subarray(from, to),
      close: prices.adjClose.subarray(from, to),
    },
    // The trades of the strategy under study: on every line they would bury the chart.
    trades: windowRoundTrips(result, window, window.subject),
    tradesOf: window.subject.label,
  };
}

/** The round trips of the strategy under study in a window, as a table of the page. */
export function roundTripTable(window: ReportWindow): ReportTable {
  const trades: readonly RoundTrip[] = window.trades ?? [];
  return {
    id: `trades-${slug(window.name)}`,
    title: `Trades of ${window.tradesOf ?? 'the strategy'} — ${window.name} (${trades.length})`,
    columns: [
      { label: '#', unit: 'count' },
      { label: 'Side', unit: 'text' },
      { label: 'Shares', unit: 'count' },
      { label: 'Entry', unit: 'date' },
      { label: 'Entry price', unit: 'money' },
      { label: 'Exit', unit: 'date' },
      { label: 'Exit price', unit: 'money' },
      { label: 'Costs', unit: 'money' },
      { label: 'Profit', unit: 'money', signed: true },
      { label: 'Return', unit: 'percent', signed: true },
      { label: 'Trading days', unit: 'count' },
      { label: 'Exit by', unit: 'text' },
    ],
    rows: trades.map((trade, index) => [
      index + 1, trade.shares > 0 ? 'long' : 'short', Math.abs(trade.shares), trade.entryDate, trade.entryPrice, trade.exitDate,
      trade.exitPrice, trade.costs, trade.profit, trade.returnFraction, trade.tradingDays, EXIT_LABELS[trade.exitReason] ?? trade.exitReason,
    ]),
    // the trade the wipe-out closed: its profit and return (the loss that ended the account)
    marks: trades.map((trade) => Array.from({ length: 12 }, (_, column) => (trade.exitReason === 'wipe-out' && (column === 8 || column === 9) ? trade.exitDate : null))),
    note: 'Matched first-in-first-out from the fills, as the statistics count them. Profit and return are after the costs of entry and exit; "end of window" is a position still open on the last day, valued at its close.',
  };
}

const EXIT_LABELS: Record<string, string> = { order: 'order', end: 'end of window', 'wipe-out': 'wipe-out' };

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function windowText(window: WindowResult): string {
  const { requested } = window;
  const asked = `${requested.start}..${requested.end}`;
  const traded = `${window.start}..${window.end}`;
  return `${asked} (trading days ${traded})`;
}
