import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

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

describe('the built dynaq bin (what npx dynaq runs)', () => {
  const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
  const built = existsSync(bin);
  if (!built) console.warn(`SKIPPED built-bin test: ${bin} not built (npm ci or npm run build makes it)`);

  it.skipIf(!built)('is executable and runs on its own (shebang, mode 755)', () => {
    expect(statSync(bin).mode & 0o111, 'executable bits').not.toBe(0);
    const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
