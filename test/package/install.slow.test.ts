import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry {
  readonly dev?: boolean;
  readonly [key: string]: unknown;
}

/**
 * The package as a user gets it: `npm pack`, then `npm ci` in an empty project, offline. npm's
 * --offline needs every package's metadata in its cache, which installing from a lock file does
 * not leave there; the tarballs themselves are (the project's own `npm ci` put them in the cache).
 * So the empty project gets a lock file made from the project's own: dynaq from the packed file,
 * and every package dynaq depends on (not the dev ones) as the project's lock resolves it.
 */
describe('the packed package, installed into an empty project (offline)', () => {
  const project = fixtureDir({});

  it('packs and installs with npm, offline, from the tarball', () => {
    execFileSync(NPM, ['pack', '--ignore-scripts', '--pack-destination', project], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^dynaq-\d+\.\d+\.\d+\.tgz$/);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const packages: Record<string, unknown> = {
      '': { name: 'consumer', version: '1.0.0', dependencies: { dynaq: `file:${tarball}` } },
      'node_modules/dynaq': { version: manifest.version, resolved: `file:${tarball}`, license: manifest.license, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines },
    };
    for (const [key, entry] of Object.entries(lock.packages)) if (key !== '' && !entry.dev) packages[key] = entry;
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true, dependencies: { dynaq: `file:${tarball}` } }, null, 2)}\n`);
    writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
    const install = spawnSync(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
  });

  it('npx dynaq backtest runs on the bundled sample (there is no ./data in the project)', () => {
    const run = spawnSync('npx', ['--no-install', 'dynaq', 'backtest', '--no-report', '--epochs', '2'], { cwd: project, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^SYN-MOMENTUM: Dyna-Q vs buy-and-hold/m);
    expect(run.stderr).toBe('');
  });

  it("import { ... } from 'dynaq' type-checks with skipLibCheck false, without @types/node", () => {
    writeFileSync(
      join(project, 'check.ts'),
      [
        "import * as dynaq from 'dynaq';",
        "import { loadPrices, QLearner, computeStats, type PriceTable, type Strategy } from 'dynaq';",
        "import * as strategies from 'dynaq/strategies';",
        "const table: PriceTable = loadPrices({ symbols: ['SYN-TREND'], dataDir: 'data' });",
        'const learner = new QLearner({ numStates: 10, numActions: 3 });',
        "const mine: Strategy = { name: 'hold', decide: () => 'long' };",
        'export const used = [dynaq, strategies, table, learner.querysetstate(0), computeStats, mine];',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true }, files: ['check.ts'] }),
    );
    const check = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(project, 'tsconfig.json')], { cwd: project, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});
