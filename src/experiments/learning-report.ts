import { renderCharts, slug, svgToPngAsync, xyChartSpec } from '../report/charts.js';
import { toCsv, type CsvValue } from '../report/csv.js';
import { escapeHtml, inlineSvg } from '../report/html.js';
import type { XYChart } from '../report/model.js';
import type { ReportFile } from '../report/write.js';
import { parsePlantedFamily } from '../synth/planted.js';
import {
  familyLabel,
  type Criterion,
  type EfficiencyRun,
  type EfficiencySummary,
  type HeavyLoss,
  type LearningVariant,
  type NoEdgeRun,
  type NoEdgeSummary,
  type PlantedRun,
  type PlantedSummary,
  type RealRun,
  type RealSummary,
  type WalkForwardRun,
  type WalkForwardSummary,
} from './learning.js';

export type LearningSection = 'planted' | 'efficiency' | 'noedge' | 'real' | 'walkforward';
export const LEARNING_SECTIONS: readonly LearningSection[] = ['planted', 'efficiency', 'noedge', 'real', 'walkforward'];

/** Everything one run of the benchmark measured. */
export interface LearningReport {
  readonly commandLine: string;
  /** The command that reproduces each section's table on its own. */
  readonly commands: Readonly<Partial<Record<LearningSection, string>>>;
  readonly variants: readonly LearningVariant[];
  readonly learnerSeed: number;
  readonly criteria: readonly Criterion[];
  readonly planted: { readonly runs: readonly PlantedRun[]; readonly summary: readonly PlantedSummary[] } | null;
  readonly efficiency: { readonly runs: readonly EfficiencyRun[]; readonly summary: readonly EfficiencySummary[] } | null;
  readonly noEdge: { readonly runs: readonly NoEdgeRun[]; readonly summary: readonly NoEdgeSummary[] } | null;
  readonly real: { readonly runs: readonly RealRun[]; readonly summary: readonly RealSummary[] } | null;
  readonly walkForward: { readonly runs: readonly WalkForwardRun[]; readonly summary: readonly WalkForwardSummary[] } | null;
  readonly seconds: number;
}

/** A table as text cells: what the terminal prints and the HTML page shows, with the command that produced it. */
export interface LearningTable {
  readonly id: string;
  readonly title: string;
  readonly command: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes: readonly string[];
}

const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
const lossNotes = (losses: readonly HeavyLoss[]) =>
  losses.map((loss) => `${loss.variant} lost more than half: ${loss.run} ${pct(loss.return)} (buy-and-hold ${pct(loss.benchmark)} over the same days)`);
const num = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const labelOf = (family: string) => {
  try {
    return familyLabel(parsePlantedFamily(family));
  } catch {
    return '';
  }
};

/** The report's tables, in the order they are printed. */
export function learningTables(report: LearningReport): LearningTable[] {
  const tables: LearningTable[] = [];
  const measured = report.criteria.filter((row) => row.met !== null);
  if (measured.length > 0) {
    tables.push({
      id: 'criteria',
      title: 'Done when (issue 16), measured by this run',
      command: report.commandLine,
      header: ['criterion', 'variant', 'measured', 'met'],
      rows: measured.map((row) => [row.criterion, row.variant, row.measured, row.met ? 'yes' : 'NO']),
      notes: [],
    });
  }
  if (report.planted) {
    const seeds = Math.max(0, ...report.planted.summary.map((row) => row.seeds));
    tables.push({
      id: 'planted',
      title: `Planted-signal markets, no costs, full position = portfolio value; ${seeds} generator seeds each; train 2008-09, test 2010-11; share of the oracle's out-of-sample return`,
      command: report.commands.planted ?? report.commandLine,
      header: ['family', 'tests', 'variant', 'median share of oracle', 'per seed min / max', 'share of oracle excess', 'IS share', 'OOS excess over B&H', 'oracle OOS', 'rule state gain', 'orders OOS', 'train s'],
      rows: report.planted.summary.map((row) => [
        row.family,
        labelOf(row.family),
        row.variant,
        pct(row.perSeedShare.median),
        `${pct(row.perSeedShare.min)} / ${pct(row.perSeedShare.max)}`,
        pct(row.medianShareOfOracleExcess),
        pct(row.inSampleShareOfOracle),
        pct(row.medianOutOfSampleExcess),
        pct(row.medianOracleOutOfSample),
        row.medianRuleStateGain === null ? '—' : row.medianRuleStateGain.toFixed(2),
        row.medianOrders === null ? '—' : String(row.medianOrders),
        num(row.medianTrainSeconds),
      ]),
      notes: [
        'median share of oracle: median over the seeds of (out-of-sample return / the oracle\'s); the target is >= 80% on every family with one learner setting.',
        'share of oracle excess: median of (return - buy-and-hold) / (oracle - buy-and-hold); IS share: in-sample returns summed over seeds / the oracle\'s.',
        'rule state gain: median over the seeds of the standard errors by which the state that is the rule (in the learner\'s own features and cuts) beats "no feature" on the training window\'s held-out blocks, scored as state selection scores every candidate; near 0, no learner that validates before it trades can tell the rule from noise there.',
      ],
    });
  }
  if (report.efficiency) {
    const variants = [...new Set(report.efficiency.summary.map((row) => row.variant))];
    const keys = [...new Set(report.efficiency.summary.map((row) => `${row.family}\u0000${row.trainDays}`))];
    const seeds = Math.max(0, ...report.efficiency.summary.filter((row) => row.family !== 'all').map((row) => row.runs));
    tables.push({
      id: 'efficiency',
      title: `Sample efficiency: median share of the oracle's out-of-sample return (test 2010-11) after N training days right before it, ${seeds} seeds per family`,
      command: report.commands.efficiency ?? report.commandLine,
      header: ['family', 'training days', ...variants],
      rows: keys.map((key) => {
        const [family, days] = key.split('\u0000') as [string, string];
        return [
          family === 'all' ? 'all families' : family,
          days,
          ...variants.map((variant) => pct(report.efficiency!.summary.find((row) => row.family === family && String(row.trainDays) === days && row.variant === variant)?.medianShare)),
        ];
      }),
      notes: ['the analogue of Sutton & Barto\'s figure 8.2: with planning a learner should need fewer real days; the chart sample-efficiency.svg draws it.'],
    });
  }
  if (report.noEdge) {
    tables.push({
      id: 'noedge',
      title: 'Markets with no edge (random walks like a stock), course costs (commission 9.95, impact 0.005, 1000 shares); train 2008-09, test 2010-11',
      command: report.commands.noedge ?? report.commandLine,
      header: ['market', 'variant', 'seeds trading OOS', 'which seeds', 'seeds trading IS', 'median OOS excess over B&H'],
      rows: report.noEdge.summary.map((row) => [
        row.market,
        row.variant,
        `${row.seedsTrading} of ${row.seeds}`,
        row.tradingSeeds.length ? row.tradingSeeds.join(',') : '—',
        `${row.seedsTradingInSample} of ${row.seeds}`,
        pct(row.medianOutOfSampleExcess),
      ]),
      notes: ['trading: at least one order that left the benchmark\'s direction (going flat or short, or back); joining the long position late is not one. The target is at most 1 of 20 seeds.'],
    });
  }
  if (report.real) {
    tables.push({
      id: 'real',
      title: `Real symbols (${Math.max(0, ...report.real.summary.map((row) => row.symbols))}), course costs, train 2008-09, test 2010-11`,
      command: report.commands.real ?? report.commandLine,
      header: ['variant', 'beats B&H OOS', 'sign test p', 'median OOS excess', 'median IS excess', 'beats dyna0', 'median orders OOS', 'symbols trading', 'worst OOS return', 'runs losing > 50%'],
      rows: report.real.summary.map((row) => [
        row.variant,
        `${row.beatsBenchmark}/${row.symbols}`,
        row.signTestP.toFixed(3),
        pct(row.medianOutOfSampleExcess),
        pct(row.medianInSampleExcess),
        row.beatsDyna0 === null ? '—' : `${row.beatsDyna0}/${row.symbols}`,
        row.medianOrders === null ? '—' : String(row.medianOrders),
        `${row.symbolsTrading}/${row.symbols}`,
        row.worstOutOfSample ? `${row.worstOutOfSample.symbol} ${pct(row.worstOutOfSample.return)}` : '—',
        String(row.lossesOverHalf.length),
      ]),
      notes: report.real.summary.flatMap((row) => lossNotes(row.lossesOverHalf)),
    });
  }
  if (report.walkForward) {
    const first = report.walkForward.runs[0];
    const range = first && first.folds.length ? `${first.folds[0]!.test.start}..${first.folds.at(-1)!.test.end}` : '';
    tables.push({
      id: 'walkforward',
      title: `Walk-forward over ${Math.max(0, ...report.walkForward.summary.map((row) => row.symbols))} evaluation names, 2001-2012, rolling 504 training / 126 test days (test windows ${range} stitched), course costs`,
      command: report.commands.walkforward ?? report.commandLine,
      header: ['variant', 'median stitched excess', 'beats B&H', 'worst stitched return', 'folds trading', 'runs losing > 50%'],
      rows: report.walkForward.summary.map((row) => [
        row.variant,
        pct(row.medianExcess),
        `${row.beatsBenchmark}/${row.symbols}`,
        row.worst ? `${row.worst.symbol} ${pct(row.worst.return)}` : '—',
        `${row.foldsTrading}/${row.folds}`,
        String(row.lossesOverHalf.length),
      ]),
      notes: ['folds trading: folds whose test window had an order that left the benchmark\'s direction; runs losing > 50%: stitched runs and single folds.', ...report.walkForward.summary.flatMap((row) => lossNotes(row.lossesOverHalf))],
    });
  }
  return tables;
}

/** A bar per run with an excess over buy-and-hold, by symbol, one series per variant. */
function excessBars<Run extends { readonly symbol: string; readonly variant: string }>(id: string, title: string, runs: readonly Run[], excessOf: (run: Run) => number | null): XYChart {
  return {
    id,
    title,
    mark: 'bar',
    x: { label: 'Symbol', type: 'ordinal' },
    y: { label: 'Excess return', unit: 'percent' },
    points: runs.filter((run) => excessOf(run) !== null).map((run) => ({ x: run.symbol, y: excessOf(run)!, series: run.variant })),
  };
}

/** The report's charts: sample efficiency (all families and each), planted capture, walk-forward and evaluation-set excess. */
export function learningCharts(report: LearningReport): XYChart[] {
  const charts: XYChart[] = [];
  if (report.efficiency) {
    const summary = report.efficiency.summary;
    const families = [...new Set(summary.map((row) => row.family))].sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : 0));
    for (const family of families) {
      const rows = summary.filter((row) => row.family === family && row.medianShare !== null);
      charts.push({
        id: family === 'all' ? 'sample-efficiency' : `sample-efficiency-${slug(family)}`,
        title: family === 'all' ? 'Sample efficiency, all planted families (median over families x seeds)' : `Sample efficiency, ${family}: ${labelOf(family)}`,
        mark: 'line',
        x: { label: 'Training days before the test window', type: 'quantitative' },
        y: { label: 'Share of the oracle\'s return', unit: 'percent' },
        points: rows.map((row) => ({ x: row.trainDays, y: row.medianShare!, series: row.variant })),
      });
    }
  }
  if (report.planted) {
    charts.push({
      id: 'planted-share',
      title: 'Planted families: median share of the oracle\'s return (target 80%)',
      mark: 'bar',
      x: { label: 'Family', type: 'ordinal' },
      y: { label: 'Share of the oracle\'s return', unit: 'percent' },
      points: report.planted.summary.filter((row) => row.perSeedShare.median !== null).map((row) => ({ x: row.family, y: row.perSeedShare.median!, series: row.variant })),
    });
  }
  if (report.walkForward) charts.push(excessBars('walkforward-excess', 'Walk-forward: stitched excess over buy-and-hold', report.walkForward.runs, (run) => run.excess));
  if (report.real) charts.push(excessBars('real-excess', 'Evaluation set: excess over buy-and-hold, 2010-11', report.real.runs, (run) => run.outOfSampleExcess));
  return charts;
}

/** The CSV files: every run of every section. */
function csvFiles(report: LearningReport): ReportFile[] {
  const files: ReportFile[] = [];
  /** A section's runs, if it ran: `columns` names both the header and the field of each run it shows. */
  const sectionCsv = <Column extends string>(name: string, section: { readonly runs: readonly Readonly<Record<NoInfer<Column>, CsvValue>>[] } | null, columns: readonly Column[]) => {
    if (section) files.push({ name, content: toCsv(columns, section.runs.map((run) => columns.map((column) => run[column]))) });
  };
  sectionCsv('planted.csv', report.planted, ['family', 'seed', 'variant', 'inSample', 'outOfSample', 'oracleInSample', 'oracleOutOfSample', 'hiddenOracleOutOfSample', 'benchmarkOutOfSample', 'orders', 'state', 'ruleStateGain', 'trainSeconds']);
  sectionCsv('efficiency.csv', report.efficiency, ['family', 'seed', 'variant', 'trainDays', 'outOfSample', 'oracleOutOfSample', 'trainSeconds']);
  sectionCsv('noedge.csv', report.noEdge, ['market', 'seed', 'variant', 'inSampleOrdersAway', 'outOfSampleOrdersAway', 'outOfSample', 'benchmarkOutOfSample', 'state', 'trainSeconds']);
  sectionCsv('real.csv', report.real, ['symbol', 'variant', 'inSampleExcess', 'outOfSampleExcess', 'outOfSample', 'benchmarkOutOfSample', 'orders', 'ordersAway', 'wipedOutOn', 'state', 'trainSeconds']);
  if (report.walkForward) {
    files.push({
      name: 'walkforward.csv',
      content: toCsv(
        ['symbol', 'variant', 'testStart', 'testEnd', 'return', 'benchmarkReturn', 'ordersAway'],
        report.walkForward.runs.flatMap((run) => [
          ...run.folds.map((fold) => [run.symbol, run.variant, fold.test.start, fold.test.end, fold.return, fold.benchmark, fold.ordersAway]),
          [run.symbol, run.variant, 'stitched', 'stitched', run.outOfSample, run.benchmarkOutOfSample, run.folds.reduce((total, fold) => total + fold.ordersAway, 0)],
        ]),
      ),
    });
  }
  return files;
}

/** The report folder: report.html, results.json (every run and summary), one CSV per section, the charts as SVG (and PNG). */
export async function learningReportFiles(report: LearningReport, options: { png: boolean }): Promise<ReportFile[]> {
  const tables = learningTables(report);
  const charts = learningCharts(report);
  const rendered = await renderCharts(charts.map((chart) => ({ id: chart.id, title: chart.title, spec: xyChartSpec(chart) })));
  const e = escapeHtml;
  const tableHtml = (table: LearningTable) =>
    `<section><h2>${e(table.title)}</h2><p class="command"><code>$ ${e(table.command)}</code></p>` +
    `<table><thead><tr>${table.header.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr></thead><tbody>` +
    table.rows.map((row) => `<tr>${row.map((cell) => `<td>${e(cell)}</td>`).join('')}</tr>`).join('') +
    `</tbody></table>${table.notes.map((note) => `<p class="note">${e(note)}</p>`).join('')}` +
    rendered
      .filter((chart) => chartSection(chart.id) === table.id)
      .map((chart) => `<figure>${inlineSvg(chart.svg, chart.title)}</figure>`)
      .join('\n') +
    `</section>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dynaq learning benchmark</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#111}table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}th{background:#f3f4f6}figure{margin:1.2rem 0}code{font-size:12px}.note{color:#4b5563;font-size:13px}.command{margin:.2rem 0}</style>
</head><body>
<h1>Learning benchmark</h1>
<p><code>$ ${e(report.commandLine)}</code></p>
<p>Variants: ${report.variants.map((variant) => `<code>${e(variant.name)}</code> ${e(JSON.stringify(variant.settings))}`).join(', ')}; learner seed ${report.learnerSeed}; ${report.seconds.toFixed(0)} s.</p>
${tables.map(tableHtml).join('\n')}
</body></html>
`;
  const json = {
    commandLine: report.commandLine,
    commands: report.commands,
    variants: report.variants,
    learnerSeed: report.learnerSeed,
    criteria: report.criteria,
    planted: report.planted,
    efficiency: report.efficiency,
    noEdge: report.noEdge,
    real: report.real,
    walkForward: report.walkForward,
  };
  const files: ReportFile[] = [
    { name: 'report.html', content: html },
    { name: 'results.json', content: `${JSON.stringify(json, null, 2)}\n` },
    ...csvFiles(report),
  ];
  for (const chart of rendered) {
    files.push({ name: `charts/${chart.id}.svg`, content: chart.svg });
    if (options.png) files.push({ name: `charts/${chart.id}.png`, content: await svgToPngAsync(chart.svg) });
  }
  return files;
}

/** Which table a chart is shown under. */
function chartSection(id: string): string {
  if (id.startsWith('sample-efficiency')) return 'efficiency';
  if (id === 'planted-share') return 'planted';
  if (id === 'walkforward-excess') return 'walkforward';
  if (id === 'real-excess') return 'real';
  return '';
}
