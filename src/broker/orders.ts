import { printable, UserError } from '../errors.js';
import type { Broker } from './broker.js';
import type { OrderFill, OrderSize } from './execute.js';
import type { Sizing } from './sizing.js';

/**
 * Orders besides target positions, on daily bars: limit and stop entries (good till cancelled or
 * for N days), and a stop-loss and a take-profit on the position an order opens. A strategy's
 * decision names them; the order book holds them and fills them from each bar's open, high and
 * low through the broker's one execution function.
 *
 * Conventions (backtesting.py's, on daily bars; docs/DOMAIN.md, 3):
 * - An order decided on day t is live from the next bar (t + 1); a market order fills by the fill
 *   model (close: day t's close; next-open: day t+1's open).
 * - A buy limit L fills at the open when the bar opens at or below L, else at L when the low
 *   reaches it; a sell limit mirrors it. A buy stop S fills at the open when the bar opens at or
 *   above S (a gap through the stop fills at the open, not at S), else at S when the high reaches
 *   it; a sell stop mirrors it. A stop-limit becomes a limit order at L once its stop is reached.
 * - Stop-loss and take-profit close the position they were set for. They are live from the bar
 *   after the entry's fill, or from the entry's own bar when it filled at that bar's open (the rest
 *   of the bar can reach them). When both are reached in one bar, the stop-loss fills first (the
 *   pessimistic order), unless the open alone reached the take-profit. Both are cancelled when the
 *   position is closed or reversed otherwise.
 */

export type Target = 'long' | 'short' | 'flat' | number;

/** A target position with a stop-loss and/or a take-profit on it. */
export interface TargetOrder {
  readonly target: Target;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/** An entry: market when it names neither limit nor stop. Without shares it is a full position (the sizing), sized at its fill. */
export interface EntryOrder {
  readonly side: 'buy' | 'sell';
  readonly shares?: number;
  readonly limit?: number;
  readonly stop?: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  /** Good for this many trading days from the next one; absent: good till cancelled. */
  readonly days?: number;
}

export interface CancelOrders {
  readonly cancel: 'all';
}

export type OrderInstruction = TargetOrder | EntryOrder | CancelOrders;

/**
 * What a strategy decides for a day: a direction to be sized ('long', 'short', 'flat'), a signed
 * target number of shares, null/undefined to keep what is held, or orders (orders.ts): a target
 * with a stop-loss and take-profit, limit and stop entries, a cancel, or a list of these.
 */
export type Decision = Target | null | undefined | OrderInstruction | readonly OrderInstruction[];

/** A stop-loss and a take-profit price for the position an order opens. */
export interface Bracket {
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
}

/** An entry waiting in the book. */
export interface PendingEntry {
  readonly kind: 'entry';
  readonly side: 1 | -1;
  readonly size: OrderSize;
  readonly limit: number | null;
  readonly stop: number | null;
  /** First and last day index it is live on (Infinity: good till cancelled). */
  readonly liveFrom: number;
  readonly liveTo: number;
  readonly bracket: Bracket | null;
  /** A stop-limit whose stop was reached: now a limit order. */
  triggered: boolean;
}

/** The instructions of one decision, read and checked. */
export interface DecisionOrders {
  /** A market order now (shares, or a target sized at the fill), or 0 for none. */
  readonly market: OrderSize;
  /** The bracket of the market order's position. */
  readonly marketBracket: Bracket | null;
  readonly entries: readonly Omit<PendingEntry, 'liveFrom' | 'liveTo' | 'triggered'>[];
  /** Good-for days of each entry (null: till cancelled). */
  readonly entryDays: readonly (number | null)[];
  readonly cancel: boolean;
}

const NONE: DecisionOrders = { market: 0, marketBracket: null, entries: [], entryDays: [], cancel: false };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function price(value: unknown, field: string, where: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new UserError(`${where}: '${field}' must be a price > 0, got ${printable(String(value))}.`);
  return value;
}

function bracketOf(record: Record<string, unknown>, where: string): Bracket | null {
  const stopLoss = price(record.stopLoss, 'stopLoss', where);
  const takeProfit = price(record.takeProfit, 'takeProfit', where);
  return stopLoss === null && takeProfit === null ? null : { stopLoss, takeProfit };
}

const TARGET_WORDS = ['long', 'short', 'flat'];

/** The orders of 'long', 'short' and 'flat' per sizing, made once: most decisions are one of them, every day. */
const directionOrdersBySizing = new WeakMap<Sizing, Record<'long' | 'short' | 'flat', DecisionOrders>>();

function directionOrders(word: 'long' | 'short' | 'flat', sizing: Sizing): DecisionOrders {
  let orders = directionOrdersBySizing.get(sizing);
  if (orders === undefined) {
    const of = (direction: -1 | 0 | 1): DecisionOrders => Object.freeze({ ...NONE, market: Object.freeze({ direction, sizing }) });
    orders = { long: of(1), short: of(-1), flat: of(0) };
    directionOrdersBySizing.set(sizing, orders);
  }
  return orders[word];
}

function targetSize(target: unknown, holding: number, sizing: Sizing, where: string): OrderSize {
  if (typeof target === 'number') {
    if (!Number.isInteger(target) || Math.abs(target) > 1e12) throw new UserError(`${where}: a target must be a whole number of shares (within 1e12), got ${printable(String(target))}.`);
    return target - holding;
  }
  if (typeof target === 'string' && TARGET_WORDS.includes(target)) {
    return { direction: target === 'long' ? 1 : target === 'short' ? -1 : 0, sizing };
  }
  throw new UserError(`${where}: a target must be 'long', 'short', 'flat' or a whole number of shares, got ${printable(String(target))}.`);
}

function entryOf(record: Record<string, unknown>, sizing: Sizing, where: string): { entry: DecisionOrders['entries'][number]; days: number | null } {
  const side = record.side === 'buy' ? 1 : record.side === 'sell' ? -1 : 0;
  if (side === 0) throw new UserError(`${where}: an order's side must be 'buy' or 'sell', got ${printable(String(record.side))}.`);
  let size: OrderSize;
  if (record.shares === undefined) size = { direction: side, sizing };
  else if (typeof record.shares === 'number' && Number.isInteger(record.shares) && record.shares > 0 && record.shares <= 1e12) size = side * record.shares;
  else throw new UserError(`${where}: an order's shares must be a whole number > 0 (the side gives the direction), got ${printable(String(record.shares))}.`);
  let days: number | null = null;
  if (record.days !== undefined) {
    if (typeof record.days !== 'number' || !Number.isInteger(record.days) || record.days < 1) throw new UserError(`${where}: an order's days must be a whole number >= 1, got ${printable(String(record.days))}.`);
    days = record.days;
  }
  for (const key of Object.keys(record)) {
    if (!['side', 'shares', 'limit', 'stop', 'stopLoss', 'takeProfit', 'days'].includes(key)) throw new UserError(`${where}: an order has no field '${printable(key)}' (fields: side, shares, limit, stop, stopLoss, takeProfit, days).`);
  }
  return { entry: { kind: 'entry', side, size, limit: price(record.limit, 'limit', where), stop: price(record.stop, 'stop', where), bracket: bracketOf(record, where) }, days };
}

/**
 * Reads a decision's orders: a target ('long', 'short', 'flat', shares), `{ target, stopLoss?,
 * takeProfit? }`, entries `{ side, shares?, limit?, stop?, stopLoss?, takeProfit?, days? }`,
 * `{ cancel: 'all' }`, or a list of these. null keeps everything as it is. Anything else is one
 * line naming the strategy and the day (`where`).
 */
export function readDecision(decision: unknown, holding: number, sizing: Sizing, where: string): DecisionOrders {
  if (decision === null || decision === undefined) return NONE;
  if (typeof decision === 'string' && TARGET_WORDS.includes(decision)) return directionOrders(decision as 'long' | 'short' | 'flat', sizing);
  if (typeof decision === 'number' || typeof decision === 'string') return { ...NONE, market: targetSize(decision, holding, sizing, where) };
  const list = Array.isArray(decision) ? (decision as unknown[]) : [decision];
  let market: OrderSize = 0;
  let marketBracket: Bracket | null = null;
  let targets = 0;
  let cancel = false;
  const entries: DecisionOrders['entries'][number][] = [];
  const entryDays: (number | null)[] = [];
  for (const item of list) {
    if (!isRecord(item)) throw new UserError(`${where}: a list of orders holds objects ({ target }, { side }, { cancel: 'all' }), got ${printable(String(item))}.`);
    if ('cancel' in item) {
      if (item.cancel !== 'all') throw new UserError(`${where}: { cancel } takes 'all', got ${printable(String(item.cancel))}.`);
      cancel = true;
    } else if ('target' in item) {
      if (++targets > 1) throw new UserError(`${where}: one decision holds one target.`);
      market = targetSize(item.target, holding, sizing, where);
      marketBracket = bracketOf(item, where);
    } else if ('side' in item) {
      const { entry, days } = entryOf(item, sizing, where);
      if (entry.limit === null && entry.stop === null) {
        if (++targets > 1) throw new UserError(`${where}: one decision holds one market order (a target or an entry without limit or stop).`);
        market = entry.size;
        marketBracket = entry.bracket;
      } else {
        entries.push(entry);
        entryDays.push(days);
      }
    } else {
      throw new UserError(`${where}: an order needs 'target', 'side' or 'cancel'; got an object with ${Object.keys(item).map((key) => printable(key)).join(', ') || 'no fields'}.`);
    }
  }
  return { market, marketBracket, entries, entryDays, cancel };
}

/** A stop-loss or take-profit waiting on a position. */
interface Contingent {
  readonly kind: 'stop-loss' | 'take-profit';
  /** +1 protects a long (it sells), -1 a short (it buys). */
  readonly protects: 1 | -1;
  readonly price: number;
  readonly liveFrom: number;
}

/** The bar a pending order is checked against. */
interface Bar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
}

/**
 * Where a buy (+1) or sell (-1) limit fills on a bar, or NaN when the bar does not reach it. With
 * `fromOpen` the open counts (an open beyond the limit fills there, better than the limit); without,
 * only the rest of the bar does (an order placed at this bar's open).
 */
function limitFill(side: 1 | -1, limit: number, bar: Bar, fromOpen: boolean): number {
  if (side > 0) return fromOpen && bar.open <= limit ? bar.open : bar.low <= limit ? limit : NaN;
  return fromOpen && bar.open >= limit ? bar.open : bar.high >= limit ? limit : NaN;
}

/** Where a buy (+1) or sell (-1) stop fills: at the open when the bar gaps through it, else at the stop. */
function stopFill(side: 1 | -1, stop: number, bar: Bar, fromOpen: boolean): number {
  if (side > 0) return fromOpen && bar.open >= stop ? bar.open : bar.high >= stop ? stop : NaN;
  return fromOpen && bar.open <= stop ? bar.open : bar.low <= stop ? stop : NaN;
}

/**
 * The orders a strategy left in one window's book, filled bar by bar through `broker.submit` with
 * the price the bar gave them (so buying power, costs and limits apply as to any order).
 */
export class OrderBook {
  private entries: PendingEntry[] = [];
  private contingent: Contingent[] = [];
  private readonly broker: Broker;
  private readonly symbolIndex: number;

  constructor(broker: Broker, symbolIndex: number) {
    this.broker = broker;
    this.symbolIndex = symbolIndex;
  }

  get pending(): number {
    return this.entries.length + this.contingent.length;
  }

  cancelAll(): void {
    this.entries = [];
    this.contingent = [];
  }

  /** Places a decision's entries, live from day `t + 1`. */
  place(orders: DecisionOrders, t: number): void {
    orders.entries.forEach((entry, index) => {
      const days = orders.entryDays[index];
      this.entries.push({ ...entry, liveFrom: t + 1, liveTo: days === null || days === undefined ? Infinity : t + days, triggered: false });
    });
  }

  /**
   * Sets a bracket on the position the fill left, live from `liveFrom`. A flat position has nothing
   * to protect. The bracket replaces any earlier one (it protects the position as it now is).
   */
  protect(bracket: Bracket | null, liveFrom: number): void {
    const held = this.broker.holdings[this.symbolIndex]!;
    if (bracket === null || held === 0) return;
    const protects = held > 0 ? 1 : -1;
    this.contingent = [];
    if (bracket.stopLoss !== null) this.contingent.push({ kind: 'stop-loss', protects, price: bracket.stopLoss, liveFrom });
    if (bracket.takeProfit !== null) this.contingent.push({ kind: 'take-profit', protects, price: bracket.takeProfit, liveFrom });
  }

  /** Drops the stop-loss and take-profit of a position that is gone (closed or reversed). */
  settle(): void {
    const held = this.broker.holdings[this.symbolIndex]!;
    if (this.contingent.length > 0 && (held === 0 || Math.sign(held) !== this.contingent[0]!.protects)) this.contingent = [];
  }

  /** Fills what bar `d` reaches: the position's stop-loss and take-profit first, then the entries in the order they were placed. */
  processBar(d: number, bar: Bar): OrderFill[] {
    const fills: OrderFill[] = [];
    this.fillContingent(d, bar, fills);
    const waiting: PendingEntry[] = [];
    for (const entry of this.entries) {
      if (d < entry.liveFrom) {
        waiting.push(entry);
        continue;
      }
      if (d > entry.liveTo) continue; // expired
      const filled = this.fillEntry(entry, d, bar);
      if (filled === null) {
        if (d < entry.liveTo) waiting.push(entry);
        continue;
      }
      fills.push(filled.fill);
      this.settle();
      // an entry at the open leaves the rest of the bar to its bracket; one inside the bar, the next bar
      this.protect(entry.bracket, filled.atOpen ? d : d + 1);
      if (filled.atOpen) this.fillContingent(d, bar, fills, false);
    }
    this.entries = waiting;
    return fills;
  }

  private fillEntry(entry: PendingEntry, d: number, bar: Bar): { fill: OrderFill; atOpen: boolean } | null {
    let at = NaN;
    let reason: 'limit' | 'stop' = 'limit';
    if (entry.stop !== null && !entry.triggered) {
      const reached = stopFill(entry.side, entry.stop, bar, true);
      if (Number.isNaN(reached)) return null;
      if (entry.limit === null) {
        at = reached;
        reason = 'stop';
      } else {
        // a stop-limit: from the stop's price on, a limit order for the rest of the bar
        entry.triggered = true;
        const fromStop = { open: reached, high: bar.high, low: bar.low };
        at = limitFill(entry.side, entry.limit, fromStop, true);
      }
    } else if (entry.limit !== null) {
      at = limitFill(entry.side, entry.limit, bar, true);
    }
    if (Number.isNaN(at)) return null;
    const result = this.broker.submit(d, this.symbolIndex, entry.size, { price: at, dayIndex: d, reason });
    return result.status === 'filled' ? { fill: result, atOpen: at === bar.open && !entry.triggered } : null;
  }

  private fillContingent(d: number, bar: Bar, fills: OrderFill[], fromOpen = true): void {
    const live = this.contingent.filter((order) => d >= order.liveFrom);
    if (live.length === 0) return;
    const held = this.broker.holdings[this.symbolIndex]!;
    const stopLoss = live.find((order) => order.kind === 'stop-loss');
    const takeProfit = live.find((order) => order.kind === 'take-profit');
    const side = (order: Contingent): 1 | -1 => (order.protects > 0 ? -1 : 1); // the closing trade's side
    const stopAt = stopLoss ? stopFill(side(stopLoss), stopLoss.price, bar, fromOpen) : NaN;
    const profitAt = takeProfit ? limitFill(side(takeProfit), takeProfit.price, bar, fromOpen) : NaN;
    // the open is known first; within the bar the stop-loss is assumed to come first (pessimistic)
    const profitAtOpen = fromOpen && !Number.isNaN(profitAt) && profitAt === bar.open && !(stopAt === bar.open);
    let chosen: { order: Contingent; at: number } | null = null;
    if (!Number.isNaN(stopAt) && !profitAtOpen) chosen = { order: stopLoss!, at: stopAt };
    else if (!Number.isNaN(profitAt)) chosen = { order: takeProfit!, at: profitAt };
    if (chosen === null) return;
    const result = this.broker.submit(d, this.symbolIndex, -held, { price: chosen.at, dayIndex: d, reason: chosen.order.kind });
    if (result.status === 'filled') fills.push(result);
    this.settle();
  }
}
