import { renderCharts, reportChartSpecs, svgToPngAsync, type RenderedChart } from './charts.js';
import { renderReportHtml, type PageChart } from './html.js';
import { checkReportModel, type ReportModel } from './model.js';
import { renderHeatmapSvg } from './heatmap.js';
import { renderTradeChartSvg, tradeChartData } from './trade-chart.js';
import type { ReportFile } from './write.js';

export interface ReportFilesOptions {
  /** Also rasterize every chart to PNG (default true). */
  readonly png?: boolean;
  /** PNG pixels per SVG unit (default 2: sharp on high-density screens and in slides). */
  readonly pngScale?: number;
  /** Also write each vega chart's Vega-Lite spec as `charts/<id>.vl.json` (default false). */
  readonly specs?: boolean;
}

/** Each window's trade chart (price and trades, return, drawdown), drawn by ./trade-chart.ts. */
export function reportTradeCharts(model: ReportModel): PageChart[] {
  const charts = model.windows.map((window) => {
    const data = tradeChartData(window, model.strategies);
    return { id: data.id, title: data.title, svg: renderTradeChartSvg(data), warnings: [], data };
  });
  const seen = new Set<string>();
  for (const chart of charts) {
    if (seen.has(chart.id)) throw new Error(`report model: two charts would both be named "${chart.id}" (window names must differ)`);
    seen.add(chart.id);
  }
  return charts;
}

/**
 * The presentation files of a report folder: `report.html` and `charts/<id>.svg` (+ `.png`,
 * + `.vl.json` on request). The caller adds its data files (summary.json, CSVs) and hands the
 * whole list to `writeReportFolder`.
 */
export async function renderReportFiles(model: ReportModel, options: ReportFilesOptions = {}): Promise<{ files: ReportFile[]; charts: RenderedChart[] }> {
  checkReportModel(model);
  const withPng = options.png ?? true;
  const pngs: Promise<Uint8Array>[] = [];
  const rasterize = (chart: RenderedChart) => {
    if (withPng) pngs.push(svgToPngAsync(chart.svg, options.pngScale ?? 2));
  };
  const tradeCharts = reportTradeCharts(model);
  tradeCharts.forEach(rasterize);
  // SVG drawing is JavaScript on this thread; PNG rasterizing runs on the thread pool meanwhile.
  const specs = reportChartSpecs(model);
  const heatmaps: PageChart[] = (model.heatmaps ?? []).map((map) => ({ id: map.id, title: map.title, svg: renderHeatmapSvg(map), warnings: [] }));
  heatmaps.forEach(rasterize);
  const vegaCharts = await renderCharts(specs, rasterize);
  const charts: PageChart[] = [...tradeCharts, ...heatmaps, ...vegaCharts];
  const pngContents = await Promise.all(pngs);
  const files: ReportFile[] = [{ name: 'report.html', content: renderReportHtml(model, charts) }];
  charts.forEach((chart, index) => {
    files.push({ name: `charts/${chart.id}.svg`, content: chart.svg });
    if (withPng) files.push({ name: `charts/${chart.id}.png`, content: pngContents[index]! });
  });
  if (options.specs) vegaCharts.forEach((chart, index) => files.push({ name: `charts/${chart.id}.vl.json`, content: JSON.stringify(specs[index]!.spec, null, 2) + '\n' }));
  return { files, charts };
}
