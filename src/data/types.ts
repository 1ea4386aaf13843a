/** One symbol's daily series, aligned to the table's trading dates (same length as `dates`). */
export interface SymbolSeries {
  /** Adjusted close: the price every trade and valuation uses. */
  readonly adjClose: Float64Array;
  /** Raw open/high/low scaled by adjClose/close of the same row (one adjusted basis). */
  readonly adjOpen: Float64Array;
  readonly adjHigh: Float64Array;
  readonly adjLow: Float64Array;
  /** Shares traded; 0 on days whose value was filled (no trading was observed). */
  readonly volume: Float64Array;
  /** How many trading days of adjClose were filled (forward or backward) instead of read. */
  readonly filled: number;
}

/** Where a symbol's data came from, for reports that must say exactly what they measured. */
export interface SourceFile {
  readonly path: string;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
}

/**
 * Columnar daily prices: one ascending array of trading dates (ISO `yyyy-MM-dd`) and, per
 * symbol, Float64Arrays aligned to it. Built by `loadPrices`; never contains NaN in adjClose.
 */
export interface PriceTable {
  readonly dates: readonly string[];
  readonly symbols: readonly string[];
  readonly series: ReadonlyMap<string, SymbolSeries>;
  /** Symbol whose rows define the trading days. */
  readonly calendar: string;
  readonly dataDir: string;
  /** The file of every symbol and of the calendar symbol. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}
