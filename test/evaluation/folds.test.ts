import { describe, expect, it } from 'vitest';
import { walkForwardFolds } from '../../src/evaluation/folds.js';

describe('walk-forward folds', () => {
  it('rolls: test windows tile the days after the first training window, each trained on the days right before it', () => {
    const folds = walkForwardFolds(20, { trainDays: 6, testDays: 5 });
    expect(folds).toEqual([
      { train: { from: 0, to: 5 }, test: { from: 6, to: 10 } },
      { train: { from: 5, to: 10 }, test: { from: 11, to: 15 } },
      { train: { from: 10, to: 15 }, test: { from: 16, to: 19 } },
    ]);
  });

  it('anchored: every training window starts at the first day', () => {
    const folds = walkForwardFolds(20, { trainDays: 6, testDays: 5, anchored: true });
    expect(folds.map((fold) => fold.train)).toEqual([{ from: 0, to: 5 }, { from: 0, to: 10 }, { from: 0, to: 15 }]);
  });

  it('a longer step leaves gaps between test windows but never overlaps them; a shorter one is refused', () => {
    expect(walkForwardFolds(30, { trainDays: 5, testDays: 5, stepDays: 10 }).map((fold) => fold.test)).toEqual([
      { from: 5, to: 9 },
      { from: 15, to: 19 },
      { from: 25, to: 29 },
    ]);
    expect(() => walkForwardFolds(30, { trainDays: 5, testDays: 5, stepDays: 3 })).toThrow(/test windows would overlap/);
  });

  it('drops a last test window shorter than 3 days and refuses a range too short for one fold', () => {
    expect(walkForwardFolds(13, { trainDays: 6, testDays: 5 }).map((fold) => fold.test)).toEqual([{ from: 6, to: 10 }]);
    expect(() => walkForwardFolds(8, { trainDays: 6, testDays: 5 })).toThrow(/too few for 6 training days/);
  });
});
