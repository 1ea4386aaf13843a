import { escapeHtml } from './html.js';
import type { Heatmap } from './model.js';

/**
 * A heatmap of a figure over two parameters (an optimization's grid): one cell per pair of values,
 * coloured by the figure (diverging around 0 when it has both signs), the value written in it, and
 * the chosen pair outlined. Drawn as plain SVG, byte-identical for the same data.
 */

const CELL_W = 64;
const CELL_H = 30;
const LEFT = 90;
const TOP = 44;
const BOTTOM = 48;

function mix(from: readonly number[], to: readonly number[], t: number): string {
  const channel = (i: number) => Math.round(from[i]! + (to[i]! - from[i]!) * Math.max(0, Math.min(1, t)));
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

const WHITE = [247, 247, 247];
const GREEN = [22, 163, 74];
const RED = [220, 38, 38];
const BLUE = [37, 99, 235];

/** The colour of a value: green above 0 and red below when the values straddle 0, else light to blue. */
function colourOf(value: number, low: number, high: number): string {
  if (low < 0 && high > 0) return value >= 0 ? mix(WHITE, GREEN, value / high) : mix(WHITE, RED, value / low);
  return mix(WHITE, BLUE, high === low ? 0.5 : (value - low) / (high - low));
}

export function renderHeatmapSvg(map: Heatmap): string {
  // wide enough for the heading (about 7.5 px a character at 13 px bold)
  const width = Math.max(LEFT + map.xValues.length * CELL_W + 20, LEFT + Math.ceil(map.heading.length * 7.5) + 10);
  const height = TOP + map.yValues.length * CELL_H + BOTTOM;
  const known = map.cells.flat().filter((value): value is number => value !== null && Number.isFinite(value));
  const low = known.length ? Math.min(...known) : 0;
  const high = known.length ? Math.max(...known) : 0;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="bold">${escapeHtml(map.heading)}</text>`,
  ];
  map.yValues.forEach((yValue, y) => {
    parts.push(`<text x="${LEFT - 8}" y="${TOP + y * CELL_H + CELL_H / 2 + 4}" text-anchor="end">${escapeHtml(yValue)}</text>`);
    map.xValues.forEach((_, x) => {
      const value = map.cells[y]?.[x] ?? null;
      const cx = LEFT + x * CELL_W;
      const cy = TOP + y * CELL_H;
      const fill = value === null || !Number.isFinite(value) ? '#e5e7eb' : colourOf(value, low, high);
      parts.push(`<rect x="${cx}" y="${cy}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${fill}"/>`);
      parts.push(`<text x="${cx + CELL_W / 2 - 1}" y="${cy + CELL_H / 2 + 3}" text-anchor="middle">${value === null || !Number.isFinite(value) ? '—' : escapeHtml(map.format(value))}</text>`);
    });
  });
  map.xValues.forEach((xValue, x) => {
    parts.push(`<text x="${LEFT + x * CELL_W + CELL_W / 2 - 1}" y="${TOP + map.yValues.length * CELL_H + 14}" text-anchor="middle">${escapeHtml(xValue)}</text>`);
  });
  if (map.chosen) {
    parts.push(`<rect x="${LEFT + map.chosen.x * CELL_W - 1}" y="${TOP + map.chosen.y * CELL_H - 1}" width="${CELL_W}" height="${CELL_H}" fill="none" stroke="#111827" stroke-width="2.5"/>`);
  }
  parts.push(`<text x="${LEFT + (map.xValues.length * CELL_W) / 2}" y="${height - 12}" text-anchor="middle" font-weight="bold">${escapeHtml(map.xLabel)}</text>`);
  parts.push(`<text x="14" y="${TOP + (map.yValues.length * CELL_H) / 2}" text-anchor="middle" font-weight="bold" transform="rotate(-90 14 ${TOP + (map.yValues.length * CELL_H) / 2})">${escapeHtml(map.yLabel)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
