/**
 * The symbol sets learning changes are judged on. Defaults were chosen on the small TUNING set
 * only; the EVALUATION set is S&P 500 (2008) members not in it, picked by a fixed rule before any
 * result was seen: every 15th symbol of ../shared/data/lists/sp5002008.txt from the 3rd on
 * (skipping the tuning symbols), which gives 33 symbols with full 2006-2011 data.
 */
export const TUNING_SYMBOLS = ['JPM', 'AAPL', 'XOM', 'UNH', 'IBM'] as const;

/** Every 15th line of sp5002008.txt starting at line 3, tuning symbols skipped. */
export function evaluationSymbols(sp500: readonly string[]): string[] {
  const tuning = new Set<string>(TUNING_SYMBOLS);
  const picked: string[] = [];
  for (let i = 2; i < sp500.length; i += 15) {
    const symbol = sp500[i]!.trim();
    if (symbol !== '' && !tuning.has(symbol)) picked.push(symbol);
  }
  return picked;
}
