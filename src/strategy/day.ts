import type { Broker } from '../broker/broker.js';
import { UserError } from '../errors.js';
import { computeIndicators, formatIndicatorSpec, parseIndicatorList } from '../indicators/index.js';
import type { MarketWindow } from '../data/window.js';
import type { SymbolSeries } from '../data/types.js';
import type { Day } from './contract.js';

/**
 * The `Day` a strategy reads, moved from day to day by the backtest runner. It holds only scalars
 * of today and answers `closes(n)` with a copy that ends today, so `decide` cannot reach a later
 * price through it.
 */
export class DayCursor implements Day {
  readonly symbol: string;
  date = '';
  index = 0;
  dayIndex = 0;
  open = NaN;
  high = NaN;
  low = NaN;
  close = NaN;
  volume = NaN;
  position = 0;
  cash = 0;
  value = 0;
  private readonly series: SymbolSeries;
  private readonly dates: readonly string[];
  private readonly from: number;
  private readonly columns: ReadonlyMap<string, Float64Array>;
  private readonly lookups = new Map<string, Float64Array>();

  constructor(window: MarketWindow, indicators: readonly string[] | undefined, strategyName: string) {
    this.symbol = window.symbol;
    this.series = window.table.series.get(window.symbol)!;
    this.dates = window.table.dates;
    this.from = window.from;
    const specs = indicators && indicators.length > 0
      ? parseIndicatorList(indicators.join(';'), `strategy '${strategyName}' indicators`).map(formatIndicatorSpec)
      : [];
    const computed = specs.length > 0 ? computeIndicators(this.series, specs) : { names: [], columns: [] };
    this.columns = new Map(computed.names.map((name, i) => [name, computed.columns[i]!]));
  }

  /** Moves to day t with the account as it stands before t's decision. */
  moveTo(t: number, broker: Broker, symbolIndex: number): void {
    this.dayIndex = t;
    this.index = t - this.from;
    this.date = this.dates[t]!;
    this.open = this.series.adjOpen[t]!;
    this.high = this.series.adjHigh[t]!;
    this.low = this.series.adjLow[t]!;
    this.close = this.series.adjClose[t]!;
    this.volume = this.series.volume[t]!;
    this.position = broker.holdings[symbolIndex]!;
    this.cash = broker.cash;
    this.value = broker.valueAt(t);
  }

  closes(n: number): Float64Array {
    if (!Number.isInteger(n) || n < 1) throw new UserError(`day.closes(n): n must be a whole number >= 1, got ${String(n)}.`);
    return this.series.adjClose.slice(Math.max(0, this.dayIndex - n + 1), this.dayIndex + 1);
  }

  indicator(spec: string): number {
    let column = this.lookups.get(spec);
    if (column === undefined) {
      const name = this.columns.has(spec) ? spec : canonical(spec);
      const found = name === null ? undefined : this.columns.get(name);
      if (found === undefined) {
        const declared = [...this.columns.keys()];
        throw new UserError(
          `day.indicator('${spec}'): not declared; list it in the strategy's indicators` +
            (declared.length ? ` (declared: ${declared.join(', ')})` : ''),
        );
      }
      column = found;
      this.lookups.set(spec, column);
    }
    return column[this.dayIndex]!;
  }
}

function canonical(spec: string): string | null {
  try {
    const parsed = parseIndicatorList(spec, 'indicator');
    return parsed.length === 1 ? formatIndicatorSpec(parsed[0]!) : null;
  } catch {
    return null;
  }
}
