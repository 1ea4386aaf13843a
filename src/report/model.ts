/**
 * The presentation model of a backtest report: everything the terminal table, the HTML page and
 * the charts show, already computed and labelled. It knows nothing about brokers or learners; the
 * backtest maps its results into it, and every renderer in `src/report/` reads only this.
 *
 * Conventions:
 * - dates are ISO `YYYY-MM-DD` strings (trading days, no time zone);
 * - `percent` statistics and drawdowns are fractions (0.0123 is shown as 1.23%);
 * - `null` means "not defined" (e.g. a win rate without trades) and is shown as "—", never 0.
 */

export type StatisticUnit = 'percent' | 'ratio' | 'money' | 'count' | 'days' | 'date';

/** A statistic's value: a number in its unit, a preformatted string (e.g. a date), or undefined. */
export type StatisticValue = number | string | null;

export interface ReportParameter {
  readonly label: string;
  readonly value: string;
}

/** One strategy shown in the report; its position fixes its colour in every chart. */
export interface ReportStrategy {
  readonly name: string;
  /** The strategy under study (e.g. Dyna-Q): drawn bold and highlighted in tables. */
  readonly highlight?: boolean;
}

/** A column of the statistics table: one strategy in one window. */
export interface StatisticColumn {
  /** Strategy name, one of `ReportModel.strategies`. */
  readonly strategy: string;
  /** Window name, e.g. "In-sample". */
  readonly window: string;
  /**
   * The day this account was wiped out (its value reached 0 or less: positions closed, no more
   * trades), or null. Every renderer marks such a column's figures, so that no value below zero
   * is ever shown without the mark.
   */
  readonly wipedOutOn?: string | null;
}

export interface StatisticRow {
  /** Stable machine name, e.g. `returnPct`; also used as CSS class and in tests. */
  readonly key: string;
  /** What a person reads, e.g. "Return". */
  readonly label: string;
  readonly unit: StatisticUnit;
  /** Positive is good and negative is bad (returns): coloured by sign. */
  readonly signed?: boolean;
  /** One value per column of the table. */
  readonly values: readonly StatisticValue[];
}

export interface StatisticsTable {
  readonly columns: readonly StatisticColumn[];
  readonly rows: readonly StatisticRow[];
}

export interface NamedSeries {
  /** Strategy name, one of `ReportModel.strategies`. */
  readonly name: string;
  /** One value per date of the window. */
  readonly values: ArrayLike<number>;
  /** The date this strategy's account was wiped out in the window, or null. */
  readonly wipedOutOn?: string | null;
}

/** The traded symbol's daily prices over a window (one adjusted basis), aligned to its dates. */
export interface PriceSeries {
  /** e.g. "JPM, adjusted". */
  readonly label: string;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

/**
 * A round-trip trade: the shares one order opened, from entry to exit (matched first-in-first-out,
 * as backtesting.py lists its trades). Money after costs; the return is a fraction.
 */
export interface RoundTrip {
  readonly symbol: string;
  /** Signed: > 0 long, < 0 short. */
  readonly shares: number;
  readonly entryDate: string;
  readonly entryPrice: number;
  readonly exitDate: string;
  readonly exitPrice: number;
  /** Commission and impact of the entry and exit attributed to these shares. */
  readonly costs: number;
  /** shares x (exit - entry) - costs. */
  readonly profit: number;
  /** profit / (|shares| x entry price). */
  readonly returnFraction: number;
  readonly tradingDays: number;
  readonly calendarDays: number;
  /** `order`, `wipe-out`, a broker rule, or `end` (still open at the window's end, valued at its last price). */
  readonly exitReason: string;
}

export interface ReportWindow {
  /** e.g. "In-sample" or "Out-of-sample"; must match the statistics columns' `window`. */
  readonly name: string;
  readonly dates: readonly string[];
  /** Portfolio value of each strategy divided by its value on the first day (starts at 1.0). */
  readonly series: readonly NamedSeries[];
  /** Prices of the traded symbol, drawn above the values with the trades on them; optional. */
  readonly price?: PriceSeries | null;
  /** The round trips of `tradesOf` (the strategy under study) in this window. */
  readonly trades?: readonly RoundTrip[];
  readonly tradesOf?: string;
}

export interface LearningPoint {
  readonly epoch: number;
  readonly value: number;
  /** e.g. "In-sample return"; several series share the chart. */
  readonly series: string;
}

export interface LearningCurve {
  /** Axis title of the value, e.g. "Return". */
  readonly valueLabel: string;
  readonly unit: 'percent' | 'ratio' | 'money';
  readonly points: readonly LearningPoint[];
}

/** The learned greedy policy: one action per discretized state. */
export interface PolicySummary {
  readonly stateLabels: readonly string[];
  readonly actionLabels: readonly string[];
  /** Index into `actionLabels` per state. */
  readonly actions: ArrayLike<number>;
  /** Real visits per state during training; unvisited states are drawn faded. */
  readonly visits?: ArrayLike<number>;
  /** CSS colour per action (e.g. short red, cash grey, long green); default a categorical palette. */
  readonly actionColors?: readonly string[];
}

/** A generic line or bar chart, e.g. "trades vs impact" in an experiment. */
export interface XYChart {
  /** File base name of the chart (`[a-z0-9-]`), e.g. `impact-trades`. */
  readonly id: string;
  readonly title: string;
  /** `point`: a scatter of quantitative x against y (a density of counts per cell beyond SCATTER_POINTS_MAX points, src/report/charts.ts). */
  readonly mark: 'line' | 'bar' | 'point';
  /** `domain`: the axis range shown; points beyond it are drawn on its edge (outliers that would squash the rest). */
  readonly x: { readonly label: string; readonly type: 'quantitative' | 'ordinal'; readonly unit?: 'percent' | 'ratio' | 'money' | 'count'; readonly domain?: readonly [number, number] };
  readonly y: { readonly label: string; readonly unit: 'percent' | 'ratio' | 'money' | 'count'; readonly domain?: readonly [number, number] };
  readonly points: readonly { readonly x: number | string; readonly y: number; readonly series: string }[];
}

/** A headline number shown large at the top of the page, e.g. "Dyna-Q return, out-of-sample". */
export interface KeyFigure {
  readonly label: string;
  readonly value: StatisticValue;
  readonly unit: StatisticUnit;
  readonly signed?: boolean;
  /** A smaller line under the value, e.g. "buy & hold -8.34%". */
  readonly note?: string;
  /** The day the account this figure describes was wiped out, or null: the figure then carries the mark. */
  readonly wipedOutOn?: string | null;
}

export interface ReportModel {
  readonly title: string;
  readonly subtitle?: string;
  /** A few headline numbers above the statistics table (optional). */
  readonly keyFigures?: readonly KeyFigure[];
  /** Program, version and command line that produced the report. */
  readonly generatedBy: { readonly program: string; readonly version: string; readonly commandLine: string };
  readonly parameters: readonly ReportParameter[];
  /** Order fixes colours; the highlighted one is the strategy under study. */
  readonly strategies: readonly ReportStrategy[];
  readonly statistics: StatisticsTable;
  readonly windows: readonly ReportWindow[];
  readonly learningCurve: LearningCurve | null;
  readonly policy: PolicySummary | null;
  /** Further charts (experiments); shown after the standard ones. */
  readonly extraCharts?: readonly XYChart[];
  /** Further tables (e.g. walk-forward folds), shown after the statistics. */
  readonly tables?: readonly ReportTable[];
  /** Heatmaps of a figure over two parameters (an optimization), shown with the charts. */
  readonly heatmaps?: readonly Heatmap[];
}

/** A column of a `ReportTable`: its heading and how its values are formatted. */
export interface ReportTableColumn {
  readonly label: string;
  readonly unit: StatisticUnit | 'text';
  /** Coloured by sign (returns, profits). */
  readonly signed?: boolean;
}

/** A plain table of the page (one row per fold, per trade, per job...), sortable by any column. */
export interface ReportTable {
  /** `[a-z0-9-]`, unique in the page. */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly ReportTableColumn[];
  readonly rows: readonly (readonly StatisticValue[])[];
  /**
   * The same shape as `rows`: for each cell, the day the account it describes was wiped out, or
   * null. Such a cell's percentage, ratio or money figure carries the mark.
   */
  readonly marks?: readonly (readonly (string | null)[])[];
  /** Column headings sort the rows (default true). */
  readonly sortable?: boolean;
  readonly note?: string;
}

/** Consecutive statistics columns of the same window, for a header row spanning them. */
export function windowGroups(columns: readonly StatisticColumn[]): { window: string; start: number; count: number }[] {
  const groups: { window: string; start: number; count: number }[] = [];
  columns.forEach((column, index) => {
    const last = groups.at(-1);
    if (last && last.window === column.window) last.count++;
    else groups.push({ window: column.window, start: index, count: 1 });
  });
  return groups;
}

/**
 * Checks that the model is consistent (lengths match, names resolve, no NaN) and throws an
 * `Error` naming the first problem. A failure is a mapping bug in the caller, not a user mistake,
 * so it is caught here rather than drawn as a silent gap or "NaN" in the report.
 */
export function checkReportModel(model: ReportModel): void {
  const strategyNames = new Set(model.strategies.map((strategy) => strategy.name));
  const requireStrategy = (name: string, where: string) => {
    if (!strategyNames.has(name)) throw new Error(`report model: ${where} names unknown strategy "${name}"`);
  };
  const requireNumber = (value: number, where: string) => {
    if (Number.isNaN(value)) throw new Error(`report model: ${where} is NaN (use null for an undefined statistic)`);
  };
  const { columns, rows } = model.statistics;
  columns.forEach((column, index) => requireStrategy(column.strategy, `statistics column ${index}`));
  for (const row of rows) {
    if (row.values.length !== columns.length) {
      throw new Error(`report model: statistic "${row.key}" has ${row.values.length} values for ${columns.length} columns`);
    }
    row.values.forEach((value, column) => {
      if (typeof value === 'number') requireNumber(value, `statistic "${row.key}" column ${column}`);
    });
  }
  for (const window of model.windows) {
    const days = window.dates.length;
    const requireDays = (length: number, what: string) => {
      if (length !== days) throw new Error(`report model: window "${window.name}" ${what} has ${length} values for ${days} dates`);
    };
    for (const series of window.series) {
      requireStrategy(series.name, `window "${window.name}" series`);
      requireDays(series.values.length, `series "${series.name}"`);
      for (let day = 0; day < days; day++) requireNumber(series.values[day]!, `window "${window.name}" series "${series.name}" on ${window.dates[day]}`);
    }
    if (window.price) {
      for (const field of ['open', 'high', 'low', 'close'] as const) {
        const values = window.price[field];
        requireDays(values.length, `price ${field}`);
        for (let day = 0; day < days; day++) requireNumber(values[day]!, `window "${window.name}" price ${field} on ${window.dates[day]}`);
      }
    }
    if (window.tradesOf !== undefined) requireStrategy(window.tradesOf, `window "${window.name}" trades`);
    const dates = new Set(window.dates);
    for (const trade of window.trades ?? []) {
      if (!dates.has(trade.entryDate) || !dates.has(trade.exitDate)) {
        throw new Error(`report model: window "${window.name}" has a trade ${trade.entryDate}..${trade.exitDate} outside its dates`);
      }
      requireNumber(trade.profit, `window "${window.name}" trade on ${trade.entryDate}`);
    }
  }
  const tableIds = new Set<string>();
  for (const table of model.tables ?? []) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(table.id) || tableIds.has(table.id)) throw new Error(`report model: table id "${table.id}" must match [a-z0-9-]+ and be unique`);
    tableIds.add(table.id);
    table.rows.forEach((row, index) => {
      if (row.length !== table.columns.length) throw new Error(`report model: table "${table.id}" row ${index} has ${row.length} values for ${table.columns.length} columns`);
      row.forEach((value, column) => {
        if (typeof value === 'number') requireNumber(value, `table "${table.id}" row ${index} column ${column}`);
      });
    });
    if (table.marks && (table.marks.length !== table.rows.length || table.marks.some((row, index) => row.length !== table.rows[index]!.length))) {
      throw new Error(`report model: table "${table.id}" has marks of another shape than its rows`);
    }
  }
  if (model.learningCurve) {
    for (const point of model.learningCurve.points) requireNumber(point.value, `learning curve "${point.series}" epoch ${point.epoch}`);
  }
  if (model.policy) {
    const { stateLabels, actionLabels, actions, visits } = model.policy;
    if (actions.length !== stateLabels.length) throw new Error(`report model: policy has ${actions.length} actions for ${stateLabels.length} states`);
    if (visits && visits.length !== stateLabels.length) throw new Error(`report model: policy has ${visits.length} visit counts for ${stateLabels.length} states`);
    const { actionColors } = model.policy;
    if (actionColors && actionColors.length !== actionLabels.length) throw new Error(`report model: policy has ${actionColors.length} action colours for ${actionLabels.length} actions`);
    // Labels are the chart's categories: a repeated one would merge two states (or actions) into one.
    for (const [kind, labels] of [['state', stateLabels], ['action', actionLabels]] as const) {
      const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
      if (repeated !== undefined) throw new Error(`report model: policy ${kind} label "${repeated}" appears twice`);
    }
    for (let state = 0; state < actions.length; state++) {
      const action = actions[state]!;
      if (!Number.isInteger(action) || action < 0 || action >= actionLabels.length) {
        throw new Error(`report model: policy action ${action} of state "${stateLabels[state]}" is not an index into ${actionLabels.length} action labels`);
      }
    }
  }
  for (const figure of model.keyFigures ?? []) {
    if (typeof figure.value === 'number') requireNumber(figure.value, `key figure "${figure.label}"`);
  }
  for (const chart of model.extraCharts ?? []) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(chart.id)) throw new Error(`report model: chart id "${chart.id}" must match [a-z0-9-]+`);
    for (const point of chart.points) requireNumber(point.y, `chart "${chart.id}" point ${String(point.x)}`);
  }
}

/**
 * A heatmap of a figure over two parameters (an optimization's grid): one cell per pair of values,
 * drawn by ./heatmap.ts.
 */
export interface Heatmap {
  /** File base name (`[a-z0-9-]`). */
  readonly id: string;
  /** The caption under the chart in the page. */
  readonly title: string;
  /** The short heading drawn in the chart itself. */
  readonly heading: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xValues: readonly string[];
  readonly yValues: readonly string[];
  /** cells[y][x]; null where the grid has no such pair (a constraint left it out). */
  readonly cells: readonly (readonly (number | null)[])[];
  /** How a value is written in its cell. */
  readonly format: (value: number) => string;
  /** The chosen pair, outlined. */
  readonly chosen: { readonly x: number; readonly y: number } | null;
}
