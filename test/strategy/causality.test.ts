import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBacktestTable } from '../../src/backtest/run.js';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { printLookaheadReport } from '../../src/cli/commands/check-lookahead.js';
import { checkLookahead, checkLookaheadOf } from '../../src/jobs/lookahead.js';
import { bundleStrategyFile, strategyFactory, type StrategySource } from '../../src/loader/load.js';
import type { StrategyInstance } from '../../src/strategy/instance.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { NO_COSTS, SAMPLE_DATA } from '../helpers/sample-data.js';

const EXAMPLES = fileURLToPath(new URL('../../strategies/examples', import.meta.url));
const CONFIG = {
  symbol: 'SYN-TREND',
  train: { start: '2008-01-01', end: '2009-12-31' },
  test: { start: '2010-01-01', end: '2011-12-31' },
  dataDir: SAMPLE_DATA,
  calendar: 'SYN-MARKET',
  // no costs, so a strategy trading at random is never wiped out (its later decisions must exist)
  setup: NO_COSTS,
};

/**
 * A strategy that tries every route to a later price a strategy file has, and lets whatever it
 * finds drive its decisions: a leak through any of them would move a decision made before the cut.
 * - the window: what train() and begin() are handed (their history), and anything on it;
 * - the table: any property that might hold one;
 * - the day: its fields and its look-back methods, asked for far more than exists;
 * - the setup: what train() and begin() are told about trading;
 * - module state: every price it ever saw, kept in a module variable, which would carry the prices
 *   of an earlier run (the unchanged one) into a later run if the module were not evaluated afresh.
 */
const PROBE = `const seen = [];
let digest = 0;
const mix = (value) => { digest = (digest * 31 + Math.round(Number(value) * 1000)) % 1000003; };
const sum = (values) => Array.from(values).reduce((a, b) => a + b, 0);
export default {
  name: 'probe',
  train(history, { setup }) {
    mix(sum(history.column('close'))); mix(history.dates.length); mix(JSON.stringify(setup).length);
    mix(history.table === undefined ? 1 : 2); mix(Object.keys(history).length);
  },
  begin({ history, setup }) {
    mix(sum(history.column('close'))); mix(sum(history.indicator('rsi:14').filter(Number.isFinite)));
    mix(JSON.stringify(setup).length); mix(history.dates.length);
  },
  decide(day) {
    seen.push(day.close);
    mix(sum(day.closes(100000))); mix(sum(day.series('high', 100000))); mix(day.table === undefined ? 1 : 2);
    mix(sum(seen)); mix(Math.max(...seen));
    return ['long', 'short', 'flat'][digest % 3];
  },
};
`;

describe('causality by construction', () => {
  it('user code has no route to a later price: the window, the table, the day, the setup, module state (check-lookahead finds nothing)', async () => {
    const dir = fixtureDir({ 'probe.mjs': PROBE });
    const source = await bundleStrategyFile(join(dir, 'probe.mjs'));
    const report = await checkLookahead({ config: CONFIG, strategy: source, params: {}, cutsPerWindow: 3 });
    expect(report.learns, 'it has train(): only the out-of-sample window is cut').toBe(true);
    expect(report.cuts.map((cut) => cut.changedUpToCut)).toEqual(report.cuts.map(() => []));
    for (const cut of report.cuts) expect(cut.changedAfterCut, `the change after ${cut.cutDate} must reach later decisions, or this test proves nothing`).toBeGreaterThan(10);
  });

  it('catches a strategy that peeks (an engine-side instance that reads tomorrow from the table)', async () => {
    const table = loadBacktestTable(CONFIG);
    const benchmark = await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' });
    const base = (await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' }))();
    let closes: Float64Array = new Float64Array(0);
    let dates: readonly string[] = [];
    const peeking = (): StrategyInstance => ({
      ...base,
      name: 'peek',
      learns: false,
      begin: (window) => {
        closes = window.table.series.get(window.symbol)!.adjClose;
        dates = window.table.dates;
      },
      decide: (day) => {
        const t = dates.indexOf(day.date);
        return closes[t + 1]! > closes[t]! ? 'long' : 'flat';
      },
    });
    const report = checkLookaheadOf(peeking, benchmark, { config: CONFIG, cutsPerWindow: 3 }, table);
    expect(report.passed).toBe(false);
    // every decision it got wrong is on or before its cut: it read the day after it
    const changed = report.cuts.flatMap((cut) => cut.changedUpToCut.map((change) => ({ ...change, cutDate: cut.cutDate })));
    expect(changed.length).toBeGreaterThan(0);
    for (const change of changed) expect(change.date <= change.cutDate).toBe(true);
    // the command's table lists them
    const text: string[] = [];
    printLookaheadReport((line) => text.push(line), 'peek', report);
    expect(text.join('')).toMatch(new RegExp(`Decisions that changed although only later prices did[\\s\\S]*${changed[0]!.date}`));
  });

  const builtIns: StrategySource[] = [
    { kind: 'built-in', name: 'dyna-q' },
    { kind: 'built-in', name: 'manual' },
    { kind: 'built-in', name: 'buy-and-hold' },
  ];
  for (const source of builtIns) {
    it(`finds no look-ahead in the built-in ${source.kind === 'built-in' ? source.name : ''}`, async () => {
      const report = await checkLookahead({ config: { ...CONFIG, symbol: 'SYN-MEANREV' }, strategy: source, params: {}, cutsPerWindow: 2 });
      expect(report.cuts.flatMap((cut) => cut.changedUpToCut)).toEqual([]);
    });
  }

  for (const file of readdirSync(EXAMPLES).filter((name) => name.endsWith('.ts'))) {
    it(`finds no look-ahead in strategies/examples/${file}, through the command`, async () => {
      const io = captureIO();
      const code = await runCli(['check-lookahead', '--strategy', join(EXAMPLES, file), '--symbol', 'SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--json'], io);
      expect(code, io.err).toBe(0);
      const report = JSON.parse(io.out) as { passed: boolean; cuts: { changedAfterCut: number }[] };
      expect(report.passed).toBe(true);
      expect(report.cuts.some((cut) => cut.changedAfterCut > 0), 'the example reads prices').toBe(true);
    });
  }
});
