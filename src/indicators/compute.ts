import type { SymbolSeries } from '../data/types.js';
import { UserError } from '../errors.js';
import { getIndicator } from './registry.js';
import { assertDistinct, formatIndicatorSpec, toIndicatorSpec, type IndicatorSpec } from './spec.js';

/** Named indicator columns of one series, aligned to its trading days. */
export interface IndicatorColumns {
  /** Canonical spec of each column, e.g. `rsi:14`, `bbp:20,2`. */
  readonly names: readonly string[];
  /** One Float64Array per name, each as long as the series; NaN during that indicator's warm-up. */
  readonly columns: readonly Float64Array[];
  /** The longest warm-up: from this day index on, every column is finite. */
  readonly warmup: number;
}

/**
 * Columns already computed per series: a backtest, a walk-forward or a sweep asks for the same
 * indicators of the same series again and again (every window, every fold, every strategy), and
 * the columns depend on the series alone. Held weakly: a series no longer used takes its columns
 * with it. The columns are shared: read them, never write them.
 */
const cache = new WeakMap<SymbolSeries, Map<string, Float64Array>>();

/**
 * Computes the indicators named by `specs` (strings like `rsi:14` or parsed specs) on `series`.
 * A series with a non-finite price or volume is rejected here, once, so that no indicator can
 * leak a NaN past its warm-up.
 */
export function computeIndicators(
  series: SymbolSeries,
  specs: readonly (string | IndicatorSpec)[],
  source = '--indicators',
): IndicatorColumns {
  if (specs.length === 0) throw new UserError(`${source}: no indicator given`, 2);
  const parsed = specs.map((spec) => toIndicatorSpec(spec, source));
  assertDistinct(parsed, source);
  let computed = cache.get(series);
  if (computed === undefined) {
    assertFiniteSeries(series);
    computed = new Map();
    cache.set(series, computed);
  }
  const known = computed;
  const columns = parsed.map((spec) => {
    const name = formatIndicatorSpec(spec);
    let column = known.get(name);
    if (column === undefined) {
      column = getIndicator(spec.name).compute(series, spec.params);
      known.set(name, column);
    }
    return column;
  });
  const warmup = Math.max(...parsed.map((spec) => getIndicator(spec.name).warmup(spec.params)));
  return { names: parsed.map(formatIndicatorSpec), columns, warmup };
}

function assertFiniteSeries(series: SymbolSeries): void {
  const fields = ['adjClose', 'adjOpen', 'adjHigh', 'adjLow', 'volume'] as const;
  const length = series.adjClose.length;
  for (const field of fields) {
    const column = series[field];
    if (column.length !== length) {
      throw new Error(`series.${field} has ${column.length} days, adjClose has ${length}`);
    }
    for (let t = 0; t < length; t++) {
      const value = column[t]!;
      const positivePrice = field === 'volume' ? value >= 0 : value > 0;
      if (!Number.isFinite(value) || !positivePrice) {
        throw new UserError(`price series: ${field} on day ${t} is ${value}; indicators need finite positive prices and volume >= 0`);
      }
    }
  }
}
