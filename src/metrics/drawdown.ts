/** The deepest fall of a value series from a running peak. */
export interface DrawdownInfo {
  /** min over t of v[t]/max(v[0..t]) - 1, a fraction <= 0 (e.g. -0.23); 0 without a fall. */
  readonly maxDrawdown: number;
  /** Index of the last day at the peak the deepest fall started from; null without a fall. */
  readonly startIndex: number | null;
  /** Index of the lowest value of that fall; null without a fall. */
  readonly troughIndex: number | null;
  /** First index after the trough whose value is back at or above the peak; null if never. */
  readonly recoveryIndex: number | null;
  /**
   * Trading days under water: from the last day at the peak to the recovery, or to the last day
   * when it never recovered; 0 without a fall.
   */
  readonly durationDays: number;
}

/** Maximum drawdown with its peak, trough and recovery (first occurrence of the deepest fall). */
export function maxDrawdown(values: Float64Array): DrawdownInfo {
  let peakIndex = 0;
  let deepest = 0;
  let startIndex = -1;
  let troughIndex = -1;
  for (let t = 0; t < values.length; t++) {
    const value = values[t]!;
    // >=: a drawdown starts on the LAST day at the peak (time under water, not time since the
    // peak was first reached)
    if (value >= values[peakIndex]!) peakIndex = t;
    const peak = values[peakIndex]!;
    const drawdown = peak > 0 ? value / peak - 1 : 0;
    if (drawdown < deepest) {
      deepest = drawdown;
      startIndex = peakIndex;
      troughIndex = t;
    }
  }
  if (troughIndex < 0) {
    return { maxDrawdown: 0, startIndex: null, troughIndex: null, recoveryIndex: null, durationDays: 0 };
  }
  const peakValue = values[startIndex]!;
  let recoveryIndex: number | null = null;
  for (let t = troughIndex + 1; t < values.length; t++) {
    if (values[t]! >= peakValue) {
      recoveryIndex = t;
      break;
    }
  }
  const end = recoveryIndex ?? values.length - 1;
  return { maxDrawdown: deepest, startIndex, troughIndex, recoveryIndex, durationDays: end - startIndex };
}
