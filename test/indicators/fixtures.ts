/** Series builders shared by the indicator and state tests (not a test file itself). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import type { SymbolSeries } from '../../src/data/types.js';

/** A series from explicit columns; missing price columns default to the close, volume to 1000. */
export function makeSeries(columns: {
  adjClose: readonly number[];
  adjHigh?: readonly number[];
  adjLow?: readonly number[];
  adjOpen?: readonly number[];
  volume?: readonly number[];
}): SymbolSeries {
  const n = columns.adjClose.length;
  return {
    adjClose: Float64Array.from(columns.adjClose),
    adjHigh: Float64Array.from(columns.adjHigh ?? columns.adjClose),
    adjLow: Float64Array.from(columns.adjLow ?? columns.adjClose),
    adjOpen: Float64Array.from(columns.adjOpen ?? columns.adjClose),
    volume: Float64Array.from(columns.volume ?? new Array<number>(n).fill(1000)),
    filled: 0,
  };
}

/**
 * A seeded geometric random walk with plausible highs, lows, opens and volumes, plus stretches of
 * filled days (price repeated, high = low = close, volume 0) as the loader produces for gaps.
 */
export function randomWalkSeries(seed: string, length: number, filledStretches = true): SymbolSeries {
  const random = seedrandom(seed);
  const gaussian = (): number => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const adjClose = new Float64Array(length);
  const adjHigh = new Float64Array(length);
  const adjLow = new Float64Array(length);
  const adjOpen = new Float64Array(length);
  const volume = new Float64Array(length);
  let price = 20 + 80 * random();
  let filledLeft = 0;
  let filled = 0;
  for (let t = 0; t < length; t++) {
    if (filledStretches && filledLeft === 0 && t > 0 && random() < 0.01) filledLeft = 1 + Math.floor(random() * 30);
    if (filledLeft > 0) {
      filledLeft--;
      filled++;
      adjClose[t] = adjHigh[t] = adjLow[t] = adjOpen[t] = price;
      volume[t] = 0;
      continue;
    }
    const open = price * Math.exp(0.005 * gaussian());
    price = open * Math.exp(0.015 * gaussian());
    adjOpen[t] = open;
    adjClose[t] = price;
    adjHigh[t] = Math.max(open, price) * (1 + 0.01 * random());
    adjLow[t] = Math.min(open, price) * (1 - 0.01 * random());
    volume[t] = Math.round(1e6 * Math.exp(0.5 * gaussian()));
  }
  return { adjClose, adjHigh, adjLow, adjOpen, volume, filled };
}

/** A copy of `series` where every value after day `t` is replaced by fresh random numbers. */
export function withFutureScrambled(series: SymbolSeries, t: number, seed: string): SymbolSeries {
  const random = seedrandom(seed);
  const scramble = (column: Float64Array, scale: number): Float64Array => {
    const copy = Float64Array.from(column);
    for (let i = t + 1; i < copy.length; i++) copy[i] = scale * (0.5 + random());
    return copy;
  };
  const adjClose = scramble(series.adjClose, 50);
  const adjOpen = scramble(series.adjOpen, 50);
  // Keep high >= max(open, close) and low <= min(open, close) so the scrambled days stay valid.
  const adjHigh = Float64Array.from(series.adjHigh);
  const adjLow = Float64Array.from(series.adjLow);
  for (let i = t + 1; i < adjClose.length; i++) {
    adjHigh[i] = Math.max(adjClose[i]!, adjOpen[i]!) * (1 + 0.05 * random());
    adjLow[i] = Math.min(adjClose[i]!, adjOpen[i]!) * (1 - 0.05 * random());
  }
  return { adjClose, adjOpen, adjHigh, adjLow, volume: scramble(series.volume, 1e6), filled: series.filled };
}

export const SHARED_PRICES = fileURLToPath(new URL('../../../shared/data/prices', import.meta.url));
export const hasSharedPrices = existsSync(SHARED_PRICES);

/**
 * Reads one symbol from ../shared/data/prices aligned to SPY's trading days, the way the loader
 * defines it (docs/DOMAIN.md, 1): OHLC scaled by AdjClose/Close, missing days filled forward then
 * backward with volume 0. A small reader of its own so these tests do not depend on the loader.
 */
export function loadSharedSeries(symbol: string): { dates: string[]; series: SymbolSeries } {
  const calendar = readRows('SPY').map((row) => row.date).sort();
  const byDate = new Map(readRows(symbol).map((row) => [row.date, row]));
  const n = calendar.length;
  const adjClose = new Float64Array(n).fill(Number.NaN);
  const adjOpen = new Float64Array(n).fill(Number.NaN);
  const adjHigh = new Float64Array(n).fill(Number.NaN);
  const adjLow = new Float64Array(n).fill(Number.NaN);
  const volume = new Float64Array(n);
  let filled = 0;
  calendar.forEach((date, t) => {
    const row = byDate.get(date);
    if (row === undefined) return;
    const scale = row.adjClose / row.close;
    adjClose[t] = row.adjClose;
    adjOpen[t] = row.open * scale;
    adjHigh[t] = row.high * scale;
    adjLow[t] = row.low * scale;
    volume[t] = row.volume;
  });
  const first = adjClose.findIndex((v) => !Number.isNaN(v));
  for (let t = 0; t < n; t++) {
    if (!Number.isNaN(adjClose[t]!)) continue;
    filled++;
    const source = t < first ? first : t - 1;
    const price = t < first ? adjClose[first]! : adjClose[source]!;
    adjClose[t] = adjOpen[t] = adjHigh[t] = adjLow[t] = price;
    volume[t] = 0;
  }
  return { dates: calendar, series: { adjClose, adjOpen, adjHigh, adjLow, volume, filled } };
}

interface Row {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adjClose: number;
}

function readRows(symbol: string): Row[] {
  const text = readFileSync(`${SHARED_PRICES}/${symbol}.csv`, 'utf8');
  const rows: Row[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    const [date, open, high, low, close, volume, adjClose] = line.split(',');
    const numbers = [open, high, low, close, volume, adjClose].map(Number);
    if (numbers.some((v) => !Number.isFinite(v))) continue; // `nan` rows count as missing
    rows.push({
      date: date!,
      open: numbers[0]!,
      high: numbers[1]!,
      low: numbers[2]!,
      close: numbers[3]!,
      volume: numbers[4]!,
      adjClose: numbers[5]!,
    });
  }
  return rows;
}
