import { describe, expect, it } from 'vitest';
import { StrategyLearner } from '../../strategies/index.js';
import { computePortvals } from '../../src/marketsim/portvals.js';
import { hasSharedData, SHARED_PRICES } from '../helpers/shared-data.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

describe('StrategyLearner (course contract) on the sample data', () => {
  const args = { symbol: 'SYN-REGIME', sd: '2008-01-01', ed: '2009-12-31', sv: 100_000 };

  it('returns one trade per trading day in {0, +-1000, +-2000} with holdings in -1000..1000, deterministically', () => {
    const learner = new StrategyLearner({ dataDir: SAMPLE_DATA, impact: 0.005, commission: 9.95, seed: 2 });
    learner.addEvidence(args);
    const first = learner.testPolicy({ ...args, sd: '2010-01-01', ed: '2011-12-31' });
    // course code passes datetime objects: a Date means its calendar day
    const second = learner.testPolicy({ ...args, sd: new Date(2010, 0, 1), ed: new Date(2011, 11, 31) });
    expect(second).toEqual(first);
    expect(first[0]!.date).toBe('2010-01-01');
    expect(first.at(-1)!.date).toBe('2011-12-30');
    expect(first).toHaveLength(521);
    let holding = 0;
    for (const { shares } of first) {
      expect([0, 1000, -1000, 2000, -2000]).toContain(shares);
      holding += shares;
      expect(Math.abs(holding)).toBeLessThanOrEqual(1000);
    }
  });

  it('feeds computePortvals: its trades as orders reproduce the learner\'s own in-sample value', () => {
    const learner = new StrategyLearner({ dataDir: SAMPLE_DATA, impact: 0.005, commission: 9.95, seed: 2 });
    const training = learner.addEvidence(args);
    const trades = learner.testPolicy(args);
    const orders = trades.map(({ date, shares }) => ({
      date,
      symbol: 'SYN-REGIME',
      side: shares >= 0 ? ('BUY' as const) : ('SELL' as const),
      shares: Math.abs(shares),
    }));
    const portvals = computePortvals(orders, { startValue: 100_000, commission: 9.95, impact: 0.005, dataDir: SAMPLE_DATA });
    expect(portvals.values.at(-1)! / 100_000 - 1).toBeCloseTo(training!.learningCurve.at(-1)!, 9);
  });
});

describe.skipIf(!hasSharedData(SHARED_PRICES, 'StrategyLearner JPM acceptance'))('StrategyLearner on JPM (../shared/data)', () => {
  it("beats buy-and-hold (+0.0123) clearly in-sample with impact 0 and commission 0 as the course's Dyna-Q, in well under 5 s", () => {
    // The course's learner (counts model, exponential R, alpha 0.1, sampled planning, its state):
    // the course asks it to fit the training window. The default learner holds the benchmark where
    // JPM 2008-09 shows no edge it trusts, so it is not what this course case measures.
    const course = { model: 'counts', rewardModel: 'exponential', alpha: 0.1, planning: 'sample', indicators: ['momentum:10', 'bbp:20', 'rsi:14'], bins: 4 } as const;
    const learner = new StrategyLearner({ dataDir: SHARED_PRICES, impact: 0, commission: 0, seed: 1, ...course });
    const started = performance.now();
    const training = learner.addEvidence({ symbol: 'JPM', sd: '2008-01-01', ed: '2009-12-31', sv: 100_000 });
    learner.testPolicy({ symbol: 'JPM', sd: '2010-01-01', ed: '2011-12-31', sv: 100_000 });
    const seconds = (performance.now() - started) / 1000;
    const inSample = training!.learningCurve.at(-1)!;
    expect(inSample, `in-sample cumulative return ${inSample}`).toBeGreaterThan(0.0123 + 0.2);
    // Not a timing test (timings are measured by `npm run bench`): only a guard against a hang.
    expect(seconds).toBeLessThan(60);
  });
});
