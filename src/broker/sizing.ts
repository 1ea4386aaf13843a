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
 * The order a decision makes: a numeric target is a fixed trade (the target minus what is held),
 * checked to be whole shares; a direction is a target sized where it fills (the broker sizes it at
 * the fill price and the account's equity there); null keeps the position. `where` names the
 * strategy and day for the error message.
 */
export function orderForDecision(decision: Decision, holding: number, sizing: Sizing, where: string): number | { direction: -1 | 0 | 1; sizing: Sizing } {
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
  return { direction: directionOf(decision) as -1 | 0 | 1, sizing };
}

export function describeSizing(sizing: Sizing): string {
  return sizing.kind === 'shares' ? `${sizing.shares} shares` : `${sizing.fraction} x portfolio value`;
}
