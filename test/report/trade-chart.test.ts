import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { renderTradeChartSvg, tradeChartData, tradeChartRuntime, tradeChartScript, type TradeChartData } from '../../src/report/trade-chart.js';
import { sampleReportModel } from './sample-model.js';

function chartOf(model: ReportModel, window = 0): TradeChartData {
  return tradeChartData(model.windows[window]!, model.strategies);
}

/** The texts of the date axis: the labels under the last pane, left to right. */
function dateLabels(svg: string): string[] {
  const axis = svg.slice(svg.lastIndexOf('<g fill="#374151" text-anchor="middle">'));
  return [...axis.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((match) => match[1]!);
}

describe('trade chart data', () => {
  it('lists the strategies with the highlighted one last (drawn on top), trades by day index', () => {
    const model = sampleReportModel({ days: 40 });
    const data = chartOf(model);
    expect(data.id).toBe('price-in-sample');
    expect(data.series.map((series) => series.name)).toEqual(['Buy & hold', 'Manual', 'Dyna-Q']);
    expect(data.series.at(-1)!.highlight).toBe(true);
    const trades = model.windows[0]!.trades!;
    expect(data.trades.length).toBe(trades.length);
    expect(data.trades.map((trade) => [data.dates[trade.entry], data.dates[trade.exit]])).toEqual(trades.map((trade) => [trade.entryDate, trade.exitDate]));
    expect(data.series.every((series) => series.wipedOut === -1)).toBe(true);
  });

  it('a window without prices is a value chart (walk-forward)', () => {
    const model = sampleReportModel({ days: 40 });
    const window = { ...model.windows[0]!, price: null, trades: [] };
    const data = tradeChartData(window, model.strategies);
    expect(data.id).toBe('value-in-sample');
    const svg = renderTradeChartSvg(data);
    expect(svg).not.toContain('adjusted prices');
    expect(svg).toContain('>Return since the start<');
    expect(svg).toContain('>Drawdown from the peak<');
  });
});

describe('trade chart SVG', () => {
  it('draws candlesticks when a day is wide enough, else the close as a line', () => {
    const model = sampleReportModel({ days: 40 });
    const data = chartOf(model);
    const svg = renderTradeChartSvg(data);
    // 40 days on 896 px: one candle (a wick "V" and a body) per day, split into up and down days
    const candles = [...svg.matchAll(/<path d="([^"]*)" fill="#(?:dcfce7|fee2e2)"/g)].map((match) => match[1]!.split('V').length - 1);
    expect(candles.reduce((sum, count) => sum + count, 0)).toBe(40);
    const long = renderTradeChartSvg(chartOf(sampleReportModel({ days: 504 })));
    expect(long).not.toMatch(/fill="#dcfce7"/);
    expect(long).toMatch(/<path d="M[^"]*" fill="none" stroke="#374151"/);
  });

  it('marks every round trip: entry triangle up (long) or down (short), exit circle, a line green for a profit and red for a loss', () => {
    const model = sampleReportModel({ days: 60 });
    const data = chartOf(model);
    const svg = renderTradeChartSvg(data);
    const groups = [...svg.matchAll(/<g class="trade"><title>([^<]*)<\/title>(.*?)<\/g>/g)];
    expect(groups.length).toBe(data.trades.length);
    groups.forEach((group, index) => {
      const trade = data.trades[index]!;
      expect(group[1]).toMatch(new RegExp(`^${trade.shares > 0 ? 'Long' : 'Short'} 1,000: ${data.dates[trade.entry]} at `));
      expect(group[2]).toContain(`stroke="${trade.profit > 0 ? '#16a34a' : '#dc2626'}"`);
      // the entry triangle points up for a long, down for a short
      expect(group[2]).toMatch(trade.shares > 0 ? /l5\.5,9h-11z/ : /l5\.5,-9h-11z/);
      expect(group[2]).toContain('<circle');
    });
  });

  it('draws only the days of the view, with distinct date labels at any zoom', () => {
    const runtime = tradeChartRuntime();
    for (const [days, pattern] of [[3, /^\d{4}-\d{2}-\d{2}$/], [30, /^\d{4}-\d{2}-\d{2}$/], [120, /^\d{4}-\d{2}$/], [504, /^\d{4}-\d{2}$/], [2000, /^\d{4}$/]] as const) {
      const data = chartOf(sampleReportModel({ days }));
      const labels = dateLabels(runtime.draw(data, { from: 0, to: days - 1 }));
      expect(labels.length, `${days} days: ${labels.join(' ')}`).toBeGreaterThanOrEqual(days >= 3 ? 2 : 1);
      expect(new Set(labels).size, `${days} days: ${labels.join(' ')}`).toBe(labels.length);
      for (const label of labels) expect(label, `${days} days`).toMatch(pattern);
    }
    // zoomed to days 100..119 of 504: day labels inside that range only
    const data = chartOf(sampleReportModel({ days: 504 }));
    const zoomed = dateLabels(runtime.draw(data, { from: 100, to: 119 }));
    expect(zoomed.length).toBeGreaterThanOrEqual(2);
    for (const label of zoomed) expect(label >= data.dates[100]! && label <= data.dates[119]!, label).toBe(true);
    const trades = runtime.draw(data, { from: 100, to: 119 }).match(/<g class="trade">/g)?.length ?? 0;
    expect(trades).toBe(data.trades.filter((trade) => trade.exit >= 100 && trade.entry <= 119).length);
  });

  it('scales the value pane to the visible returns: ticks at 1, 2 or 5 x 10^k', () => {
    const data: TradeChartData = {
      id: 't', title: 't', width: 980, dates: ['2020-01-01', '2020-01-02', '2020-01-03'], price: null, trades: [],
      // returns 0%, +25%, +50%: padded by 6% to -3%..+53%, about 5 ticks (240 px / 45): step 10%
      series: [{ name: 'A', color: '#000', width: 2, highlight: true, values: [1, 1.25, 1.5], wipedOut: -1 }],
    };
    const svg = renderTradeChartSvg(data);
    const valuePane = svg.slice(0, svg.indexOf('>Return since the start<'));
    const labels = [...valuePane.matchAll(/<text x="60" y="[\d.]+">([^<]+)<\/text>/g)].map((match) => match[1]);
    expect(labels).toEqual(['0%', '10%', '20%', '30%', '40%', '50%']);
  });

  it('marks a wiped-out account on its day in every pane, named in the value pane', () => {
    const model = sampleReportModel({ days: 40 });
    const window = model.windows[0]!;
    const wiped = { ...window, series: window.series.map((series) => (series.name === 'Dyna-Q' ? { ...series, wipedOutOn: window.dates[25]! } : series)) };
    const data = tradeChartData(wiped, model.strategies);
    expect(data.series.at(-1)!.wipedOut).toBe(25);
    const svg = renderTradeChartSvg(data);
    expect(svg.match(/stroke="#b91c1c" stroke-width="1.4" stroke-dasharray="6 3"/g)?.length, 'price, value and drawdown pane').toBe(3);
    expect(svg).toContain(`&#8224; Dyna-Q wiped out ${window.dates[25]}</text>`);
    expect(tradeChartRuntime().readout(data, 30)).toContain('Dyna-Q');
    expect(tradeChartRuntime().readout(data, 30)).toMatch(/Dyna-Q [^·]*† wiped out/);
  });

  it('escapes names, and gives byte-identical SVG for the same data', () => {
    const model = sampleReportModel({ days: 30 });
    const evil = '<script>alert("x")</script>';
    const window = { ...model.windows[0]!, series: model.windows[0]!.series.map((series, index) => (index === 0 ? { ...series, name: evil } : series)) };
    const data = tradeChartData(window, [{ name: evil, highlight: true }, ...model.strategies.slice(1)]);
    const svg = renderTradeChartSvg(data);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(renderTradeChartSvg(data)).toBe(svg);
  });

  it('the readout names the day, its prices, each return and the open trade (hand-checked against the data)', () => {
    const data = chartOf(sampleReportModel({ days: 40 }));
    const trade = data.trades.find((one) => one.exit - one.entry >= 2)!;
    const day = trade.entry + 1;
    const text = tradeChartRuntime().readout(data, day);
    expect(text.startsWith(`${data.dates[day]}  ·  open ${data.price!.open[day]!.toFixed(2)}`)).toBe(true);
    expect(text).toContain(`${trade.shares > 0 ? 'long' : 'short'} 1,000 since ${data.dates[trade.entry]} at ${trade.entryPrice.toFixed(2)}`);
    const dyna = data.series.at(-1)!;
    expect(text).toContain(`Dyna-Q ${dyna.values[day]! >= 1 ? '+' : ''}${((dyna.values[day]! - 1) * 100).toFixed(2)}%`);
  });
});

describe('the page script', () => {
  it('is self-contained: the runtime evaluated from its source text alone draws the same SVG', () => {
    const data = chartOf(sampleReportModel({ days: 50 }));
    const isolated = runInNewContext(`(${tradeChartRuntime.toString()})()`, {}) as ReturnType<typeof tradeChartRuntime>;
    expect(isolated.draw(data, { from: 0, to: 49 })).toBe(tradeChartRuntime().draw(data, { from: 0, to: 49 }));
    // the file gets the SVG namespace (a standalone .svg needs it; the page, parsed as HTML, does not)
    expect(renderTradeChartSvg(data)).toBe(isolated.draw(data, { from: 0, to: 49 }).replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" '));
  });

  /** A page with one chart figure, made of the few DOM calls the script uses. */
  function fakePage(data: TradeChartData) {
    const listeners = new Map<string, (event: Record<string, unknown>) => void>();
    const buttons = ['left', 'in', 'out', 'right', 'reset'].map((action) => {
      const own = new Map<string, () => void>();
      return { dataset: { tc: action }, hidden: true, addEventListener: (type: string, listener: () => void) => own.set(type, listener), click: () => own.get('click')!() };
    });
    const svg = { getBoundingClientRect: () => ({ left: 0, width: data.width }) };
    const plot = {
      innerHTML: '',
      querySelector: () => svg,
      addEventListener: (type: string, listener: (event: Record<string, unknown>) => void) => listeners.set(type, listener),
      setPointerCapture: () => {},
    };
    const readout = { textContent: '' };
    const figureKeys = new Map<string, (event: Record<string, unknown>) => void>();
    const figure = {
      dataset: {} as Record<string, string>,
      querySelector: (selector: string) => (selector === 'script.tc-data' ? { textContent: JSON.stringify(data) } : selector === '.tc-plot' ? plot : readout),
      querySelectorAll: () => buttons,
      addEventListener: (type: string, listener: (event: Record<string, unknown>) => void) => figureKeys.set(type, listener),
    };
    const document = { querySelectorAll: () => [figure] };
    runInNewContext(tradeChartScript(), { document, requestAnimationFrame: (callback: () => void) => callback() });
    const event = (fields: Record<string, unknown>) => ({ clientX: 0, deltaX: 0, deltaY: 0, ctrlKey: false, metaKey: false, pointerId: 1, key: '', preventDefault: () => {}, ...fields });
    return {
      view: () => figure.dataset.view,
      plot,
      readout,
      buttons,
      fire: (type: string, fields: Record<string, unknown>) => listeners.get(type)!(event(fields)),
      key: (key: string) => figureKeys.get('keydown')!(event({ key })),
    };
  }

  it('zooms with Ctrl + wheel around the pointer, pans by dragging, resets on double-click (hand-computed views)', () => {
    const data = chartOf(sampleReportModel({ days: 40 }));
    const page = fakePage(data);
    const d = (index: number) => data.dates[index];
    expect(page.view()).toBe(`${d(0)}..${d(39)}`);
    expect(page.buttons.every((button) => !button.hidden), 'the buttons show once the script runs').toBe(true);
    // plain wheel: the page scrolls, the chart stays
    page.fire('wheel', { deltaY: -100, clientX: 500 });
    expect(page.view()).toBe(`${d(0)}..${d(39)}`);
    // Ctrl + wheel up at x = 500: the day there is floor((500 - 66) / (896 / 40)) = 19; the span
    // 39 becomes round(39 x 0.8) = 31, keeping day 19 at 19/39 of it: from round(19 - 31 x 19/39) = 4
    page.fire('wheel', { deltaY: -100, clientX: 500, ctrlKey: true });
    expect(page.view()).toBe(`${d(4)}..${d(35)}`);
    expect(page.plot.innerHTML).toBe(tradeChartRuntime().draw(data, { from: 4, to: 35, hover: -1 }));
    // drag 56 px to the left: one day is 896 / 32 = 28 px, so the view moves 2 days later
    page.fire('pointerdown', { clientX: 500 });
    page.fire('pointermove', { clientX: 444 });
    page.fire('pointerup', {});
    expect(page.view()).toBe(`${d(6)}..${d(37)}`);
    // dragging beyond the data stops at its end
    page.fire('pointerdown', { clientX: 900 });
    page.fire('pointermove', { clientX: 100 });
    page.fire('pointerup', {});
    expect(page.view()).toBe(`${d(8)}..${d(39)}`);
    page.fire('dblclick', {});
    expect(page.view()).toBe(`${d(0)}..${d(39)}`);
  });

  it('zooms and pans with the buttons and the keys, hover shows the readout', () => {
    const data = chartOf(sampleReportModel({ days: 40 }));
    const page = fakePage(data);
    const d = (index: number) => data.dates[index];
    page.buttons.find((button) => button.dataset.tc === 'in')!.click();
    // span 39 -> round(19.5) = 20 around the middle 19.5: from round(19.5 - 10) = 10 (rounded half up)
    expect(page.view()).toBe(`${d(10)}..${d(30)}`);
    page.key('ArrowRight');
    expect(page.view()).toBe(`${d(12)}..${d(32)}`);
    page.key('0');
    expect(page.view()).toBe(`${d(0)}..${d(39)}`);
    page.fire('pointermove', { clientX: 66 + 22.4 * 7 + 1 });
    expect(page.readout.textContent).toBe(tradeChartRuntime().readout(data, 7));
  });
});
