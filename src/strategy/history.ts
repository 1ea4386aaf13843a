import type { PriceTable } from '../data/types.js';
import { computeIndicators } from '../indicators/index.js';
import type { History, PriceColumn } from './contract.js';
import { canonicalIndicators, seriesColumn } from './day.js';

/**
 * A strategy's view of one symbol's prices up to `lastDay` (inclusive): the days after it are not
 * in it at all, and every array it hands out is a fresh copy, so nothing a strategy does to them
 * reaches the engine's table. Indicators are computed over the visible days only.
 */
export class HistoryView implements History {
  readonly symbol: string;
  readonly dates: readonly string[];
  readonly windowStart: number;
  readonly dataHashes: Readonly<Record<string, string>>;
  readonly #table: PriceTable;
  readonly #length: number;
  readonly #indicators = new Map<string, Float64Array>();

  constructor(table: PriceTable, symbol: string, windowStart: number, lastDay: number) {
    if (!table.series.has(symbol)) throw new Error(`price table has no ${symbol}`);
    if (!(windowStart >= 0 && windowStart <= lastDay && lastDay < table.dates.length)) throw new Error(`history ${windowStart}..${lastDay} is outside the table`);
    this.symbol = symbol;
    this.#table = table;
    this.#length = lastDay + 1;
    this.dates = Object.freeze(table.dates.slice(0, this.#length));
    this.windowStart = windowStart;
    this.dataHashes = Object.freeze(Object.fromEntries([...table.sources].map(([name, source]) => [name, source.sha256])));
  }

  column(name: PriceColumn): Float64Array {
    return seriesColumn(this.#table.series.get(this.symbol)!, name).slice(0, this.#length);
  }

  indicator(spec: string): Float64Array {
    const [name] = canonicalIndicators([spec], 'history.indicator()');
    let column = this.#indicators.get(name!);
    if (column === undefined) {
      const series = this.#table.series.get(this.symbol)!;
      const visible = {
        adjClose: series.adjClose.subarray(0, this.#length),
        adjOpen: series.adjOpen.subarray(0, this.#length),
        adjHigh: series.adjHigh.subarray(0, this.#length),
        adjLow: series.adjLow.subarray(0, this.#length),
        volume: series.volume.subarray(0, this.#length),
        filled: series.filled,
      };
      column = computeIndicators(visible, [name!]).columns[0]!;
      this.#indicators.set(name!, column);
    }
    return column.slice();
  }
}
