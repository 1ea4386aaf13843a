import type { BrokerPrices, CommissionModel, CostParams, FillModel, FillParams, ImpactModel } from './models.js';
import { positionShares, type Sizing } from './sizing.js';

/**
 * The ONE place an order is executed (vectorbt's `execute_order_nb`): its fill price, commission
 * and impact, the position limits, the buying-power rule and the change of cash and holdings. The
 * broker, the backtest runner, the market simulator and the learner's counterfactual rewards all
 * come through here, so a rule changed here changes everywhere at once. The rules: docs/DOMAIN.md, 3.
 */

/** Cash and holdings (shares per symbol index): a broker's, or a scratch account for what-if fills. */
export interface Account {
  cash: number;
  readonly holdings: Float64Array;
}

/** Holdings per symbol must stay within `min..max` shares (e.g. -1000..+1000). */
export interface PositionLimits {
  readonly min: number;
  readonly max: number;
}

/** What to do with an order that needs more buying power than the account has. */
export type ExcessPolicy = 'cut' | 'refuse';

/** How orders are filled and checked; the same for every order of an account. */
export interface ExecutionRules {
  readonly prices: BrokerPrices;
  readonly fill: FillModel;
  readonly commission: CommissionModel;
  readonly impact: ImpactModel;
  readonly positionLimits?: PositionLimits;
  /**
   * Margin requirement: equity must stay at least `margin` x gross exposure (sum of |holdings| x
   * price) after an order that raises exposure or turns a position around. 1 = no leverage (longs paid in cash, shorts
   * backed by equity of their full value), 0.5 = up to 2x. Undefined: no check (the course).
   */
  readonly margin?: number;
  /** An order beyond buying power is cut to what the account can carry (default) or refused. */
  readonly onExcess?: ExcessPolicy;
}

/** Why an order was filled: the strategy asked, or a rule of the broker made it. */
export type FillReason = 'order' | 'stop-loss' | 'take-profit' | 'limit' | 'stop' | 'wipe-out';

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
  readonly reason: FillReason;
  /** The shares asked for when buying power cut the order (`shares` is what was filled), else absent. */
  readonly requestedShares?: number;
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

export const NOOP: OrderNoop = Object.freeze({ status: 'noop' });

/** A price the order fills at, decided outside the fill model (a triggered stop or limit, a wipe-out at the close). */
export interface FixedPrice {
  readonly price: number;
  /** The day the fill happens (its costs and valuation). */
  readonly dayIndex: number;
  readonly reason: FillReason;
}

/** Commission and impact of filling `shares` at `price` on `dayIndex`, from the rules' models. */
export function orderCosts(rules: ExecutionRules, symbolIndex: number, dayIndex: number, shares: number, price: number): { commission: number; impact: number } {
  const params: CostParams = { symbolIndex, dayIndex, shares, price };
  return { commission: rules.commission.commission(params), impact: rules.impact.impact(params) };
}

/** Gross exposure and net value of the holdings at the day's adjusted close, with one symbol priced at `price`. */
function exposure(account: Account, prices: BrokerPrices, dayIndex: number, symbolIndex: number, price: number, holding: number): { gross: number; net: number } {
  let gross = 0;
  let net = 0;
  for (let s = 0; s < account.holdings.length; s++) {
    const held = s === symbolIndex ? holding : account.holdings[s]!;
    if (held === 0) continue;
    const p = s === symbolIndex ? price : prices.adjClose[s]![dayIndex]!;
    gross += Math.abs(held) * p;
    net += held * p;
  }
  return { gross, net };
}

/**
 * True when `shares` of the symbol at `price` (plus its costs) leave the account within its buying
 * power, or only reduce what it holds (an order that reduces risk is always allowed: it is the way
 * back). An order that turns a position around (long to short or back) opens a new one: it needs
 * the buying power, even though its gross exposure may be no larger than before. Otherwise an
 * account that lost most of its equity could flip its whole position again and again, at many
 * times the leverage the margin allows.
 */
function withinBuyingPower(account: Account, rules: ExecutionRules, dayIndex: number, symbolIndex: number, shares: number, price: number): boolean {
  const margin = rules.margin;
  if (margin === undefined) return true;
  const held = account.holdings[symbolIndex]!;
  const reducesOnly = Math.abs(held + shares) <= Math.abs(held) && Math.sign(held + shares) !== -Math.sign(held);
  if (reducesOnly) return true;
  const after = exposure(account, rules.prices, dayIndex, symbolIndex, price, held + shares);
  const { commission, impact } = orderCosts(rules, symbolIndex, dayIndex, shares, price);
  const equity = account.cash - shares * price - commission - impact + after.net;
  return equity >= margin * after.gross - 1e-9 * Math.max(1, after.gross);
}

/**
 * The largest order in the direction of `shares` (whole shares, |result| <= |shares|) that stays
 * within buying power; 0 when not even one share fits beyond what reduces the position. Costs may
 * follow any model, so this bisects on whole shares with the models themselves.
 */
function affordableShares(account: Account, rules: ExecutionRules, dayIndex: number, symbolIndex: number, shares: number, price: number): number {
  const sign = Math.sign(shares);
  let low = 0; // always allowed: no order
  let high = Math.abs(shares); // known not to fit
  // Closing the current position never raises exposure: start from there.
  const held = account.holdings[symbolIndex]!;
  if (Math.sign(held) === -sign) low = Math.min(Math.abs(held), high);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (withinBuyingPower(account, rules, dayIndex, symbolIndex, sign * middle, price)) low = middle;
    else high = middle;
  }
  return sign * low;
}

function rejection(rules: ExecutionRules, orderDayIndex: number, symbolIndex: number, shares: number, reason: string): OrderRejection {
  const symbol = rules.prices.symbols[symbolIndex]!;
  return {
    status: 'rejected',
    orderDayIndex,
    symbolIndex,
    symbol,
    shares,
    reason: `${shares > 0 ? 'BUY' : 'SELL'} ${Math.abs(shares)} ${symbol} on ${rules.prices.dates[orderDayIndex]}: ${reason}`,
  };
}

/**
 * How much an order trades: signed shares, or a target position sized where it fills: `direction`
 * +1 long, -1 short, 0 flat, a full position of `sizing` (a fixed number of shares, or a fraction of
 * the account's equity at the fill price), the difference to what is held traded. A direction
 * already held is kept (no re-sizing, so no costs for noise).
 */
export type OrderSize = number | { readonly direction: -1 | 0 | 1; readonly sizing: Sizing };

/** The account's equity with one symbol priced at `price` (its fill), the others at the day's close. */
function equityAt(account: Account, prices: BrokerPrices, dayIndex: number, symbolIndex: number, price: number): number {
  return account.cash + exposure(account, prices, dayIndex, symbolIndex, price, account.holdings[symbolIndex]!).net;
}

/** The sign of the trade an order makes, known before its price (for the fill model's quote). */
function tradeSign(account: Account, symbolIndex: number, size: OrderSize): number {
  if (typeof size === 'number') return Math.sign(size);
  const held = account.holdings[symbolIndex]!;
  if (size.direction === 0) return -Math.sign(held);
  return Math.sign(held) === size.direction ? 0 : size.direction;
}

/**
 * Executes one order against `account`: fills `size` (signed shares, 0 is a no-op, or a target
 * sized at the fill) of the symbol at the fill model's price for an order decided on
 * `orderDayIndex`, or at `fixed` (a triggered stop or limit, a wipe-out), pays commission and
 * impact, and updates cash and holdings. A fill the model cannot make, a position limit, or (with
 * `onExcess: 'refuse'`) a lack of buying power comes back as a rejection and changes nothing; with
 * `'cut'` the order is cut to the whole shares that fit.
 */
export function executeOrder(account: Account, rules: ExecutionRules, orderDayIndex: number, symbolIndex: number, size: OrderSize, fixed?: FixedPrice): OrderResult {
  if (typeof size === 'number' && !Number.isFinite(size)) throw new Error(`order size must be finite, got ${size}`);
  const sign = tradeSign(account, symbolIndex, size);
  if (sign === 0) return NOOP;
  let price: number;
  let dayIndex: number;
  let reason: FillReason;
  if (fixed === undefined) {
    const fillParams: FillParams = { prices: rules.prices, orderDayIndex, symbolIndex, shares: typeof size === 'number' ? size : sign };
    const quoted = rules.fill.fillPrice(fillParams);
    if (typeof quoted === 'string') return rejection(rules, orderDayIndex, symbolIndex, typeof size === 'number' ? size : sign, quoted);
    price = quoted;
    dayIndex = orderDayIndex + rules.fill.settlementLagDays;
    reason = 'order';
  } else {
    ({ price, dayIndex, reason } = fixed);
  }
  const held = account.holdings[symbolIndex]!;
  const shares =
    typeof size === 'number'
      ? size
      : size.direction === 0
        ? -held
        : size.direction * positionShares(size.sizing, equityAt(account, rules.prices, dayIndex, symbolIndex, price), price) - held;
  if (shares === 0) return NOOP;

  const limits = rules.positionLimits;
  const holdingAfter = account.holdings[symbolIndex]! + shares;
  if (limits && reason !== 'wipe-out' && (holdingAfter > limits.max || holdingAfter < limits.min)) {
    return rejection(rules, orderDayIndex, symbolIndex, shares, `holding would be ${holdingAfter} shares, outside the limit ${limits.min}..${limits.max}`);
  }

  let filled = shares;
  if (reason !== 'wipe-out' && !withinBuyingPower(account, rules, dayIndex, symbolIndex, shares, price)) {
    const why = `needs more buying power than the account has (margin ${rules.margin}: equity must cover ${rules.margin} x the position's value)`;
    if ((rules.onExcess ?? 'cut') === 'refuse') return rejection(rules, orderDayIndex, symbolIndex, shares, why);
    filled = affordableShares(account, rules, dayIndex, symbolIndex, shares, price);
    if (filled === 0) return rejection(rules, orderDayIndex, symbolIndex, shares, `${why}; not one share fits`);
  }

  const { commission, impact } = orderCosts(rules, symbolIndex, dayIndex, filled, price);
  account.cash = account.cash - filled * price - (commission + impact);
  account.holdings[symbolIndex] += filled;
  return {
    status: 'filled',
    orderDayIndex,
    dayIndex,
    symbolIndex,
    symbol: rules.prices.symbols[symbolIndex]!,
    shares: filled,
    price,
    commission,
    impact,
    cost: commission + impact,
    cashAfter: account.cash,
    holdingAfter: account.holdings[symbolIndex]!,
    reason,
    ...(filled !== shares ? { requestedShares: shares } : {}),
  };
}

/** cash + sum(holdings x adjusted close of the day). */
export function accountValue(account: Account, prices: BrokerPrices, dayIndex: number): number {
  let value = account.cash;
  for (let s = 0; s < account.holdings.length; s++) {
    const held = account.holdings[s]!;
    if (held !== 0) value += held * prices.adjClose[s]![dayIndex]!;
  }
  return value;
}

/** The wipe-out rule: an account whose value is 0 or less is finished (its positions are closed, it trades no more). */
export function isInsolvent(value: number): boolean {
  return value <= 0;
}

/**
 * Closes every position at the adjusted close of `dayIndex`, whatever the fill model, paying
 * commission and impact: what happens to an account that is wiped out. Limits and buying power do
 * not apply (closing only brings holdings toward 0).
 */
export function closeAllPositions(account: Account, rules: ExecutionRules, dayIndex: number): OrderFill[] {
  const closed: OrderFill[] = [];
  for (let s = 0; s < account.holdings.length; s++) {
    const held = account.holdings[s]!;
    if (held === 0) continue;
    const result = executeOrder(account, rules, dayIndex, s, -held, { price: rules.prices.adjClose[s]![dayIndex]!, dayIndex, reason: 'wipe-out' });
    if (result.status === 'filled') closed.push(result);
  }
  return closed;
}
