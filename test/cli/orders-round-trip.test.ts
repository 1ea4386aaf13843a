import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

describe('orders files replay to the window\'s final value, to the cent, with any fill model', () => {
  const dir = fixtureDir({});
  for (const fill of ['close', 'next-open'] as const) {
    it(`--fill ${fill}`, async () => {
      const io = captureIO({ cwd: dir });
      const code = await runCli(['backtest', '--symbol', 'SYN-MOMENTUM', '--data-dir', SAMPLE_DATA, '--fill', fill, '--out', `run-${fill}`, '--no-png'], io);
      expect(code, io.err).toBe(0);
      const summary = JSON.parse(readFileSync(join(dir, `run-${fill}`, 'summary.json'), 'utf8'));
      for (const [file, window] of [['orders-in-sample.csv', 'inSample'], ['orders-out-of-sample.csv', 'outOfSample']] as const) {
        const stats = summary[window].strategy;
        expect(stats.orders, 'the strategy trades, or this proves little').toBeGreaterThan(10);
        const replay = captureIO({ cwd: dir });
        const args = ['marketsim', join(`run-${fill}`, file), '--start-value', '100000', '--commission', '9.95', '--impact', '0.005', '--fill', fill, '--data-dir', SAMPLE_DATA, '--json'];
        expect(await runCli(args, replay), replay.err).toBe(0);
        const simulated = JSON.parse(replay.out);
        expect(simulated.days, `${fill} ${file}: the same days`).toBe(stats.days);
        expect(Math.abs(simulated.finalValue - stats.finalValue), `${fill} ${file}: ${simulated.finalValue} vs ${stats.finalValue}`).toBeLessThan(0.005);
      }
    });
  }
});
