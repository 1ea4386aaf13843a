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
}

/** A change of position drawn on the value chart: long and short entries, and exits to flat. */
export interface PositionMarker {
  /** Strategy name whose line the marker sits on. */
  readonly series: string;
  readonly date: string;
  readonly kind: 'long' | 'short' | 'flat';
  /** Normalized value of that strategy on that date (the marker's height). */
  readonly value: number;
}

export interface ReportWindow {
  /** e.g. "In-sample" or "Out-of-sample"; must match the statistics columns' `window`. */
  readonly name: string;
  readonly dates: readonly string[];
  /** Portfolio value of each strategy divided by its value on the first day (starts at 1.0). */
  readonly series: readonly NamedSeries[];
  readonly markers: readonly PositionMarker[];
  /** Drawdown of each strategy as a fraction <= 0 (0 at a new peak, -0.2 = 20% below the peak). */
  readonly drawdowns: readonly NamedSeries[];
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
  /** `point`: a scatter of quantitative x against y. */
  readonly mark: 'line' | 'bar' | 'point';
  readonly x: { readonly label: string; readonly type: 'quantitative' | 'ordinal'; readonly unit?: 'percent' | 'ratio' | 'money' | 'count' };
  readonly y: { readonly label: string; readonly unit: 'percent' | 'ratio' | 'money' | 'count' };
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
    for (const [kind, list] of [['series', window.series], ['drawdown', window.drawdowns]] as const) {
      for (const series of list) {
        requireStrategy(series.name, `window "${window.name}" ${kind}`);
        if (series.values.length !== days) {
          throw new Error(`report model: window "${window.name}" ${kind} "${series.name}" has ${series.values.length} values for ${days} dates`);
        }
        for (let day = 0; day < days; day++) requireNumber(series.values[day]!, `window "${window.name}" ${kind} "${series.name}" on ${window.dates[day]}`);
      }
    }
    for (const marker of window.markers) {
      requireStrategy(marker.series, `window "${window.name}" marker on ${marker.date}`);
      requireNumber(marker.value, `window "${window.name}" marker on ${marker.date}`);
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
