import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { queueSecret, safeReason, signJob, signResult, verifyJob, verifyResult } from '../../src/jobs/queue-trust.js';

const SECRET = 'test-secret-0123456789';

/** A job of any shape: signing covers whatever fields it has (the job's format is being redesigned). */
const job = {
  id: 'c790902317892cb102409528',
  kind: 'backtest',
  symbol: 'SYN-TREND',
  seed: 1,
  params: { dyna: 200 },
  strategy: 'buy-and-hold',
  settings: { alpha: 0.2, gamma: 0.9 },
  windows: { train: { start: '2008-01-01', end: '2009-12-31' }, test: { start: '2010-01-01', end: '2011-12-31' } },
  dataDir: '/data/prices',
  dataHashes: { 'SYN-TREND': 'ab'.repeat(32) },
};

/** Every leaf of a JSON value, as a path and a changed copy with that leaf altered. */
function tamperings(value: unknown, path: string[] = []): { path: string; changed: unknown }[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      tamperings(inner, [...path, key]).map(({ path: where, changed }) => ({ path: where, changed: { ...(value as Record<string, unknown>), [key]: changed } })),
    );
  }
  const changed = typeof value === 'number' ? value + 1 : typeof value === 'string' ? `${value}x` : !value;
  return [{ path: path.join('.'), changed }];
}

describe('queue signing', () => {
  it('a signed job verifies after a trip through JSON, whatever the order of its keys', () => {
    const signed = JSON.parse(JSON.stringify(signJob(job, SECRET))) as { job: Record<string, unknown>; sig: string };
    expect(verifyJob(signed, job.id, SECRET)).toEqual({ ok: true, value: job });
    const reordered = { sig: signed.sig, job: Object.fromEntries(Object.entries(signed.job).reverse()) };
    expect(verifyJob(reordered, job.id, SECRET).ok).toBe(true);
  });

  it('refuses a job with any field changed after signing, an unsigned job, another secret, another id, and non-jobs', () => {
    const signed = signJob(job, SECRET);
    const changes = tamperings(job);
    expect(changes.length).toBeGreaterThan(12);
    for (const { path, changed } of changes) {
      const verdict = verifyJob({ job: changed, sig: signed.sig }, job.id, SECRET);
      expect(verdict.ok, path).toBe(false);
      if (path !== 'id') expect(verdict, path).toMatchObject({ reason: expect.stringMatching(/signature does not match its content/) });
    }
    // a field added (e.g. a module path for the worker to import) is a change too
    expect(verifyJob({ job: { ...job, module: '/tmp/evil.mjs' }, sig: signed.sig }, job.id, SECRET).ok).toBe(false);
    expect(verifyJob({ job }, job.id, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/^unsigned/) });
    expect(verifyJob(job, job.id, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a dynaq job/) });
    expect(verifyJob('{"job":{}}', job.id, SECRET).ok).toBe(false);
    expect(verifyJob({ job, sig: 'zz' }, job.id, SECRET).ok).toBe(false);
    expect(verifyJob(signJob(job, 'another-secret-0123456789'), job.id, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/another DYNAQ_QUEUE_SECRET/) });
    expect(verifyJob(signed, 'other-id', SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/signed for job c790902317892cb102409528, not this one/) });
  });

  it("results are signed for their job; a job's signature does not pass as a result's", () => {
    const result = { id: job.id, symbol: 'SYN-TREND', outOfSample: { strategy: { cumulativeReturn: 0.25 } } };
    const signed = JSON.parse(JSON.stringify(signResult(result, job.id, SECRET))) as { result: typeof result; sig: string };
    expect(verifyResult(signed, job.id, SECRET)).toEqual({ ok: true, value: result });
    expect(verifyResult({ ...signed, result: { ...result, outOfSample: { strategy: { cumulativeReturn: 9 } } } }, job.id, SECRET).ok).toBe(false);
    expect(verifyResult(signed, 'other-id', SECRET).ok).toBe(false);
    expect(verifyResult(result, job.id, SECRET).ok).toBe(false);
    expect(verifyResult({ result, sig: signJob(job, SECRET).sig }, job.id, SECRET).ok).toBe(false);
  });

  it('the secret comes from DYNAQ_QUEUE_SECRET; missing or short, one line saying to set it', () => {
    expect(queueSecret({ DYNAQ_QUEUE_SECRET: SECRET })).toBe(SECRET);
    for (const env of [{}, { DYNAQ_QUEUE_SECRET: '' }, { DYNAQ_QUEUE_SECRET: 'short' }]) {
      let error: unknown;
      try {
        queueSecret(env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/^DYNAQ_QUEUE_SECRET is (not set|too short \(5 characters\)): set DYNAQ_QUEUE_SECRET to the same secret/);
      expect((error as UserError).message).not.toContain('\n');
      expect((error as UserError).exitCode).toBe(2);
    }
  });
});

describe('safeReason: what a failure may carry back through Redis', () => {
  it('keeps a plain one-line reason as it is', () => {
    const reason = "job 1 (SYN-TREND): this worker's SYN-TREND.csv in /data has sha256 0123456789ab, the sweep planned with ffffffffffff; give every worker the same data.";
    expect(safeReason(reason)).toBe(reason);
  });

  it('drops what a file could have put in the message: later lines, quoted text, a module error, control characters, length', () => {
    expect(safeReason('first line\nroot:x:0:0:root:/root:/bin/bash')).toBe('first line');
    expect(safeReason("/data/X.csv line 1: missing required column 'Date' (header is 'root:x:0:0:root')")).toBe("/data/X.csv line 1: missing required column '…' (header is '…')");
    expect(safeReason('--strategy /srv/s.mjs: cannot load it: Unexpected identifier hunter2')).toBe("--strategy /srv/s.mjs: cannot load it (the details are in the worker's log)");
    expect(safeReason("strategy 'x' failed on 2010-01-04 in decide(): the password is hunter2")).toBe("strategy '…' failed on 2010-01-04 in decide() (the details are in the worker's log)");
    expect(safeReason('bell\u0007 and escape\u001b[31m')).toBe('bell\\x07 and escape\\x1b[31m');
    expect(safeReason('x'.repeat(10_000)).length).toBeLessThanOrEqual(243);
  });
});
