import type { Broker } from '../broker/broker.js';
import { accountValue, executeOrder, isInsolvent, type Account } from '../broker/execute.js';
import { createBroker, type TradingSetup } from '../broker/setup.js';
import { positionShares, type Sizing } from '../broker/sizing.js';
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
  /** Index of the position held: 0 flat, 1 long, 2 short (same numbering as actions). */
  positionIndex = 0;
  /** True once the account was wiped out; `step` must not be called again before `reset`. */
  wipedOut = false;

  constructor(window: MarketWindow, setup: TradingSetup) {
    this.broker = createBroker(window.table, setup);
    this.symbolIndex = this.broker.symbolIndex(window.symbol);
    if (this.symbolIndex < 0) throw new Error(`price table has no ${window.symbol}`);
    this.from = window.from;
    this.to = window.to;
    this.sizing = setup.sizing;
    this.startValue = setup.startValue;
    this.adjClose = window.table.series.get(window.symbol)!.adjClose;
    this.scratch = { cash: 0, holdings: new Float64Array(this.broker.holdings.length) };
  }

  reset(): void {
    this.broker.reset();
    this.positionIndex = 0;
    this.wipedOut = false;
  }

  /** Shares held now. */
  get holding(): number {
    return this.broker.holdings[this.symbolIndex]!;
  }

  /**
   * The reward of day t -> t+1 of EVERY (position, action) pair, as if an account worth what this
   * one is worth now held that position: the market does not care what the agent holds, so one
   * real day reveals them all. Each pair's trade goes through the broker's own `executeOrder` on a
   * scratch account (fill price, commission, impact, buying power), so its costs are exact, not
   * learned. `rewards[c * 3 + a]` for position index c and action a; `terminal[c * 3 + a]` is 1
   * where that pair's account would be wiped out. When `costs` is given it receives each pair's
   * commission + impact (as a return on the start value), so a caller can learn the market part
   * (reward + cost) and add the known cost back.
   */
  counterfactualRewards(t: number, rewards: Float64Array, terminal: Uint8Array, costs?: Float64Array): void {
    const value = this.broker.valueAt(t);
    const price = this.adjClose[t]!;
    const scratch = this.scratch;
    for (let c = 0; c < NUM_POSITIONS; c++) {
      const direction = ACTION_DIRECTIONS[c]!;
      const held = direction === 0 ? 0 : direction * positionShares(this.sizing, value, price);
      for (let a = 0; a < NUM_POSITIONS; a++) {
        scratch.holdings.fill(0);
        scratch.holdings[this.symbolIndex] = held;
        scratch.cash = value - held * price;
        const result = executeOrder(scratch, this.broker.rules, t, this.symbolIndex, this.targetOf(a));
        const change = accountValue(scratch, this.broker.prices, t + 1) - value;
        rewards[c * NUM_POSITIONS + a] = change / this.startValue;
        if (costs !== undefined) costs[c * NUM_POSITIONS + a] = (result.status === 'filled' ? result.cost : 0) / this.startValue;
        terminal[c * NUM_POSITIONS + a] = isInsolvent(value + change) ? 1 : 0;
      }
    }
  }

  /** The account of `counterfactualRewards`' what-if fills. */
  private readonly scratch: Account;

  /** The order of an action: its target position, sized where it fills. */
  private targetOf(action: number): { direction: -1 | 0 | 1; sizing: Sizing } {
    return { direction: ACTION_DIRECTIONS[action]! as -1 | 0 | 1, sizing: this.sizing };
  }

  /** Moves to the target position of `action` on day t; returns the reward of day t -> t+1. */
  step(t: number, action: number): number {
    const before = this.broker.valueAt(t);
    this.broker.submit(t, this.symbolIndex, this.targetOf(action)); // a rejected order leaves the position as it was
    this.positionIndex = positionIndexOf(this.holding);
    // The broker's wipe-out rule, as the backtest runner applies it: today's trade (a same-day
    // fill) may itself take the value to 0 or below, else tomorrow's prices may.
    const sameDayFill = this.broker.fillModel.settlementLagDays === 0;
    const closed = (sameDayFill ? this.broker.wipeOutIfInsolvent(t) : null) ?? this.broker.wipeOutIfInsolvent(t + 1);
    if (closed !== null) {
      this.positionIndex = 0;
      this.wipedOut = true;
    }
    return (this.broker.valueAt(t + 1) - before) / this.startValue;
  }
}
