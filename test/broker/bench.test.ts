import { describe, expect, it } from 'vitest';
import { brokerBenchmark } from '../../src/bench/broker.js';

// Not a timing assertion: only that the benchmark runs and reports finite, named figures.
describe('broker benchmark', () => {
  it('runs in quick mode and reports steps per second', async () => {
    const result = await brokerBenchmark.run({ repoRoot: process.cwd(), quick: true });
    expect(result.skipped).toBeUndefined();
    expect(Number.isFinite(result.metrics.brokerStepsPerSecond)).toBe(true);
    expect(result.metrics.brokerStepsPerSecond).toBeGreaterThan(0);
    expect(result.lines[0]).toMatch(/^broker: .* steps\/s/);
  });
});
