import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import type { RegisterCommand } from '../command.js';

/** The commented template of a user strategy; `typescript` adds the types from the package. */
export function strategyTemplate(name: string, typescript: boolean): string {
  const header = typescript
    ? `import type { Day, Decision, Strategy } from 'dynaq';\n\n`
    : `/** @typedef {import('dynaq').Day} Day */\n/** @typedef {import('dynaq').Decision} Decision */\n\n`;
  const decideSignature = typescript ? 'decide(day: Day): Decision' : 'decide(day)';
  const annotation = typescript ? ': Strategy' : '';
  return `${header}/**
 * ${name}: a dynaq strategy. Run it with
 *   npx dynaq backtest --strategy ${name}.${typescript ? 'ts' : 'mjs'} [--symbol SYMBOL] [--data-dir DIR]
 *
 * decide(day) is called once per trading day of each window (but the last, which only values the
 * portfolio), in date order. It sees today and the past only:
 *   day.date, day.open/high/low/close (adjusted), day.volume
 *   day.closes(n)        the last n adjusted closes up to and including today (fewer at the start)
 *   day.indicator(spec)  today's value of an indicator listed in \`indicators\` (NaN while warming up)
 *   day.position         shares held now (negative = short); day.cash; day.value (portfolio value)
 * It returns 'long', 'short' or 'flat' (sized by --shares or --fraction), a signed number of shares
 * to hold, or null to keep what is held. The decision is filled by the fill model (default: today's
 * adjusted close) with the backtest's commission and impact.
 */
const strategy${annotation} = {
  name: '${name}',
  // indicators: ['sma-ratio:20', 'rsi:14'],   // declare what day.indicator(spec) may read
  ${decideSignature} {
    const closes = day.closes(20);
    if (closes.length < 20) return null; // not enough history yet
    const average = closes.reduce((sum, close) => sum + close, 0) / closes.length;
    return day.close > average ? 'long' : 'flat';
  },
  // train(window, setup) { ... }   // optional: learn from the in-sample window before trading
};

export default strategy;
`;
}

/** `dynaq new-strategy NAME`: writes a commented strategy template (never over an existing file). */
export const register: RegisterCommand = (program, io) => {
  program
    .command('new-strategy')
    .description('write a commented template of your own strategy, to run with backtest --strategy FILE')
    .argument('<name>', 'strategy name (letters, digits, . _ + -); the file is NAME.mjs, or NAME.ts with --ts')
    .option('--ts', 'write TypeScript (loaded without a build step)')
    .option('--out <dir>', 'folder to write the file to', '.')
    .action((name: string, flags: { ts?: boolean; out: string }) => {
      if (!/^[\w.+-]{1,64}$/.test(name)) throw new UserError(`new-strategy: name '${name}' must be letters, digits and . _ + - (at most 64).`, 2);
      const file = join(resolve(io.cwd, flags.out), `${name}.${flags.ts ? 'ts' : 'mjs'}`);
      if (existsSync(file)) throw new UserError(`new-strategy: ${file} already exists; choose another name or remove it.`);
      writeFileAtomic(file, strategyTemplate(name, flags.ts ?? false));
      io.stdout(`wrote ${file}\nrun it: npx dynaq backtest --strategy ${file}\n`);
    });
};
