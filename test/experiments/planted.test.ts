import { describe, expect, it } from 'vitest';
import { summarizePlanted, summarizeReal, type PlantedRun, type RealRun } from '../../src/experiments/learning.js';
import { evaluationSymbols, TUNING_SYMBOLS } from '../../src/experiments/symbol-sets.js';
import { DEFAULT_SYNTH, generatePlanted } from '../../src/synth/generate.js';
import { parsePlantedFamily } from '../../src/synth/planted.js';

const closesOf = (text: string) => text.trim().split('\n').slice(1).map((line) => Number(line.split(',')[6]));

describe('planted-signal markets', () => {
  it('are deterministic per seed and differ between seeds', () => {
    const family = parsePlantedFamily('trend:10:0.2');
    const a = generatePlanted(family, { ...DEFAULT_SYNTH, seed: 3 });
    const b = generatePlanted(family, { ...DEFAULT_SYNTH, seed: 3 });
    const c = generatePlanted(family, { ...DEFAULT_SYNTH, seed: 4 });
    expect(a.map((file) => file.text)).toEqual(b.map((file) => file.text));
    expect(a[0]!.text).not.toBe(c[0]!.text);
    expect(a.map((file) => file.name)).toEqual(['PLANTED.csv', 'dynaq-data.json']);
  });

  it('carry the planted rule: the next day follows the sign of the 10-day momentum (trend) or reverses it (revert)', () => {
    for (const [rule, direction] of [['trend', 1], ['revert', -1]] as const) {
      const closes = closesOf(generatePlanted(parsePlantedFamily(`${rule}:10:0.2`), { ...DEFAULT_SYNTH, seed: 1 })[0]!.text);
      let agree = 0;
      let days = 0;
      for (let t = 10; t + 1 < closes.length; t++) {
        const momentum = Math.sign(closes[t]! - closes[t - 10]!);
        const next = Math.sign(closes[t + 1]! - closes[t]!);
        if (momentum === 0 || next === 0) continue;
        days++;
        if (momentum * direction === next) agree++;
      }
      // edge 0.2 sigma a day: P(agree) = Phi(0.2) = 0.579; over ~2,000 days the standard error is 0.011
      expect(agree / days, rule).toBeGreaterThan(0.55);
      expect(agree / days, rule).toBeLessThan(0.61);
    }
  });

  it('refuse a family that is not RULE:HORIZON:STRENGTH', () => {
    expect(() => parsePlantedFamily('sideways:10:0.2')).toThrow(/RULE:HORIZON:STRENGTH/);
    expect(() => parsePlantedFamily('trend:0:0.2')).toThrow(/HORIZON 1\.\.250/);
  });
});

describe('learning benchmark summaries (hand-computed)', () => {
  it('share of the oracle: sums over the seeds, and the per-seed spread', () => {
    const run = (seed: number, outOfSample: number, oracle: number): PlantedRun => ({
      family: 'trend:10:0.2', seed, variant: 'default', inSample: 0.1, outOfSample, oracleInSample: 0.2, oracleOutOfSample: oracle, benchmarkOutOfSample: 0, trainSeconds: 0.01,
    });
    const [summary] = summarizePlanted([run(1, 0.1, 0.2), run(2, 0.3, 0.2)]);
    expect(summary!.outOfSampleShareOfOracle).toBeCloseTo(0.4 / 0.4, 12);
    expect(summary!.perSeedShare.min).toBeCloseTo(0.5, 12);
    expect(summary!.perSeedShare.median).toBeCloseTo(1, 12);
    expect(summary!.perSeedShare.max).toBeCloseTo(1.5, 12);
    expect(summary!.inSampleShareOfOracle).toBeCloseTo(0.5, 12);
    expect(summary!.medianOutOfSampleExcess).toBeCloseTo(0.2, 12);
  });

  it('real symbols: wins, sign test, median excess and the comparison with dyna0', () => {
    const run = (symbol: string, variant: string, outOfSample: number, benchmark: number): RealRun => ({
      symbol, variant, inSampleExcess: 0, outOfSampleExcess: outOfSample - benchmark, outOfSample, benchmarkOutOfSample: benchmark, orders: 2, trainSeconds: 0.01,
    });
    const rows = [run('A', 'default', 0.1, 0.0), run('B', 'default', 0.0, 0.1), run('C', 'default', 0.2, 0.1), run('A', 'dyna0', 0.0, 0.0), run('B', 'dyna0', 0.1, 0.1), run('C', 'dyna0', 0.0, 0.1)];
    const [defaults] = summarizeReal(rows);
    expect(defaults).toMatchObject({ variant: 'default', symbols: 3, beatsBenchmark: 2, beatsDyna0: 2 });
    expect(defaults!.signTestP).toBeCloseTo(0.5, 12); // P(X >= 2), X ~ B(3, 1/2)
    expect(defaults!.medianOutOfSampleExcess).toBeCloseTo(0.1, 12);
  });

  it('the evaluation set follows its rule and never includes a tuning symbol', () => {
    const list = Array.from({ length: 100 }, (_, i) => (i === 17 ? 'JPM' : `S${i}`));
    const picked = evaluationSymbols(list);
    expect(picked).toEqual(['S2', 'S32', 'S47', 'S62', 'S77', 'S92']);
    expect(picked.some((symbol) => (TUNING_SYMBOLS as readonly string[]).includes(symbol))).toBe(false);
  });
});
