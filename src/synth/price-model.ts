/**
 * A price model of a synthetic series: it turns a stream of standard normal draws into daily log
 * returns with a distinct character. Parameters are per trading day (252 a year).
 */
export interface PriceModel {
  readonly symbol: string;
  readonly description: string;
  readonly startPrice: number;
  /** Yearly dividend yield: the file's Adj Close is the close adjusted for it. */
  readonly dividendYield: number;
  /** Typical daily volatility, used to size gaps and intraday ranges. */
  readonly dailyVol: number;
  /** The volatility of the day just generated, when it changes (a volatility regime); else `dailyVol` sizes the day. */
  readonly currentVol?: () => number;
  /** Returns the log return of the next day; `normal()` and `uniform()` are the seeded draws. */
  nextLogReturn(logPrice: number, normal: () => number, uniform: () => number): number;
}
