import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { portfolioStatNames } from '../../src/metrics/stats.js';
import { REPORT_STATISTICS } from '../../src/report/from-backtest.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

const ARGS = ['--symbol', 'SYN-REGIME', '--data-dir', SAMPLE_DATA, '--seed', '1'];

async function backtestInto(dir: string, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO({ cwd: dir });
  const code = await runCli(['backtest', ...ARGS, '--out', 'run', ...extra], io);
  return { code, out: io.out, err: io.err };
}

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesOf(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

describe('backtest report folder (golden master on the bundled sample)', () => {
  const dir = fixtureDir({});
  let summary: Record<string, any>;

  it('writes every report file', async () => {
    const { code, out, err } = await backtestInto(dir);
    expect(code, err).toBe(0);
    expect(out).toContain(`report: ${join(dir, 'run', 'report.html')}`);
    const files = filesOf(join(dir, 'run')).sort();
    expect(files).toEqual(
      [
        'agent.json',
        'orders-in-sample.csv',
        'orders-out-of-sample.csv',
        'report.html',
        'round-trips.csv',
        'summary.json',
        'trades.csv',
        'values.csv',
        // the page shows the SVGs; PNGs only with --png (test/report/files.test.ts renders them)
        ...['price-in-sample', 'price-out-of-sample', 'learning-curve', 'policy'].map((id) => `charts/${id}.svg`),
      ].sort(),
    );
    summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8'));
  });

  it('pins the statistics and the trade list of seed 1', () => {
    // Golden figures of this seed on the bundled synthetic data; a change here is a change of
    // behaviour (learner, broker, indicators or data) and must be explained in its commit.
    const strategy = summary.inSample.strategy;
    expect(summary.inSample.benchmark.cumulativeReturn).toBeCloseTo(0.0449254543, 8);
    expect(summary.outOfSample.benchmark.cumulativeReturn).toBeCloseTo(-0.0386, 4);
    // SYN-REGIME shows no edge the learner trusts: Dyna-Q holds the benchmark.
    expect(strategy.cumulativeReturn).toBeCloseTo(0.0449254543, 8);
    expect(strategy.trades).toBe(1);
    expect(strategy.wipedOutOn).toBeNull();
    const trades = readFileSync(join(dir, 'run', 'trades.csv'));
    expect(createHash('sha256').update(trades).digest('hex').slice(0, 16)).toBe(TRADES_SHA256_PREFIX);
  });

  it('records parameters, file hashes, learner settings, timings and planning updates', () => {
    expect(summary.parameters.fill).toBe('close');
    expect(summary.parameters.files['SYN-REGIME'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.parameters.files['SYN-MARKET'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.parameters.settings).toMatchObject({ dyna: 200, seed: 1, alpha: 0.1, model: 'exogenous' });
    // the default learner feeds each training day to its model once and plans until the model is solved
    expect(summary.training.epochs).toBe(1);
    expect(summary.training.planningUpdates % 9).toBe(0);
    expect(summary.trainSeconds).toBeGreaterThan(0);
  });

  it('writes orders files that dynaq marketsim reproduces to the cent', async () => {
    for (const [file, window] of [
      ['orders-in-sample.csv', 'inSample'],
      ['orders-out-of-sample.csv', 'outOfSample'],
    ] as const) {
      const lines = readFileSync(join(dir, 'run', file), 'utf8').trim().split('\n');
      const values = readFileSync(join(dir, 'run', 'values.csv'), 'utf8').trim().split('\n');
      expect(lines.length - 1, 'one order row per trading day').toBe(summary[window].strategy.days);
      expect(values.length - 1).toBe(summary.inSample.strategy.days + summary.outOfSample.strategy.days);
      const io = captureIO();
      const code = await runCli(
        ['marketsim', join(dir, 'run', file), '--start-value', '100000', '--commission', '9.95', '--impact', '0.005', '--data-dir', SAMPLE_DATA, '--json'],
        io,
      );
      expect(code, io.err).toBe(0);
      const simulated = JSON.parse(io.out);
      expect(simulated.days).toBe(summary[window].strategy.days);
      expect(Math.abs(simulated.finalValue - summary[window].strategy.finalValue), `${file} final value`).toBeLessThan(0.005);
    }
  });

  it('shows every statistic in the HTML page and names each in the README', () => {
    const html = readFileSync(join(dir, 'run', 'report.html'), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const statistic of REPORT_STATISTICS) {
      expect(html, statistic.label).toContain(statistic.label.replace('&', '&amp;'));
      expect(readme, `README names "${statistic.label}"`).toContain(statistic.label);
    }
    for (const name of portfolioStatNames) expect(readme, `README defines ${name}`).toContain(`\`${name}\``);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('gives byte-identical files for the same seed, except the timings in summary.json', async () => {
    const again = fixtureDir({});
    expect((await backtestInto(again)).code).toBe(0);
    for (const file of filesOf(join(dir, 'run'))) {
      const a = readFileSync(join(dir, 'run', file));
      const b = readFileSync(join(again, 'run', file));
      if (file === 'summary.json') {
        const strip = (text: Buffer) => text.toString().replace(/"(train|test)Seconds": [0-9.e-]+/g, '');
        expect(strip(b)).toBe(strip(a));
      } else {
        expect(b.equals(a), file).toBe(true);
      }
    }
  });
});

describe('a saved agent (agent.json)', () => {
  it('tests exactly like the run that saved it, without training again', async () => {
    const dir = fixtureDir({});
    expect((await backtestInto(dir, ['--epochs', '15', '--no-png'])).code).toBe(0);
    const io = captureIO({ cwd: dir });
    const code = await runCli(['backtest', '--symbol', 'SYN-REGIME', '--data-dir', SAMPLE_DATA, '--agent', 'run/agent.json', '--out', 'again', '--no-png'], io);
    expect(code, io.err).toBe(0);
    expect(io.out).toMatch(/trained 0 epochs \(loaded from run\/agent\.json, not trained again\)/);
    expect(readFileSync(join(dir, 'again', 'trades.csv'), 'utf8')).toBe(readFileSync(join(dir, 'run', 'trades.csv'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(dir, 'again', 'summary.json'), 'utf8'));
    expect(summary.training.epochs).toBe(0);
    expect(summary.seed).toBe(1);
  });

  it.each([
    [['--agent', 'missing.json'], 1, /--agent .*missing\.json: cannot read the file \(ENOENT\)/],
    [['--agent', 'bad.json'], 1, /bad\.json: not valid JSON/],
    [['--agent', 'other.json'], 1, /other\.json: not a dynaq agent file/],
    [['--agent', 'other.json', '--strategy', 'manual'], 2, /--agent loads a Dyna-Q agent; it cannot be used with --strategy manual/],
  ])('rejects %j with one clear line', async (argv, code, message) => {
    const dir = fixtureDir({ 'bad.json': '{ nope', 'other.json': '{"format": "dynaq-qlearner"}' });
    const io = captureIO({ cwd: dir });
    expect(await runCli(['backtest', '--symbol', 'SYN-REGIME', '--data-dir', SAMPLE_DATA, '--no-report', ...argv], io)).toBe(code);
    expect(io.err).toMatch(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('a failed backtest', () => {
  it('leaves no report folder behind (bad symbol)', async () => {
    const dir = fixtureDir({});
    const io = captureIO({ cwd: dir });
    expect(await runCli(['backtest', '--symbol', 'NOPE', '--data-dir', SAMPLE_DATA], io)).toBe(1);
    expect(io.err).toMatch(/no price file for 'NOPE'/);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to overwrite an existing report folder', async () => {
    const dir = fixtureDir({});
    expect((await backtestInto(dir, ['--epochs', '10', '--no-png'])).code).toBe(0);
    const second = await backtestInto(dir, ['--epochs', '10', '--no-png']);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/run/);
  });
});

const TRADES_SHA256_PREFIX = 'ffe336f09ff30b0c';

describe('a wiped-out account is marked in every output', () => {
  // Buy-and-hold of 100,000 shares with 100,000 of cash on SYN-REGIME, without a margin requirement
  // (the course's broker): the account is wiped out in both windows (a fall of about 1 in the price
  // is the whole start value).
  const dir = fixtureDir({});
  const argv = ['backtest', '--symbol', 'SYN-REGIME', '--data-dir', SAMPLE_DATA, '--strategy', 'buy-and-hold', '--shares', '100000', '--margin', 'none', '--no-png'];

  it('terminal table, summary.json, values.csv, round-trips.csv and report.html', async () => {
    const io = captureIO({ cwd: dir });
    expect(await runCli([...argv, '--out', 'wiped'], io), io.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'wiped', 'summary.json'), 'utf8'));
    const day = summary.inSample.strategy.wipedOutOn as string;
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(summary.inSample.strategy.finalValue, 'the case this test is about: a value below zero').toBeLessThan(0);

    // terminal: every figure of a percentage or money that is below zero in value terms carries the mark
    const table = io.out.split('\n');
    for (const label of ['Return', 'Max. drawdown', 'Final value']) {
      const line = table.find((text) => text.startsWith(label))!;
      const cells = line.slice(label.length).trim().split(/\s{2,}/);
      // columns: in-sample B&H (subject), B&H (benchmark); out-of-sample the same
      expect(cells[0], `${label} in-sample`).toMatch(/ †$/);
    }
    expect(io.out).toContain(`† wiped out: the account's value reached 0 or less (Buy & hold, in-sample on ${day}`);

    // values.csv: from the wipe-out day on, the row names the account
    const values = readFileSync(join(dir, 'wiped', 'values.csv'), 'utf8').trim().split('\n');
    const header = values[0]!.split(',');
    expect(header).toEqual(['Date', 'Window', 'Buy & hold', 'Buy & hold', 'Manual rules', 'WipedOut']);
    let negatives = 0;
    for (const line of values.slice(1)) {
      const fields = line.split(',');
      fields.slice(2, 5).forEach((field, index) => {
        if (Number(field) >= 0) return;
        negatives++;
        expect(fields[5], `${line}: a value below zero names its account`).toContain(header[2 + index]!);
      });
      if (fields[1] === 'in-sample') expect(fields[5]!.includes('Buy & hold'), line).toBe(fields[0]! >= day);
    }
    expect(negatives).toBeGreaterThan(0);

    // round-trips.csv: the trade the wipe-out closed says so
    const trips = readFileSync(join(dir, 'wiped', 'round-trips.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
    const inSample = trips.filter((fields) => fields[0] === 'in-sample');
    expect(inSample.length).toBe(1);
    expect(inSample[0]![6]).toBe(day);
    expect(inSample[0]!.at(-1)).toBe('wipe-out');

    // report.html: the key figure, the column, every value figure, the legend, the chart's line
    const html = readFileSync(join(dir, 'wiped', 'report.html'), 'utf8');
    const keyFigure = /<div class="kf-label">Buy &amp; hold return, in-sample<\/div><div class="kf-value neg" title="wiped out on ([^"]+)">([^<]+)<\/div>/.exec(html);
    expect(keyFigure?.[1]).toBe(day);
    expect(keyFigure?.[2]).toMatch(/^-\d[\d,.]*% †$/);
    const finalValues = /<tr class="stat-finalValue">(.*?)<\/tr>/.exec(html)![1]!;
    expect([...finalValues.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]).filter((text) => text!.startsWith('-')).every((text) => text!.endsWith('†'))).toBe(true);
    expect(html).toContain(`† wiped out: the account&#39;s value reached 0 or less (Buy &amp; hold, in-sample on ${day}`);
    expect(readFileSync(join(dir, 'wiped', 'charts', 'price-in-sample.svg'), 'utf8')).toContain(`&#8224; Buy &amp; hold wiped out ${day}</text>`);
  });
});
