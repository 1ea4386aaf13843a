import type { PriceTable } from '../data/types.js';
import {
  accountValue,
  closeAllPositions,
  executeOrder,
  isInsolvent,
  type Account,
  type ExcessPolicy,
  type ExecutionRules,
  type FixedPrice,
  type OrderFill,
  type OrderRejection,
  type OrderResult,
  type OrderSize,
  type PositionLimits,
} from './execute.js';
import {
  closeFill,
  DEFAULT_COMMISSION_PER_ORDER,
  DEFAULT_IMPACT_RATE,
  fixedCommission,
  proportionalImpact,
  type BrokerPrices,
  type CommissionModel,
  type FillModel,
  type ImpactModel,
} from './models.js';

export interface BrokerConfig {
  /** Cash at the start, before any order. */
  readonly startValue: number;
  /** Default: `closeFill` (adjusted close of the order day). */
  readonly fill?: FillModel;
  /** Default: fixed 9.95 per order. */
  readonly commission?: CommissionModel;
  /** Default: 0.005 of traded value. */
  readonly impact?: ImpactModel;
  /** Default: none. */
  readonly positionLimits?: PositionLimits;
  /** Margin requirement (equity >= margin x gross exposure after an order that raises it or turns a position around); default: none. */
  readonly margin?: number;
  /** An order beyond buying power is cut to what fits (default) or refused. */
  readonly onExcess?: ExcessPolicy;
}

/** Picks the symbols' adjusted close/open series out of a price table, in the given order. */
export function brokerPrices(table: PriceTable, symbols: readonly string[] = table.symbols): BrokerPrices {
  const adjClose: Float64Array[] = [];
  const adjOpen: Float64Array[] = [];
  const adjHigh: Float64Array[] = [];
  const adjLow: Float64Array[] = [];
  for (const symbol of symbols) {
    const series = table.series.get(symbol);
    if (!series) throw new Error(`price table has no series for ${symbol}`);
    adjClose.push(series.adjClose);
    adjOpen.push(series.adjOpen);
    adjHigh.push(series.adjHigh);
    adjLow.push(series.adjLow);
  }
  return { adjClose, adjOpen, adjHigh, adjLow, dates: table.dates, symbols: [...symbols] };
}

/**
 * A simulated broker over one price table: an account (cash and holdings per symbol index), the
 * rules its orders are executed by (`executeOrder`, the one place that fills an order) and the
 * orders it executed. Stepwise use (trading environment): at day t read `valueAt(t)`,
 * `submit(t, symbol, shares)`, then `valueAt(t + 1)`. With a fill model that settles later
 * (next-open) the fill is applied at once, so read a day's value before submitting that day's
 * orders; `executeOrders` does this ordering for batch use.
 */
export class Broker {
  readonly prices: BrokerPrices;
  readonly rules: ExecutionRules;
  readonly startValue: number;
  /** Shares held per symbol index. Read it; change it only through `submit`. */
  readonly holdings: Float64Array;
  /** Executed orders, in execution order (cleared by `reset`). */
  readonly fills: OrderFill[] = [];
  /** Orders refused, in order (cleared by `reset`). */
  readonly rejections: OrderRejection[] = [];
  /** Close value per day index as recorded by `markToMarket`; NaN for days not recorded. */
  readonly dailyValues: Float64Array;
  private readonly account: Account;
  private readonly symbolIndexByName: Map<string, number>;

  constructor(prices: PriceTable | BrokerPrices, config: BrokerConfig) {
    this.prices = 'series' in prices ? brokerPrices(prices) : prices;
    if (!Number.isFinite(config.startValue)) {
      throw new RangeError(`startValue must be a finite number, got ${config.startValue}`);
    }
    const limits = config.positionLimits;
    if (limits && !(limits.min <= 0 && limits.max >= 0)) {
      throw new RangeError(`position limits must satisfy min <= 0 <= max, got ${limits.min}..${limits.max}`);
    }
    if (config.margin !== undefined && !(config.margin > 0 && Number.isFinite(config.margin))) {
      throw new RangeError(`margin must be a number > 0, got ${config.margin}`);
    }
    this.startValue = config.startValue;
    this.rules = {
      prices: this.prices,
      fill: config.fill ?? closeFill,
      commission: config.commission ?? fixedCommission(DEFAULT_COMMISSION_PER_ORDER),
      impact: config.impact ?? proportionalImpact(DEFAULT_IMPACT_RATE),
      ...(limits ? { positionLimits: limits } : {}),
      ...(config.margin !== undefined ? { margin: config.margin } : {}),
      onExcess: config.onExcess ?? 'cut',
    };
    this.holdings = new Float64Array(this.prices.symbols.length);
    this.account = { cash: config.startValue, holdings: this.holdings };
    this.dailyValues = new Float64Array(this.prices.dates.length).fill(NaN);
    this.symbolIndexByName = new Map(this.prices.symbols.map((symbol, index) => [symbol, index]));
  }

  get cash(): number {
    return this.account.cash;
  }

  get fillModel(): FillModel {
    return this.rules.fill;
  }

  /** Number of executed non-zero orders. */
  get orderCount(): number {
    return this.fills.length;
  }

  get dayCount(): number {
    return this.prices.dates.length;
  }

  /** Position of a symbol in `holdings`, or -1 when the broker does not trade it. */
  symbolIndex(symbol: string): number {
    return this.symbolIndexByName.get(symbol) ?? -1;
  }

  /** Back to the start: all cash, no holdings, no fills. */
  reset(startValue = this.startValue): void {
    this.account.cash = startValue;
    this.holdings.fill(0);
    this.fills.length = 0;
    this.rejections.length = 0;
    this.dailyValues.fill(NaN);
  }

  /** cash + sum(holdings x adjusted close of the day). */
  valueAt(dayIndex: number): number {
    return accountValue(this.account, this.prices, dayIndex);
  }

  /** `valueAt(dayIndex)`, also recorded in `dailyValues[dayIndex]` (the day's equity point). */
  markToMarket(dayIndex: number): number {
    const value = this.valueAt(dayIndex);
    this.dailyValues[dayIndex] = value;
    return value;
  }

  /**
   * Buys (`size` > 0) or sells (< 0) shares, or moves to a target sized at the fill, at the fill
   * model's price (or at `fixed`), paying commission and impact, through `executeOrder`. Impossible fills, limit violations and (when the rules
   * refuse) orders beyond buying power come back as a rejection; nothing changes then.
   */
  submit(orderDayIndex: number, symbol: number | string, size: OrderSize, fixed?: FixedPrice): OrderResult {
    const symbolIndex = typeof symbol === 'number' ? symbol : this.symbolIndex(symbol);
    if (symbolIndex < 0 || symbolIndex >= this.holdings.length) {
      throw new Error(`broker does not trade symbol ${String(symbol)}`);
    }
    if (!Number.isInteger(orderDayIndex) || orderDayIndex < 0 || orderDayIndex >= this.dayCount) {
      throw new Error(`day index ${orderDayIndex} is outside 0..${this.dayCount - 1}`);
    }
    const result = executeOrder(this.account, this.rules, orderDayIndex, symbolIndex, size, fixed);
    if (result.status === 'filled') this.fills.push(result);
    else if (result.status === 'rejected') this.rejections.push(result);
    return result;
  }

  /**
   * The wipe-out rule, checked at the close of `dayIndex`: when the account's value is 0 or less,
   * every position is closed at that close (commission and impact paid) and the fills are
   * returned; otherwise null. The caller then trades no more.
   */
  wipeOutIfInsolvent(dayIndex: number): OrderFill[] | null {
    if (!isInsolvent(this.valueAt(dayIndex))) return null;
    const closed = closeAllPositions(this.account, this.rules, dayIndex);
    this.fills.push(...closed);
    return closed;
  }
}
