import { describe, expect, it } from 'vitest';
import { captureIO } from '../src/cli/io.js';
import { runCli } from '../src/cli/program.js';

describe('dynaq command', () => {
  it('rejects an unknown subcommand with a usage error (exit 2) and no stack trace', async () => {
    const io = captureIO();
    const code = await runCli(['no-such-command'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/error: unknown command 'no-such-command'/);
    expect(io.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('prints help and exits 0 for --help', async () => {
    const io = captureIO();
    const code = await runCli(['--help'], io);
    expect(code).toBe(0);
    expect(io.out).toMatch(/Usage: dynaq/);
  });
});
