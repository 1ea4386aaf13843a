import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../src/report/charts.js';
import { renderReportFiles } from '../../src/report/files.js';
import { writeReportFolder } from '../../src/report/write.js';
import { sampleReportModel } from './sample-model.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('renderReportFiles', () => {
  it('gives report.html and an SVG and PNG per chart, the PNG the same as the synchronous rasterizer', async () => {
    const { files, charts } = await renderReportFiles(sampleReportModel({ days: 40 }));
    const ids = charts.map((chart) => chart.id);
    expect(files.map((file) => file.name)).toEqual(['report.html', ...ids.flatMap((id) => [`charts/${id}.svg`, `charts/${id}.png`])]);
    expect(ids.slice(0, 2)).toEqual(['price-in-sample', 'price-out-of-sample']);
    for (const chart of charts) {
      const png = files.find((file) => file.name === `charts/${chart.id}.png`)!.content as Uint8Array;
      expect(Array.from(png.subarray(0, 8)), chart.id).toEqual(PNG_SIGNATURE);
      expect(Buffer.from(png).equals(Buffer.from(svgToPng(chart.svg))), chart.id).toBe(true);
      expect(files.find((file) => file.name === `charts/${chart.id}.svg`)!.content).toBe(chart.svg);
    }
  });

  it('draws a trade chart per window, then the vega charts', async () => {
    const { charts } = await renderReportFiles(sampleReportModel({ days: 20 }), { png: false });
    expect(charts.map((chart) => chart.id)).toEqual(['price-in-sample', 'price-out-of-sample', 'learning-curve', 'policy', 'impact-trades']);
  });

  it('refuses two windows whose chart files would collide', async () => {
    const model = sampleReportModel({ days: 20 });
    const twin = { ...model, windows: [model.windows[0]!, { ...model.windows[1]!, name: 'In sample' }], statistics: { columns: [], rows: [] } };
    await expect(renderReportFiles(twin)).rejects.toThrow(/price-in-sample/);
  });

  it('leaves PNGs out or adds the Vega-Lite specs on request', async () => {
    const { files } = await renderReportFiles(sampleReportModel({ days: 20 }), { png: false, specs: true });
    expect(files.some((file) => file.name.endsWith('.png'))).toBe(false);
    const spec = JSON.parse(files.find((file) => file.name === 'charts/learning-curve.vl.json')!.content as string) as { mark: { type: string } };
    expect(spec.mark.type).toBe('line');
    expect(files.some((file) => file.name === 'charts/price-in-sample.vl.json'), 'the trade chart is no vega chart').toBe(false);
  });

  it('writes a report folder that holds exactly those files', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'dynaq-report-')), 'JPM-dyna-q-seed7');
    const { files } = await renderReportFiles(sampleReportModel({ days: 20 }));
    await writeReportFolder(target, [...files, { name: 'summary.json', content: '{}\n' }]);
    expect(readdirSync(target).sort()).toEqual(['charts', 'report.html', 'summary.json']);
    expect(readdirSync(join(target, 'charts')).length).toBe(files.length - 1);
    expect(readFileSync(join(target, 'report.html'), 'utf8')).toBe(files[0]!.content);
  });
});
