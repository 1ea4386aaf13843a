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
  const decideSignature = typescript ? 'decide(day: Day, { period, band }): Decision' : 'decide(day, { period, band })';
  const annotation = typescript ? ': Strategy<{ period: number; band: number }>' : '';
  const nonNull = typescript ? '!' : ''; // an index into a Float64Array under noUncheckedIndexedAccess
  const file = `${name}.${typescript ? 'ts' : 'mjs'}`;
  return `${header}/**
 * ${name}: a dynaq strategy. Run it with
 *   npx dynaq backtest --strategy ${file} [--symbol SYMBOL] [--data-dir DIR] [--param period=50]
 *   npx dynaq check-lookahead --strategy ${file}        proves it reads no later price
 *   npx dynaq optimize --strategy ${file} --grid period=20,50,100 --grid band=0,0.02 --symbols A,B,C --out reports/${name}
 *
 * decide(day, params) is called once per trading day of each window (but the last, which only
 * values the portfolio), in date order. It sees today and the past only:
 *   day.date, day.open/high/low/close (adjusted), day.volume
 *   day.closes(n)          the last n adjusted closes up to and including today (fewer at the start)
 *   day.series(column, n)  the same for 'open', 'high', 'low', 'volume'
 *   day.indicator(spec)    today's value of an indicator listed in \`indicators\` (NaN while warming up)
 *   day.position           shares held now (negative = short); day.cash; day.value; day.pendingOrders
 * It returns
 *   'long', 'short' or 'flat'      a full position, sized by --shares or --fraction where it fills
 *   a signed number                the shares to hold
 *   null                           keep what is held
 *   { target: 'long', stopLoss: 95, takeProfit: 120 }            with a bracket on the position
 *   { side: 'buy', limit: 99, days: 5 }, { side: 'sell', stop: 90 }, { cancel: 'all' }, or a list
 * A market decision fills by the fill model (default: today's adjusted close; --fill next-open:
 * tomorrow's open) with the backtest's commission and impact; limit and stop orders fill from the
 * next bar on. Buying power is checked (--margin, default 1: no leverage).
 *
 * params declares what --param, --grid and optimize may set: a default, or { default, min, max,
 * integer, choices, description }. A value outside the range is refused before anything runs.
 */
const strategy${annotation} = {
  name: '${name}',
  params: {
    period: { default: 50, min: 2, max: 1000, integer: true, description: 'days of the moving average' },
    band: { default: 0.01, min: 0, max: 1, description: 'how far above the average (a fraction) the close must be to go long' },
  },
  // indicators: ['rsi:14'],   // declare what day.indicator(spec) may read
  ${decideSignature} {
    const closes = day.closes(period);
    if (closes.length < period) return null; // not enough history yet
    // a plain loop: it runs every day of every backtest (a typed array's reduce calls a function per element)
    let sum = 0;
    for (let i = 0; i < closes.length; i++) sum += closes[i]${nonNull};
    const average = sum / closes.length;
    if (day.close > average * (1 + band)) return 'long';
    if (day.close < average) return 'flat';
    return null; // inside the band: keep what is held
  },
  // Optional: train(history, { params, setup, progress }) learns from the training window before
  // trading (the history ends on its last day); begin({ history, params, setup }) runs before each window.
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
