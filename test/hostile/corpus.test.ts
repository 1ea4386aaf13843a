import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';
import { HOSTILE_CASES } from './cases.js';

describe('hostile inputs: one short line, exit 1 (bad data) or 2 (bad flag), never a stack trace', () => {
  it('has at least 60 cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size, 'unique names').toBe(HOSTILE_CASES.length);
  });

  for (const hostile of HOSTILE_CASES) {
    it(hostile.name, async () => {
      const cwd = fixtureDir({});
      mkdirSync(join(cwd, 'data'));
      for (const name of ['SYN-MARKET.csv', 'SYN-TREND.csv', 'dynaq-data.json']) cpSync(join(SAMPLE_DATA, name), join(cwd, 'data', name));
      for (const folder of hostile.folders ?? []) mkdirSync(join(cwd, folder), { recursive: true });
      for (const [name, content] of Object.entries(hostile.files ?? {})) {
        mkdirSync(dirname(join(cwd, name)), { recursive: true });
        writeFileSync(join(cwd, name), content);
      }
      const io = captureIO({ cwd });
      const code = await runCli([...hostile.args], io);
      expect(code, io.err).toBe(hostile.code);
      expect(io.err).toMatch(hostile.message);
      // commander may add its usage hint and a "did you mean" line
      const lines = io.err.trimEnd().split('\n').filter((line) => line !== '(run with --help for usage)' && !/^\(Did you mean /.test(line));
      expect(lines, 'one line').toHaveLength(1);
      expect(lines[0]!.length, lines[0]).toBeLessThanOrEqual(300);
      expect(io.err).not.toMatch(/\n\s+at |\x00/);
    });
  }
});
