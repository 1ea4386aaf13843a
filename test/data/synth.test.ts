import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWeekend, parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { loadPrices } from '../../src/data/load.js';
import { generatePlanted, generateSample } from '../../src/synth/generate.js';
import { parsePlantedFamily } from '../../src/synth/planted.js';
import { fixtureDir } from '../helpers/fixtures.js';

const BUNDLED = fileURLToPath(new URL('../../data', import.meta.url));

describe('synthetic sample data', () => {
  it('regenerates the bundled data/ byte-for-byte with the command in data/README.md', async () => {
    const out = fixtureDir({});
    const io = captureIO({ cwd: out });
    expect(await runCli(['synth', '--out', '.', '--seed', '42'], io)).toBe(0);
    const generated = readdirSync(out).sort();
    const bundled = readdirSync(BUNDLED).filter((name) => name !== 'README.md').sort();
    expect(generated).toEqual(bundled);
    for (const name of generated) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(BUNDLED, name))), name).toBe(true);
    }
    expect(readFileSync(join(BUNDLED, 'README.md'), 'utf8')).toContain('dynaq synth --out data --seed 42');
  });

  it('writes one planted market of any family with --planted, byte-for-byte what the generator gives; a bad family is a one-line error', async () => {
    for (const spec of ['rsi:14:40:60:0.4', 'regime:10:0.15']) {
      const out = fixtureDir({});
      const io = captureIO({ cwd: out });
      expect(await runCli(['synth', '--out', '.', '--seed', '5', '--planted', spec], io), io.err).toBe(0);
      const expected = generatePlanted(parsePlantedFamily(spec), { seed: 5, start: '2005-01-03', end: '2012-12-31' });
      expect(readdirSync(out).sort()).toEqual(['PLANTED.csv', 'dynaq-data.json']);
      for (const file of expected) expect(readFileSync(join(out, file.name), 'utf8'), `${spec} ${file.name}`).toBe(file.text);
    }
    const io = captureIO({ cwd: fixtureDir({}) });
    expect(await runCli(['synth', '--out', '.', '--planted', 'rsi:14:70:30:0.4'], io)).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/--planted must be one of .*LO < HI/);
  });

  it('gives different prices for a different seed', () => {
    const a = generateSample({ seed: 1, start: '2010-01-01', end: '2010-03-01' });
    const b = generateSample({ seed: 2, start: '2010-01-01', end: '2010-03-01' });
    expect(a[1]!.text).not.toBe(b[1]!.text);
  });

  it('loads with the manifest calendar over weekdays covering the course windows', () => {
    const symbols = ['SYN-TREND', 'SYN-MEANREV', 'SYN-REGIME'];
    const table = loadPrices({ symbols, start: '2006-01-01', end: '2012-12-31', dataDir: BUNDLED });
    expect(table.calendar).toBe('SYN-MARKET');
    expect(table.dates[0]).toBe('2006-01-02');
    expect(table.dates.at(-1)).toBe('2012-12-31');
    const weekdays = table.dates.filter((date) => !isWeekend(parseISO(date)));
    expect(weekdays).toHaveLength(table.dates.length);
    for (const symbol of symbols) {
      const series = table.series.get(symbol)!;
      expect(series.filled).toBe(0);
      for (let day = 0; day < table.dates.length; day++) {
        expect(series.adjLow[day]! <= series.adjClose[day]! + 1e-9 && series.adjClose[day]! <= series.adjHigh[day]! + 1e-9).toBe(true);
      }
    }
  });

  it('has the character each file is named for', () => {
    const table = loadPrices({ symbols: ['SYN-MEANREV', 'SYN-TREND'], start: '2005-01-01', end: '2012-12-31', dataDir: BUNDLED });
    const lag1 = (prices: Float64Array) => {
      const returns = Array.from(prices.subarray(1), (price, i) => Math.log(price / prices[i]!));
      const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
      let num = 0;
      let den = 0;
      for (let i = 0; i < returns.length; i++) {
        den += (returns[i]! - mean) ** 2;
        if (i > 0) num += (returns[i]! - mean) * (returns[i - 1]! - mean);
      }
      return num / den;
    };
    expect(lag1(table.series.get('SYN-MEANREV')!.adjClose), 'mean reversion shows as negative autocorrelation').toBeLessThan(-0.02);
    expect(lag1(table.series.get('SYN-TREND')!.adjClose), 'momentum shows as positive autocorrelation').toBeGreaterThan(0.05);
  });
});
