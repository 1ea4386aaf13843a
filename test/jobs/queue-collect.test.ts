import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { collectOutcomes, type Outcome, type OutcomeSource } from '../../src/jobs/queue.js';

/**
 * A queue whose answers the test hands out: each outcome() call waits until the test settles it,
 * so the test decides in which order an event and a poll for the same job are seen.
 */
class ScriptedQueue implements OutcomeSource {
  readonly calls: { id: string; answer: (outcome: Outcome | null) => void }[] = [];
  private listener: ((id: string) => void) | null = null;
  listeners = 0;
  inFlight = new Map<string, number>();
  maxInFlight = 0;

  outcome(id: string): Promise<Outcome | null> {
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.get(id)!);
    return new Promise((resolve) => {
      this.calls.push({
        id,
        answer: (outcome) => {
          this.inFlight.set(id, this.inFlight.get(id)! - 1);
          resolve(outcome);
        },
      });
    });
  }

  onFinished(listener: (id: string) => void): void {
    this.listeners++;
    this.listener = listener;
  }

  /** The queue's event that the job finished. */
  finish(id: string): void {
    this.listener?.(id);
  }

  /** Waits until the collector has asked for `count` outcomes in all. */
  async asked(count: number): Promise<void> {
    for (let i = 0; i < 2000 && this.calls.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(this.calls.length).toBeGreaterThanOrEqual(count);
  }
}

const done = (value: unknown): Outcome => ({ state: 'completed', value });

describe('collectOutcomes: each job recorded exactly once, however events and polls interleave', () => {
  it('an event for a job while the poll is reading that job (the order that recorded it twice)', async () => {
    const queue = new ScriptedQueue();
    const recorded: string[] = [];
    const run = collectOutcomes(['a'], queue, { record: (id) => recorded.push(id), pollMilliseconds: 20 });
    await queue.asked(1); // a poll is reading 'a' ...
    queue.finish('a'); // ... when the event that 'a' finished arrives
    queue.finish('a'); // (events can repeat)
    await new Promise((resolve) => setTimeout(resolve, 5));
    // every read asked so far learns that 'a' completed, in the same moment
    for (const call of queue.calls) call.answer(done(1));
    await run;
    expect(recorded).toEqual(['a']);
    expect(queue.calls.map((call) => call.id)).toEqual(['a']); // the event did not start a second read
  });

  it('a poll coming due while an event-triggered read of the same job is in flight', async () => {
    const queue = new ScriptedQueue();
    const recorded: string[] = [];
    const run = collectOutcomes(['a'], queue, { record: (id) => recorded.push(id), pollMilliseconds: 5 });
    await queue.asked(1);
    queue.calls[0]!.answer(null); // first poll: not finished yet
    queue.finish('a'); // the event: read it now
    await queue.asked(2);
    await new Promise((resolve) => setTimeout(resolve, 30)); // several poll periods pass while that read hangs
    expect(queue.calls).toHaveLength(2);
    queue.calls[1]!.answer(done(1));
    await run;
    expect(recorded).toEqual(['a']);
    expect(queue.maxInFlight).toBe(1);
  });

  it('many jobs, events fired at random moments and repeated, answers in random order: one record per job', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = Array.from({ length: 40 }, (_, i) => `job${i}`);
    const queue = new ScriptedQueue();
    const finished = new Set<string>();
    const recorded: string[] = [];
    const run = collectOutcomes(ids, queue, { record: (id) => recorded.push(id), pollMilliseconds: 3 });
    let answered = 0;
    while (recorded.length < ids.length) {
      // finish some jobs and announce them (some twice, some never)
      for (const id of ids) {
        if (!finished.has(id) && random() < 0.1) {
          finished.add(id);
          if (random() < 0.8) queue.finish(id);
          if (random() < 0.3) queue.finish(id);
        }
      }
      const open = queue.calls.slice(answered);
      answered = queue.calls.length;
      for (const call of open.sort(() => random() - 0.5)) call.answer(finished.has(call.id) ? done(call.id) : null);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await run;
    expect([...recorded].sort()).toEqual([...ids].sort());
    expect(queue.maxInFlight).toBe(1);
  });

  it('an event alone ends the wait at once (no waiting for the next poll)', async () => {
    const queue = new ScriptedQueue();
    const run = collectOutcomes(['a'], queue, { record: () => undefined, pollMilliseconds: 60_000 });
    await queue.asked(1);
    queue.calls[0]!.answer(null);
    const started = Date.now();
    queue.finish('a');
    await queue.asked(2);
    queue.calls[1]!.answer(done(1));
    await run;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('no listener growth however many polls a long wait takes', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const queue = new ScriptedQueue();
    const stop = new AbortController();
    const guarded: number[] = [];
    const abortListeners: number[] = [];
    let waits = 0;
    const run = collectOutcomes(['a', 'b'], queue, {
      record: () => undefined,
      signal: stop.signal,
      pollMilliseconds: 1,
      link: { onLost: () => undefined },
      onWait: (count) => {
        guarded.push(count);
        abortListeners.push(getEventListeners(stop.signal, 'abort').length);
        if (++waits === 300) stop.abort();
      },
    });
    // answer every read "not finished" until the sweep is stopped
    while (waits < 300) {
      for (const call of queue.calls.splice(0)) call.answer(null);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await run;
    process.off('warning', onWarning);
    expect(waits).toBe(300);
    expect(Math.max(...abortListeners)).toBe(1);
    expect(Math.max(...guarded)).toBe(0);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    expect(queue.listeners).toBe(1);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('a signal ends it at once, even while a read hangs; a lost Redis ends it with its error', async () => {
    const queue = new ScriptedQueue();
    const stop = new AbortController();
    const run = collectOutcomes(['a'], queue, { record: () => undefined, signal: stop.signal });
    await queue.asked(1); // this read never answers
    stop.abort();
    await run;

    let lose: (error: UserError) => void = () => undefined;
    const lost = collectOutcomes(['a'], new ScriptedQueue(), { record: () => undefined, link: { onLost: (listener) => (lose = listener) } });
    lose(new UserError('lost the connection to Redis at redis://127.0.0.1:1 (no answer for 5 s): connection refused.'));
    await expect(lost).rejects.toThrow(/^lost the connection to Redis/);
  });
});
