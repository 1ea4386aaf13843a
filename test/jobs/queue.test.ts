import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job, Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import type { JobSpec } from '../../src/jobs/job.js';
import type { StrategySource } from '../../src/loader/load.js';
import { planJobs } from '../../src/jobs/plan.js';
import { QUEUE_NAME, runQueued, runWorker } from '../../src/jobs/queue.js';
import { signJob } from '../../src/jobs/queue-trust.js';
import { parseRedisUrl, RedisLink } from '../../src/jobs/redis-connection.js';
import { fixtureDir } from '../helpers/fixtures.js';
import { NO_COSTS, SAMPLE_DATA } from '../helpers/sample-data.js';
import { withoutTimings } from '../helpers/sweep-results.js';

const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const ready = hasRedis && existsSync(BIN);
if (!ready) console.warn(`SKIPPED queue tests: ${hasRedis ? `${BIN} not built (npm run build)` : 'redis-server not installed (.ci/run installs it with apt-get)'}`);

const SECRET = 'queue-test-secret-0123456789';
const PASSWORD = 'queue-test-password';
const ENV = { ...process.env, DYNAQ_QUEUE_SECRET: SECRET };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not open port ${port}`);
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const children: ChildProcess[] = [];

/** A real redis-server on a free localhost port, stopped after the tests. */
async function startRedis(extra: string[] = [], tlsPort = false) {
  const port = await freePort();
  const ports = tlsPort ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)];
  const child = spawn('redis-server', [...ports, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
  children.push(child);
  await waitForPort(port);
  return { port, child };
}

/** A process of the built CLI; its stderr is collected. */
function dynaq(args: readonly string[], env: NodeJS.ProcessEnv = ENV) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  return { child, err: () => err, exited };
}

const BUY_AND_HOLD: StrategySource = { kind: 'built-in', name: 'buy-and-hold' };

/** A strategy file's source as a job carries it: its bundled code (CommonJS) and the code's sha256. */
function fileSource(shown: string, code: string): StrategySource {
  return { kind: 'file', shown, code, sha256: createHash('sha256').update(code).digest('hex') };
}

/** Jobs as a sweep plans them (buy-and-hold unless another strategy is given), on the bundled sample. */
function plan(symbols: readonly string[], strategy: StrategySource = BUY_AND_HOLD): JobSpec[] {
  return planJobs({
    symbols,
    seeds: null,
    grid: [{}],
    strategy,
    configure: () => ({ params: {}, setup: NO_COSTS, windows: { train: { start: '2008-01-01', end: '2009-12-31' }, test: { start: '2010-01-01', end: '2011-12-31' } } }),
    walkforward: null,
    dataDir: SAMPLE_DATA,
    calendar: 'SYN-MARKET',
  });
}

/** A strategy that takes about 40 ms a day: a job runs for tens of seconds. */
const SLOW_CODE = `const pause = new Int32Array(new SharedArrayBuffer(4));
module.exports = { name: 'slow', decide() { Atomics.wait(pause, 0, 0, 40); return 'long'; } };
`;

/** An in-process `dynaq worker` (its jobs run on the pool's threads, from dist/). */
function inProcessWorker(url: string) {
  const lines: string[] = [];
  const stop = new AbortController();
  const running = runWorker({ url, secret: SECRET, concurrency: 1, lockSeconds: 5, timeBudgetSeconds: 5, connectTimeoutSeconds: 2, log: (line) => lines.push(line), signal: stop.signal });
  return {
    lines,
    ready: () => waitFor('the worker', () => lines.some((line) => line.startsWith('worker ready'))),
    stop: async () => {
      stop.abort();
      await running;
    },
  };
}

async function stateOf(queue: Queue, id: string): Promise<string> {
  return queue.getJobState(id);
}

const ARGS = ['--symbols', 'SYN-TREND,SYN-MOMENTUM,SYN-MEANREV', '--seeds', '1,2', '--grid', 'dyna=0,200', '--data-dir', SAMPLE_DATA, '--no-png'];

describe.skipIf(!ready)('the queue against a real redis-server (on free localhost ports)', () => {
  let port = 0;
  /** The shared Redis (with a password); each test uses its own database. */
  const url = (db: number) => `redis://:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const connection = (db: number) => ({ host: '127.0.0.1', port, password: PASSWORD, db });
  const queues: Queue[] = [];
  const queueOn = (db: number) => {
    const queue = new Queue(QUEUE_NAME, { connection: connection(db) });
    queues.push(queue);
    return queue;
  };

  beforeAll(async () => {
    ({ port } = await startRedis(['--requirepass', PASSWORD]));
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('fails fast with one line: refused, wrong or missing password, no answer, and without DYNAQ_QUEUE_SECRET', async () => {
    const closed = await freePort();
    const silent: Server = createServer(() => undefined); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    const attempt = async (target: string, timeout = 5) => {
      const started = Date.now();
      const error = await runQueued(plan(['SYN-TREND']), { url: target, secret: SECRET, onResult: () => undefined, connectTimeoutSeconds: timeout }).then(
        () => null,
        (caught: unknown) => caught as Error,
      );
      return { message: error?.message ?? '(no error)', name: error?.name, seconds: (Date.now() - started) / 1000 };
    };
    const [refused, wrong, missing, mute] = await Promise.all([
      attempt(`redis://127.0.0.1:${closed}`),
      attempt(`redis://:not-the-password@127.0.0.1:${port}/1`),
      attempt(`redis://127.0.0.1:${port}`),
      attempt(`redis://127.0.0.1:${silentPort}`, 0.5),
    ]);
    silent.close();
    expect(refused.message).toBe(`cannot connect to Redis at redis://127.0.0.1:${closed}: connection refused; is redis-server running there?`);
    expect(wrong.message).toBe(`cannot connect to Redis at redis://:***@127.0.0.1:${port}/1: wrong user name or password.`);
    expect(missing.message).toMatch(/^cannot connect to Redis at redis:\/\/127\.0\.0\.1:\d+: it wants a password; give it in the URL/);
    expect(mute.message).toMatch(/^cannot connect to Redis at redis:\/\/127\.0\.0\.1:\d+: no answer within 0\.5 s/);
    for (const outcome of [refused, wrong, missing, mute]) {
      expect(outcome.name).toBe('UserError');
      expect(outcome.message).not.toContain('\n');
      expect(outcome.message).not.toContain('not-the-password');
      expect(outcome.seconds).toBeLessThan(3);
    }
    const worker = await runWorker({ url: `redis://127.0.0.1:${closed}`, secret: SECRET, concurrency: 1, lockSeconds: 5, timeBudgetSeconds: 5, log: () => undefined, signal: new AbortController().signal }).catch((error: Error) => error);
    expect((worker as Error).message).toMatch(/^cannot connect to Redis at .*: connection refused/);

    // the commands refuse to start without the secret, before any work
    for (const args of [['worker', '--queue', url(1)], ['sweep', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--queue', url(1), '--out', 'never']]) {
      const io = captureIO({ env: {}, cwd: fixtureDir({}) });
      expect(await runCli(args, io)).toBe(2);
      expect(io.err).toMatch(/^dynaq: DYNAQ_QUEUE_SECRET is not set: set DYNAQ_QUEUE_SECRET to the same secret .* for the sweep and every worker/);
      expect(io.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a process busy for longer than the timeout has not lost Redis: silence counts from a ping sent', async () => {
    const link = (await RedisLink.connect(parseRedisUrl(url(1)), { timeoutSeconds: 0.2 }))!;
    let lost: Error | null = null;
    link.onLost((error) => (lost = error));
    await sleep(250);
    const busyUntil = Date.now() + 700;
    while (Date.now() < busyUntil); // 3.5 timeouts of synchronous work, as a long step would be
    await sleep(400);
    expect(lost).toBeNull();
    link.close();
  });

  it('a worker refuses jobs pushed by hand (raw, unsigned, tampered, another secret) with one line each, runs none of their code, fails them for good', async () => {
    // code of the pusher's choice, as a job carries a strategy file; it says so when it runs
    const hostile = fileSource('hostile.js', `throw new Error('HOSTILE CODE RAN: secret=hunter2');\n`);
    const queue = queueOn(3);
    const worker = inProcessWorker(url(3));
    await worker.ready();
    const legit = plan(['SYN-TREND'])[0]!;
    const naming = { ...legit, strategy: hostile };
    const pushed: Record<string, unknown> = {
      raw: naming, // the old format: plain job data
      unsigned: { job: naming },
      tampered: { job: naming, sig: signJob(legit, SECRET).sig }, // a signed job with its strategy changed
      foreign: signJob(naming, 'someone-elses-secret-0123'),
    };
    for (const [name, data] of Object.entries(pushed)) await queue.add('job', data, { jobId: `hand-${name}`, attempts: 3 });
    for (const name of Object.keys(pushed)) await waitFor(`hand-${name} to fail`, async () => (await stateOf(queue, `hand-${name}`)) === 'failed');
    for (const name of Object.keys(pushed)) {
      const job = (await Job.fromId(queue, `hand-${name}`))!;
      expect(job.failedReason, name).toMatch(/^refused by the worker: (not a dynaq job|unsigned|its signature does not match its content)/);
      expect(job.attemptsMade, `${name}: failed for good, not retried`).toBe(1);
    }
    const refusals = worker.lines.filter((line) => line.startsWith('refused job '));
    expect(refusals.map((line) => line.split(':')[0])).toEqual(['refused job hand-raw', 'refused job hand-unsigned', 'refused job hand-tampered', 'refused job hand-foreign']);
    expect(refusals.every((line) => !line.includes('\n'))).toBe(true);
    expect(worker.lines.join('\n'), 'none of the refused jobs ran its code').not.toContain('HOSTILE CODE RAN');

    // the same job signed with the secret does run (the test would see its code run); what its
    // error says stays in the worker's log, the reason sent back through Redis does not carry it
    await queue.add('job', signJob(naming, SECRET), { jobId: naming.id });
    await waitFor('the signed job', async () => (await stateOf(queue, naming.id)) === 'failed');
    expect(worker.lines.some((line) => line.includes('HOSTILE CODE RAN: secret=hunter2'))).toBe(true);
    expect((await Job.fromId(queue, naming.id))!.failedReason).toBe("--strategy hostile.js: cannot load it (the details are in the worker's log)");
    await worker.stop();
  });

  it('fails a job whose worker sees other data, with a clear error (deterministic: the state is read before the job)', async () => {
    const worker = inProcessWorker(url(4));
    await worker.ready();
    const job = { ...plan(['SYN-TREND'])[0]!, dataHashes: { 'SYN-TREND': 'f'.repeat(64) } };
    const failures = await runQueued([job], { url: url(4), secret: SECRET, onResult: () => undefined, pollMilliseconds: 200 });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toMatch(/this worker's SYN-TREND\.csv in .* has sha256 [0-9a-f]{12}, the sweep planned with ffffffffffff; give every worker the same data/);
    await worker.stop();
  });

  it('refuses a result that no worker holding the secret signed, and runs the job again when asked again', async () => {
    const rogue = new Worker(QUEUE_NAME, async (job) => ({ result: { ...(job.data as { job: JobSpec }).job, forged: true }, sig: '0'.repeat(64) }), { connection: connection(5) });
    const results: unknown[] = [];
    const failures = await runQueued(plan(['SYN-TREND']), { url: url(5), secret: SECRET, onResult: (result) => results.push(result), pollMilliseconds: 200 });
    await rogue.close();
    expect(results).toEqual([]);
    expect(failures).toEqual([{ id: plan(['SYN-TREND'])[0]!.id, error: "result refused: the result's signature does not match (not from a worker holding this DYNAQ_QUEUE_SECRET)" }]);

    // the sweep run again has the job run again (it does not take the forged result from Redis)
    const worker = inProcessWorker(url(5));
    const again = await runQueued(plan(['SYN-TREND']), { url: url(5), secret: SECRET, onResult: (result) => results.push(result), pollMilliseconds: 200 });
    await worker.stop();
    expect(again).toEqual([]);
    expect(results).toMatchObject([{ id: plan(['SYN-TREND'])[0]!.id, symbol: 'SYN-TREND' }]);
  });

  it('an edited strategy file between two queue sweeps into one --out: its jobs run again, on the new code (no stale result, no stale copy)', async () => {
    const dir = fixtureDir({});
    const file = join(dir, 'edit.mjs');
    const worker = inProcessWorker(url(8));
    await worker.ready();
    const sweep = async () => {
      const io = captureIO({ cwd: dir, env: ENV });
      const code = await runCli(['sweep', '--strategy', 'edit.mjs', '--symbols', 'SYN-TREND,SYN-MEANREV', '--data-dir', SAMPLE_DATA, '--no-png', '--queue', url(8), '--out', 'edited'], io);
      expect(code, io.err).toBe(0);
      const lines = readFileSync(join(dir, 'edited', 'results.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; outOfSample: { strategy: { orders: number } } });
      return { io, lines };
    };
    writeFileSync(file, "export default { name: 'edit', decide: () => 'long' };\n");
    const first = await sweep();
    expect(first.lines.map((line) => line.outOfSample.strategy.orders)).toEqual([1, 1]);
    writeFileSync(file, "export default { name: 'edit', decide: () => 'flat' };\n");
    const edited = await sweep();
    await worker.stop();
    expect(edited.io.err).toMatch(/2 earlier result\(s\) .* came from other inputs .* kept in results\.superseded\.jsonl and their jobs were run again/);
    // new ids (the code is part of the job's content), and the worker ran the edited code
    expect(edited.lines.map((line) => line.id).some((id) => first.lines.some((old) => old.id === id))).toBe(false);
    expect(edited.lines.map((line) => line.outOfSample.strategy.orders)).toEqual([0, 0]);
  }, 120_000);

  // Tests of whole processes. (Run at the same time, their ten start-ups on two cores took longer
  // than running them one after another.)
  describe('processes', () => {
    let localResults = '';
    beforeAll(async () => {
      // the reference for the two-worker sweep: the same jobs run here (before the children start)
      const dir = fixtureDir({});
      const local = captureIO({ cwd: dir });
      expect(await runCli(['sweep', ...ARGS, '--jobs', '1', '--out', 'local'], local), local.err).toBe(0);
      localResults = readFileSync(join(dir, 'local', 'results.jsonl'), 'utf8');
    });

    it('`sweep --queue` and `worker` with Redis stopped: exit 1 within 15 s with one line', async () => {
      const closed = await freePort();
      const dir = fixtureDir({});
      const started = Date.now();
      const sweep = dynaq(['sweep', '--symbols', 'SYN-TREND', '--data-dir', SAMPLE_DATA, '--queue', `redis://127.0.0.1:${closed}`, '--out', join(dir, 'out')]);
      const worker = dynaq(['worker', '--queue', `redis://127.0.0.1:${closed}`]);
      for (const run of [sweep, worker]) {
        const { code, at } = await run.exited;
        expect(code).toBe(1);
        expect((at - started) / 1000).toBeLessThan(15);
        expect(run.err()).toBe(`dynaq: cannot connect to Redis at redis://127.0.0.1:${closed}: connection refused; is redis-server running there?\n`);
      }
    });

    it('completes with a worker SIGKILLed while it holds a job: every job exactly once, results equal to the local run', async () => {
      const dir = fixtureDir({});
      const queued = captureIO({ cwd: dir, env: ENV });
      const sweeping = runCli(['sweep', ...ARGS, '--queue', url(6), '--out', 'queued'], queued);
      // one worker alone, killed as soon as it has finished a job: it then holds the next one
      // (BullMQ completes a job and takes the next in one step)
      const doomed = dynaq(['worker', '--queue', url(6), '--lock-seconds', '2']);
      await waitFor('the first worker to finish a job', () => doomed.err().includes('done '), 30_000);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      expect(await queueOn(6).getActiveCount(), 'the killed worker held a job').toBeGreaterThan(0);
      // the other worker takes the dead one's job once its lock has expired, and all the rest
      const survivor = dynaq(['worker', '--queue', url(6), '--lock-seconds', '2']);
      const code = await sweeping;
      expect(code, queued.err).toBe(0);
      expect(survivor.err()).toMatch(/done /);

      const text = readFileSync(join(dir, 'queued', 'results.jsonl'), 'utf8');
      const ids = text.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size, 'each job exactly once').toBe(12);
      expect(withoutTimings(text)).toEqual(withoutTimings(localResults));
      survivor.child.kill('SIGTERM');
      expect((await survivor.exited).code).toBe(0);
    });

    it('SIGTERM: a worker hands its running job back at once (long before its lock expires) and exits 0', async () => {
      const queue = queueOn(7);
      const worker = dynaq(['worker', '--queue', url(7), '--lock-seconds', '60']);
      await waitFor('the worker', () => worker.err().includes('worker ready'));
      const job = plan(['SYN-TREND'], fileSource('slow.js', SLOW_CODE))[0]!;
      await queue.add('job', signJob(job, SECRET), { jobId: job.id });
      await waitFor('the job to start', async () => (await stateOf(queue, job.id)) === 'active');
      await sleep(300);
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      const { code, at } = await worker.exited;
      expect(code).toBe(0);
      expect((at - signalled) / 1000).toBeLessThan(5);
      expect(await stateOf(queue, job.id), 'back in the queue for another worker').toBe('waiting');
      expect(worker.err()).toContain(`handed job ${job.id} back to the queue`);
    });

    it('SIGTERM ends a queue sweep within 5 s, exit 143, results.jsonl holding whole lines only', async () => {
      const dir = fixtureDir({});
      const worker = dynaq(['worker', '--queue', url(8)]);
      const sweep = dynaq(['sweep', ...ARGS, '--queue', url(8), '--out', join(dir, 'out')]);
      const results = join(dir, 'out', 'results.jsonl');
      await waitFor('a first result', () => existsSync(results) && readFileSync(results, 'utf8').length > 0, 30_000);
      const signalled = Date.now();
      sweep.child.kill('SIGTERM');
      const { code, at } = await sweep.exited;
      worker.child.kill('SIGTERM');
      expect(code).toBe(143);
      expect((at - signalled) / 1000).toBeLessThan(5);
      expect(sweep.err()).toMatch(/^dynaq: interrupted: \d+ of 12 jobs are in .*results\.jsonl; run the same command again to finish the rest\.\n$/);
      const text = readFileSync(results, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.trim().split('\n')) expect((JSON.parse(line) as { id: string }).id).toMatch(/^[0-9a-f]{24}$/);
      expect((await worker.exited).code).toBe(0);
    });

    it('Redis dying mid-sweep: the sweep and a worker in the middle of a job each stop with one line, exit 1', async () => {
      const dir = fixtureDir({ 'slow.cjs': SLOW_CODE });
      const doomed = await startRedis();
      const target = `redis://127.0.0.1:${doomed.port}`;
      const worker = dynaq(['worker', '--queue', target, '--connect-timeout', '1']);
      const sweep = dynaq(['sweep', '--symbols', 'SYN-TREND,SYN-MOMENTUM', '--strategy', join(dir, 'slow.cjs'), '--data-dir', SAMPLE_DATA, '--queue', target, '--connect-timeout', '1', '--out', join(dir, 'out')]);
      const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: doomed.port } });
      await waitFor('a job to start', async () => (await queue.getActiveCount()) > 0, 30_000);
      await queue.close();
      const killed = Date.now();
      doomed.child.kill('SIGKILL');
      for (const run of [sweep, worker]) {
        const { code, at } = await run.exited;
        expect(code).toBe(1);
        expect((at - killed) / 1000).toBeLessThan(8);
        expect(run.err().trim().split('\n').at(-1)).toMatch(new RegExp(`^dynaq: lost the connection to Redis at redis://127\\.0\\.0\\.1:${doomed.port} \\(no answer for 1 s\\): connection refused`));
      }
      expect(sweep.err().trim().split('\n')).toHaveLength(1);
    });

    const canTls = spawnSync('openssl', ['version']).status === 0;
    it.skipIf(!canTls)('rediss:// speaks TLS: an unknown certificate is one line; with its CA in NODE_EXTRA_CA_CERTS a worker connects', async () => {
      const dir = fixtureDir({});
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
      expect(made.status, made.stderr.toString()).toBe(0);
      const tls = await startRedis(['--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-auth-clients', 'no'], true);
      const error = await runQueued(plan(['SYN-TREND']), { url: `rediss://localhost:${tls.port}`, secret: SECRET, onResult: () => undefined }).catch((caught: Error) => caught);
      expect((error as Error).message).toMatch(new RegExp(`^cannot connect to Redis at rediss://localhost:${tls.port}: TLS: self-signed certificate`));
      const worker = dynaq(['worker', '--queue', `rediss://localhost:${tls.port}`], { ...ENV, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
      await waitFor('the worker over TLS', () => worker.err().includes('worker ready on rediss://localhost'));
      worker.child.kill('SIGINT');
      expect((await worker.exited).code).toBe(0);
    });
  });
});
