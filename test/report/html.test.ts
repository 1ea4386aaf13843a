import { describe, expect, it } from 'vitest';
import { renderCharts, reportChartSpecs } from '../../src/report/charts.js';
import { reportTradeCharts } from '../../src/report/files.js';
import { escapeHtml, inlineSvg, renderReportHtml } from '../../src/report/html.js';
import type { ReportModel } from '../../src/report/model.js';
import { sampleReportModel } from './sample-model.js';

async function page(model: ReportModel): Promise<string> {
  return renderReportHtml(model, [...reportTradeCharts(model), ...(await renderCharts(reportChartSpecs(model)))]);
}

/** Text content of the statistics row with `key`, one string per cell (label first). */
function statisticCells(html: string, key: string): string[] {
  const row = new RegExp(`<tr class="stat-${key}">(.*?)</tr>`).exec(html);
  if (!row) throw new Error(`no row ${key}`);
  return [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]!);
}

describe('report.html', () => {
  it('shows every statistic label of the model and one figure per chart', async () => {
    const model = sampleReportModel();
    const html = await page(model);
    for (const row of model.statistics.rows) expect(html, `statistic ${row.key}`).toContain(`<th scope="row" class="label">${escapeHtml(row.label)}</th>`);
    const charts = reportChartSpecs(model);
    for (const chart of charts) expect(html, `chart ${chart.id}`).toMatch(new RegExp(`<figure id="chart-${chart.id}" class="chart">\\s*<svg`));
    for (const id of ['price-in-sample', 'price-out-of-sample']) expect(html, id).toMatch(new RegExp(`<figure id="chart-${id}" class="chart trade" data-trade-chart[^>]*>[^]*?<div class="tc-plot"><svg`));
    const outsideScripts = html.replace(/<script\b[^>]*>[^]*?<\/script>/g, '');
    expect(outsideScripts.match(/<svg\b/g)?.length).toBe(charts.length + 2);
    for (const parameter of model.parameters) expect(html).toContain(escapeHtml(parameter.value));
  });

  it('formats each cell by its unit and shows a missing statistic as a dash', async () => {
    const model = sampleReportModel();
    const html = await page(model);
    const finalValue = model.statistics.rows.find((row) => row.key === 'finalValue')!.values[0] as number;
    const returnPct = model.statistics.rows.find((row) => row.key === 'returnPct')!.values[0] as number;
    const sharpe = model.statistics.rows.find((row) => row.key === 'sharpe')!.values[0] as number;
    // Hand-formatted from the model's numbers: money with separators, percent and ratio rounded.
    const money = finalValue.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(statisticCells(html, 'finalValue')[1]).toBe(money);
    expect(money).toMatch(/^\d{2,3},\d{3}\.\d{2}$/);
    expect(statisticCells(html, 'returnPct')[1]).toBe(`${(returnPct * 100).toFixed(2)}%`);
    expect(statisticCells(html, 'sharpe')[1]).toBe(sharpe.toFixed(3));
    expect(statisticCells(html, 'winRatePct').slice(1)).toEqual(Array(6).fill('—'));
    expect(statisticCells(html, 'maxDrawdownDays')[1]).toMatch(/^\d+ days$/);
    expect(statisticCells(html, 'start').slice(1, 3)).toEqual(['2008-01-02', '2008-01-02']);
    expect(html).not.toMatch(/NaN|undefined|\[object/);
  });

  it('shows the key figures above the table, formatted and coloured', async () => {
    const model = sampleReportModel();
    const html = await page(model);
    const figures = [...html.matchAll(/<div class="kf"><div class="kf-label">(.*?)<\/div><div class="kf-value([^"]*)">(.*?)<\/div>/g)];
    expect(figures.map((figure) => figure[1])).toEqual(model.keyFigures!.map((figure) => figure.label));
    const first = model.keyFigures![0]!.value as number;
    expect(figures[0]![3]).toBe(`${(first * 100).toFixed(2)}%`);
    expect(figures[0]![2]).toBe(first > 0 ? ' pos' : ' neg');
    expect(figures[2]![2], 'unsigned figures are not coloured').toBe('');
    expect(html.indexOf('class="key-figures"')).toBeLessThan(html.indexOf('<table class="stats">'));
  });

  it('colours returns by sign and highlights the strategy column', async () => {
    const model = sampleReportModel();
    const html = await page(model);
    const returns = model.statistics.rows.find((row) => row.key === 'returnPct')!.values as number[];
    const cells = [...new RegExp('<tr class="stat-returnPct">(.*?)</tr>').exec(html)![1]!.matchAll(/<td class="([^"]*)"/g)].map((cell) => cell[1]!);
    returns.forEach((value, index) => expect(cells[index], `column ${index} (${value})`).toContain(value > 0 ? 'pos' : 'neg'));
    const highlighted = model.statistics.columns.map((column, index) => (column.strategy === 'Dyna-Q' ? index : -1)).filter((index) => index >= 0);
    cells.forEach((classes, index) => expect(classes.split(' ').includes('hl'), `column ${index}`).toBe(highlighted.includes(index)));
  });

  it('needs no network: no URL, no external script, stylesheet, font or image; one inline script and the data of the charts', async () => {
    const html = await page(sampleReportModel());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\((?!#)|\bsrc=|\bfetch\(|XMLHttpRequest|import\(/i);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts).toEqual(['<script type="application/json" class="tc-data">', '<script type="application/json" class="tc-data">', '<script>']);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<style>');
  });

  it('shows the round trips of the strategy under study, one sortable table per window', async () => {
    const model = sampleReportModel();
    const html = await page(model);
    for (const [index, window] of model.windows.entries()) {
      const id = index === 0 ? 'trades-in-sample' : 'trades-out-of-sample';
      const section = new RegExp(`<section id="table-${id}">([^]*?)</section>`).exec(html)?.[1];
      expect(section, id).toBeDefined();
      const rows = [...section!.slice(section!.indexOf('<tbody>')).matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!));
      expect(rows.length).toBe(window.trades!.length);
      const first = window.trades![0]!;
      // #, side, shares, entry, entry price, exit, exit price, costs, profit, return, days, exit by
      expect(rows[0]!.slice(0, 4)).toEqual(['1', first.shares > 0 ? 'long' : 'short', '1,000', first.entryDate]);
      expect(rows[0]![9]).toBe(`${(first.returnFraction * 100).toFixed(2)}%`);
      expect(section).toContain('<table class="data sortable">');
    }
  });

  it('escapes every text of the model, including a symbol named <script>', async () => {
    const symbol = '<script>alert("pwned")</script>';
    const base = sampleReportModel({ symbol });
    const model: ReportModel = {
      ...base,
      strategies: base.strategies.map((strategy, index) => (index === 2 ? { name: `Manual ${symbol}` } : strategy)),
      statistics: { ...base.statistics, columns: base.statistics.columns.map((column) => (column.strategy === 'Manual' ? { ...column, strategy: `Manual ${symbol}` } : column)) },
      windows: base.windows.map((window) => ({
        ...window,
        series: window.series.map((series) => (series.name === 'Manual' ? { ...series, name: `Manual ${symbol}` } : series)),
      })),
    };
    const html = await page(model);
    expect(html.toLowerCase()).not.toContain('<script>alert');
    // in the charts' JSON, "<" is \u003c: no text can end the data's script element
    expect(html).toContain('Manual \\u003cscript>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain(`<title>${escapeHtml(model.title)}</title>`);
  });

  it('marks a wiped-out column: its heading, its value figures, and a line naming account and day', async () => {
    const model = sampleReportModel();
    const wiped: ReportModel = {
      ...model,
      statistics: { ...model.statistics, columns: model.statistics.columns.map((column, index) => (index === 0 ? { ...column, wipedOutOn: '2008-02-15' } : column)) },
    };
    const html = await page(wiped);
    const finalValue = statisticCells(html, 'finalValue');
    expect(finalValue[1]).toMatch(/^[\d,]+\.\d{2} †$/);
    expect(finalValue[2]).toMatch(/^[\d,]+\.\d{2}$/);
    expect(statisticCells(html, 'trades')[1]).toMatch(/^\d+$/);
    expect(html).toContain('Dyna-Q <span class="mark">†</span></th>');
    expect(html).toContain("<p class=\"note wiped-note\">† wiped out: the account&#39;s value reached 0 or less (Dyna-Q, in-sample on 2008-02-15)");
    expect((await page(model)).replace(/<script\b[^>]*>[^]*?<\/script>/g, ''), 'no mark without a wipe-out').not.toContain('†');
  });

  it('refuses an inconsistent model instead of drawing NaN', async () => {
    const model = sampleReportModel();
    const broken: ReportModel = {
      ...model,
      statistics: { ...model.statistics, rows: [{ key: 'sharpe', label: 'Sharpe', unit: 'ratio', values: [Number.NaN, 1, 1, 1, 1, 1] }] },
    };
    expect(() => renderReportHtml(broken, [])).toThrow(/statistic "sharpe" column 0 is NaN/);
  });
});

describe('escapeHtml and inlineSvg', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('drops the XML namespaces from the root element only', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="5"><text>xmlns="keep"</text></svg>';
    expect(inlineSvg(svg)).toBe('<svg width="10" height="5" role="img"><text>xmlns="keep"</text></svg>');
  });
});

describe('report.html for an experiment', () => {
  it('works without windows, learning curve or policy: statistics and the experiment charts only', async () => {
    const base = sampleReportModel();
    const impacts = [0, 0.005, 0.01, 0.02];
    const model: ReportModel = {
      ...base,
      title: 'JPM — trades and returns vs market impact',
      parameters: [],
      windows: [],
      learningCurve: null,
      policy: null,
      statistics: {
        columns: impacts.map((impact) => ({ strategy: 'Dyna-Q', window: `impact ${impact}` })),
        rows: [{ key: 'trades', label: 'Trades', unit: 'count', values: [80, 61, 40, 12] }],
      },
      extraCharts: [
        { id: 'impact-trades', title: 'Trades vs impact', mark: 'bar', x: { label: 'Impact', type: 'ordinal' }, y: { label: 'Trades', unit: 'count' }, points: impacts.map((impact, index) => ({ x: String(impact), y: [80, 61, 40, 12][index]!, series: 'In-sample' })) },
        { id: 'impact-return', title: 'Return vs impact', mark: 'line', x: { label: 'Impact', type: 'quantitative' }, y: { label: 'Return', unit: 'percent' }, points: impacts.map((impact, index) => ({ x: impact, y: 0.3 - 0.1 * index, series: 'In-sample' })) },
      ],
    };
    const html = await page(model);
    expect(html.match(/<figure /g)?.length).toBe(2);
    expect(html).toContain('id="chart-impact-trades"');
    expect(html).toContain('id="chart-impact-return"');
    expect(statisticCells(html, 'trades')).toEqual(['Trades', '80', '61', '40', '12']);
    expect(html).not.toContain('<h2>Parameters</h2>');
  });
});
