import { Redis, type RedisOptions } from 'ioredis';
import { printable, UserError } from '../errors.js';

/**
 * Where the queue lives: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. The
 * password is kept out of `shown`, which is what every message prints.
 */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  readonly tls: boolean;
  /** The URL as messages show it: a password is replaced by ***. */
  readonly shown: string;
}

const FORMAT = 'redis://[USER:PASSWORD@]HOST[:PORT][/DB] or rediss://... for TLS';

/** Parses a queue URL; anything else is a flag error naming the accepted forms (the password never echoed). */
export function parseRedisUrl(text: string, flag = '--queue'): RedisTarget {
  const bad = (why: string): never => {
    throw new UserError(`${flag} must be ${FORMAT}, got '${printable(hidePassword(text), 120)}'${why ? ` (${why})` : ''}.`, 2);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') bad(`the scheme is ${url.protocol.replace(/:$/, '')}`);
  if (url.hostname === '') bad('no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad('the port must be 1..65535');
  let db = 0;
  if (url.pathname !== '' && url.pathname !== '/') {
    if (!/^\/\d{1,5}$/.test(url.pathname)) bad('the path is a database number, e.g. /0');
    db = Number(url.pathname.slice(1));
  }
  if (url.search !== '' || url.hash !== '') bad('no ?query or #fragment');
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return bad('a %-escape in the user or password is broken');
    }
  };
  const username = url.username === '' ? undefined : decode(url.username);
  const password = url.password === '' ? undefined : decode(url.password);
  // an IPv6 host comes back in brackets, which the socket does not take
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const auth = username !== undefined || password !== undefined ? `${url.username}${password !== undefined ? ':***' : ''}@` : '';
  const shown = `${url.protocol}//${auth}${url.hostname}:${port}${db !== 0 ? `/${db}` : ''}`;
  return { host, port, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), db, tls: url.protocol === 'rediss:', shown };
}

/** The text with whatever stands between `//user:` and `@` replaced by ***, for messages about a URL that did not parse. */
function hidePassword(text: string): string {
  return text.replace(/^([a-z][\w+.-]*:\/\/[^/@:]*:)[^/@]*@/i, '$1***@');
}

/** ioredis options for a target: TLS for rediss:// (verified against Node's CAs plus NODE_EXTRA_CA_CERTS). */
export function redisOptions(target: RedisTarget, timeoutMs: number): RedisOptions {
  const isIp = /^[\d.]+$/.test(target.host) || target.host.includes(':');
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: isIp ? {} : { servername: target.host } } : {}),
    connectTimeout: timeoutMs,
    // how long a disconnect waits for the socket to close before destroying it (ioredis: 2 s, which kept a failed command alive that long)
    disconnectTimeout: 200,
  };
}

/** Disconnects a client unless it has ended (a disconnect then starts a timer that keeps the process alive). */
function disconnect(client: Redis): void {
  if (client.status !== 'end') client.disconnect();
}

/** Ends a message with a full stop unless it ends in one already. */
const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

/** Why a connection failed, in words (the server's own words for an error it sent). */
export function describeRedisError(error: unknown, target: RedisTarget, timeoutSeconds: number): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return 'connection refused; is redis-server running there?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return `no such host '${printable(target.host)}'`;
  if (code === 'ETIMEDOUT' || message === 'connect ETIMEDOUT') {
    return `no answer within ${timeoutSeconds} s${target.tls ? ' (does that port speak TLS?)' : ''}; is it reachable from here? (--connect-timeout changes the wait)`;
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the host is unreachable from here';
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the server closed the connection${target.tls ? ' (does that port speak TLS?)' : ' (does it want TLS? use rediss://)'}`;
  if (message.startsWith('WRONGPASS') || /invalid password|invalid username-password/i.test(message)) {
    return 'wrong user name or password';
  }
  if (message.startsWith('NOAUTH')) return 'it wants a password; give it in the URL: redis://:PASSWORD@HOST:PORT';
  if (/DB index is out of range/i.test(message)) return `it has no database ${target.db}`;
  if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || /certificate|SSL routines|TLS/i.test(message)) {
    return `TLS: ${printable(message, 120)} (a private CA's certificate goes in NODE_EXTRA_CA_CERTS)`;
  }
  return printable(message.split('\n')[0] ?? '', 160);
}

export interface RedisLinkOptions {
  /** How long to wait for Redis, at the start and whenever it stops answering. */
  readonly timeoutSeconds: number;
  /** Stops a connection attempt (SIGINT/SIGTERM); `connectRedis` then resolves with null. */
  readonly signal?: AbortSignal;
}

/**
 * A connection checked to answer, then watched: one small client of our own pings Redis every
 * half second. When Redis has not answered for longer than the timeout, `onLost` fires (once)
 * with the one-line reason, and the clients made with `options()` stop retrying so that they end
 * instead of reconnecting forever.
 */
export class RedisLink {
  private lastError: unknown = null;
  private readonly lostListeners: ((error: UserError) => void)[] = [];
  private lostError: UserError | null = null;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    readonly target: RedisTarget,
    private readonly timeoutSeconds: number,
    private readonly client: Redis,
  ) {
    client.on('error', (error: unknown) => {
      this.lastError = error;
    });
    const timeoutMs = timeoutSeconds * 1000;
    const beatMs = Math.min(500, Math.max(50, timeoutMs / 4));
    // Silence is measured from a ping sent, never from the last answer: a process busy for longer
    // than the timeout (a long synchronous step) has not lost Redis.
    let failingSince: number | null = null; // when the first of a run of failed pings was sent
    let inFlightSince: number | null = null; // when the ping still unanswered was sent
    const overdue = () => {
      const since = failingSince ?? inFlightSince;
      return since !== null && Date.now() - since > timeoutMs;
    };
    this.heartbeat = setInterval(() => {
      if (this.closed || this.lostError) return;
      if (overdue()) {
        // an answer may be waiting to be read (timers run before I/O after a busy spell): decide after it
        setImmediate(() => {
          if (!this.closed && overdue()) this.lose(this.lastError ?? Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));
        });
        return;
      }
      if (inFlightSince !== null) return;
      const sent = Date.now();
      inFlightSince = sent;
      client
        .ping()
        .then(
          () => {
            failingSince = null;
            this.lastError = null;
          },
          (error: unknown) => {
            failingSince ??= sent;
            // "Stream isn't writeable" while reconnecting says nothing: keep the socket's own error
            this.lastError ??= error;
          },
        )
        .finally(() => {
          inFlightSince = null;
        });
    }, beatMs);
    this.heartbeat.unref();
  }

  /**
   * Connects and checks that Redis answers (a PING, and SELECT of the URL's database), failing
   * with one line (the URL without its password and the reason) on refusal, a wrong or missing
   * password, a TLS problem, or no answer within the timeout. Null when `signal` stopped it.
   */
  static async connect(target: RedisTarget, options: RedisLinkOptions): Promise<RedisLink | null> {
    const timeoutMs = options.timeoutSeconds * 1000;
    let connected = false;
    const client = new Redis({
      ...redisOptions(target, timeoutMs),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // before the first answer a failure is final; afterwards the link keeps trying while the heartbeat decides
      retryStrategy: () => (connected ? 200 : null),
      commandTimeout: timeoutMs,
      connectionName: 'dynaq-heartbeat',
    });
    // The first error is the cause (WRONGPASS); later ones follow from it (NOAUTH for the SELECT).
    let firstError: unknown = null;
    const onError = (error: unknown) => {
      firstError ??= error;
    };
    client.on('error', onError);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<'timeout' | 'aborted'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      onAbort = () => resolve('aborted');
      if (options.signal?.aborted) resolve('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const check = async () => {
      await client.connect();
      await client.ping();
      if (target.db !== 0) await client.select(target.db);
      return 'ok' as const;
    };
    try {
      const outcome = await Promise.race([check(), stopped]);
      if (outcome === 'aborted') {
        disconnect(client);
        return null;
      }
      if (outcome === 'timeout') throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
      connected = true;
      client.removeListener('error', onError);
      return new RedisLink(target, options.timeoutSeconds, client);
    } catch (error) {
      disconnect(client);
      // "Connection is closed." says less than the socket or server error that closed it
      const reason = describeRedisError(firstError ?? error, target, options.timeoutSeconds);
      throw new UserError(sentence(`cannot connect to Redis at ${target.shown}: ${reason}`));
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Options for another client on the same Redis (BullMQ's): it retries until the link is lost or closed, then ends. */
  options(): RedisOptions {
    return {
      ...redisOptions(this.target, this.timeoutSeconds * 1000),
      maxRetriesPerRequest: null,
      retryStrategy: (times: number) => (this.closed || this.lostError ? null : Math.min(times * 100, 500)),
    };
  }

  /** The error when Redis has stopped answering, else null. */
  get lost(): UserError | null {
    return this.lostError;
  }

  /** Calls `listener` once when Redis has stopped answering for longer than the timeout. */
  onLost(listener: (error: UserError) => void): void {
    if (this.lostError) listener(this.lostError);
    else this.lostListeners.push(listener);
  }

  private lose(error: unknown): void {
    if (this.lostError) return;
    const reason = describeRedisError(error, this.target, this.timeoutSeconds);
    this.lostError = new UserError(sentence(`lost the connection to Redis at ${this.target.shown} (no answer for ${this.timeoutSeconds} s): ${reason}`));
    for (const listener of this.lostListeners.splice(0)) listener(this.lostError);
  }

  /** Stops the heartbeat and closes its client; the clients made with `options()` stop retrying. */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.lostListeners.length = 0;
    disconnect(this.client);
  }
}
