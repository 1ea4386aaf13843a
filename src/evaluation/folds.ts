import { UserError } from '../errors.js';

/** One walk-forward fold: day indices (inclusive) into the trading days of the range. */
export interface Fold {
  readonly train: { readonly from: number; readonly to: number };
  readonly test: { readonly from: number; readonly to: number };
}

export interface FoldOptions {
  readonly trainDays: number;
  readonly testDays: number;
  /** Days between the starts of consecutive test windows (default: testDays). */
  readonly stepDays?: number;
  /** Every training window starts at the first day (expanding) instead of rolling. */
  readonly anchored?: boolean;
}

/** The smallest test window worth a backtest (the runner needs 3 days). */
const MIN_TEST_DAYS = 3;

/**
 * Walk-forward folds over `days` trading days: the first test window starts after `trainDays`
 * days, each test window is `testDays` long (the last one takes what is left, at least 3 days) and
 * the next starts `stepDays` later, so with the default step the test windows tile the rest of the
 * range without overlapping. Each fold trains on the `trainDays` days right before its test window
 * (rolling) or on every day before it (anchored).
 */
export function walkForwardFolds(days: number, options: FoldOptions): Fold[] {
  const { trainDays, testDays, anchored = false } = options;
  const stepDays = options.stepDays ?? testDays;
  if (stepDays < testDays) {
    throw new UserError(`--step-days ${stepDays} is shorter than --test-days ${testDays}: test windows would overlap.`, 2);
  }
  if (trainDays + MIN_TEST_DAYS > days) {
    throw new UserError(`the range has ${days} trading days: too few for ${trainDays} training days and a test window of at least ${MIN_TEST_DAYS}.`, 2);
  }
  const folds: Fold[] = [];
  for (let start = trainDays; start + MIN_TEST_DAYS <= days; start += stepDays) {
    const end = Math.min(days - 1, start + testDays - 1);
    folds.push({ train: { from: anchored ? 0 : start - trainDays, to: start - 1 }, test: { from: start, to: end } });
  }
  return folds;
}
