import seedrandom from 'seedrandom';
import { roundTripTable } from '../../src/report/from-backtest.js';
import type { ReportModel, ReportWindow, RoundTrip, StatisticRow } from '../../src/report/model.js';

/**
 * A complete, deterministic report model as the backtest would map it: Dyna-Q beside buy-and-hold
 * and a manual rule strategy, in-sample and out-of-sample. Prices are a seeded random walk, so the
 * model is the same on every run; the numbers are illustrative, not a backtest result.
 */
export function sampleReportModel(options: { days?: number; symbol?: string; states?: number } = {}): ReportModel {
  const days = options.days ?? 60;
  const symbol = options.symbol ?? 'JPM';
  const states = options.states ?? 12;
  const random = seedrandom('report-sample');
  const strategies = [{ name: 'Dyna-Q', highlight: true }, { name: 'Buy & hold' }, { name: 'Manual' }];
  const windows = [
    sampleWindow('In-sample', '2008-01-02', days, random),
    sampleWindow('Out-of-sample', '2010-01-04', days, random),
  ];
  const columns = windows.flatMap((window) => strategies.map((strategy) => ({ strategy: strategy.name, window: window.name })));
  const perColumn = (f: (values: readonly number[], window: ReportWindow) => number | string | null) =>
    windows.flatMap((window) => window.series.map((series) => f(Array.from(series.values), window)));
  const startValue = 100_000;
  const rows: StatisticRow[] = [
    { key: 'start', label: 'Start', unit: 'date', values: perColumn((_, window) => window.dates[0]!) },
    { key: 'end', label: 'End', unit: 'date', values: perColumn((_, window) => window.dates.at(-1)!) },
    { key: 'returnPct', label: 'Return', unit: 'percent', signed: true, values: perColumn((values) => values.at(-1)! - 1) },
    {
      key: 'buyHoldReturnPct',
      label: 'Buy & hold return',
      unit: 'percent',
      signed: true,
      values: windows.flatMap((window) => strategies.map(() => Array.from(window.series[1]!.values).at(-1)! - 1)),
    },
    { key: 'annualReturnPct', label: 'Annualized return', unit: 'percent', signed: true, values: perColumn((values) => (values.at(-1)! ** (252 / (values.length - 1)) - 1)) },
    { key: 'annualVolatilityPct', label: 'Annualized volatility', unit: 'percent', values: perColumn((values) => stdOfReturns(values) * Math.sqrt(252)) },
    { key: 'sharpe', label: 'Sharpe ratio', unit: 'ratio', values: perColumn((values) => sharpe(values)) },
    { key: 'sortino', label: 'Sortino ratio', unit: 'ratio', values: perColumn(() => null) },
    { key: 'calmar', label: 'Calmar ratio', unit: 'ratio', values: perColumn(() => null) },
    { key: 'maxDrawdownPct', label: 'Max. drawdown', unit: 'percent', signed: true, values: perColumn((values) => Math.min(...drawdown(values))) },
    { key: 'maxDrawdownDays', label: 'Max. drawdown duration', unit: 'days', values: perColumn((values) => longestUnderwater(values)) },
    { key: 'trades', label: 'Trades', unit: 'count', values: windows.flatMap(() => [positionChanges(9, 0, days), 1, positionChanges(14, 5, days)]) },
    { key: 'winRatePct', label: 'Win rate', unit: 'percent', values: perColumn(() => null) },
    { key: 'bestTradePct', label: 'Best trade', unit: 'percent', signed: true, values: perColumn(() => null) },
    { key: 'worstTradePct', label: 'Worst trade', unit: 'percent', signed: true, values: perColumn(() => null) },
    { key: 'avgTradePct', label: 'Avg. trade', unit: 'percent', signed: true, values: perColumn(() => null) },
    { key: 'exposurePct', label: 'Exposure time', unit: 'percent', values: perColumn(() => 1) },
    { key: 'finalValue', label: 'Final value', unit: 'money', values: perColumn((values) => startValue * values.at(-1)!) },
    { key: 'peakValue', label: 'Peak value', unit: 'money', values: perColumn((values) => startValue * Math.max(...values)) },
  ];
  const epochs = 20;
  const returnOf = (window: number, strategy: number) => rows[2]!.values[window * strategies.length + strategy] as number;
  return {
    title: `${symbol} — Dyna-Q backtest`,
    subtitle: 'In-sample 2008-01-01..2009-12-31, out-of-sample 2010-01-01..2011-12-31',
    generatedBy: { program: 'dynaq', version: '0.1.0', commandLine: `dynaq backtest --symbol ${symbol} --seed 7` },
    keyFigures: [
      { label: 'Dyna-Q return, in-sample', value: returnOf(0, 0), unit: 'percent', signed: true, note: `buy & hold ${(returnOf(0, 1) * 100).toFixed(2)}%` },
      { label: 'Dyna-Q return, out-of-sample', value: returnOf(1, 0), unit: 'percent', signed: true, note: `buy & hold ${(returnOf(1, 1) * 100).toFixed(2)}%` },
      { label: 'Sharpe ratio, out-of-sample', value: rows.find((row) => row.key === 'sharpe')!.values[3]!, unit: 'ratio' },
    ],
    parameters: [
      { label: 'Symbol', value: symbol },
      { label: 'Data folder', value: '/data/prices' },
      { label: `${symbol}.csv sha256`, value: '3f2a9c0d5e1b7a44c6d1e0f9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9' },
      { label: 'Seed', value: '7' },
      { label: 'Start value', value: '100,000.00' },
      { label: 'Commission', value: '9.95' },
      { label: 'Impact', value: '0.005' },
      { label: 'Learner', value: 'alpha 0.2, gamma 0.9, rar 0.5, radr 0.99, dyna 200' },
    ],
    strategies,
    statistics: { columns, rows },
    windows,
    tables: windows.map(roundTripTable),
    learningCurve: {
      valueLabel: 'Return',
      unit: 'percent',
      points: Array.from({ length: epochs }, (_, epoch) => ({ epoch: epoch + 1, value: 0.3 * (1 - Math.exp(-epoch / 4)) + 0.02 * (random() - 0.5), series: 'In-sample return' })),
    },
    policy: {
      stateLabels: Array.from({ length: states }, (_, state) => `s${state}`),
      actionLabels: ['Short', 'Cash', 'Long'],
      actionColors: ['#dc2626', '#9ca3af', '#16a34a'],
      actions: Array.from({ length: states }, (_, state) => state % 3),
      visits: Array.from({ length: states }, (_, state) => (state === states - 1 ? 0 : 1 + Math.floor(random() * 40))),
    },
    extraCharts: [
      {
        id: 'impact-trades',
        title: 'Trades vs market impact',
        mark: 'bar',
        x: { label: 'Impact', type: 'ordinal' },
        y: { label: 'Trades', unit: 'count' },
        points: [0, 0.005, 0.01, 0.02].map((impact, index) => ({ x: String(impact), y: 40 - 9 * index, series: 'In-sample' })),
      },
    ],
  };
}

function sampleWindow(name: string, firstDate: string, days: number, random: () => number): ReportWindow {
  const dates = tradingDays(firstDate, days);
  const price = [1];
  for (let day = 1; day < days; day++) price.push(price[day - 1]! * (1 + 0.018 * (random() - 0.49)));
  // The "strategies": Dyna-Q and Manual switch between long, short and flat on a fixed schedule.
  const positions = (period: number, offset: number) => schedule(period, offset, days);
  const follow = (position: number[]) => {
    const values = [1];
    for (let day = 1; day < days; day++) values.push(values[day - 1]! * (1 + position[day - 1]! * (price[day]! / price[day - 1]! - 1)));
    return values;
  };
  const dynaPositions = positions(9, 0);
  const manualPositions = positions(14, 5);
  const series = [
    { name: 'Dyna-Q', values: follow(dynaPositions) },
    { name: 'Buy & hold', values: price },
    { name: 'Manual', values: follow(manualPositions) },
  ];
  // The round trips of Dyna-Q: each run of a non-zero position is one trade of 1,000 shares at the close.
  const trades: RoundTrip[] = [];
  const close = price.map((p) => 30 * p);
  let entry = -1;
  for (let day = 0; day <= days; day++) {
    const held = day < days ? dynaPositions[day]! : 0;
    const before = day === 0 ? 0 : dynaPositions[day - 1]!;
    if (held === before) continue;
    const exitDay = Math.min(day, days - 1);
    if (before !== 0 && entry >= 0 && exitDay > entry) {
      const shares = 1000 * before;
      const profit = shares * (close[exitDay]! - close[entry]!);
      trades.push({
        symbol: 'JPM', shares, entryDate: dates[entry]!, entryPrice: close[entry]!, exitDate: dates[exitDay]!, exitPrice: close[exitDay]!, costs: 0, profit,
        returnFraction: profit / (1000 * close[entry]!), tradingDays: exitDay - entry,
        calendarDays: (Date.parse(dates[exitDay]!) - Date.parse(dates[entry]!)) / 86_400_000, exitReason: day < days ? 'order' : 'end',
      });
    }
    entry = held !== 0 ? day : -1;
  }
  const open = close.map((value, day) => (day === 0 ? value : close[day - 1]!));
  return {
    name,
    dates,
    series,
    price: {
      label: 'JPM, adjusted prices',
      open,
      high: close.map((value, day) => Math.max(value, open[day]!) * 1.004),
      low: close.map((value, day) => Math.min(value, open[day]!) * 0.996),
      close,
    },
    trades,
    tradesOf: 'Dyna-Q',
  };
}

/** Position per day of a strategy that cycles long, flat, short every `period` days. */
function schedule(period: number, offset: number, days: number): number[] {
  return Array.from({ length: days }, (_, day) => [1, 0, -1][Math.floor((day + offset) / period) % 3]!);
}

function positionChanges(period: number, offset: number, days: number): number {
  const position = schedule(period, offset, days);
  return position.filter((held, day) => (day === 0 ? held !== 0 : held !== position[day - 1])).length;
}

/** `count` weekdays from `first` (a Monday-to-Friday calendar is enough for a fixture). */
function tradingDays(first: string, count: number): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); dates.length < count; ms += 86_400_000) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

export function drawdown(values: readonly number[]): number[] {
  let peak = -Infinity;
  return values.map((value) => {
    peak = Math.max(peak, value);
    return value / peak - 1;
  });
}

function longestUnderwater(values: readonly number[]): number {
  let longest = 0;
  let current = 0;
  for (const dd of drawdown(values)) {
    current = dd < 0 ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

function dailyReturns(values: readonly number[]): number[] {
  return values.slice(1).map((value, day) => value / values[day]! - 1);
}

function stdOfReturns(values: readonly number[]): number {
  const returns = dailyReturns(values);
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  return Math.sqrt(returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1));
}

function sharpe(values: readonly number[]): number | null {
  const returns = dailyReturns(values);
  const std = stdOfReturns(values);
  if (std === 0) return null;
  return (Math.sqrt(252) * returns.reduce((sum, r) => sum + r, 0)) / returns.length / std;
}
