import type { PriceTable } from '../data/types.js';
import {
  closeFill,
  DEFAULT_COMMISSION_PER_ORDER,
  DEFAULT_IMPACT_RATE,
  fixedCommission,
  proportionalImpact,
  type BrokerPrices,
  type CommissionModel,
  type CostParams,
  type FillModel,
  type FillParams,
  type ImpactModel,
} from './models.js';

/** Holdings per symbol must stay within `min..max` shares (e.g. -1000..+1000). */
export interface PositionLimits {
  readonly min: number;
  readonly max: number;
}

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
  /**
   * Default: none. Leverage = sum(|holdings| x price) / (sum(holdings x price) + cash), at the
   * traded symbol's fill price and the other symbols' adjusted close of the order day.
   */
  readonly maxLeverage?: number;
}

/** An executed order. `dayIndex` is the day the fill settles (order day + fill lag). */
export interface OrderFill {
  readonly status: 'filled';
  readonly orderDayIndex: number;
  readonly dayIndex: number;
  readonly symbolIndex: number;
  readonly symbol: string;
  /** Signed: > 0 bought, < 0 sold. */
  readonly shares: number;
  /** Fill price before impact. */
  readonly price: number;
  readonly commission: number;
  readonly impact: number;
  /** commission + impact. */
  readonly cost: number;
  readonly cashAfter: number;
  readonly holdingAfter: number;
}

export interface OrderRejection {
  readonly status: 'rejected';
  readonly orderDayIndex: number;
  readonly symbolIndex: number;
  readonly symbol: string;
  readonly shares: number;
  readonly reason: string;
}

/** A 0-share order: allowed, changes nothing, costs nothing, is not counted as an order. */
export interface OrderNoop {
  readonly status: 'noop';
}

export type OrderResult = OrderFill | OrderRejection | OrderNoop;

const NOOP: OrderNoop = Object.freeze({ status: 'noop' });

/** Picks the symbols' adjusted close/open series out of a price table, in the given order. */
export function brokerPrices(table: PriceTable, symbols: readonly string[] = table.symbols): BrokerPrices {
  const adjClose: Float64Array[] = [];
  const adjOpen: Float64Array[] = [];
  for (const symbol of symbols) {
    const series = table.series.get(symbol);
    if (!series) throw new Error(`price table has no series for ${symbol}`);
    adjClose.push(series.adjClose);
    adjOpen.push(series.adjOpen);
  }
  return { adjClose, adjOpen, dates: table.dates, symbols: [...symbols] };
}

/**
 * A simulated broker over one price table: cash, holdings per symbol (a Float64Array indexed by
 * symbol position) and the orders it executed. Stepwise use (trading environment): at day t read
 * `valueAt(t)`, `submit(t, symbol, shares)`, then `valueAt(t + 1)`. With a fill model that
 * settles later (next-open) the fill is applied at once, so read a day's value before submitting
 * that day's orders; `executeOrders` does this ordering for batch use.
 */
export class Broker {
  readonly prices: BrokerPrices;
  readonly fillModel: FillModel;
  readonly commissionModel: CommissionModel;
  readonly impactModel: ImpactModel;
  readonly positionLimits: PositionLimits | undefined;
  readonly maxLeverage: number | undefined;
  readonly startValue: number;
  /** Shares held per symbol index. Read it; change it only through `submit`. */
  readonly holdings: Float64Array;
  /** Executed orders, in execution order (cleared by `reset`). */
  readonly fills: OrderFill[] = [];
  /** Close value per day index as recorded by `markToMarket`; NaN for days not recorded. */
  readonly dailyValues: Float64Array;
  private cashBalance: number;
  private readonly symbolIndexByName: Map<string, number>;
  // Reused parameter objects: the models are called without allocating per order.
  private readonly fillParams: { prices: BrokerPrices; orderDayIndex: number; symbolIndex: number; shares: number };
  private readonly costParams: { symbolIndex: number; dayIndex: number; shares: number; price: number };
  private readonly costResult = { commission: 0, impact: 0 };

  constructor(prices: PriceTable | BrokerPrices, config: BrokerConfig) {
    this.prices = 'series' in prices ? brokerPrices(prices) : prices;
    if (!Number.isFinite(config.startValue)) {
      throw new RangeError(`startValue must be a finite number, got ${config.startValue}`);
    }
    const limits = config.positionLimits;
    if (limits && !(limits.min <= 0 && limits.max >= 0)) {
      throw new RangeError(`position limits must satisfy min <= 0 <= max, got ${limits.min}..${limits.max}`);
    }
    if (config.maxLeverage !== undefined && !(config.maxLeverage > 0)) {
      throw new RangeError(`maxLeverage must be > 0, got ${config.maxLeverage}`);
    }
    this.startValue = config.startValue;
    this.cashBalance = config.startValue;
    this.fillModel = config.fill ?? closeFill;
    this.commissionModel = config.commission ?? fixedCommission(DEFAULT_COMMISSION_PER_ORDER);
    this.impactModel = config.impact ?? proportionalImpact(DEFAULT_IMPACT_RATE);
    this.positionLimits = limits;
    this.maxLeverage = config.maxLeverage;
    this.holdings = new Float64Array(this.prices.symbols.length);
    this.dailyValues = new Float64Array(this.prices.dates.length).fill(NaN);
    this.symbolIndexByName = new Map(this.prices.symbols.map((symbol, index) => [symbol, index]));
    this.fillParams = { prices: this.prices, orderDayIndex: 0, symbolIndex: 0, shares: 0 };
    this.costParams = { symbolIndex: 0, dayIndex: 0, shares: 0, price: 0 };
  }

  get cash(): number {
    return this.cashBalance;
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
    this.cashBalance = startValue;
    this.holdings.fill(0);
    this.fills.length = 0;
    this.dailyValues.fill(NaN);
  }

  /** cash + sum(holdings x adjusted close of the day). */
  valueAt(dayIndex: number): number {
    let value = this.cashBalance;
    const { adjClose } = this.prices;
    for (let s = 0; s < this.holdings.length; s++) {
      const held = this.holdings[s]!;
      if (held !== 0) value += held * adjClose[s]![dayIndex]!;
    }
    return value;
  }

  /** `valueAt(dayIndex)`, also recorded in `dailyValues[dayIndex]` (the day's equity point). */
  markToMarket(dayIndex: number): number {
    const value = this.valueAt(dayIndex);
    this.dailyValues[dayIndex] = value;
    return value;
  }

  /**
   * Buys (`shares` > 0) or sells (< 0) at the fill model's price, paying commission and impact.
   * Limit violations and impossible fills come back as a rejection; nothing changes then.
   */
  submit(orderDayIndex: number, symbol: number | string, shares: number): OrderResult {
    const symbolIndex = typeof symbol === 'number' ? symbol : this.symbolIndex(symbol);
    if (symbolIndex < 0 || symbolIndex >= this.holdings.length) {
      throw new Error(`broker does not trade symbol ${String(symbol)}`);
    }
    if (!Number.isInteger(orderDayIndex) || orderDayIndex < 0 || orderDayIndex >= this.dayCount) {
      throw new Error(`day index ${orderDayIndex} is outside 0..${this.dayCount - 1}`);
    }
    if (!Number.isFinite(shares)) throw new Error(`order size must be finite, got ${shares}`);
    if (shares === 0) return NOOP;

    const fillParams = this.fillParams;
    fillParams.orderDayIndex = orderDayIndex;
    fillParams.symbolIndex = symbolIndex;
    fillParams.shares = shares;
    const price = this.fillModel.fillPrice(fillParams as FillParams);
    if (typeof price === 'string') return this.reject(orderDayIndex, symbolIndex, shares, price);

    const holdingAfter = this.holdings[symbolIndex]! + shares;
    const limits = this.positionLimits;
    if (limits && (holdingAfter > limits.max || holdingAfter < limits.min)) {
      return this.reject(
        orderDayIndex,
        symbolIndex,
        shares,
        `holding would be ${holdingAfter} shares, outside the limit ${limits.min}..${limits.max}`,
      );
    }

    const dayIndex = orderDayIndex + this.fillModel.settlementLagDays;
    const { commission, impact } = this.costsOf(symbolIndex, dayIndex, shares, price);
    const cashAfter = this.cashBalance - shares * price - commission - impact;

    if (this.maxLeverage !== undefined) {
      const before = this.leverage(orderDayIndex, symbolIndex, price, 0, this.cashBalance);
      const after = this.leverage(orderDayIndex, symbolIndex, price, shares, cashAfter);
      // An order that lowers leverage is allowed even above the limit: it is the way back in.
      if (after > this.maxLeverage && after > before) {
        return this.reject(
          orderDayIndex,
          symbolIndex,
          shares,
          `leverage would be ${formatLeverage(after)}, above the limit ${this.maxLeverage}`,
        );
      }
    }

    return this.record(orderDayIndex, dayIndex, symbolIndex, shares, price, commission, impact);
  }

  /** Commission and impact of an order from the models (one reused result object). */
  private costsOf(symbolIndex: number, dayIndex: number, shares: number, price: number): { commission: number; impact: number } {
    const costParams = this.costParams;
    costParams.symbolIndex = symbolIndex;
    costParams.dayIndex = dayIndex;
    costParams.shares = shares;
    costParams.price = price;
    this.costResult.commission = this.commissionModel.commission(costParams as CostParams);
    this.costResult.impact = this.impactModel.impact(costParams as CostParams);
    return this.costResult;
  }

  /** Applies a fill to cash and holdings and records it. */
  private record(orderDayIndex: number, dayIndex: number, symbolIndex: number, shares: number, price: number, commission: number, impact: number): OrderFill {
    this.cashBalance = this.cashBalance - shares * price - (commission + impact);
    this.holdings[symbolIndex] += shares;
    const fill: OrderFill = {
      status: 'filled',
      orderDayIndex,
      dayIndex,
      symbolIndex,
      symbol: this.prices.symbols[symbolIndex]!,
      shares,
      price,
      commission,
      impact,
      cost: commission + impact,
      cashAfter: this.cashBalance,
      holdingAfter: this.holdings[symbolIndex]!,
    };
    this.fills.push(fill);
    return fill;
  }

  /**
   * Closes every position at the adjusted close of `dayIndex`, whatever the fill model, paying
   * commission and impact: what happens to an account that is wiped out (its value reached 0).
   * Position limits do not apply (closing always brings holdings toward 0).
   */
  liquidate(dayIndex: number): OrderFill[] {
    const closed: OrderFill[] = [];
    const { adjClose } = this.prices;
    for (let s = 0; s < this.holdings.length; s++) {
      const held = this.holdings[s]!;
      if (held === 0) continue;
      const price = adjClose[s]![dayIndex]!;
      const { commission, impact } = this.costsOf(s, dayIndex, -held, price);
      closed.push(this.record(dayIndex, dayIndex, s, -held, price, commission, impact));
    }
    return closed;
  }

  /** Leverage with `extraShares` added to the traded symbol (priced at `tradedPrice`). */
  private leverage(dayIndex: number, tradedIndex: number, tradedPrice: number, extraShares: number, cash: number): number {
    let gross = 0;
    let net = 0;
    const { adjClose } = this.prices;
    for (let s = 0; s < this.holdings.length; s++) {
      const held = s === tradedIndex ? this.holdings[s]! + extraShares : this.holdings[s]!;
      if (held === 0) continue;
      const price = s === tradedIndex ? tradedPrice : adjClose[s]![dayIndex]!;
      gross += Math.abs(held) * price;
      net += held * price;
    }
    if (gross === 0) return 0;
    const equity = net + cash;
    return equity > 0 ? gross / equity : Infinity;
  }

  private reject(orderDayIndex: number, symbolIndex: number, shares: number, reason: string): OrderRejection {
    const symbol = this.prices.symbols[symbolIndex]!;
    return {
      status: 'rejected',
      orderDayIndex,
      symbolIndex,
      symbol,
      shares,
      reason: `${shares > 0 ? 'BUY' : 'SELL'} ${Math.abs(shares)} ${symbol} on ${this.prices.dates[orderDayIndex]}: ${reason}`,
    };
  }
}

function formatLeverage(leverage: number): string {
  return Number.isFinite(leverage) ? leverage.toFixed(4) : 'unbounded (equity <= 0)';
}
