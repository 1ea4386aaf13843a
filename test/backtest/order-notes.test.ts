import { describe, expect, it } from 'vitest';
import { backtest, type Strategy } from '../../src/index.js';

const dates = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'];
const flat100 = { dates, close: [100, 100, 100, 100] };
const long: Strategy = { name: 'long', label: 'Always long', decide: () => 'long' };

describe('orders the broker did not fill as asked are said, never silent', () => {
  it('an order cut to what buying power allows: 1.5x the equity with margin 1 fills 100 of 150 shares', async () => {
    const outcome = await backtest({ data: flat100, strategy: long, cash: 10_000, commission: 0, impact: 0, sizing: { kind: 'fraction', fraction: 1.5 } });
    // 10,000 of equity at 100 a share carries 100 shares without leverage; 1.5 x 10,000 / 100 = 150 asked
    expect(outcome.result.windows[0]!.result.subject.run.fills.map((fill) => [fill.shares, fill.requestedShares])).toEqual([[100, 150]]);
    expect(outcome.warnings).toEqual([
      'Period, Always long: 1 order cut to what buying power allows, first: BUY 150 DATA on 2020-01-02, 100 filled',
      'Period, Buy & hold: 1 order cut to what buying power allows, first: BUY 150 DATA on 2020-01-02, 100 filled',
    ]);
  });

  it('orders refused (--on-excess refuse) are counted per strategy with the first reason', async () => {
    const outcome = await backtest({ data: flat100, strategy: long, cash: 10_000, commission: 0, impact: 0, sizing: { kind: 'fraction', fraction: 1.5 }, onExcess: 'refuse' });
    // refused on each of the three decision days (the last day has no decision)
    expect(outcome.result.windows[0]!.result.subject.run.rejections).toHaveLength(3);
    expect(outcome.warnings[0]).toBe(
      'Period, Always long: 3 orders refused by the broker, first: BUY 150 DATA on 2020-01-02: needs more buying power than the account has (margin 1: equity must cover 1 x the position\'s value)',
    );
    expect(outcome.stats.orders).toBe(0);
  });

  it('one line, not two, when the strategy under test is buy-and-hold itself', async () => {
    const outcome = await backtest({ data: flat100, strategy: 'buy-and-hold', cash: 10_000, commission: 0, impact: 0, sizing: { kind: 'fraction', fraction: 1.5 } });
    expect(outcome.warnings).toEqual(['Period, Buy & hold: 1 order cut to what buying power allows, first: BUY 150 DATA on 2020-01-02, 100 filled']);
  });

  it('no line when every order filled as asked', async () => {
    const outcome = await backtest({ data: flat100, strategy: long, cash: 10_000, commission: 0, impact: 0, sizing: { kind: 'fraction', fraction: 1 } });
    expect(outcome.warnings).toEqual([]);
  });
});
