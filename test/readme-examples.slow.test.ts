import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../src/cli/io.js';
import { runCli } from '../src/cli/program.js';
import { fixtureDir } from './helpers/fixtures.js';
import { SAMPLE_DATA } from './helpers/sample-data.js';
import { SHARED_DATA, hasSharedData } from './helpers/shared-data.js';

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

interface Example {
  readonly line: string;
  readonly argv: string[];
  readonly env: Record<string, string>;
  /** The figure the README's comment promises, e.g. `median -23`. */
  readonly median: number | null;
}

/**
 * Every runnable `dynaq` command line in the README's code blocks, in order: `npx dynaq ...`,
 * `$ dynaq ...`, `npm start`. Usage lines with placeholders ([--flag], ORDERS.csv) are syntax, not
 * examples. `~/prices` (a user's folder) and `../shared/data` run on the course data beside the
 * repository.
 */
function readmeExamples(): Example[] {
  const examples: Example[] = [];
  let inBlock = false;
  for (const raw of README.split('\n')) {
    if (raw.startsWith('```')) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    const [command = '', comment = ''] = raw.split(/\s+#\s*/, 2);
    const match = /^(?:\$ )?((?:\w+=\S+ )*)(?:npx )?dynaq (.+)$/.exec(command.trim());
    const line = command.trim() === 'npm start' ? 'backtest' : match?.[2];
    if (line === undefined || /[[\]]|ORDERS\.csv|WORLD\.csv|NAME|HOST/.test(line)) continue;
    const env = Object.fromEntries((match?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map((pair) => pair.split('=') as [string, string]));
    const median = /median (-?\d+(\.\d+)?)/.exec(comment);
    examples.push({ line: raw.trim(), argv: line.split(/\s+/), env, median: median ? Number(median[1]) : null });
  }
  return examples;
}

const usesSharedData = (example: Example) => [...example.argv, ...Object.values(example.env)].some((word) => word.includes('~/prices') || word.includes('../shared'));

describe('README examples', () => {
  const examples = readmeExamples();
  const shared = hasSharedData(SHARED_DATA, 'README examples on the course data');
  // One working folder with the sample data, as a fresh clone has it; commands run in README order.
  const cwd = fixtureDir({});
  cpSync(SAMPLE_DATA, join(cwd, 'data'), { recursive: true });

  it('finds the examples (the parser reads the README as written)', () => {
    expect(examples.map((example) => example.argv[0])).toEqual(expect.arrayContaining(['backtest', 'new-strategy', 'compare', 'gridworld', 'experiment', 'data']));
  });

  for (const example of examples) {
    it.skipIf(usesSharedData(example) && !shared)(`runs as written: ${example.line}`, async () => {
      const swap = (word: string) => word.replace('~/prices', join(SHARED_DATA, 'prices')).replace('../shared/data', SHARED_DATA);
      const argv = example.argv.map(swap);
      // the learning benchmark takes minutes in full: one family, one seed, one symbol of each part here
      if (argv[0] === 'experiment' && argv[1] === 'learning') {
        argv.push('--families', 'trend:10:0.2', '--seeds', '1', '--train-days', '126', '--noedge-seeds', '1', '--symbols', 'JPM', '--walkforward-symbols', 'KO', '--no-report');
      }
      const io = captureIO({ cwd, env: Object.fromEntries(Object.entries(example.env).map(([key, value]) => [key, swap(value)])) });
      const code = await runCli(example.median === null ? argv : [...argv, '--json'], io);
      expect(code, io.err).toBe(0);
      if (example.median !== null) expect(JSON.parse(io.out).medianReward, 'the figure in the README').toBe(example.median);
    });
  }
});
