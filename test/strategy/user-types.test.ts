import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TYPES = join(ROOT, 'dist', 'src', 'index.d.ts');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(TYPES)) console.warn(`SKIPPED user types test: ${TYPES} not built (npm run build)`);

/** A user's project with dynaq installed (a link to this repository), compiled with the strict compiler. */
function compileUserFile(source: string): { status: number | null; output: string } {
  const project = fixtureDir({});
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'dynaq'), 'dir');
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(project, 'my-strategy.ts'), source);
  const result = spawnSync(process.execPath, [TSC, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'my-strategy.ts'], { cwd: project, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!existsSync(TYPES))("the types a user's strategy imports from 'dynaq'", () => {
  it('type-check a strategy written against them', () => {
    const { status, output } = compileUserFile(`import type { Day, Decision, Strategy } from 'dynaq';
const strategy: Strategy = {
  name: 'typed',
  indicators: ['rsi:14'],
  decide(day: Day): Decision {
    const closes: Float64Array = day.closes(5);
    return day.indicator('rsi:14') < 30 && closes.length === 5 ? 'long' : day.position > 0 ? 'flat' : null;
  },
};
export default strategy;
`);
    expect(status, output).toBe(0);
  });

  it('catch a mistake a user can make (a decision that is not one)', () => {
    const { status, output } = compileUserFile(`import type { Day, Strategy } from 'dynaq';
const strategy: Strategy = { name: 'wrong', decide: (day: Day) => (day.close > 1 ? 'buy' : 'flat') };
export default strategy;
`);
    expect(status).not.toBe(0);
    expect(output).toMatch(/my-strategy\.ts\(2,.*error TS2322/);
  });
});
