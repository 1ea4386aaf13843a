import { renderCharts, reportChartSpecs, svgToPngAsync, type RenderedChart } from './charts.js';
import { renderReportHtml } from './html.js';
import { checkReportModel, type ReportModel } from './model.js';
import type { ReportFile } from './write.js';

export interface ReportFilesOptions {
  /** Also rasterize every chart to PNG (default true). */
  readonly png?: boolean;
  /** PNG pixels per SVG unit (default 2: sharp on high-density screens and in slides). */
  readonly pngScale?: number;
  /** Also write each chart's Vega-Lite spec as `charts/<id>.vl.json` (default false). */
  readonly specs?: boolean;
}

/**
 * The presentation files of a report folder: `report.html` and `charts/<id>.svg` (+ `.png`,
 * + `.vl.json` on request). The caller adds its data files (summary.json, CSVs) and hands the
 * whole list to `writeReportFolder`.
 */
export async function renderReportFiles(model: ReportModel, options: ReportFilesOptions = {}): Promise<{ files: ReportFile[]; charts: RenderedChart[] }> {
  checkReportModel(model);
  const specs = reportChartSpecs(model);
  const withPng = options.png ?? true;
  const pngs: Promise<Uint8Array>[] = [];
  // SVG drawing is JavaScript on this thread; PNG rasterizing runs on the thread pool meanwhile.
  const charts = await renderCharts(specs, (chart) => {
    if (withPng) pngs.push(svgToPngAsync(chart.svg, options.pngScale ?? 2));
  });
  const pngContents = await Promise.all(pngs);
  const files: ReportFile[] = [{ name: 'report.html', content: renderReportHtml(model, charts) }];
  charts.forEach((chart, index) => {
    files.push({ name: `charts/${chart.id}.svg`, content: chart.svg });
    if (withPng) files.push({ name: `charts/${chart.id}.png`, content: pngContents[index]! });
    if (options.specs) files.push({ name: `charts/${chart.id}.vl.json`, content: JSON.stringify(specs[index]!.spec, null, 2) + '\n' });
  });
  return { files, charts };
}
