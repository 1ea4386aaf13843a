import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadWorld } from '../gridworld/load.js';
import { runRobotWorld } from '../gridworld/robot.js';
import { median, type Benchmark, type BenchResult } from './registry.js';
import { sharedDataDir } from './shared.js';

/** End-to-end time of the course's world01 run with dyna=200 (50 episodes), load included. */
export const world01Benchmark: Benchmark = {
  name: 'world01',
  description: 'world01 robot navigation, dyna=200, 50 episodes, end to end (course settings)',
  run(context): BenchResult {
    const data = sharedDataDir(context.repoRoot);
    const path = data === null ? null : join(data, 'worlds', 'world01.csv');
    if (path === null || !existsSync(path)) {
      return { metrics: {}, lines: ['world01: skipped, ../shared/data/worlds/world01.csv not found'], skipped: 'no ../shared/data' };
    }
    const repetitions = context.quick ? 1 : 5;
    const seconds: number[] = [];
    const result = runRobotWorld(loadWorld(path), { dyna: 200, seed: 0 }); // warm-up; its figures are reported
    for (let rep = 0; rep < repetitions; rep++) {
      const start = process.hrtime.bigint();
      runRobotWorld(loadWorld(path), { dyna: 200, seed: rep });
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const time = median(seconds);
    return {
      metrics: {
        world01Dyna200Seconds: time,
        world01Dyna200MedianReward: result.medianReward,
        world01Dyna200PlanningUpdates: result.planningUpdates,
      },
      lines: [
        `world01 dyna=200: ${time.toFixed(3)} s end to end (median of ${repetitions} runs, seeds 0..${repetitions - 1}; ` +
          `seed 0: ${result.realSteps} real steps, ${result.planningUpdates} planning updates, median reward ${result.medianReward})`,
      ],
    };
  },
};
