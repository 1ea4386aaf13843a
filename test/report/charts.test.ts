import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  pngFontOptions,
  renderCharts,
  renderSvg,
  renumberIds,
  reportChartSpecs,
  slug,
  policyChartSpec,
  densityCells,
  SCATTER_POINTS_MAX,
  svgToPng,
  xyChartSpec,
} from '../../src/report/charts.js';
import { sampleReportModel } from './sample-model.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg[^>]*\bwidth="(\d+(?:\.\d+)?)"[^>]*\bheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!match) throw new Error('no width/height on the root svg');
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe('report chart specs', () => {
  it('lists the learning curve, the policy and extra charts, in page order (each window has its trade chart instead)', () => {
    const ids = reportChartSpecs(sampleReportModel()).map((chart) => chart.id);
    expect(ids).toEqual(['learning-curve', 'policy', 'impact-trades']);
  });

  it('leaves out the learning curve and policy when the model has none', () => {
    const model = { ...sampleReportModel(), learningCurve: null, policy: null, extraCharts: [] };
    expect(reportChartSpecs(model)).toEqual([]);
  });

  it('slugs window names into file names', () => {
    expect(slug('Out-of-sample')).toBe('out-of-sample');
    expect(slug('  2010/2011 Test ')).toBe('2010-2011-test');
    expect(slug('***')).toBe('window');
  });
});

describe('rendering to SVG', () => {
  it('draws the policy as a grid: a row per market state, a column per position, every label whole', async () => {
    const markets = ['momentum:5=1/2 momentum:10=1/2 momentum:20=1/2', 'momentum:5=2/2 momentum:10=1/2 momentum:20=2/2'];
    const positions = ['flat', 'long', 'short'];
    const stateLabels = markets.flatMap((market) => positions.map((position) => `${market} | ${position}`));
    const policy = { stateLabels, actionLabels: ['Flat', 'Long', 'Short'], actions: [1, 1, 0, 2, 0, 2], visits: [195, 243, 0, 42, 45, 65] };
    const svg = await renderSvg(policyChartSpec(policy), 'p');
    for (const label of [...markets, ...positions]) expect(svg, label).toContain(`>${label}</text>`);
    expect(svg, 'no label shortened').not.toContain('…');
    expect(svg.match(/aria-roledescription="rect mark"/g)?.length, 'one cell per state').toBe(6);
    // the visit counts, one per cell; the unvisited cell drawn faded
    for (const visits of ['195', '243', '42', '45', '65']) expect(svg).toContain(`>${visits}</text>`);
    expect(svg.match(/opacity="0.25"/g)?.length).toBe(1);
  });

  it('gives byte-identical SVG for the same model, whatever was rendered before', async () => {
    const model = sampleReportModel({ days: 80 });
    const first = await renderCharts(reportChartSpecs(model));
    await renderCharts(reportChartSpecs(sampleReportModel({ days: 30, symbol: 'AAPL', states: 30 })));
    const second = await renderCharts(reportChartSpecs(model));
    expect(second.map((chart) => chart.svg)).toEqual(first.map((chart) => chart.svg));
  });

  it('renders the generic chart as bars or lines with the points given', async () => {
    const points = [0, 0.005, 0.01].flatMap((impact, index) => [
      { x: impact, y: 0.2 - index * 0.05, series: 'In-sample' },
      { x: impact, y: 0.05 - index * 0.02, series: 'Out-of-sample' },
    ]);
    const line = await renderSvg(xyChartSpec({ id: 'impact-return', title: 'Return vs impact', mark: 'line', x: { label: 'Impact', type: 'quantitative' }, y: { label: 'Return', unit: 'percent' }, points }), 'l');
    expect(line.match(/aria-roledescription="line mark"/g)?.length).toBe(2);
    expect(line).toContain('>Return vs impact<');
    expect(line).toContain('>20.0%<');
    const bars = await renderSvg(xyChartSpec({ id: 'impact-trades', title: 'Trades', mark: 'bar', x: { label: 'Impact', type: 'ordinal' }, y: { label: 'Trades', unit: 'count' }, points }), 'b');
    expect(bars.match(/aria-roledescription="bar"/g)?.length).toBe(points.length);
  });
});

describe('scatters of many points', () => {
  it('counts points per cell of a 40 x 40 grid over the domains, outliers in the edge cells', () => {
    const points = [
      { x: 0.01, y: 0.01 }, // cell (0, 0): domains 0..0.4, cells 0.01 wide
      { x: 0.005, y: 0.009 }, // the same cell
      { x: 0.395, y: 0.2 }, // last x cell, y cell 20
      { x: -5, y: 9 }, // beyond both domains: first x cell, last y cell
    ];
    const cells = densityCells(points, [0, 0.4], [0, 0.4]);
    const at = (x0: number, y0: number) => cells.find((cell) => Math.abs(cell.x0 - x0) < 1e-12 && Math.abs(cell.y0 - y0) < 1e-12)?.count;
    expect(cells.reduce((total, cell) => total + cell.count, 0)).toBe(4);
    expect(at(0, 0)).toBe(2);
    expect(at(0.39, 0.2)).toBe(1);
    expect(at(0, 0.39)).toBe(1);
    expect(cells).toHaveLength(3);
    expect(cells[0]!.x1 - cells[0]!.x0).toBeCloseTo(0.01, 12);
  });

  it('without domains spans the finite points: a NaN point is nowhere, an infinite one on the edge, none at all gives an empty grid', () => {
    const cells = densityCells([{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: Number.NaN, y: 1 }, { x: Infinity, y: 1 }]);
    expect(cells.reduce((total, cell) => total + cell.count, 0)).toBe(3);
    expect(Math.min(...cells.map((cell) => cell.x0))).toBe(0);
    expect(Math.max(...cells.map((cell) => cell.x1))).toBeCloseTo(1, 12);
    expect(cells.every((cell) => Number.isFinite(cell.x0) && Number.isFinite(cell.y1))).toBe(true);
    expect(densityCells([{ x: Number.NaN, y: 0 }])).toEqual([]);
  });

  it(`draws a scatter of more than ${SCATTER_POINTS_MAX} points as a density, fewer as points`, async () => {
    const many = Array.from({ length: SCATTER_POINTS_MAX + 1 }, (_, i) => ({ x: Math.sin(i), y: Math.cos(i * 1.3), series: i % 2 ? 'a' : 'b' }));
    const chart = (points: typeof many) => xyChartSpec({ id: 'scatter', title: 'Scatter', mark: 'point', x: { label: 'X', type: 'quantitative', unit: 'percent' }, y: { label: 'Y', unit: 'percent' }, points });
    const dense = await renderSvg(chart(many), 'd');
    expect(dense).toContain(`${many.length} points, counted per cell`);
    expect(dense).not.toContain('aria-roledescription="point"');
    const sparse = await renderSvg(chart(many.slice(0, 50)), 's');
    expect(sparse.match(/aria-roledescription="point"/g)?.length).toBe(50);
  });
});

describe('chart warnings', () => {
  it('renders the sample charts without a single vega-lite or vega warning', async () => {
    const charts = await renderCharts(reportChartSpecs(sampleReportModel({ days: 300, states: 80 })));
    for (const chart of charts) expect(chart.warnings, chart.id).toEqual([]);
  });

  it('collects warnings instead of printing them (stdout belongs to the CLI)', async () => {
    const warnings: string[] = [];
    const spec = { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative', formatType: 'nonsense', format: 'x' } } } as unknown as TopLevelSpec;
    await renderSvg(spec, 'w', warnings);
    expect(warnings.join('\n')).toMatch(/customFormatTypes/);
  });
});

describe('renumberIds', () => {
  it('renames ids in order of appearance and follows url(#...) and href="#..." references', () => {
    const svg = '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip7)" fill="url(#gradient_3)"><use href="#clip7"/></g></svg>';
    expect(renumberIds(svg, 'chart-a')).toBe(
      '<svg><defs><clipPath id="chart-a-1"><rect/></clipPath><linearGradient id="chart-a-2"/></defs><g clip-path="url(#chart-a-1)" fill="url(#chart-a-2)"><use href="#chart-a-1"/></g></svg>',
    );
  });
});

describe('rendering to PNG', () => {
  it('writes PNG files at twice the SVG size', async () => {
    const [chart] = await renderCharts(reportChartSpecs(sampleReportModel({ days: 40 })).slice(0, 1));
    const png = svgToPng(chart!.svg);
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    const svg = svgSize(chart!.svg);
    expect(svg.width).toBeGreaterThan(450);
    expect(pngSize(png)).toEqual({ width: Math.ceil(svg.width * 2), height: Math.ceil(svg.height * 2) });
  });

  it('finds a font, so text is drawn (resvg draws nothing without one)', () => {
    const text = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="5" y="22" font-family="Helvetica Neue, Arial, sans-serif" font-size="18">Sharpe</text></svg>';
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"></svg>';
    const darkPixels = (svg: string) => {
      const pixels = new Resvg(svg, { background: 'white', font: pngFontOptions() }).render().pixels;
      let dark = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) dark++;
      return dark;
    };
    expect(darkPixels(blank)).toBe(0);
    expect(darkPixels(text), `font options ${JSON.stringify(pngFontOptions())}`).toBeGreaterThan(50);
  });
});
