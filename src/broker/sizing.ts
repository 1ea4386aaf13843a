
/**
 * How big a full position is. `shares`: a fixed number of shares (the course's sizing, so holdings
 * stay within -N..+N). `fraction`: a target exposure of F times the portfolio's equity at the
 * fill price, in whole shares (costs come on top), sized when the position is entered
 * (docs/DOMAIN.md, 3).
 */
export type Sizing =
  | { readonly kind: 'shares'; readonly shares: number }
  | { readonly kind: 'fraction'; readonly fraction: number };


/** Shares of a full position in `direction` (+1/-1) at `price` for a portfolio worth `value`. */
export function positionShares(sizing: Sizing, value: number, price: number): number {
  if (sizing.kind === 'shares') return sizing.shares;
  if (!(value > 0) || !(price > 0)) return 0;
  return Math.floor((sizing.fraction * value) / price);
}

export function describeSizing(sizing: Sizing): string {
  return sizing.kind === 'shares' ? `${sizing.shares} shares` : `${sizing.fraction} x portfolio value`;
}
