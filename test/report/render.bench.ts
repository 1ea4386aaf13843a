import { bench, describe } from 'vitest';
import { renderCharts, reportChartSpecs, svgToPng, type RenderedChart } from '../../src/report/charts.js';
import { renderReportFiles } from '../../src/report/files.js';
import { sampleReportModel } from './sample-model.js';

// Benchmark, not a test: `npx vitest bench --run --config test/vitest.config.ts test/report/render.bench.ts`.
// Two windows of 504 trading days (two years each), three strategies, 100-state policy.
const model = sampleReportModel({ days: 504, states: 100 });
let rendered: RenderedChart[] = [];

describe('report rendering, 2 windows x 504 days', () => {
  bench(
    'all charts to SVG',
    async () => {
      rendered = await renderCharts(reportChartSpecs(model));
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );
  bench(
    'all SVGs to PNG (scale 2)',
    () => {
      for (const chart of rendered) svgToPng(chart.svg);
    },
    {
      iterations: 5,
      warmupIterations: 1,
      time: 0,
      setup: async () => {
        rendered = await renderCharts(reportChartSpecs(model));
      },
    },
  );
  bench(
    'report files (HTML + SVG + PNG)',
    async () => {
      await renderReportFiles(model);
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );
});
