/**
 * The report's main chart, drawn without vega: the traded symbol's price (candlesticks when
 * zoomed in, the close otherwise) with every round trip's entry and exit, each strategy's return
 * since the start below it, and the drawdown under that, on one shared date axis.
 *
 * One renderer serves Node and the browser. `tradeChartRuntime` is a self-contained function (it
 * uses nothing from outside its body): Node calls it to draw the static SVG that the page shows
 * first and the chart files hold, and the page carries its source text (`Function.toString`) to
 * redraw the same chart when the reader zooms or pans. So what the browser draws is exactly what
 * the file shows, and the page stays one self-contained file without any library.
 *
 * Why not vega in the page: measured on this project's 2-core machine, vega's runtime is 521 kB
 * minified per report, and drawing this chart's two windows with vega in Node cost more than the
 * whole backtest (see the commit that introduced this file); this renderer draws both in a few
 * milliseconds.
 */
import { slug, strategyStyles } from './charts.js';
import type { ReportStrategy, ReportWindow } from './model.js';

/** The little of the DOM the page script uses (the project compiles without the DOM library). */
interface PageElement {
  textContent: string | null;
  innerHTML: string;
  hidden: boolean;
  readonly dataset: Record<string, string | undefined>;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { forEach(each: (element: PageElement) => void): void };
  addEventListener(type: string, listener: (event: PageEvent) => void, options?: { passive: boolean }): void;
  setPointerCapture(pointerId: number): void;
  getBoundingClientRect(): { left: number; width: number };
}
interface PageEvent {
  readonly clientX: number;
  readonly deltaX: number;
  readonly deltaY: number;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly pointerId: number;
  readonly key: string;
  preventDefault(): void;
}
declare const document: PageElement;
declare function requestAnimationFrame(callback: () => void): number;

/** The chart's data as the page embeds it (plain JSON). */
export interface TradeChartData {
  /** Unique in the page: prefixes the SVG's ids. */
  readonly id: string;
  readonly title: string;
  /** SVG width in px; the page scales it to the column. */
  readonly width: number;
  readonly dates: readonly string[];
  readonly price: { readonly label: string; readonly open: readonly number[]; readonly high: readonly number[]; readonly low: readonly number[]; readonly close: readonly number[] } | null;
  /** Value / first value of each strategy, in drawing order (the highlighted one last, on top). */
  readonly series: readonly { readonly name: string; readonly color: string; readonly width: number; readonly highlight: boolean; readonly values: readonly number[]; readonly wipedOut: number }[];
  /** Round trips on the price pane: day indexes into `dates`, prices, signed shares, money profit. */
  readonly trades: readonly { readonly entry: number; readonly exit: number; readonly entryPrice: number; readonly exitPrice: number; readonly shares: number; readonly profit: number; readonly returnFraction: number; readonly exitReason: string }[];
}

/** The visible day range (inclusive indexes into `dates`) and the day under the pointer (-1: none). */
export interface TradeChartView {
  readonly from: number;
  readonly to: number;
  readonly hover?: number;
}

export interface TradeChartRuntime {
  draw(data: TradeChartData, view: TradeChartView): string;
  /** The day index under x (SVG units), clamped to the view. */
  indexAt(data: TradeChartData, view: TradeChartView, x: number): number;
  /** Width in SVG units of one day in the view. */
  dayWidth(data: TradeChartData, view: TradeChartView): number;
  /** One line describing day `index`: date, prices, each strategy's return, the drawdown, the open trade. */
  readout(data: TradeChartData, index: number): string;
}

/** Self-contained: no reference to anything outside the function (its source is embedded in the page). */
export function tradeChartRuntime(): TradeChartRuntime {
  const FONT = 'Helvetica Neue, Helvetica, Arial, DejaVu Sans, sans-serif';
  const LEFT = 66;
  const RIGHT = 18;
  const TOP = 64;
  const BOTTOM = 30;
  const GAP = 26;
  const UP = '#16a34a';
  const DOWN = '#dc2626';
  const WIPE = '#b91c1c';

  const esc = (text: string) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  /** A coordinate with one decimal: small SVG, byte-identical output. */
  const n = (value: number) => String(Math.round(value * 10) / 10);
  const grouped = (value: number, decimals: number) => {
    const fixed = Math.abs(value).toFixed(decimals);
    const parts = fixed.split('.');
    const whole = parts[0]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const negative = value < 0 && /[1-9]/.test(fixed);
    return (negative ? '-' : '') + whole + (parts.length > 1 ? '.' + parts[1] : '');
  };
  const percent = (value: number, decimals: number) => `${value > 0 && /[1-9]/.test((value * 100).toFixed(decimals)) ? '+' : ''}${grouped(value * 100, decimals)}%`;

  interface Pane { kind: 'price' | 'value' | 'drawdown'; top: number; height: number }
  const layout = (data: TradeChartData) => {
    const panes: Pane[] = [];
    let y = TOP;
    const add = (kind: Pane['kind'], height: number) => {
      panes.push({ kind, top: y, height });
      y += height + GAP;
    };
    if (data.price) add('price', 270);
    add('value', data.price ? 150 : 240);
    add('drawdown', 100);
    return { panes, height: y - GAP + BOTTOM, left: LEFT, right: data.width - RIGHT };
  };

  const clampView = (data: TradeChartData, view: TradeChartView) => {
    const last = data.dates.length - 1;
    const from = Math.max(0, Math.min(last, Math.round(view.from)));
    const to = Math.max(from, Math.min(last, Math.round(view.to)));
    return { from, to, hover: view.hover ?? -1 };
  };

  const dayWidth = (data: TradeChartData, view: TradeChartView) => {
    const v = clampView(data, view);
    return (data.width - RIGHT - LEFT) / (v.to - v.from + 1);
  };

  const indexAt = (data: TradeChartData, view: TradeChartView, x: number) => {
    const v = clampView(data, view);
    const index = v.from + Math.floor((x - LEFT) / dayWidth(data, v));
    return Math.max(v.from, Math.min(v.to, index));
  };

  /** Ticks at 1, 2 or 5 x 10^k over [min, max], about `count` of them (d3's rule). */
  const niceTicks = (min: number, max: number, count: number) => {
    const raw = (max - min) / Math.max(1, count);
    const power = Math.floor(Math.log10(raw));
    const error = raw / Math.pow(10, power);
    const step = (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1) * Math.pow(10, power);
    const ticks: number[] = [];
    for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(k * step + 0);
    return { step, ticks };
  };
  const decimalsFor = (step: number) => Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));

  /** The range of the values, padded, never empty. */
  const domain = (min: number, max: number, pad: number) => {
    if (!(max > min)) {
      const half = Math.abs(max) * 0.05 || 0.01;
      return { min: min - half, max: max + half };
    }
    const extra = (max - min) * pad;
    return { min: min - extra, max: max + extra };
  };

  /** Date ticks: trading days, months, quarters or years, the finest that leaves room for the labels. */
  const dateTicks = (dates: readonly string[], from: number, to: number, maxTicks: number) => {
    const options: [string, number][] = [['day', 1], ['day', 2], ['day', 5], ['day', 10], ['month', 1], ['month', 2], ['month', 3], ['month', 6], ['year', 1], ['year', 2], ['year', 5], ['year', 10]];
    for (const [unit, step] of options) {
      const ticks: number[] = [];
      for (let i = from; i <= to; i++) {
        if (unit === 'day') {
          if ((i - from) % step === 0) ticks.push(i);
        } else if (i > 0) {
          const [y0, m0] = dates[i - 1]!.split('-').map(Number) as [number, number];
          const [y1, m1] = dates[i]!.split('-').map(Number) as [number, number];
          if (unit === 'month' ? (y0 !== y1 || m0 !== m1) && (m1 - 1) % step === 0 : y0 !== y1 && y1 % step === 0) ticks.push(i);
        }
      }
      if (ticks.length <= maxTicks) {
        return { ticks, label: (i: number) => (unit === 'day' ? dates[i]! : unit === 'month' ? dates[i]!.slice(0, 7) : dates[i]!.slice(0, 4)) };
      }
    }
    return { ticks: [from], label: (i: number) => dates[i]!.slice(0, 4) };
  };

  const drawdownOf = (values: readonly number[]) => {
    const result: number[] = [];
    let peak = -Infinity;
    for (const value of values) {
      peak = Math.max(peak, value);
      result.push(peak > 0 ? value / peak - 1 : 0);
    }
    return result;
  };

  const tradeTitle = (data: TradeChartData, trade: TradeChartData['trades'][number]) =>
    `${trade.shares > 0 ? 'Long' : 'Short'} ${grouped(Math.abs(trade.shares), 0)}: ${data.dates[trade.entry]} at ${grouped(trade.entryPrice, 2)}` +
    ` to ${data.dates[trade.exit]} at ${grouped(trade.exitPrice, 2)}${trade.exitReason === 'order' ? '' : ` (${trade.exitReason})`}` +
    `, profit ${grouped(trade.profit, 2)} (${percent(trade.returnFraction, 2)}), ${trade.exit - trade.entry} trading days`;

  const draw = (data: TradeChartData, rawView: TradeChartView): string => {
    const view = clampView(data, rawView);
    const { from, to } = view;
    const box = layout(data);
    const width = data.width;
    const band = dayWidth(data, view);
    const x = (i: number) => LEFT + (i - from + 0.5) * band;
    const out: string[] = [];
    const id = (name: string) => `${data.id}-${name}`;
    out.push(
      // No xmlns: the page parses it as HTML; renderTradeChartSvg adds it for the file.
      `<svg width="${width}" height="${box.height}" viewBox="0 0 ${width} ${box.height}" font-family="${FONT}" font-size="11" class="trade-chart">`,
      `<rect width="${width}" height="${box.height}" fill="#fff"/>`,
      `<text x="4" y="16" font-size="14" font-weight="600" fill="#111827">${esc(data.title)}</text>`,
    );
    // Legend: the strategies, then the trade symbols.
    let legendX = LEFT;
    const legendY = 36;
    for (let s = data.series.length - 1; s >= 0; s--) {
      const series = data.series[s]!;
      out.push(`<line x1="${legendX}" x2="${legendX + 16}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${series.color}" stroke-width="${series.width + 0.6}"/>`);
      out.push(`<text x="${legendX + 20}" y="${legendY}" fill="#374151">${esc(series.name)}</text>`);
      legendX += 28 + series.name.length * 6.2;
    }
    if (data.price && data.trades.length > 0) {
      const symbols: [(at: number) => string, string][] = [
        [(at) => `<path d="M${at + 5},${legendY - 9}l5,8h-10z" fill="#6b7280"/>`, 'long entry'],
        [(at) => `<path d="M${at + 5},${legendY + 1}l5,-8h-10z" fill="#6b7280"/>`, 'short entry'],
        [(at) => `<circle cx="${at + 5}" cy="${legendY - 4}" r="3.5" fill="#fff" stroke="#6b7280" stroke-width="1.5"/>`, 'exit'],
      ];
      legendX += 10;
      for (const [symbol, label] of symbols) {
        out.push(symbol(legendX), `<text x="${legendX + 14}" y="${legendY}" fill="#374151">${label}</text>`);
        legendX += 24 + label.length * 6;
      }
      out.push(`<text x="${legendX + 6}" y="${legendY}" fill="#374151">line <tspan fill="${UP}">green</tspan>: the trade made money, <tspan fill="${DOWN}">red</tspan>: it lost</text>`);
    }

    const dateTick = dateTicks(data.dates, from, to, Math.max(2, Math.floor((box.right - LEFT) / 90)));
    const series = data.series.map((one) => ({ ...one, drawdown: drawdownOf(one.values) }));

    for (const pane of box.panes) {
      const top = pane.top;
      const bottom = pane.top + pane.height;
      let low = Infinity;
      let high = -Infinity;
      const see = (value: number) => {
        if (value < low) low = value;
        if (value > high) high = value;
      };
      const price = data.price;
      const candles = price !== null && band >= 3;
      if (pane.kind === 'price' && price) {
        for (let i = from; i <= to; i++) {
          if (candles) {
            see(price.low[i]!);
            see(price.high[i]!);
          } else see(price.close[i]!);
        }
        for (const trade of data.trades) {
          if (trade.entry >= from && trade.entry <= to) see(trade.entryPrice);
          if (trade.exit >= from && trade.exit <= to) see(trade.exitPrice);
        }
      } else {
        for (const one of series) {
          const values = pane.kind === 'value' ? one.values : one.drawdown;
          for (let i = from; i <= to; i++) see(pane.kind === 'value' ? values[i]! - 1 : values[i]!);
        }
        see(0);
      }
      const d = pane.kind === 'drawdown' ? { min: domain(low, high, 0.06).min, max: 0 } : domain(low, high, 0.06);
      const y = (value: number) => bottom - ((value - d.min) / (d.max - d.min)) * pane.height;
      const { step, ticks } = niceTicks(d.min, d.max, Math.max(2, Math.round(pane.height / 45)));
      const decimals = pane.kind === 'price' ? decimalsFor(step) : Math.max(0, decimalsFor(step * 100));
      // Grid, axis labels and the pane's name.
      out.push(`<g stroke="#e5e7eb" stroke-width="1">`);
      for (const tick of ticks) out.push(`<line x1="${LEFT}" x2="${box.right}" y1="${n(y(tick))}" y2="${n(y(tick))}"/>`);
      for (const i of dateTick.ticks) out.push(`<line x1="${n(x(i))}" x2="${n(x(i))}" y1="${top}" y2="${bottom}"/>`);
      out.push('</g>');
      out.push(`<g fill="#374151" text-anchor="end">`);
      for (const tick of ticks) out.push(`<text x="${LEFT - 6}" y="${n(y(tick) + 3.5)}">${pane.kind === 'price' ? grouped(tick, decimals) : `${grouped(tick * 100, decimals)}%`}</text>`);
      out.push('</g>');
      const paneName = pane.kind === 'price' ? price!.label : pane.kind === 'value' ? 'Return since the start' : 'Drawdown from the peak';
      out.push(`<text x="${LEFT}" y="${top - 5}" fill="#4b5563" font-weight="600">${esc(paneName)}</text>`);
      out.push(`<clipPath id="${id(pane.kind)}"><rect x="${LEFT}" y="${top}" width="${box.right - LEFT}" height="${pane.height}"/></clipPath>`);
      out.push(`<g clip-path="url(#${id(pane.kind)})">`);
      if (pane.kind === 'price' && price) {
        if (candles) {
          const body = Math.max(1, band * 0.7);
          const ups: string[] = [];
          const downs: string[] = [];
          for (let i = from; i <= to; i++) {
            const open = price.open[i]!;
            const close = price.close[i]!;
            const cx = x(i);
            const top1 = y(Math.max(open, close));
            const height1 = Math.max(0.8, Math.abs(y(open) - y(close)));
            const path = `M${n(cx)},${n(y(price.high[i]!))}V${n(y(price.low[i]!))}M${n(cx - body / 2)},${n(top1)}h${n(body)}v${n(height1)}h${n(-body)}z`;
            (close >= open ? ups : downs).push(path);
          }
          out.push(`<path d="${ups.join('')}" fill="#dcfce7" stroke="${UP}" stroke-width="1"/>`);
          out.push(`<path d="${downs.join('')}" fill="#fee2e2" stroke="${DOWN}" stroke-width="1"/>`);
        } else {
          const points: string[] = [];
          for (let i = from; i <= to; i++) points.push(`${i === from ? 'M' : 'L'}${n(x(i))},${n(y(price.close[i]!))}`);
          out.push(`<path d="${points.join('')}" fill="none" stroke="#374151" stroke-width="1.2" stroke-linejoin="round"/>`);
        }
        for (const trade of data.trades) {
          if (trade.exit < from || trade.entry > to) continue;
          const color = trade.profit > 0 ? UP : DOWN;
          const x1 = x(trade.entry);
          const y1 = y(trade.entryPrice);
          const x2 = x(trade.exit);
          const y2 = y(trade.exitPrice);
          const marker = trade.shares > 0 ? `M${n(x1)},${n(y1 - 6)}l5.5,9h-11z` : `M${n(x1)},${n(y1 + 6)}l5.5,-9h-11z`;
          out.push(
            `<g class="trade"><title>${esc(tradeTitle(data, trade))}</title>` +
              `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${color}" stroke-width="1.6" stroke-dasharray="4 3"/>` +
              `<path d="${marker}" fill="${color}" stroke="#fff" stroke-width="0.8"/>` +
              `<circle cx="${n(x2)}" cy="${n(y2)}" r="3.8" fill="#fff" stroke="${color}" stroke-width="1.6"/></g>`,
          );
        }
      } else {
        if (d.min < 0 && d.max > 0 && pane.kind === 'value') out.push(`<line x1="${LEFT}" x2="${box.right}" y1="${n(y(0))}" y2="${n(y(0))}" stroke="#9ca3af" stroke-dasharray="4 4"/>`);
        for (const one of series) {
          const points: string[] = [];
          for (let i = from; i <= to; i++) {
            const value = pane.kind === 'value' ? one.values[i]! - 1 : one.drawdown[i]!;
            points.push(`${i === from ? 'M' : 'L'}${n(x(i))},${n(y(value))}`);
          }
          if (pane.kind === 'drawdown' && one.highlight) {
            out.push(`<path d="${points.join('')}L${n(x(to))},${n(y(0))}L${n(x(from))},${n(y(0))}z" fill="${one.color}" fill-opacity="0.14" stroke="none"/>`);
          }
          out.push(`<path d="${points.join('')}" fill="none" stroke="${one.color}" stroke-width="${pane.kind === 'value' ? one.width : Math.min(one.width, 1.4)}" stroke-linejoin="round"/>`);
        }
      }
      // A wiped-out account: a red line on its day, in every pane, named in the value pane.
      let labels = 0;
      for (const one of series) {
        if (one.wipedOut < from || one.wipedOut > to) continue;
        const wx = n(x(one.wipedOut));
        out.push(`<line x1="${wx}" x2="${wx}" y1="${top}" y2="${bottom}" stroke="${WIPE}" stroke-width="1.4" stroke-dasharray="6 3"/>`);
        if (pane.kind === 'value') {
          const anchor = x(one.wipedOut) > (LEFT + box.right) / 2 ? 'end' : 'start';
          out.push(`<text x="${n(x(one.wipedOut) + (anchor === 'end' ? -4 : 4))}" y="${top + 16 + 14 * labels++}" fill="${WIPE}" stroke="#fff" stroke-width="3" paint-order="stroke" text-anchor="${anchor}" font-weight="600">&#8224; ${esc(one.name)} wiped out ${esc(data.dates[one.wipedOut]!)}</text>`);
        }
      }
      if (view.hover >= from && view.hover <= to) out.push(`<line x1="${n(x(view.hover))}" x2="${n(x(view.hover))}" y1="${top}" y2="${bottom}" stroke="#111827" stroke-opacity="0.5"/>`);
      out.push('</g>');
      out.push(`<rect x="${LEFT}" y="${top}" width="${box.right - LEFT}" height="${pane.height}" fill="none" stroke="#d1d5db"/>`);
    }
    // The shared date axis under the last pane.
    const last = box.panes[box.panes.length - 1]!;
    const axisY = last.top + last.height;
    out.push(`<g fill="#374151" text-anchor="middle">`);
    for (const i of dateTick.ticks) out.push(`<line x1="${n(x(i))}" x2="${n(x(i))}" y1="${axisY}" y2="${axisY + 5}" stroke="#9ca3af"/><text x="${n(x(i))}" y="${axisY + 17}">${dateTick.label(i)}</text>`);
    out.push('</g>');
    out.push('</svg>');
    return out.join('');
  };

  const readout = (data: TradeChartData, index: number): string => {
    const parts: string[] = [data.dates[index]!];
    const price = data.price;
    if (price) {
      parts.push(`open ${grouped(price.open[index]!, 2)}  high ${grouped(price.high[index]!, 2)}  low ${grouped(price.low[index]!, 2)}  close ${grouped(price.close[index]!, 2)}`);
    }
    for (let s = data.series.length - 1; s >= 0; s--) {
      const one = data.series[s]!;
      const drawdown = drawdownOf(one.values.slice(0, index + 1))[index]!;
      parts.push(`${one.name} ${percent(one.values[index]! - 1, 2)} (drawdown ${percent(drawdown, 2)})${one.wipedOut >= 0 && index >= one.wipedOut ? ' \u2020 wiped out' : ''}`);
    }
    for (const trade of data.trades) {
      if (trade.entry <= index && index <= trade.exit) parts.push(`${trade.shares > 0 ? 'long' : 'short'} ${grouped(Math.abs(trade.shares), 0)} since ${data.dates[trade.entry]} at ${grouped(trade.entryPrice, 2)}`);
    }
    return parts.join('  ·  ');
  };

  return { draw, indexAt, dayWidth, readout };
}

/**
 * Zoom and pan in the page: binds every `figure[data-trade-chart]` (its data in a
 * `script.tc-data`, its SVG in `.tc-plot`, a `.tc-readout` line and buttons `data-tc="in|out|left|right|reset"`).
 * Ctrl/Cmd + wheel (or a trackpad pinch) zooms around the pointer, a horizontal wheel or a drag
 * pans, double-click or Reset shows everything, the keys + - arrows and 0 do the same when the
 * figure has focus. Self-contained like the runtime: the page embeds its source.
 */
export function bindTradeCharts(runtime: TradeChartRuntime): void {
  const figures = document.querySelectorAll('figure[data-trade-chart]');
  figures.forEach((figure) => {
    const script = figure.querySelector('script.tc-data');
    const plot = figure.querySelector('.tc-plot');
    const readoutLine = figure.querySelector('.tc-readout');
    if (!script || !plot || !readoutLine) return;
    const data = JSON.parse(script.textContent ?? '{}') as TradeChartData;
    const days = data.dates.length;
    const minSpan = Math.min(days - 1, 9);
    const hint = 'Ctrl + scroll (or pinch, or the + and − buttons) zooms, drag or arrow keys pan, double-click resets. Hover a day for its figures.';
    let view = { from: 0, to: days - 1, hover: -1 };
    let queued = false;
    const render = () => {
      figure.dataset.view = `${data.dates[view.from]}..${data.dates[view.to]}`;
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        plot.innerHTML = runtime.draw(data, view);
      });
    };
    const setRange = (from: number, span: number) => {
      const width = Math.max(minSpan, Math.min(days - 1, Math.round(span)));
      const start = Math.max(0, Math.min(days - 1 - width, Math.round(from)));
      view = { ...view, from: start, to: start + width };
      render();
    };
    const svgX = (clientX: number) => {
      const svg = plot.querySelector('svg');
      if (!svg) return 0;
      const rect = svg.getBoundingClientRect();
      return ((clientX - rect.left) * data.width) / rect.width;
    };
    const zoom = (factor: number, center: number) => {
      const span = view.to - view.from;
      const next = Math.max(minSpan, Math.min(days - 1, Math.round(span * factor)));
      const share = span === 0 ? 0.5 : (center - view.from) / span;
      setRange(center - share * next, next);
    };
    const pan = (daysBy: number) => setRange(view.from + daysBy, view.to - view.from);
    plot.addEventListener(
      'wheel',
      (event) => {
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          zoom(event.deltaY < 0 ? 0.8 : 1.25, runtime.indexAt(data, view, svgX(event.clientX)));
        } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
          event.preventDefault();
          pan(Math.round(event.deltaX / runtime.dayWidth(data, view) / 2) || Math.sign(event.deltaX));
        }
      },
      { passive: false },
    );
    let drag: { x: number; from: number } | null = null;
    plot.addEventListener('pointerdown', (event) => {
      drag = { x: svgX(event.clientX), from: view.from };
      plot.setPointerCapture(event.pointerId);
    });
    plot.addEventListener('pointermove', (event) => {
      const at = svgX(event.clientX);
      if (drag) {
        setRange(drag.from - (at - drag.x) / runtime.dayWidth(data, view), view.to - view.from);
        return;
      }
      const index = runtime.indexAt(data, view, at);
      if (index !== view.hover) {
        view = { ...view, hover: index };
        readoutLine.textContent = runtime.readout(data, index);
        render();
      }
    });
    const endDrag = () => {
      drag = null;
    };
    plot.addEventListener('pointerup', endDrag);
    plot.addEventListener('pointercancel', endDrag);
    plot.addEventListener('pointerleave', () => {
      if (drag) return;
      view = { ...view, hover: -1 };
      readoutLine.textContent = hint;
      render();
    });
    plot.addEventListener('dblclick', () => setRange(0, days - 1));
    figure.querySelectorAll('button[data-tc]').forEach((button) => {
      button.hidden = false;
      button.addEventListener('click', () => {
        const middle = (view.from + view.to) / 2;
        const step = Math.max(1, Math.round((view.to - view.from) / 4));
        const action = button.dataset.tc;
        if (action === 'in') zoom(0.5, middle);
        else if (action === 'out') zoom(2, middle);
        else if (action === 'left') pan(-step);
        else if (action === 'right') pan(step);
        else setRange(0, days - 1);
      });
    });
    figure.addEventListener('keydown', (event) => {
      const step = Math.max(1, Math.round((view.to - view.from) / 10));
      const middle = (view.from + view.to) / 2;
      const actions: Record<string, () => void> = {
        '+': () => zoom(0.5, middle),
        '=': () => zoom(0.5, middle),
        '-': () => zoom(2, middle),
        ArrowLeft: () => pan(-step),
        ArrowRight: () => pan(step),
        '0': () => setRange(0, days - 1),
      };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
    readoutLine.textContent = hint;
    figure.dataset.view = `${data.dates[0]}..${data.dates[days - 1]}`;
  });
}

/** The page's one script: the runtime and the binder, from their own source text. */
export function tradeChartScript(): string {
  return pageScript(`(${bindTradeCharts.toString()})((${tradeChartRuntime.toString()})());`);
}

/** Source text fit for an inline <script>: nothing in it may end the element or open a comment. */
export function pageScript(source: string): string {
  if (/<\/script|<!--/i.test(source)) throw new Error('page script holds text that would end its <script> element');
  return source;
}

/** Seven significant digits: the page's JSON stays small, the chart is unchanged to the pixel. */
const compact = (value: number) => Number(value.toPrecision(7));

/** The chart id of a window: `price-<window>` with prices, else `value-<window>`. */
export function tradeChartId(window: ReportWindow): string {
  return `${window.price ? 'price' : 'value'}-${slug(window.name)}`;
}

/** A window of the report model as the trade chart's data (colours from the strategies' order). */
export function tradeChartData(window: ReportWindow, strategies: readonly ReportStrategy[]): TradeChartData {
  const style = strategyStyles(strategies);
  const highlighted = new Set(strategies.filter((strategy) => strategy.highlight).map((strategy) => strategy.name));
  const dayOf = new Map(window.dates.map((date, index) => [date, index]));
  const ordered = [...window.series.filter((one) => !highlighted.has(one.name)), ...window.series.filter((one) => highlighted.has(one.name))];
  const price = window.price ?? null;
  return {
    id: tradeChartId(window),
    title: `${price ? 'Price and trades, return' : 'Return'} and drawdown — ${window.name}`,
    width: 980,
    dates: window.dates,
    price: price
      ? {
          label: price.label,
          open: Array.from(price.open, compact),
          high: Array.from(price.high, compact),
          low: Array.from(price.low, compact),
          close: Array.from(price.close, compact),
        }
      : null,
    series: ordered.map((one) => {
      const at = style.names.indexOf(one.name);
      return {
        name: one.name,
        color: style.colors[at] ?? '#6b7280',
        width: style.widths[at] ?? 1.3,
        highlight: highlighted.has(one.name),
        values: Array.from(one.values, compact),
        wipedOut: one.wipedOutOn ? (dayOf.get(one.wipedOutOn) ?? -1) : -1,
      };
    }),
    trades: (window.trades ?? []).map((trade) => ({
      entry: dayOf.get(trade.entryDate)!,
      exit: dayOf.get(trade.exitDate)!,
      entryPrice: compact(trade.entryPrice),
      exitPrice: compact(trade.exitPrice),
      shares: trade.shares,
      profit: compact(trade.profit),
      returnFraction: compact(trade.returnFraction),
      exitReason: trade.exitReason,
    })),
  };
}

/** The static SVG of the whole window: what the page shows first and `charts/<id>.svg` holds. */
export function renderTradeChartSvg(data: TradeChartData): string {
  return tradeChartRuntime().draw(data, { from: 0, to: data.dates.length - 1 }).replace(/^<svg /, `<svg xmlns="${SVG_NAMESPACE}" `);
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
