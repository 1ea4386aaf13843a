/** Helpers shared by the indicator files: calendar alignment and guarded arithmetic. */

/** A column of `length` NaN values, the state of every day before an indicator is warmed up. */
export function nanColumn(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/**
 * `technicalindicators` returns only the warmed-up values (its output is shorter than its input
 * by the warm-up). Place them at the end of a calendar-length column, NaN before. The output
 * length must match the declared warm-up exactly: a mismatch means the library dropped or added
 * a value somewhere inside the series, which would silently shift every later day, so it throws.
 */
export function alignTail(
  values: readonly number[],
  length: number,
  warmup: number,
  indicatorName: string,
): Float64Array {
  const expected = Math.max(0, length - warmup);
  if (values.length !== expected) {
    throw new Error(
      `${indicatorName}: technicalindicators returned ${values.length} values for ${length} days, ` +
        `expected ${expected} (warm-up ${warmup})`,
    );
  }
  const column = nanColumn(length);
  column.set(values, length - expected);
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

/** `technicalindicators` rounds outputs when a global precision is configured: always opt out. */
export const exactFormat = (value: number): number => value;

/** The library's inputs are plain arrays; it iterates them with forEach, so copy once. */
export function toArray(column: Float64Array): number[] {
  return Array.from(column);
}
