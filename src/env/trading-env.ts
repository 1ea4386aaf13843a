import { Broker } from '../broker/broker.js';
import { fillModelByName, fixedCommission, proportionalImpact } from '../broker/models.js';
import type { PriceTable } from '../data/types.js';
import type { MarketWindow, TradingSetup } from '../strategy.js';

/** Target positions by action: 0 flat (the safe choice greedy ties fall to), 1 long, 2 short. */
export const ACTION_LABELS = ['flat', 'long', 'short'] as const;
export const NUM_POSITIONS = ACTION_LABELS.length;

/** The broker of a trading setup: its fill model, costs, and holdings within +-positionSize. */
export function createBroker(table: PriceTable, setup: TradingSetup): Broker {
  return new Broker(table, {
    startValue: setup.startValue,
    fill: fillModelByName(setup.fill),
    commission: fixedCommission(setup.commission),
    impact: proportionalImpact(setup.impact),
    positionLimits: { min: -setup.positionSize, max: setup.positionSize },
  });
}

export function targetShares(action: number, positionSize: number): number {
  return action === 1 ? positionSize : action === 2 ? -positionSize : 0;
}

/**
 * The trading MDP over one window. At day t the agent picks an action = a target position; the
 * broker trades the difference (commission, impact, fill model) and the reward is the change of
 * portfolio value from t to t+1 after costs, as a return on the start value:
 * (V[t+1] - V[t]) / V[0], with V[t] read before t's trade. So the rewards of a run sum to the
 * equity curve's cumulative return. (Dividing by V[t] instead would explode, and flip sign,
 * when exploration has driven the value towards or below zero.)
 *
 * The last day of the window is valuation only: an action there would pay costs with no day to
 * earn them back in the window, so `step` is defined for from..to-1.
 */
export class TradingEnv {
  readonly broker: Broker;
  readonly from: number;
  readonly to: number;
  private readonly symbolIndex: number;
  private readonly positionSize: number;
  private readonly startValue: number;
  /** Index of the position held: 0 flat, 1 long, 2 short (same numbering as actions). */
  positionIndex = 0;
  /** Orders the broker rejected (position or leverage limits): the position then stays. */
  rejections = 0;

  constructor(window: MarketWindow, setup: TradingSetup) {
    this.broker = createBroker(window.table, setup);
    this.symbolIndex = this.broker.symbolIndex(window.symbol);
    if (this.symbolIndex < 0) throw new Error(`price table has no ${window.symbol}`);
    this.from = window.from;
    this.to = window.to;
    this.positionSize = setup.positionSize;
    this.startValue = setup.startValue;
  }

  reset(): void {
    this.broker.reset();
    this.positionIndex = 0;
    this.rejections = 0;
  }

  /** Shares held now. */
  get holding(): number {
    return this.broker.holdings[this.symbolIndex]!;
  }

  /** Moves to the target position of `action` on day t; returns the reward of day t -> t+1. */
  step(t: number, action: number): number {
    const before = this.broker.valueAt(t);
    const shares = targetShares(action, this.positionSize) - this.holding;
    if (shares !== 0) {
      const result = this.broker.submit(t, this.symbolIndex, shares);
      if (result.status === 'filled') this.positionIndex = action;
      else if (result.status === 'rejected') this.rejections++;
    }
    return (this.broker.valueAt(t + 1) - before) / this.startValue;
  }
}
