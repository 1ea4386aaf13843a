import type { BacktestResult, WindowResult } from '../backtest/run.js';
import type { PortfolioStats } from '../metrics/stats.js';
import { formatTable } from './format.js';

type StatRow = readonly [label: string, format: (stats: PortfolioStats) => string];

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);
const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(3));
const money = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const ROWS: readonly StatRow[] = [
  ['Return', (s) => percent(s.cumulativeReturn)],
  ['Sharpe ratio', (s) => ratio(s.sharpeRatio)],
  ['Avg daily return', (s) => percent(s.averageDailyReturn)],
  ['Std daily return', (s) => percent(s.stdDailyReturn)],
  ['Max drawdown', (s) => percent(s.maxDrawdown)],
  ['Trades', (s) => String(s.trades ?? '—')],
  ['Orders', (s) => String(s.orders ?? '—')],
  ['Final value', (s) => money(s.finalValue)],
];

function windowTable(title: string, window: WindowResult): string {
  const header = [`${title} ${window.dates[0]}..${window.dates.at(-1)}`, ...window.strategies.map((s) => s.label)];
  const rows = ROWS.map(([label, format]) => [label, ...window.strategies.map((s) => format(s.stats))]);
  return formatTable(header, rows);
}

/** The compact terminal comparison of a backtest: one table per window. */
export function formatComparison(result: BacktestResult): string {
  const { config, training } = result;
  const lines = [
    `${config.symbol}: ${result.strategy.label} vs buy-and-hold | fill ${config.setup.fill}, commission ${config.setup.commission}, impact ${config.setup.impact}, ${config.setup.positionSize} shares`,
  ];
  if (training) {
    lines.push(
      `trained ${training.epochs} epochs (${training.stoppedBecause}) in ${result.trainSeconds.toFixed(2)} s: ` +
        `${training.realSteps.toLocaleString('en-US')} real steps, ${training.planningUpdates.toLocaleString('en-US')} planning updates; test ${result.testSeconds.toFixed(3)} s`,
    );
  }
  return `${lines.join('\n')}\n\n${windowTable('in-sample', result.inSample)}\n${windowTable('out-of-sample', result.outOfSample)}`;
}
