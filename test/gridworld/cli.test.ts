import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerBenchmark } from '../../src/bench/index.js';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

const WORLDS = fileURLToPath(new URL('../../../shared/data/worlds', import.meta.url));
const present = existsSync(WORLDS);
if (!present) console.warn('skipping dynaq gridworld on course worlds: ../shared/data/worlds not found');

function tinyWorld(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynaq-world-'));
  writeFileSync(join(dir, 'tiny.csv'), '2,0,0\n0,1,0\n0,0,3\n');
  return dir;
}

describe('dynaq gridworld', () => {
  it('prints the median episode reward of a world file, relative to the working directory', async () => {
    const io = captureIO({ cwd: tinyWorld() });
    expect(await runCli(['gridworld', 'tiny.csv', '--episodes', '40', '--seed', '2'], io)).toBe(0);
    expect(io.out).toMatch(/^tiny\.csv: median episode reward -?\d+(\.\d+)? over 40 episodes/);
    expect(io.out).toMatch(/dyna 0, alpha 0\.2, gamma 0\.9, rar 0\.98, radr 0\.999/);
  });

  it('--json prints medianReward, episodeRewards, realSteps, planningUpdates, seconds', async () => {
    const io = captureIO({ cwd: tinyWorld() });
    expect(await runCli(['gridworld', 'tiny.csv', '--dyna', '5', '--json'], io)).toBe(0);
    const result = JSON.parse(io.out);
    expect(result.episodeRewards).toHaveLength(50); // course setting with dyna: 50 episodes
    const sorted = [...result.episodeRewards].sort((a: number, b: number) => a - b);
    expect(result.medianReward).toBe((sorted[24] + sorted[25]) / 2);
    expect(result.planningUpdates).toBe(5 * result.realSteps);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.settings).toMatchObject({ rar: 0.5, radr: 0.99, dyna: 5 });
  });

  it.skipIf(!present)('runs world01 with the course settings', async () => {
    const io = captureIO();
    expect(await runCli(['gridworld', join(WORLDS, 'world01.csv'), '--dyna', '200', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).medianReward).toBeGreaterThanOrEqual(-44.25);
  });

  it('--maze dyna prints steps per episode for n = 0, 5, 50', async () => {
    const io = captureIO();
    expect(await runCli(['gridworld', '--maze', 'dyna', '--runs', '3', '--episodes', '6'], io)).toBe(0);
    expect(io.out).toMatch(/episode\s+n=0\s+n=5\s+n=50/);
    expect(io.out.split('\n').filter((l) => /^\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+$/.test(l))).toHaveLength(6);
  });

  it.each([
    [['gridworld'], /give a WORLD csv file or --maze/, 2],
    [['gridworld', 'x.csv', '--maze', 'dyna'], /either a WORLD file or --maze, not both/, 2],
    [['gridworld', '--maze', 'cliff'], /--maze must be one of dyna, shortcut, got 'cliff'/, 2],
    [['gridworld', 'x.csv', '--runs', '3'], /--runs applies to --maze experiments only/, 2],
    [['gridworld', 'x.csv', '--rar', '1.5'], /--rar must be within 0\.\.1, got 1\.5/, 2],
    [['gridworld', 'no-such-world.csv'], /no-such-world\.csv: cannot read the world file \(no such file\)/, 1],
  ])('%j fails with one line and no stack trace', async (argv, message, code) => {
    const io = captureIO();
    expect(await runCli(argv as string[], io)).toBe(code);
    expect(io.err).toMatch(message);
    expect(io.err).not.toMatch(/\n\s+at /);
  });
});

describe('dynaq bench', () => {
  it('--list names the registered benchmarks', async () => {
    const io = captureIO();
    expect(await runCli(['bench', '--list'], io)).toBe(0);
    expect(io.out).toMatch(/^planning\s/m);
    expect(io.out).toMatch(/^world01\s/m);
  });

  it('--only planning --json prints one object with planningUpdatesPerSecond', async () => {
    const io = captureIO();
    expect(await runCli(['bench', '--only', 'planning', '--quick', '--json'], io)).toBe(0);
    const figures = JSON.parse(io.out);
    expect(figures.planningUpdatesPerSecond).toBeGreaterThan(0);
    expect(figures.planningMeanSuccessorsPerPair).toBeGreaterThan(1);
    expect(figures.world01Dyna200Seconds).toBeUndefined();
  });

  it("--only planning-default measures the default learner's value iteration, solved to the agent's tolerance", async () => {
    const io = captureIO();
    expect(await runCli(['bench', '--only', 'planning-default', '--quick', '--json'], io)).toBe(0);
    const figures = JSON.parse(io.out);
    expect(figures.defaultPlanningPairUpdatesPerSecond).toBeGreaterThan(0);
    expect(figures.defaultPlanningResidual).toBeLessThanOrEqual(1e-12);
    expect(figures.defaultPlanningSweeps).toBeGreaterThan(1);
  });

  it('runs a benchmark another module registered, and refuses a duplicate name', async () => {
    registerBenchmark({
      name: 'test-loader',
      description: 'a benchmark registered from outside src/bench',
      run: () => ({ metrics: { rowsPerSecond: 42 }, lines: ['rows: 42/s'] }),
    });
    expect(() => registerBenchmark({ name: 'test-loader', description: '', run: () => ({ metrics: {}, lines: [] }) })).toThrow(
      /already registered/,
    );
    const io = captureIO();
    expect(await runCli(['bench', '--only', 'test-loader', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).rowsPerSecond).toBe(42);
  });

  it('rejects an unknown benchmark name with the accepted names', async () => {
    const io = captureIO();
    expect(await runCli(['bench', '--only', 'nope'], io)).toBe(2);
    expect(io.err).toMatch(/--only must name benchmarks among planning, planning-default, world01, rng(, [\w-]+)*, got 'nope'/);
  });
});
