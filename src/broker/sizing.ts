import { UserError } from '../errors.js';

/**
 * How big a full position is. `shares`: a fixed number of shares (the course's sizing, so holdings
 * stay within -N..+N). `fraction`: a target exposure of F times the portfolio value at the
 * decision, in whole shares (costs come on top), sized when the position is entered.
 */
export type Sizing =
  | { readonly kind: 'shares'; readonly shares: number }
  | { readonly kind: 'fraction'; readonly fraction: number };

/**
 * What a strategy decides for a day: a direction to be sized ('long', 'short', 'flat'), a signed
 * target number of shares, or null/undefined to keep what is held.
 */
export type Decision = 'long' | 'short' | 'flat' | number | null | undefined;

/** A decision as a number the hot loops can carry: +1 long, -1 short, 0 flat, NaN keep. */
export function directionOf(decision: 'long' | 'short' | 'flat'): number {
  return decision === 'long' ? 1 : decision === 'short' ? -1 : 0;
}

/** Shares of a full position in `direction` (+1/-1) at `price` for a portfolio worth `value`. */
export function positionShares(sizing: Sizing, value: number, price: number): number {
  if (sizing.kind === 'shares') return sizing.shares;
  if (!(value > 0) || !(price > 0)) return 0;
  return Math.floor((sizing.fraction * value) / price);
}

/**
 * The one rule that turns a target into a trade: shares to buy (> 0) or sell (< 0) today.
 * A direction already held is kept at its size (no daily re-sizing, so no commission for noise);
 * a new direction is sized from the portfolio value at the decision and the decision day's price.
 */
export function sharesToTrade(direction: number, holding: number, sizing: Sizing, value: number, price: number): number {
  if (Number.isNaN(direction)) return 0;
  if (direction === 0) return -holding;
  if (Math.sign(holding) === direction) return 0;
  return direction * positionShares(sizing, value, price) - holding;
}

/**
 * Shares to trade for any decision, checked: a numeric target must be a whole number of shares.
 * `where` names the strategy and day for the error message.
 */
export function tradeForDecision(decision: Decision, holding: number, sizing: Sizing, value: number, price: number, where: string): number {
  if (decision === null || decision === undefined) return 0;
  if (typeof decision === 'number') {
    if (!Number.isFinite(decision) || !Number.isInteger(decision)) {
      throw new UserError(`${where}: decide() returned ${String(decision)}; a target must be a whole number of shares, 'long', 'short', 'flat' or null.`);
    }
    return decision - holding;
  }
  if (decision !== 'long' && decision !== 'short' && decision !== 'flat') {
    throw new UserError(`${where}: decide() returned ${JSON.stringify(decision)}; accepted: 'long', 'short', 'flat', a whole number of shares, or null to keep the position.`);
  }
  return sharesToTrade(directionOf(decision), holding, sizing, value, price);
}

export function describeSizing(sizing: Sizing): string {
  return sizing.kind === 'shares' ? `${sizing.shares} shares` : `${sizing.fraction} x portfolio value`;
}
