import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import type { LearningCurve, PolicySummary, ReportModel, ReportStrategy, XYChart } from './model.js';
import { formatFixed } from './format.js';

/**
 * Charts are data: each is a Vega-Lite spec built from the report model, rendered headless in
 * Node (vega's View with renderer 'none' -> SVG string; resvg -> PNG). No browser, no canvas.
 * vega is imported on the first chart drawn, so a report without these charts never loads it.
 * (The price, value and drawdown chart of each window is drawn by ./trade-chart.ts instead.)
 */
export interface ChartSpec {
  /** File base name, e.g. `learning-curve` (-> learning-curve.svg / .png). */
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

/** A chart id from a window name: "Out-of-sample" -> "out-of-sample". */
export function slug(text: string): string {
  const slugged = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slugged === '' ? 'window' : slugged;
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

/**
 * (d) The learned greedy policy as a grid: one row per market state, one column per position
 * held (state labels "MARKET | POSITION"; other labels get one column), each cell coloured by its
 * greedy action and showing how often training visited it (faded: never). Labels are horizontal
 * and never shortened.
 */
export function policyChartSpec(policy: PolicySummary): TopLevelSpec {
  const split = policy.stateLabels.every((label) => label.includes(' | '));
  const rows = policy.stateLabels.map((state, index) => {
    const cut = state.lastIndexOf(' | ');
    const visits = policy.visits ? policy.visits[index]! : null;
    return {
      market: split ? state.slice(0, cut) : state,
      position: split ? state.slice(cut + 3) : 'Greedy action',
      action: policy.actionLabels[policy.actions[index]!]!,
      visits: visits === null ? '' : formatFixed(visits, 0),
      visited: visits === null || visits > 0,
    };
  });
  const markets = [...new Set(rows.map((row) => row.market))];
  const positions = [...new Set(rows.map((row) => row.position))];
  const x = { field: 'position', type: 'nominal', sort: positions, axis: { title: split ? 'Position held' : null, orient: 'top', labelAngle: 0, labelLimit: 1000 } } as const;
  // The row title sits above the labels, level with the column headings (beside them it would
  // be drawn over labels wider than vega measures them without a browser).
  const y = {
    field: 'market',
    type: 'nominal',
    sort: markets,
    axis: { title: split ? 'Market state (indicator bins)' : 'State', labelLimit: 1000, titleAngle: 0, titleAlign: 'right', titleBaseline: 'bottom', titleX: -6, titleY: -6 },
  } as const;
  return {
    config: CONFIG,
    title: { text: `Learned policy — greedy action per state${policy.visits ? '; the number is how often training visited it (faded: never)' : ''}` },
    data: { values: rows },
    width: { step: 96 },
    height: { step: 22 },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color: { field: 'action', type: 'nominal', scale: { domain: policy.actionLabels, range: policy.actionColors ?? CATEGORY }, legend: { title: 'Greedy action', orient: 'top' } },
          opacity: { condition: { test: 'datum.visited', value: 1 }, value: 0.25 },
        },
      },
      ...(policy.visits ? [{ mark: { type: 'text', fontSize: 10, color: 'white' }, encoding: { x, y, text: { field: 'visits', type: 'nominal' } } }] : []),
    ],
  } as TopLevelSpec;
}

/** A fixed axis range whose outliers are drawn on its edge, or nothing. */
function clampedScale(domain: readonly [number, number] | undefined) {
  return domain ? { scale: { domain: [...domain], clamp: true, nice: false, zero: false } } : {};
}

/** A scatter of more points than this is drawn as a density: thousands of dots hide each other (and weigh megabytes of SVG). */
export const SCATTER_POINTS_MAX = 1000;
/** Bins along each axis of a density. */
const DENSITY_BINS = 40;

export interface DensityCell {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly count: number;
}

/**
 * Points counted on a DENSITY_BINS x DENSITY_BINS grid over the axis ranges (the given domains, or
 * the points' own range); points beyond a domain count in its edge cells, as a scatter draws them
 * on the edge. Only the cells with points.
 */
export function densityCells(points: readonly { readonly x: number; readonly y: number }[], xDomain?: readonly [number, number], yDomain?: readonly [number, number]): DensityCell[] {
  const range = (values: readonly number[], domain?: readonly [number, number]): [number, number] => {
    let low = domain?.[0] ?? Infinity;
    let high = domain?.[1] ?? -Infinity;
    if (domain === undefined) {
      for (const value of values) {
        if (!Number.isFinite(value)) continue;
        if (value < low) low = value;
        if (value > high) high = value;
      }
    }
    if (!(low <= high)) return [0, 1]; // no finite value
    return high > low ? [low, high] : [low - 0.5, low + 0.5];
  };
  const [xLow, xHigh] = range(points.map((point) => point.x), xDomain);
  const [yLow, yHigh] = range(points.map((point) => point.y), yDomain);
  const binOf = (value: number, low: number, high: number) => Math.min(DENSITY_BINS - 1, Math.max(0, Math.floor(((value - low) / (high - low)) * DENSITY_BINS)));
  const counts = new Int32Array(DENSITY_BINS * DENSITY_BINS);
  // a point with a NaN coordinate is nowhere; an infinite one sits on the edge
  for (const point of points) if (!Number.isNaN(point.x) && !Number.isNaN(point.y)) counts[binOf(point.x, xLow, xHigh) * DENSITY_BINS + binOf(point.y, yLow, yHigh)]++;
  const cells: DensityCell[] = [];
  const xStep = (xHigh - xLow) / DENSITY_BINS;
  const yStep = (yHigh - yLow) / DENSITY_BINS;
  counts.forEach((count, cell) => {
    if (count === 0) return;
    const i = Math.floor(cell / DENSITY_BINS);
    const j = cell % DENSITY_BINS;
    cells.push({ x0: xLow + i * xStep, x1: xLow + (i + 1) * xStep, y0: yLow + j * yStep, y1: yLow + (j + 1) * yStep, count });
  });
  return cells;
}

/** A scatter of many points as the count of points per cell of a grid, darker for more. */
function densitySpec(chart: XYChart, points: readonly { readonly x: number; readonly y: number }[]): TopLevelSpec {
  const axis = (label: string, unit?: 'percent' | 'ratio' | 'money' | 'count') => ({ title: label, ...(unit ? { format: valueFormat(unit) } : {}) });
  return {
    config: CONFIG,
    width: 480,
    height: 220,
    title: { text: chart.title, subtitle: `${points.length} points, counted per cell: darker, more of them` },
    data: { values: densityCells(points, chart.x.domain, chart.y.domain) },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x0', type: 'quantitative', scale: { zero: false, nice: false }, axis: axis(chart.x.label, chart.x.unit) },
      x2: { field: 'x1' },
      y: { field: 'y0', type: 'quantitative', scale: { zero: false, nice: false }, axis: axis(chart.y.label, chart.y.unit) },
      y2: { field: 'y1' },
      color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: { title: 'Points' } },
    },
  } as TopLevelSpec;
}

/** (e) A generic line or bar chart, e.g. trades and returns versus market impact; a scatter of many points as a density. */
export function xyChartSpec(chart: XYChart): TopLevelSpec {
  if (chart.mark === 'point' && chart.points.length > SCATTER_POINTS_MAX && chart.x.type === 'quantitative') {
    return densitySpec(
      chart,
      chart.points.flatMap((point) => (typeof point.x === 'number' ? [{ x: point.x, y: point.y }] : [])),
    );
  }
  const seriesCount = new Set(chart.points.map((point) => point.series)).size;
  const quantitativeX = chart.x.type === 'quantitative' && chart.mark !== 'bar';
  const x = quantitativeX
    ? { field: 'x', type: 'quantitative', ...clampedScale(chart.x.domain), axis: { title: chart.x.label, ...(chart.x.unit ? { format: valueFormat(chart.x.unit) } : {}) } }
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
      y: { field: 'y', type: 'quantitative', ...clampedScale(chart.y.domain), axis: { title: chart.y.label, format: valueFormat(chart.y.unit) } },
      // colours in the order the series first appear (the strategy under study first), not alphabetical
      color: { field: 'series', type: 'nominal', scale: { domain: [...new Set(chart.points.map((point) => point.series))], range: CATEGORY }, legend: seriesCount > 1 ? { title: null } : null },
      ...(chart.mark === 'bar' && seriesCount > 1 ? { xOffset: { field: 'series', type: 'nominal' } } : {}),
    },
  } as TopLevelSpec;
}

/** The vega charts of a report, in the order the HTML page shows them (after each window's trade chart). */
export function reportChartSpecs(model: ReportModel): ChartSpec[] {
  const charts: ChartSpec[] = [];
  if (model.learningCurve && model.learningCurve.points.length > 0) {
    charts.push({ id: 'learning-curve', title: 'Learning curve', spec: learningCurveSpec(model.learningCurve) });
  }
  if (model.policy && model.policy.stateLabels.length > 0) {
    charts.push({ id: 'policy', title: 'Learned policy', spec: policyChartSpec(model.policy) });
  }
  for (const chart of model.extraCharts ?? []) charts.push({ id: chart.id, title: chart.title, spec: xyChartSpec(chart) });
  return charts;
}

/** vega and vega-lite, imported at the first chart (0.2-0.3 s: a command that draws none does not pay it). */
function loadVega(): Promise<[typeof import('vega'), typeof import('vega-lite')]> {
  return Promise.all([import('vega'), import('vega-lite')]);
}

/**
 * Starts importing the charting modules now, for a command that will draw charts once its work is
 * done and leaves this thread idle meanwhile (a sweep while its jobs run on the pool threads).
 */
export function preloadCharts(): void {
  loadVega().catch(() => {}); // a failure shows where the charts are drawn
}

/**
 * Renders a Vega-Lite spec to an SVG string, headless. Ids inside the SVG (clip paths, gradients)
 * come from counters global to the vega module, so they are renumbered under `idPrefix`: the same
 * spec gives byte-identical SVG however many charts were drawn before, and several SVGs can be
 * inlined in one HTML page without their ids colliding. Warnings go to `warnings`, not the
 * console, which belongs to the CLI's output.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string, warnings: string[] = []): Promise<string> {
  const [{ logger, parse: parseVega, View, Warn }, { compile }] = await loadVega();
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

/** resvg, a native module, loaded on the first PNG: a run that draws none does not pay for it. */
let resvgModule: typeof import('@resvg/resvg-js') | null = null;
function resvg(): typeof import('@resvg/resvg-js') {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return resvgModule;
}

/** Rasterizes an SVG to PNG (white background) at `scale` times its size. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const image = new (resvg().Resvg)(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: pngFontOptions() });
  return new Uint8Array(image.render().asPng());
}

/** `svgToPng` on libuv's thread pool: lets PNGs rasterize while the next chart's SVG is drawn. */
export async function svgToPngAsync(svg: string, scale = 2): Promise<Uint8Array> {
  const image = await resvg().renderAsync(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: pngFontOptions() });
  return new Uint8Array(image.asPng());
}
