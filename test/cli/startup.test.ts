import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { captureIO } from '../../src/cli/io.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/**
 * The modules a run of the built bin loads, as their paths from the repository (`dist/src/...`,
 * `node_modules/<package>`), recorded by a module-loading hook (ESM and the CommonJS they reach).
 */
function modulesLoaded(args: readonly string[]): string[] {
  const dir = fixtureDir({});
  const log = join(dir, 'modules.log');
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  writeFileSync(log, '');
  const run = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), BIN, ...args], { encoding: 'utf8', cwd: dir });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => {
      const path = fileURLToPath(url);
      const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      return inPackage ? `node_modules/${inPackage[1]}` : path.slice(ROOT.length);
    });
}

describe('start-up: each command imports only what it uses', () => {
  it('lists every command as its own module declares it (name, usage, description)', async () => {
    for (const entry of commands) {
      const program = new Command('dynaq');
      (await entry.load()).register(program, captureIO());
      const command = program.commands.find((candidate) => candidate.name() === entry.name);
      expect(command, entry.name).toBeDefined();
      expect(program.createHelp().subcommandTerm(command!), `${entry.name}: term in src/cli/commands/index.ts`).toBe(entry.term);
      expect(command!.description(), `${entry.name}: description in src/cli/commands/index.ts`).toBe(entry.description);
    }
  });

  it('dynaq --help and --version load commander and the command table only', () => {
    for (const flag of ['--help', '--version']) {
      const loaded = modulesLoaded([flag]);
      expect(new Set(loaded.filter((path) => path.startsWith('node_modules/'))), flag).toEqual(new Set(['node_modules/commander']));
      expect(loaded.filter((path) => path.startsWith('dist/src/cli/commands/') && !path.endsWith('/index.js')), flag).toEqual([]);
      expect(loaded.length, `${flag}: ${loaded.join(', ')}`).toBeLessThan(15);
    }
  });

  it('a backtest without a report loads no report writer, chart renderer, bundler, pool worker or queue', () => {
    const loaded = modulesLoaded(['backtest', '--no-report', '--data-dir', SAMPLE_DATA, '--epochs', '2']);
    const packages = new Set(loaded.filter((path) => path.startsWith('node_modules/')));
    for (const heavy of ['node_modules/bullmq', 'node_modules/ioredis', 'node_modules/esbuild', 'node_modules/vega', 'node_modules/vega-lite', 'node_modules/@resvg/resvg-js', 'node_modules/cli-progress', 'node_modules/technicalindicators']) {
      expect(packages.has(heavy), heavy).toBe(false);
    }
    for (const module of ['dist/src/report/backtest-files.js', 'dist/src/report/files.js', 'dist/src/report/html.js', 'dist/src/jobs/pool-worker.js', 'dist/src/jobs/queue.js']) {
      expect(loaded, module).not.toContain(module);
    }
    expect(loaded.filter((path) => path.startsWith('dist/src/cli/commands/')).sort()).toEqual(['dist/src/cli/commands/backtest.js', 'dist/src/cli/commands/index.js']);
  });

  it('dynaq help COMMAND and dynaq COMMAND --help show the command in full', () => {
    for (const args of [['help', 'data'], ['data', '--help']]) {
      const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Usage: dynaq data \[options\] \[symbols\.\.\.\]/);
      expect(run.stdout).toMatch(/--start <date>/);
    }
  });
});

describe('sweep imports the queue only with --queue', () => {
  it("its --connect-timeout default is the queue's own", async () => {
    const { QUEUE_CONNECT_TIMEOUT } = await import('../../src/cli/commands/sweep.js');
    const { DEFAULT_CONNECT_TIMEOUT } = await import('../../src/jobs/queue.js');
    expect(QUEUE_CONNECT_TIMEOUT).toBe(DEFAULT_CONNECT_TIMEOUT);
  });
});
