import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobResult } from '../../src/jobs/job.js';
import { JOB_ORDER_WAIT, JobOrder, openResults, RESULTS_FILE } from '../../src/jobs/sweep.js';
import { fixtureDir } from '../helpers/fixtures.js';

/** A result with only what the appender writes out (it writes whatever it is given, as one line). */
const result = (id: string) => ({ id, symbol: 'X', seed: 1 }) as unknown as JobResult;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('results.jsonl appender', () => {
  it('writes the lines of one turn of the event loop together at its end, whole and in order, and the rest at close', async () => {
    const dir = fixtureDir({});
    const file = join(dir, RESULTS_FILE);
    const appender = openResults(dir);
    const lines = ['a', 'b', 'c'].map((id) => appender.append(result(id)));
    expect(lines[1]).toBe('{"id":"b","symbol":"X","seed":1}\n');
    await turn();
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    const later = appender.append(result('d'));
    appender.close();
    expect(readFileSync(file, 'utf8')).toBe([...lines, later].join(''));
  });

  it('writes at once when a megabyte is waiting', () => {
    const dir = fixtureDir({});
    const appender = openResults(dir);
    const big = 'x'.repeat(300_000);
    for (let i = 0; i < 4; i++) appender.append(result(`${i}${big}`));
    // still in the same turn: the fourth line passed the megabyte
    expect(readFileSync(join(dir, RESULTS_FILE), 'utf8').split('\n')).toHaveLength(5);
    appender.close();
  });

  it('a write that fails is one line naming the file, at the next append or at close', async () => {
    const dir = fixtureDir({});
    mkdirSync(join(dir, RESULTS_FILE)); // a folder where the file should be: EISDIR, as root too
    const appender = openResults(dir);
    appender.append(result('a'));
    await turn();
    const named = new RegExp(`cannot write ${join(dir, RESULTS_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*\\(EISDIR\\)`);
    expect(() => appender.append(result('b'))).toThrow(named);
    expect(() => appender.close()).toThrow(named);
  });
});

describe('JobOrder', () => {
  it('hands results on in job order: a later one waits for every earlier job to finish or fail', () => {
    const written: string[] = [];
    const order = new JobOrder(['a', 'b', 'c', 'd', 'e'], (r) => written.push(r.id));
    order.done(result('c'));
    order.done(result('b'));
    expect(written).toEqual([]);
    order.done(result('a'));
    expect(written).toEqual(['a', 'b', 'c']);
    order.done(result('e'));
    order.done(result('c')); // a retried job that landed twice
    expect(written).toEqual(['a', 'b', 'c']);
    order.failed('d');
    expect(written).toEqual(['a', 'b', 'c', 'e']);
    expect(order.outOfOrder).toBe(false);
  });

  it('flushes what waits behind an unfinished job, in order, and says the file is then out of order', () => {
    const written: string[] = [];
    const order = new JobOrder(['a', 'b', 'c', 'd'], (r) => written.push(r.id));
    order.done(result('d'));
    order.done(result('b'));
    order.flush();
    expect(written).toEqual(['b', 'd']);
    expect(order.outOfOrder).toBe(true);
  });
});

describe('JobOrder under a slow job', () => {
  it(`holds at most ${JOB_ORDER_WAIT} results back: past that they go out as they are, and the file is marked out of order`, () => {
    const ids = Array.from({ length: JOB_ORDER_WAIT + 10 }, (_, i) => `j${i}`);
    const written: string[] = [];
    const order = new JobOrder(ids, (r) => written.push(r.id));
    for (const id of ids.slice(1, JOB_ORDER_WAIT + 1)) order.done(result(id));
    expect(written).toEqual([]);
    order.done(result(ids[JOB_ORDER_WAIT + 1]!));
    expect(written).toHaveLength(JOB_ORDER_WAIT + 1);
    expect(order.outOfOrder).toBe(true);
  });
});
