import { COURSE } from '../defaults.js';

/**
 * Fill, commission and impact models: one-method interfaces taking a parameter object (LEAN's
 * shape), each with the course's model as default. The broker passes one reused parameter
 * object per call, so a model must read it during the call and not keep it.
 */

/** Adjusted prices of the traded symbols, aligned to the price table's trading days. */
export interface BrokerPrices {
  /** Per symbol index: adjusted close per day index. */
  readonly adjClose: readonly Float64Array[];
  /** Per symbol index: adjusted open per day index. */
  readonly adjOpen: readonly Float64Array[];
  /** Per symbol index: adjusted high and low per day index (limit and stop orders fill inside the bar). */
  readonly adjHigh: readonly Float64Array[];
  readonly adjLow: readonly Float64Array[];
  readonly dates: readonly string[];
  readonly symbols: readonly string[];
}

export interface FillParams {
  readonly prices: BrokerPrices;
  /** Day the order was decided on (index into `prices.dates`). */
  readonly orderDayIndex: number;
  readonly symbolIndex: number;
  /** Signed order size: > 0 buys, < 0 sells. Never 0 (a 0-share order never reaches a model). */
  readonly shares: number;
}

export interface FillModel {
  /** Name every report prints, e.g. `close`, `next-open`. */
  readonly name: string;
  /** Trading days from the order day to the day the fill settles (0 = same day). */
  readonly settlementLagDays: number;
  /**
   * The fill price (before impact), or a sentence saying why the order cannot fill.
   * Returning a string (not throwing) lets the broker hand the caller a rejection as data.
   */
  fillPrice(params: FillParams): number | string;
}

export interface CostParams {
  readonly symbolIndex: number;
  /** Day the fill settles. */
  readonly dayIndex: number;
  /** Signed shares traded (never 0). */
  readonly shares: number;
  /** Fill price before impact. */
  readonly price: number;
}

export interface CommissionModel {
  readonly name: string;
  /** Commission of one order, in currency, >= 0. */
  commission(params: CostParams): number;
}

export interface ImpactModel {
  readonly name: string;
  /** Market impact of one order, in currency, >= 0 (the price moves against the trader). */
  impact(params: CostParams): number;
}

/** Course default: fill at the adjusted close of the order day. */
export const closeFill: FillModel = {
  name: 'close',
  settlementLagDays: 0,
  fillPrice: ({ prices, orderDayIndex, symbolIndex }) => prices.adjClose[symbolIndex]![orderDayIndex]!,
};

/**
 * Fill at the next trading day's adjusted open: a signal computed at a close trades at the
 * following open. An order on the table's last day has no next open and is rejected.
 */
export const nextOpenFill: FillModel = {
  name: 'next-open',
  settlementLagDays: 1,
  fillPrice: ({ prices, orderDayIndex, symbolIndex }) => {
    const fillDay = orderDayIndex + 1;
    if (fillDay >= prices.dates.length) {
      return (
        `next-open fill needs a trading day after ${prices.dates[orderDayIndex]}, ` +
        'the last day of the price data'
      );
    }
    return prices.adjOpen[symbolIndex]![fillDay]!;
  },
};

/** The fill models a setup can name, each with the sentence reports print for it. */
export const FILL_MODELS = {
  close: { model: closeFill, description: 'close (adjusted close of the order day)' },
  'next-open': { model: nextOpenFill, description: 'next-open (adjusted open of the next trading day)' },
} as const satisfies Record<string, { model: FillModel; description: string }>;

export type FillModelName = keyof typeof FILL_MODELS;
export const fillModelNames = Object.keys(FILL_MODELS) as FillModelName[];

export function fillModelByName(name: FillModelName): FillModel {
  const entry = FILL_MODELS[name];
  if (!entry) throw new RangeError(`unknown fill model '${String(name)}'; known: ${fillModelNames.join(', ')}`);
  return entry.model;
}

/** The report's sentence for a fill model: the registry's description, else the model's own name. */
export function describeFillModel(model: FillModel): string {
  const entry = Object.values(FILL_MODELS).find((candidate) => candidate.model === model);
  return entry ? entry.description : model.name;
}

/** A fixed amount per executed (non-zero) order; the course charges 9.95. */
export function fixedCommission(perOrder: number): CommissionModel {
  if (!Number.isFinite(perOrder) || perOrder < 0) {
    throw new RangeError(`commission per order must be a finite number >= 0, got ${perOrder}`);
  }
  return { name: `fixed ${perOrder} per order`, commission: () => perOrder };
}

/**
 * Impact proportional to traded value: `rate * |shares| * price`, i.e. a buy pays
 * `price * (1 + rate)` and a sell earns `price * (1 - rate)`. The course uses 0.005.
 */
export function proportionalImpact(rate: number): ImpactModel {
  if (!Number.isFinite(rate) || rate < 0) {
    throw new RangeError(`impact must be a finite number >= 0, got ${rate}`);
  }
  return {
    name: `${rate} x traded value`,
    impact: ({ shares, price }) => rate * Math.abs(shares) * price,
  };
}

/** Course defaults: commission 9.95 per order, impact 0.005 of traded value. */
export const DEFAULT_COMMISSION_PER_ORDER = COURSE.commission;
export const DEFAULT_IMPACT_RATE = COURSE.impact;
