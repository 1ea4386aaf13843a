/** Helpers shared by the indicator files: calendar alignment and guarded arithmetic. */

/** A column of `length` NaN values, the state of every day before an indicator is warmed up. */
export function nanColumn(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/**
 * Simple moving average over `period` days as a calendar-length column, NaN during the warm-up
 * (the first period - 1 days). A running sum, added and dropped in the order `technicalindicators`
 * uses, so every value is the same to the last bit as that library's SMA (the tests compare).
 */
export function simpleMovingAverage(values: Float64Array, period: number): Float64Array {
  const column = nanColumn(values.length);
  let sum = 0;
  for (let t = 0; t < values.length; t++) {
    sum = t < period ? sum + values[t]! : sum - values[t - period]! + values[t]!;
    if (t >= period - 1) column[t] = sum / period;
  }
  return column;
}

/**
 * A dispersion (range, standard deviation, mean deviation) this small relative to the price
 * level is rounding noise from running sums over a window of identical values (e.g. prices
 * filled forward over a holiday stretch). Treating it as real would turn 1e-15 of noise into a
 * full-scale oscillator reading, so callers treat it as zero dispersion.
 */
export const FLAT_RELATIVE_TOLERANCE = 1e-10;

export function isFlat(dispersion: number, level: number): boolean {
  return dispersion <= FLAT_RELATIVE_TOLERANCE * Math.abs(level);
}
