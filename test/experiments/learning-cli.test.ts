import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { oracleStrategy, PLANTED_SETUP, WINDOWS } from '../../src/experiments/learning.js';
import { DEFAULT_SYNTH, plantedMarket } from '../../src/synth/generate.js';
import { parsePlantedFamily, PLANTED_SYMBOL } from '../../src/synth/planted.js';
import { buyAndHold } from '../../strategies/index.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { hasSharedData, SHARED_PRICES } from '../helpers/shared-data.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const SMALL = ['experiment', 'learning', '--sections', 'planted,efficiency,noedge', '--families', 'downside:1:0.5', '--seeds', '1', '--train-days', '63,504', '--noedge-seeds', '2'];

describe('the oracle of a planted market', () => {
  it('holds short exactly on the days the rule expects a fall and long on every other day, and earns the edge', () => {
    const market = plantedMarket(parsePlantedFamily('downside:1:0.5'), { ...DEFAULT_SYNTH, seed: 1 });
    const dataDir = fixtureDir(Object.fromEntries(market.files.map((file) => [file.name, file.text])));
    const result = runBacktest(
      { symbol: PLANTED_SYMBOL, ...WINDOWS, dataDir, calendar: PLANTED_SYMBOL, setup: PLANTED_SETUP },
      { subject: oracleStrategy(market.expectedNext), benchmark: buyAndHold() },
    );
    const window = result.outOfSample;
    let shortDays = 0;
    window.dates.forEach((date, day) => {
      if (day === window.dates.length - 1) return; // valuation only
      const short = market.expectedNext.get(date)! < 0;
      if (short) shortDays++;
      expect(Math.sign(window.subject.run.holdings[day]!), date).toBe(short ? -1 : 1);
    });
    // about one day in six follows a drop of more than one standard deviation (Phi(-1) = 0.159)
    expect(shortDays / window.dates.length).toBeGreaterThan(0.12);
    expect(shortDays / window.dates.length).toBeLessThan(0.22);
    expect(window.subject.stats.cumulativeReturn!, 'the oracle earns the planted edge').toBeGreaterThan(0.5);
  });
});

describe('dynaq experiment learning', () => {
  it('prints every table under the command that reproduces it, and writes the report folder', async () => {
    const cwd = fixtureDir({});
    const io = captureIO({ cwd });
    expect(await runCli([...SMALL, '--jobs', '1', '--out', 'bench'], io), io.err).toBe(0);
    expect(io.out).toContain('$ dynaq experiment learning --sections planted --families downside:1:0.5 --seeds 1 --learner-seed 1\n');
    expect(io.out).toContain('$ dynaq experiment learning --sections efficiency --families downside:1:0.5 --seeds 1 --train-days 63,504 --learner-seed 1\n');
    expect(io.out).toContain('$ dynaq experiment learning --sections noedge --noedge-market walk:0.08:0.25 --noedge-seeds 2 --learner-seed 1\n');
    expect(io.out).toMatch(/downside:1:0\.5 +edge on the short side only +default/);
    const dir = join(cwd, 'bench');
    for (const name of ['report.html', 'results.json', 'planted.csv', 'efficiency.csv', 'noedge.csv', 'charts/sample-efficiency-downside-1-0-5.svg', 'charts/planted-share.svg']) {
      expect(existsSync(join(dir, name)), name).toBe(true);
    }
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.planted.runs).toHaveLength(2); // one seed x default and dyna0
    expect(results.efficiency.runs).toHaveLength(4); // two windows x two variants
    expect(results.noEdge.runs).toHaveLength(4);
    expect(results.real).toBeNull();
    expect(results.criteria.map((row: { variant: string; met: boolean | null }) => row.variant)).toEqual(Array(6).fill('default'));
    // the oracle's return is the same in both sections: the same market and test window
    expect(results.efficiency.runs[0].oracleOutOfSample).toBe(results.planted.runs[0].oracleOutOfSample);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('$ dynaq experiment learning --sections efficiency');
    expect(html).toContain('<svg');
    expect(readFileSync(join(dir, 'efficiency.csv'), 'utf8').split('\n')[0]).toBe('family,seed,variant,trainDays,outOfSample,oracleOutOfSample,trainSeconds');
    // each run names the state the learner traded, in results.json and the CSVs
    expect(readFileSync(join(dir, 'planted.csv'), 'utf8').split('\n')[0]).toBe('family,seed,variant,inSample,outOfSample,oracleInSample,oracleOutOfSample,hiddenOracleOutOfSample,benchmarkOutOfSample,orders,state,ruleStateGain,trainSeconds');
    expect(readFileSync(join(dir, 'noedge.csv'), 'utf8').split('\n')[0]).toBe('market,seed,variant,inSampleOrdersAway,outOfSampleOrdersAway,outOfSample,benchmarkOutOfSample,state,trainSeconds');
    for (const run of [...results.planted.runs, ...results.noEdge.runs]) expect(run.state).toMatch(/^(none|[a-z-]+:[\d,]+ (halves|tails)( x [a-z-]+:[\d,]+ halves)?)$/);
  });

  it('user mistakes are one line each', async () => {
    const cases: [string[], RegExp][] = [
      [['--sections', 'planted,oops'], /--sections must be a comma-separated list of planted, efficiency, noedge, real, walkforward/],
      [['--families', 'walk:0.08:0.25'], /has no edge for a learner to find; give it as --noedge-market/],
      [['--noedge-market', 'trend:3:0.2'], /--noedge-market must be walk:DRIFT:VOL/],
      [['--families', 'trend:3'], /--families must be one of .*trend takes 2 numbers/],
      [['--train-days', '63,x'], /--train-days must be whole numbers/],
      [['--variant', 'dyna0=dyna:5'], /that name is a built-in variant/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIO({ cwd: fixtureDir({}) });
      expect(await runCli(['experiment', 'learning', '--sections', 'planted', '--no-report', ...argv], io), argv.join(' ')).toBe(2);
      expect(io.err, argv.join(' ')).toMatch(message);
      expect(io.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it.skipIf(!hasSharedData(SHARED_PRICES, 'learning benchmark on real prices'))('real symbols and the walk-forward over 2001-2012 on the course data, fold by fold', async () => {
    const io = captureIO({ cwd: fixtureDir({}) });
    const argv = ['experiment', 'learning', '--sections', 'real,walkforward', '--symbols', 'JPM', '--walkforward-symbols', 'KO', '--data-dir', SHARED_PRICES, '--jobs', '1', '--no-report', '--json'];
    expect(await runCli(argv, io), io.err).toBe(0);
    const results = JSON.parse(io.out);
    expect(results.real.runs.map((run: { symbol: string; variant: string }) => `${run.symbol} ${run.variant}`)).toEqual(['JPM default', 'JPM dyna0']);
    const walk = results.walkForward.runs[0];
    // SPY has 2943 trading days 2001-01-02..2012-09-12: the 505th is 2003-01-08, and the 2439 after
    // the first 504 make 19 test windows of 126 days and a last one of 45
    expect(walk.folds[0].test.start).toBe('2003-01-08');
    expect(walk.folds.length).toBe(20);
    expect(walk.folds.at(-1).test.end).toBe('2012-09-12');
    expect(walk.excess).toBeCloseTo(walk.outOfSample - walk.benchmarkOutOfSample, 12);
    expect(results.commands.walkforward).toBe(`dynaq experiment learning --sections walkforward --data-dir ${SHARED_PRICES} --walkforward-symbols KO --learner-seed 1`);
  });

  it.skipIf(!existsSync(BIN))('gives the same results on two worker threads as in one thread, apart from timings', () => {
    const run = (jobs: string) => {
      const result = spawnSync(process.execPath, [BIN, ...SMALL, '--jobs', jobs, '--no-report', '--json'], { encoding: 'utf8', cwd: fixtureDir({}) });
      expect(result.status, result.stderr).toBe(0);
      const { commandLine: _typed, ...json } = JSON.parse(result.stdout);
      return JSON.stringify(json).replace(/"(trainSeconds|medianTrainSeconds)":[\d.e-]+/g, '"$1":0');
    };
    expect(run('2')).toEqual(run('1'));
  });
});
