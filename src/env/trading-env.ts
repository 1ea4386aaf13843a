import type { Broker } from '../broker/broker.js';
import { createBroker, type TradingSetup } from '../broker/setup.js';
import { positionShares, sharesToTrade, type Sizing } from '../broker/sizing.js';
import type { MarketWindow } from '../data/window.js';

/** Target positions by action: 0 flat (the safe choice greedy ties fall to), 1 long, 2 short. */
export const ACTION_LABELS = ['flat', 'long', 'short'] as const;
export const NUM_POSITIONS = ACTION_LABELS.length;
/** The direction of each action's target position: flat 0, long +1, short -1. */
export const ACTION_DIRECTIONS: readonly number[] = [0, 1, -1];

/** The position index (0 flat, 1 long, 2 short) of a holding. */
export function positionIndexOf(holding: number): number {
  return holding > 0 ? 1 : holding < 0 ? 2 : 0;
}

/**
 * The trading MDP over one window. At day t the agent picks an action = a target position; the
 * broker trades the difference (sized by the setup's sizing, with commission, impact and fill
 * model) and the reward is the change of portfolio value from t to t+1 after costs, as a return
 * on the start value: (V[t+1] - V[t]) / V[0], with V[t] read before t's trade. So the rewards of a
 * run sum to the equity curve's cumulative return. (Dividing by V[t] instead would explode, and
 * flip sign, when exploration has driven the value towards or below zero.)
 *
 * When the value reaches 0 or less the account is wiped out, as in a backtest: positions are
 * closed at that day's close, `wipedOut` is set, and the episode is over (a terminal outcome).
 *
 * The last day of the window is valuation only: an action there would pay costs with no day to
 * earn them back in the window, so `step` is defined for from..to-1.
 */
export class TradingEnv {
  readonly broker: Broker;
  readonly from: number;
  readonly to: number;
  private readonly symbolIndex: number;
  private readonly sizing: Sizing;
  private readonly startValue: number;
  private readonly adjClose: Float64Array;
  private readonly sameDayFill: boolean;
  /** Index of the position held: 0 flat, 1 long, 2 short (same numbering as actions). */
  positionIndex = 0;
  /** Orders the broker rejected: the position then stays. */
  rejections = 0;
  /** True once the account was wiped out; `step` must not be called again before `reset`. */
  wipedOut = false;
  /** Day index of the wipe-out (-1 while solvent). */
  wipedOutDay = -1;

  constructor(window: MarketWindow, setup: TradingSetup) {
    this.broker = createBroker(window.table, setup);
    this.symbolIndex = this.broker.symbolIndex(window.symbol);
    if (this.symbolIndex < 0) throw new Error(`price table has no ${window.symbol}`);
    this.from = window.from;
    this.to = window.to;
    this.sizing = setup.sizing;
    this.startValue = setup.startValue;
    this.adjClose = window.table.series.get(window.symbol)!.adjClose;
    this.sameDayFill = this.broker.fillModel.settlementLagDays === 0;
    this.fillParams = { prices: this.broker.prices, orderDayIndex: 0, symbolIndex: this.symbolIndex, shares: 0 };
  }

  reset(): void {
    this.broker.reset();
    this.positionIndex = 0;
    this.rejections = 0;
    this.wipedOut = false;
    this.wipedOutDay = -1;
  }

  /** Shares held now. */
  get holding(): number {
    return this.broker.holdings[this.symbolIndex]!;
  }

  /**
   * The reward of day t -> t+1 of EVERY (position, action) pair, as if an account worth what this
   * one is worth now held that position: the market does not care what the agent holds, so one
   * real day reveals them all. Costs are the broker's own models (commission, impact, fill price),
   * computed exactly, not learned. `rewards[c * 3 + a]` for position index c and action a;
   * `terminal[c * 3 + a]` is 1 where that pair's account would be wiped out. When `costs` is
   * given it receives each pair's commission + impact (as a return on the start value), so a
   * caller can learn the market part (reward + cost) and add the known cost back. Allocation-free.
   */
  counterfactualRewards(t: number, rewards: Float64Array, terminal: Uint8Array, costs?: Float64Array): void {
    const value = this.broker.valueAt(t);
    const price = this.adjClose[t]!;
    const nextPrice = this.adjClose[t + 1]!;
    for (let c = 0; c < NUM_POSITIONS; c++) {
      const direction = ACTION_DIRECTIONS[c]!;
      const held = direction === 0 ? 0 : direction * positionShares(this.sizing, value, price);
      for (let a = 0; a < NUM_POSITIONS; a++) {
        const traded = sharesToTrade(ACTION_DIRECTIONS[a]!, held, this.sizing, value, price);
        // V[t+1] - V[t] = new holding x P[t+1] - old holding x P[t] - traded x fill price - costs
        let change = held * (nextPrice - price);
        let paid = 0;
        if (traded !== 0) {
          const cost = this.costs(t, traded);
          if (!Number.isNaN(cost.price)) {
            change += traded * (nextPrice - cost.price) - cost.total;
            paid = cost.total;
          }
        }
        rewards[c * NUM_POSITIONS + a] = change / this.startValue;
        if (costs !== undefined) costs[c * NUM_POSITIONS + a] = paid / this.startValue;
        terminal[c * NUM_POSITIONS + a] = value + change <= 0 ? 1 : 0;
      }
    }
  }

  private readonly fillParams: { prices: Broker['prices']; orderDayIndex: number; symbolIndex: number; shares: number };
  private readonly costParams = { symbolIndex: 0, dayIndex: 0, shares: 0, price: 0 };
  private readonly cost = { price: 0, total: 0 };

  /** Fill price and commission + impact of trading `shares` on day t, from the broker's models (reused object). */
  private costs(t: number, shares: number): { price: number; total: number } {
    const broker = this.broker;
    const fill = this.fillParams;
    fill.orderDayIndex = t;
    fill.shares = shares;
    const price = broker.fillModel.fillPrice(fill);
    if (typeof price === 'string') {
      this.cost.price = NaN; // cannot fill (e.g. no next open): the trade does not happen
      this.cost.total = 0;
      return this.cost;
    }
    const params = this.costParams;
    params.symbolIndex = this.symbolIndex;
    params.dayIndex = t + broker.fillModel.settlementLagDays;
    params.shares = shares;
    params.price = price;
    this.cost.price = price;
    this.cost.total = broker.commissionModel.commission(params) + broker.impactModel.impact(params);
    return this.cost;
  }

  /** Moves to the target position of `action` on day t; returns the reward of day t -> t+1. */
  step(t: number, action: number): number {
    const before = this.broker.valueAt(t);
    const shares = sharesToTrade(ACTION_DIRECTIONS[action]!, this.holding, this.sizing, before, this.adjClose[t]!);
    if (shares !== 0) {
      const result = this.broker.submit(t, this.symbolIndex, shares);
      if (result.status === 'rejected') this.rejections++;
    }
    this.positionIndex = positionIndexOf(this.holding);
    // The same two checks as the backtest runner: today's trade (a same-day fill) may itself
    // take the value to 0 or below, else tomorrow's prices may.
    const wipedDay = this.sameDayFill && this.broker.valueAt(t) <= 0 ? t : this.broker.valueAt(t + 1) <= 0 ? t + 1 : -1;
    if (wipedDay >= 0) {
      this.broker.liquidate(wipedDay);
      this.positionIndex = 0;
      this.wipedOut = true;
      this.wipedOutDay = wipedDay;
    }
    return (this.broker.valueAt(t + 1) - before) / this.startValue;
  }
}
