import { existsSync } from 'node:fs';
import { renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { logger, parse as parseVega, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { LearningCurve, PolicySummary, ReportModel, ReportStrategy, ReportWindow, XYChart } from './model.js';

/**
 * Charts are data: each is a Vega-Lite spec built from the report model, rendered headless in
 * Node (vega's View with renderer 'none' -> SVG string; resvg -> PNG). No browser, no canvas.
 */
export interface ChartSpec {
  /** File base name, e.g. `value-in-sample` (-> value-in-sample.svg / .png). */
  readonly id: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** What vega-lite / vega warned about while rendering (kept off the console); empty when clean. */
  readonly warnings: readonly string[];
}

/** Font stack of every chart; DejaVu Sans is the usual font on Linux machines without others. */
const FONT = 'Helvetica Neue, Helvetica, Arial, DejaVu Sans, sans-serif';
const STRATEGY_HIGHLIGHT = '#1d4ed8';
const STRATEGY_OTHERS = ['#6b7280', '#d97706', '#059669', '#9333ea', '#db2777', '#0891b2'];
const CATEGORY = ['#2563eb', '#d97706', '#059669', '#9333ea', '#db2777', '#0891b2', '#65a30d'];
const MARKER_KINDS = ['long', 'short', 'flat'];
const MARKER_LABELS = ['Long entry', 'Short entry', 'Exit to flat'];
const WIDTH = 720;

const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 14, fontWeight: 600, color: '#111827', offset: 10 },
  axis: {
    gridColor: '#e5e7eb',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
    labelColor: '#374151',
    titleColor: '#374151',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
  },
  legend: { labelFontSize: 11, titleFontSize: 11, labelColor: '#374151', orient: 'top', direction: 'horizontal' },
} as const;

/** Colour and line width per strategy: the highlighted one blue and thick, the others muted. */
export function strategyStyles(strategies: readonly ReportStrategy[]): { names: string[]; colors: string[]; widths: number[] } {
  let other = 0;
  const colors = strategies.map((strategy) => (strategy.highlight ? STRATEGY_HIGHLIGHT : STRATEGY_OTHERS[other++ % STRATEGY_OTHERS.length]!));
  return {
    names: strategies.map((strategy) => strategy.name),
    colors,
    widths: strategies.map((strategy) => (strategy.highlight ? 2.2 : 1.3)),
  };
}

/** Series in drawing order: the highlighted strategy last, so its line is on top. */
function highlightedLast<T extends { readonly name: string }>(series: readonly T[], strategies: readonly ReportStrategy[]): T[] {
  const highlighted = new Set(strategies.filter((strategy) => strategy.highlight).map((strategy) => strategy.name));
  return [...series.filter((one) => !highlighted.has(one.name)), ...series.filter((one) => highlighted.has(one.name))];
}

/** A chart id from a window name: "Out-of-sample" -> "out-of-sample". */
export function slug(text: string): string {
  const slugged = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slugged === '' ? 'window' : slugged;
}

/** Trading dates as UTC midnight milliseconds: the axis never depends on the machine's time zone. */
function utcMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`report model: "${date}" is not a YYYY-MM-DD date`);
  return ms;
}

/**
 * The date axis of a window: tick interval and label format chosen from the window's length, so a
 * short window gets distinct day labels and a long one month or year labels (never repeated ones).
 */
function timeAxis(times: readonly number[]) {
  const spanDays = times.length < 2 ? 0 : (times[times.length - 1]! - times[0]!) / 86_400_000;
  const [interval, step, format] =
    spanDays <= 14 ? ['day', 1, '%Y-%m-%d']
    : spanDays <= 70 ? ['week', 1, '%Y-%m-%d']
    : spanDays <= 200 ? ['month', 1, '%Y-%m']
    : spanDays <= 1200 ? ['month', 3, '%Y-%m']
    : spanDays <= 3000 ? ['year', 1, '%Y']
    : ['year', 2, '%Y'];
  return {
    field: 't',
    type: 'temporal',
    scale: { type: 'utc' },
    axis: { title: null, format, labelAngle: 0, tickCount: { interval, step }, labelOverlap: true },
  } as const;
}

function valueFormat(unit: 'percent' | 'ratio' | 'money' | 'count'): string {
  switch (unit) {
    case 'percent':
      return '.1%';
    case 'ratio':
      return '.3~f';
    case 'money':
      return ',.2f';
    case 'count':
      return ',d';
  }
}

/** (a) Value of each strategy normalized to 1.0, with long/short entry and exit markers. */
export function valueChartSpec(window: ReportWindow, strategies: readonly ReportStrategy[]): TopLevelSpec {
  const style = strategyStyles(strategies);
  const times = window.dates.map(utcMs);
  const values: { t: number; series: string; value: number; width: number }[] = [];
  for (const series of highlightedLast(window.series, strategies)) {
    const width = style.widths[style.names.indexOf(series.name)] ?? 1.3;
    for (let day = 0; day < times.length; day++) values.push({ t: times[day]!, series: series.name, value: series.values[day]!, width });
  }
  const markers = window.markers.map((marker) => ({ t: utcMs(marker.date), series: marker.series, kind: marker.kind, value: marker.value }));
  const layers: object[] = [
    // Its own one-row data: with the chart's data it would draw one rule per data row.
    { data: { values: [{}] }, mark: { type: 'rule', color: '#9ca3af', strokeDash: [4, 4], strokeWidth: 1 }, encoding: { y: { datum: 1 } } },
    {
      mark: { type: 'line', strokeJoin: 'round' },
      encoding: {
        x: timeAxis(times),
        y: { field: 'value', type: 'quantitative', scale: { zero: false }, axis: { title: 'Value (start = 1.0)' } },
        color: { field: 'series', type: 'nominal', scale: { domain: style.names, range: style.colors }, legend: { title: null } },
        strokeWidth: { field: 'width', type: 'quantitative', scale: null, legend: null },
      },
    },
  ];
  if (markers.length > 0) {
    layers.push({
      data: { values: markers },
      mark: { type: 'point', filled: true, size: 55, opacity: 1, stroke: 'white', strokeWidth: 0.6 },
      encoding: {
        x: timeAxis(times),
        y: { field: 'value', type: 'quantitative' },
        shape: {
          field: 'kind',
          type: 'nominal',
          scale: { domain: MARKER_KINDS, range: ['triangle-up', 'triangle-down', 'circle'] },
          legend: { title: null, labelExpr: markerLabelExpr() },
        },
        fill: {
          field: 'kind',
          type: 'nominal',
          scale: { domain: MARKER_KINDS, range: ['#16a34a', '#dc2626', '#6b7280'] },
          legend: { title: null, labelExpr: markerLabelExpr() },
        },
      },
    });
  }
  return {
    config: CONFIG,
    width: WIDTH,
    height: 260,
    title: { text: `Value, normalized to 1.0 — ${window.name}` },
    data: { values },
    layer: layers,
  } as TopLevelSpec;
}

function markerLabelExpr(): string {
  return MARKER_KINDS.map((kind, index) => `datum.value === '${kind}' ? '${MARKER_LABELS[index]}'`).join(' : ') + " : datum.value";
}

/** (b) Drawdown of each strategy below its running peak (fractions <= 0), the highlighted one filled. */
export function drawdownChartSpec(window: ReportWindow, strategies: readonly ReportStrategy[]): TopLevelSpec {
  const style = strategyStyles(strategies);
  const highlighted = new Set(strategies.filter((strategy) => strategy.highlight).map((strategy) => strategy.name));
  const times = window.dates.map(utcMs);
  const values: { t: number; series: string; drawdown: number; filled: boolean }[] = [];
  for (const series of highlightedLast(window.drawdowns, strategies)) {
    for (let day = 0; day < times.length; day++) {
      values.push({ t: times[day]!, series: series.name, drawdown: series.values[day]!, filled: highlighted.has(series.name) });
    }
  }
  const x = timeAxis(times);
  const y = { field: 'drawdown', type: 'quantitative', axis: { title: 'Drawdown', format: '.0%' } } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: style.names, range: style.colors },
    legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 2, symbolOpacity: 1 },
  } as const;
  return {
    config: CONFIG,
    width: WIDTH,
    height: 150,
    title: { text: `Drawdown — ${window.name}` },
    data: { values },
    layer: [
      { transform: [{ filter: 'datum.filled' }], mark: { type: 'area', opacity: 0.14 }, encoding: { x, y, color } },
      { mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x, y, color } },
    ],
  } as TopLevelSpec;
}

/** (c) The training learning curve: one line per series over the epochs. */
export function learningCurveSpec(curve: LearningCurve): TopLevelSpec {
  const epochs = new Set(curve.points.map((point) => point.epoch)).size;
  const seriesCount = new Set(curve.points.map((point) => point.series)).size;
  return {
    config: CONFIG,
    width: WIDTH,
    height: 220,
    title: { text: `Learning curve — ${curve.valueLabel} per training epoch` },
    data: { values: curve.points.map((point) => ({ epoch: point.epoch, value: point.value, series: point.series })) },
    mark: { type: 'line', point: epochs <= 60 ? { size: 22 } : false, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', scale: { zero: false, nice: false }, axis: { title: 'Epoch', format: 'd', tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', scale: { zero: false }, axis: { title: curve.valueLabel, format: valueFormat(curve.unit) } },
      color: { field: 'series', type: 'nominal', scale: { range: CATEGORY }, legend: seriesCount > 1 ? { title: null } : null },
    },
  } as TopLevelSpec;
}

/** (d) The learned greedy policy: one cell per state in the row of its action; visits above. */
export function policyChartSpec(policy: PolicySummary): TopLevelSpec {
  const states = policy.stateLabels.length;
  const rows = policy.stateLabels.map((state, index) => {
    const visits = policy.visits ? policy.visits[index]! : null;
    return { index, state, action: policy.actionLabels[policy.actions[index]!]!, visits, visited: visits === null || visits > 0 };
  });
  const showLabels = states <= 60;
  const x = {
    field: 'state',
    type: 'ordinal',
    sort: policy.stateLabels,
    scale: { paddingInner: states > 150 ? 0 : 0.08 },
    axis: showLabels ? { title: 'State', labelAngle: -50, labelLimit: 90 } : { title: `State (${states} states, labels omitted)`, labels: false, ticks: false },
  } as const;
  const actionCells = {
    height: Math.max(60, 26 * policy.actionLabels.length),
    width: WIDTH,
    mark: { type: 'rect' },
    encoding: {
      x,
      y: { field: 'action', type: 'nominal', sort: policy.actionLabels, axis: { title: 'Greedy action' } },
      color: { field: 'action', type: 'nominal', scale: { domain: policy.actionLabels, range: policy.actionColors ?? CATEGORY }, legend: { title: null } },
      opacity: { condition: { test: 'datum.visited', value: 1 }, value: 0.25 },
    },
  };
  const visitBars = {
    height: 90,
    width: WIDTH,
    mark: { type: 'bar', color: '#9ca3af' },
    encoding: {
      x: { ...x, axis: null },
      y: { field: 'visits', type: 'quantitative', axis: { title: 'Visits', format: '~s', tickCount: 3 } },
    },
  };
  return {
    config: CONFIG,
    title: { text: policy.visits ? 'Learned policy — greedy action per state (faded: never visited)' : 'Learned policy — greedy action per state' },
    data: { values: rows },
    vconcat: policy.visits ? [visitBars, actionCells] : [actionCells],
    spacing: 4,
  } as TopLevelSpec;
}

/** (e) A generic line or bar chart, e.g. trades and returns versus market impact. */
export function xyChartSpec(chart: XYChart): TopLevelSpec {
  const seriesCount = new Set(chart.points.map((point) => point.series)).size;
  const quantitativeX = chart.x.type === 'quantitative' && chart.mark !== 'bar';
  const x = quantitativeX
    ? { field: 'x', type: 'quantitative', axis: { title: chart.x.label, ...(chart.x.unit ? { format: valueFormat(chart.x.unit) } : {}) } }
    : { field: 'x', type: 'ordinal', sort: null, axis: { title: chart.x.label, labelAngle: 0 } };
  return {
    config: CONFIG,
    width: chart.mark === 'bar' ? { step: Math.max(56, 26 * seriesCount) } : 480,
    height: 220,
    title: { text: chart.title },
    data: { values: chart.points.map((point) => ({ x: point.x, y: point.y, series: point.series })) },
    mark: chart.mark === 'line' ? { type: 'line', point: { size: 30 }, strokeWidth: 1.6 } : chart.mark === 'point' ? { type: 'point', filled: true, size: 40 } : { type: 'bar' },
    encoding: {
      x,
      y: { field: 'y', type: 'quantitative', axis: { title: chart.y.label, format: valueFormat(chart.y.unit) } },
      // colours in the order the series first appear (the strategy under study first), not alphabetical
      color: { field: 'series', type: 'nominal', scale: { domain: [...new Set(chart.points.map((point) => point.series))], range: CATEGORY }, legend: seriesCount > 1 ? { title: null } : null },
      ...(chart.mark === 'bar' && seriesCount > 1 ? { xOffset: { field: 'series', type: 'nominal' } } : {}),
    },
  } as TopLevelSpec;
}

/** Every chart of a report, in the order the HTML page shows them. */
export function reportChartSpecs(model: ReportModel): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const window of model.windows) {
    const id = slug(window.name);
    charts.push({ id: `value-${id}`, title: `Value — ${window.name}`, spec: valueChartSpec(window, model.strategies) });
    if (window.drawdowns.length > 0) {
      charts.push({ id: `drawdown-${id}`, title: `Drawdown — ${window.name}`, spec: drawdownChartSpec(window, model.strategies) });
    }
  }
  if (model.learningCurve && model.learningCurve.points.length > 0) {
    charts.push({ id: 'learning-curve', title: 'Learning curve', spec: learningCurveSpec(model.learningCurve) });
  }
  if (model.policy && model.policy.stateLabels.length > 0) {
    charts.push({ id: 'policy', title: 'Learned policy', spec: policyChartSpec(model.policy) });
  }
  for (const chart of model.extraCharts ?? []) charts.push({ id: chart.id, title: chart.title, spec: xyChartSpec(chart) });
  const seen = new Set<string>();
  for (const chart of charts) {
    if (seen.has(chart.id)) throw new Error(`report model: two charts would both be named "${chart.id}" (window names must differ)`);
    seen.add(chart.id);
  }
  return charts;
}

/**
 * Renders a Vega-Lite spec to an SVG string, headless. Ids inside the SVG (clip paths, gradients)
 * come from counters global to the vega module, so they are renumbered under `idPrefix`: the same
 * spec gives byte-identical SVG however many charts were drawn before, and several SVGs can be
 * inlined in one HTML page without their ids colliding. Warnings go to `warnings`, not the
 * console, which belongs to the CLI's output.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string, warnings: string[] = []): Promise<string> {
  const log = logger(Warn, undefined, (_method, level, args) => warnings.push(`${level} ${args.map(String).join(' ')}`.trim()));
  const view = new View(parseVega(compile(spec, { logger: log }).spec), { renderer: 'none', logger: log, logLevel: Warn });
  try {
    return renumberIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

export function renumberIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\bid="([^"]+)"/g)) {
    if (!renamed.has(match[1]!)) renamed.set(match[1]!, `${prefix}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg.replace(/\bid="([^"]+)"|url\(#([^)]+)\)|href="#([^"]+)"/g, (whole, id?: string, url?: string, href?: string) => {
    if (id !== undefined) return `id="${renamed.get(id) ?? id}"`;
    if (url !== undefined) return renamed.has(url) ? `url(#${renamed.get(url)})` : whole;
    return renamed.has(href!) ? `href="#${renamed.get(href!)}"` : whole;
  });
}

/** Renders charts one after another; `onRendered` sees each as soon as it is drawn. */
export async function renderCharts(specs: readonly ChartSpec[], onRendered?: (chart: RenderedChart) => void): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of specs) {
    const warnings: string[] = [];
    const svg = await renderSvg(chart.spec, `chart-${chart.id}`, warnings);
    const result = { id: chart.id, title: chart.title, svg, warnings };
    rendered.push(result);
    onRendered?.(result);
  }
  return rendered;
}

/** Font files tried first (fast, predictable); otherwise resvg scans the system's fonts. */
const FONT_FILE_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/System/Library/Fonts/Helvetica.ttc',
  'C:\\Windows\\Fonts\\arial.ttf',
  'C:\\Windows\\Fonts\\arialbd.ttf',
];

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** Fonts for resvg, resolved once: it draws no text at all without a font. */
export function pngFontOptions(): NonNullable<ResvgRenderOptions['font']> {
  if (!fontOptions) {
    const files = FONT_FILE_CANDIDATES.filter((file) => existsSync(file));
    const family = files.some((file) => file.includes('DejaVu')) ? 'DejaVu Sans' : files.some((file) => file.includes('Liberation')) ? 'Liberation Sans' : files.some((file) => /Helvetica/.test(file)) ? 'Helvetica' : 'Arial';
    fontOptions =
      files.length > 0
        ? { fontFiles: files, loadSystemFonts: false, defaultFontFamily: family, sansSerifFamily: family }
        : { loadSystemFonts: true, sansSerifFamily: 'Arial' };
  }
  return fontOptions!;
}

/** Rasterizes an SVG to PNG (white background) at `scale` times its size. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: pngFontOptions() });
  return new Uint8Array(resvg.render().asPng());
}

/** `svgToPng` on libuv's thread pool: lets PNGs rasterize while the next chart's SVG is drawn. */
export async function svgToPngAsync(svg: string, scale = 2): Promise<Uint8Array> {
  const image = await renderAsync(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: pngFontOptions() });
  return new Uint8Array(image.asPng());
}
