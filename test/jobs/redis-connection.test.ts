import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { describeRedisError, parseRedisUrl, redisOptions } from '../../src/jobs/redis-connection.js';

const target = parseRedisUrl('redis://127.0.0.1:6379');

describe('parseRedisUrl', () => {
  it('reads host, port, database, user and password; shows the URL without the password', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, db: 0, tls: false, shown: 'redis://127.0.0.1:6380' });
    expect(parseRedisUrl('redis://queue.example')).toMatchObject({ host: 'queue.example', port: 6379, db: 0 });
    expect(parseRedisUrl('redis://:p%40ss@queue.example/3')).toEqual({ host: 'queue.example', port: 6379, password: 'p@ss', db: 3, tls: false, shown: 'redis://:***@queue.example:6379/3' });
    expect(parseRedisUrl('redis://bob:hunter2@queue.example:7000/0')).toEqual({
      host: 'queue.example', port: 7000, username: 'bob', password: 'hunter2', db: 0, tls: false, shown: 'redis://bob:***@queue.example:7000',
    });
    expect(parseRedisUrl('redis://[::1]:7001')).toMatchObject({ host: '::1', port: 7001, shown: 'redis://[::1]:7001' });
  });

  it('rediss:// is TLS, checked against the host name', () => {
    const tls = parseRedisUrl('rediss://:pw@queue.example:6380');
    expect(tls).toMatchObject({ tls: true, shown: 'rediss://:***@queue.example:6380' });
    expect(redisOptions(tls, 5000)).toMatchObject({ host: 'queue.example', port: 6380, password: 'pw', tls: { servername: 'queue.example' }, connectTimeout: 5000 });
    expect(redisOptions(parseRedisUrl('rediss://127.0.0.1'), 1000).tls).toEqual({});
    expect(redisOptions(target, 1000).tls).toBeUndefined();
  });

  it('anything else is a flag error naming the accepted forms, without echoing a password', () => {
    for (const [text, why] of [
      ['127.0.0.1:6379', /must be redis:\/\/\[USER:PASSWORD@\]HOST\[:PORT\]\[\/DB\] or rediss:/],
      ['http://127.0.0.1:6379', /the scheme is http/],
      ['redis://:hunter2@host:6379/abc', /the path is a database number/],
      ['redis://host:6379?db=1', /no \?query/],
      ['redis://host:0', /the port must be 1\.\.65535/],
      ['redis://bob:hunter2@host:99999', /must be redis:/],
    ] as const) {
      let error: unknown;
      try {
        parseRedisUrl(text);
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(UserError);
      const { message, exitCode } = error as UserError;
      expect(message, text).toMatch(/^--queue /);
      expect(message, text).toMatch(why);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('\n');
      expect(exitCode).toBe(2);
    }
  });
});

describe('describeRedisError', () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  it("says why in the user's words", () => {
    expect(describeRedisError(err('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'), target, 5)).toMatch(/^connection refused/);
    expect(describeRedisError(err('WRONGPASS invalid username-password pair or user is disabled.'), target, 5)).toBe('wrong user name or password');
    expect(describeRedisError(err('NOAUTH Authentication required.'), target, 5)).toMatch(/wants a password; give it in the URL: redis:\/\/:PASSWORD@HOST:PORT/);
    expect(describeRedisError(err('connect ETIMEDOUT', 'ETIMEDOUT'), target, 2)).toMatch(/^no answer within 2 s/);
    expect(describeRedisError(err('getaddrinfo ENOTFOUND nohost', 'ENOTFOUND'), parseRedisUrl('redis://nohost'), 5)).toBe("no such host 'nohost'");
    expect(describeRedisError(err('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), target, 5)).toMatch(/^TLS: self-signed certificate .*NODE_EXTRA_CA_CERTS/);
    expect(describeRedisError(err('ERR DB index is out of range'), parseRedisUrl('redis://h/99'), 5)).toBe('it has no database 99');
  });
});
