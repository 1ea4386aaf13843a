import { describe, expect, it } from 'vitest';
import { threadCpuSeconds } from '../../src/jobs/cpu.js';

describe('threadCpuSeconds', () => {
  it('counts the CPU time this thread spends, read after read from the one open file', () => {
    const before = threadCpuSeconds();
    const started = performance.now();
    let x = 0;
    while (performance.now() - started < 60) x += Math.sqrt(x + 1);
    const spun = threadCpuSeconds() - before;
    expect(x).toBeGreaterThan(0);
    // 60 ms of wall spinning: most of it on a core (a loaded machine takes some away), never more than the wall time
    expect(spun).toBeGreaterThan(0.005);
    expect(spun).toBeLessThan(0.2);
    // asleep, the thread runs no CPU
    const idle = threadCpuSeconds();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    expect(threadCpuSeconds() - idle).toBeLessThan(0.02);
  });
});
