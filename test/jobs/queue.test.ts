import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const ready = hasRedis && existsSync(BIN);
if (!ready) console.warn(`SKIPPED queue tests: ${hasRedis ? `${BIN} not built (npm run build)` : 'redis-server not installed (.ci/run installs it with apt-get)'}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not open port ${port}`);
}

const ARGS = ['--symbols', 'SYN-TREND,SYN-MOMENTUM,SYN-MEANREV', '--seeds', '1,2', '--grid', 'dyna=0,200', '--data-dir', SAMPLE_DATA, '--no-png'];
const withoutTimings = (text: string) =>
  text.trim().split('\n').map((line) => {
    const { trainSeconds: _t, cpuSeconds: _c, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(rest);
  });

describe.skipIf(!ready)('sweep on a Redis queue (the real redis-server, on a free localhost port)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('completes with a worker SIGKILLed mid-run: every job exactly once, results equal to the local run', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(redis);
    await waitForPort(port);
    const url = `redis://127.0.0.1:${port}`;
    const dir = fixtureDir({});

    const local = captureIO({ cwd: dir });
    expect(await runCli(['sweep', ...ARGS, '--jobs', '1', '--out', 'local'], local), local.err).toBe(0);

    const startWorker = () => {
      const worker = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--lock-seconds', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(worker);
      let log = '';
      worker.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      return { worker, log: () => log };
    };
    const doomed = startWorker();
    const survivor = startWorker();
    // kill the first worker as soon as it has finished one job: it is then holding the next
    const killer = setInterval(() => {
      if (doomed.log().includes('done ')) {
        doomed.worker.kill('SIGKILL');
        clearInterval(killer);
      }
    }, 5);

    const queued = captureIO({ cwd: dir });
    const code = await runCli(['sweep', ...ARGS, '--queue', url, '--out', 'queued'], queued);
    clearInterval(killer);
    expect(code, queued.err).toBe(0);
    expect(doomed.worker.signalCode, 'the first worker was killed mid-run').toBe('SIGKILL');
    expect(survivor.log()).toMatch(/done /);

    const lines = readFileSync(join(dir, 'queued', 'results.jsonl'), 'utf8').trim().split('\n');
    const ids = lines.map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size, 'each job exactly once').toBe(12);
    expect(withoutTimings(readFileSync(join(dir, 'queued', 'results.jsonl'), 'utf8'))).toEqual(withoutTimings(readFileSync(join(dir, 'local', 'results.jsonl'), 'utf8')));

    survivor.worker.kill('SIGTERM');
    redis.kill('SIGTERM');
  }, 60_000);

  it('fails a job whose worker sees other data, with a clear error', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(redis);
    await waitForPort(port);
    const url = `redis://127.0.0.1:${port}`;
    const { runQueued } = await import('../../src/jobs/queue.js');
    const worker = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--lock-seconds', '2'], { stdio: 'ignore' });
    children.push(worker);
    const job = {
      id: 'tampered-1', kind: 'backtest' as const, symbol: 'SYN-TREND', seed: null, grid: {}, params: {}, strategy: { kind: 'built-in' as const, name: 'buy-and-hold' as const }, engine: 'test',
      setup: { startValue: 100000, commission: 0, impact: 0, fill: 'close' as const, sizing: { kind: 'shares' as const, shares: 10 } },
      windows: { train: { start: '2008-01-01', end: '2009-12-31' }, test: { start: '2010-01-01', end: '2011-12-31' } }, walkforward: null,
      dataDir: SAMPLE_DATA, calendar: 'SYN-MARKET', dataHashes: { 'SYN-TREND': 'f'.repeat(64) },
    };
    const failures = await runQueued([job], { url, onResult: () => undefined, pollMilliseconds: 200 });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toMatch(/this worker's SYN-TREND\.csv in .* has sha256 [0-9a-f]{12}, the sweep planned with ffffffffffff; give every worker the same data/);
    worker.kill('SIGTERM');
    redis.kill('SIGTERM');
  }, 30_000);
});
