import { createHmac, timingSafeEqual } from 'node:crypto';
import { printable, UserError } from '../errors.js';
import { canonicalJson } from '../values.js';

/**
 * What a queue job and its result carry, and how a worker and a sweep know that they come from
 * someone holding the shared secret: an HMAC-SHA256 over the canonical JSON (keys sorted) of the
 * whole job (every field it has, whatever its shape), and of the result with its job's id. Anyone
 * who can write to Redis can push a job; without the secret it cannot sign one, and a worker runs
 * nothing it cannot verify.
 */

export const SECRET_ENV = 'DYNAQ_QUEUE_SECRET';
const MIN_SECRET_LENGTH = 16;

/** The shared secret from the environment; without one (or a short one) the queue refuses to start. */
export function queueSecret(env: Readonly<Record<string, string | undefined>>): string {
  const secret = env[SECRET_ENV];
  const advice = `set ${SECRET_ENV} to the same secret of at least ${MIN_SECRET_LENGTH} characters for the sweep and every worker (e.g. export ${SECRET_ENV}=$(openssl rand -hex 32)); queue jobs are signed with it`;
  if (secret === undefined || secret === '') throw new UserError(`${SECRET_ENV} is not set: ${advice}.`, 2);
  if (secret.length < MIN_SECRET_LENGTH) throw new UserError(`${SECRET_ENV} is too short (${secret.length} characters): ${advice}.`, 2);
  return secret;
}

/** A job as it sits in Redis: the job itself and the signature over it. */
export interface SignedJob<T> {
  readonly job: T;
  readonly sig: string;
}

/** A finished job's result as it sits in Redis. */
export interface SignedResult<T> {
  readonly result: T;
  readonly sig: string;
}

// The purpose is part of what is signed, so a job's signature can never pass as a result's.
const hmac = (secret: string, purpose: string, body: unknown) => createHmac('sha256', secret).update(canonicalJson({ purpose, body })).digest('hex');

function sameSignature(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function signJob<T extends { readonly id: string }>(job: T, secret: string): SignedJob<T> {
  return { job, sig: hmac(secret, 'dynaq-job/1', job) };
}

export type Verified<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Checks a job taken from Redis: it must be `{ job, sig }` with a signature that matches the job's
 * content under this secret, and the job's own id must be the queue's id for it (a signed job
 * cannot be replayed under another id). The reason is one line for the worker's log.
 */
export function verifyJob<T extends { readonly id: string }>(data: unknown, queueId: string | undefined, secret: string): Verified<T> {
  if (!isRecord(data) || !isRecord(data.job)) return { ok: false, reason: 'not a dynaq job (no { job, sig } envelope); pushed by something else than dynaq sweep' };
  if (data.sig === undefined) return { ok: false, reason: `unsigned; only a sweep holding ${SECRET_ENV} can queue jobs` };
  if (!sameSignature(data.sig, hmac(secret, 'dynaq-job/1', data.job))) {
    return { ok: false, reason: `its signature does not match its content (changed after signing, or signed with another ${SECRET_ENV})` };
  }
  if (data.job.id !== queueId) return { ok: false, reason: `its content is signed for job ${printable(String(data.job.id), 40)}, not this one` };
  return { ok: true, value: data.job as unknown as T };
}

export function signResult<T>(result: T, jobId: string, secret: string): SignedResult<T> {
  return { result, sig: hmac(secret, 'dynaq-result/1', { jobId, result }) };
}

/** Checks a job's return value read back from Redis: signed by a worker with this secret, for this job. */
export function verifyResult<T extends { readonly id: string }>(value: unknown, jobId: string, secret: string): Verified<T> {
  if (!isRecord(value) || !isRecord(value.result)) return { ok: false, reason: 'the result is not a signed dynaq result' };
  if (!sameSignature(value.sig, hmac(secret, 'dynaq-result/1', { jobId, result: value.result }))) {
    return { ok: false, reason: `the result's signature does not match (not from a worker holding this ${SECRET_ENV})` };
  }
  if (value.result.id !== jobId) return { ok: false, reason: 'the result is for another job' };
  return { ok: true, value: value.result as unknown as T };
}

/** Longest failure reason a worker sends back through Redis. */
const REASON_LIMIT = 240;

/**
 * A failure reason as it may travel through Redis: its first line only, the detail that a
 * module's own error carries dropped (a syntax or load error can quote the file), quoted text
 * elided (a parser's message quotes what it read), control characters escaped, at most
 * REASON_LIMIT characters. The worker's own log keeps the whole line.
 */
export function safeReason(message: string): string {
  let text = (message.split(/\r?\n/, 1)[0] ?? '').trim();
  text = text.replace(/\b(cannot load it|failed (?:on \S+ )?in \w+\(\)):\s.*$/, "$1 (the details are in the worker's log)");
  text = text.replace(/(^|[\s([{=:,])(['"`])[^\n]*?\2(?=$|[\s)\]}.,;:!?])/g, '$1$2…$2');
  return printable(text, REASON_LIMIT);
}
