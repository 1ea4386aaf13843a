import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The layers, lowest first: a module may import only from a lower layer or its own folder. This is
 * the order the README's "Development" section documents; metrics, errors and the learner are base
 * layers (pure functions; the learner knows no market), and the application layers (jobs, then
 * experiments and bench, then cli and the package root) sit on top.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['src/errors.ts', 'src/values.ts', 'src/version.ts'],
  ['src/fs-atomic.ts'],
  ['src/metrics', 'src/learner', 'src/evaluation'],
  ['src/defaults.ts', 'src/data', 'src/states', 'src/synth', 'src/gridworld'],
  ['src/indicators', 'src/broker'],
  ['src/strategy', 'src/env', 'src/marketsim'],
  ['src/agent'],
  ['src/loader', 'src/backtest'],
  ['src/report'],
  ['src/jobs'],
  ['src/experiments', 'src/bench'],
  ['src/api.ts'],
  ['src/cli', 'src/index.ts'],
];

function unitOf(file: string): string {
  // imports name the compiled .js; the source is the .ts beside it
  const path = relative(ROOT, file).split('\\').join('/').replace(/\.js$/, '.ts');
  if (path.startsWith('strategies/')) return 'strategies';
  const parts = path.split('/');
  return parts.length === 2 ? path : `${parts[0]}/${parts[1]}`;
}

function rankOf(unit: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(unit));
  if (rank < 0) throw new Error(`${unit} is in no layer: add it to LAYERS (and to the README's layer order)`);
  return rank;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  it('imports point one way: down the documented layers, never up or sideways', () => {
    const violations: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      const from = unitOf(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from |import\()'(\.[^']+)'/g)) {
        const to = unitOf(resolve(dirname(file), match[1]!));
        if (to === 'strategies') violations.push(`${relative(ROOT, file)} imports strategies/ (src never does)`);
        else if (to !== from && rankOf(to) >= rankOf(from)) violations.push(`${relative(ROOT, file)} imports ${to} (layer ${rankOf(to)} >= ${rankOf(from)})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("built-in strategies are written like users' own: they import the public entry point only", () => {
    const violations: string[] = [];
    for (const file of sources(join(ROOT, 'strategies'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '([^']+)'/g)) {
        const target = match[1]!;
        const resolved = target.startsWith('.') ? relative(ROOT, resolve(dirname(file), target)).split('\\').join('/') : target;
        const allowed = resolved === 'src/index.js' || resolved === 'dynaq' || resolved.startsWith('strategies/');
        if (!allowed) violations.push(`${relative(ROOT, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('every folder and top-level module of src/ is in a layer, and the README lists the layers as they are', () => {
    const units = readdirSync(join(ROOT, 'src')).map((name) => `src/${name}`);
    expect(units.filter((unit) => LAYERS.every((layer) => !layer.includes(unit)))).toEqual([]);
    expect(LAYERS.flat().filter((unit) => !units.includes(unit))).toEqual([]);
    // The README's numbered list under "Layers, lowest first": item i names exactly layer i's units.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const list = readme.slice(readme.indexOf('Layers, lowest first'));
    const items = [...list.matchAll(/^ {2}(\d+)\. ([\s\S]*?)(?=^ {2}\d+\. |^ {2}`src\/` never)/gm)].map((match) => match[2]!);
    const named = items.map((item) => [...item.matchAll(/`([\w.-]+\/?)`/g)].map((match) => `src/${match[1]!.replace(/\/$/, '')}`).filter((unit) => units.includes(unit)).sort());
    expect(named).toEqual(LAYERS.map((layer) => [...layer].sort()));
  });

  it('every document a comment cites is in the repository', () => {
    const missing: string[] = [];
    for (const file of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'strategies')), ...sources(join(ROOT, 'test'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b((?:[\w-]+\/)*[A-Z][\w-]*\.md)\b/g)) {
        const cited = match[1]!;
        if (!cited.includes('/') && cited !== 'README.md') missing.push(`${relative(ROOT, file)} cites ${cited} without its folder`);
        else if (![join(ROOT, cited), join(dirname(file), cited)].some((path) => statSync(path, { throwIfNoEntry: false }))) missing.push(`${relative(ROOT, file)} cites ${cited}, which is not in the repository`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('would catch a wrong-way import (the check itself works)', () => {
    expect(rankOf('src/backtest')).toBeGreaterThan(rankOf('src/broker'));
    expect(rankOf('src/learner')).toBeLessThan(rankOf('src/agent'));
    expect(() => rankOf('src/nowhere')).toThrow(/in no layer/);
  });
});
