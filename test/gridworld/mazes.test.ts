import { describe, expect, it } from 'vitest';
import { QLearner } from '../../src/learner/index.js';
import { dynaMaze, dynaMazeExperiment, greedyPathLength, shortcutExperiment } from '../../src/gridworld/index.js';

describe('Dyna Maze (Sutton & Barto Example 8.1, Figure 8.2)', () => {
  it('has the book layout: 6 x 9, 7 wall cells, start (2,0), goal (0,8)', () => {
    const maze = dynaMaze();
    expect([maze.rows, maze.cols, maze.start, maze.goal]).toEqual([6, 9, 18, 8]);
    expect(Array.from(maze.cells).filter((c) => c === 1)).toHaveLength(7);
  });

  const [plain, small, large] = dynaMazeExperiment([0, 5, 50], 10, 20);

  it('n = 50 walks a near-shortest path within a few episodes', () => {
    // epsilon 0.1 keeps the mean above 14; the book's curve sits at ~15-17 from episode 3
    for (let e = 2; e < 20; e++) expect(large.meanSteps[e], `episode ${e + 1}`).toBeLessThan(20);
    expect(large.shortestPathShare.slice(2, 5).some((share) => share >= 0.5), 'greedy path of 14 steps by episode 5').toBe(true);
  });

  it('n = 0 takes far longer, n = 5 is in between', () => {
    expect(plain.meanSteps[4]).toBeGreaterThan(5 * large.meanSteps[4]);
    expect(small.meanSteps[4]).toBeLessThan(plain.meanSteps[4]);
    expect(small.meanSteps[4]).toBeGreaterThan(large.meanSteps[4]);
  });

  it('Dyna-Q with planning needs far fewer real steps than plain Q-learning', () => {
    // the first episode is a random walk for everyone (nothing to plan with yet): compare the rest
    expect(large.meanSteps[0]).toBeGreaterThan(100);
    const afterFirst = (c: { meanSteps: number[] }) => c.meanSteps.slice(1).reduce((x, y) => x + y, 0);
    expect(afterFirst(large)).toBeLessThan(afterFirst(plain) / 5);
  });

  it('the greedy path found by planning is exactly 14 steps long', () => {
    expect(large.shortestPathShare[19]).toBeGreaterThanOrEqual(0.5);
    // an untrained learner's greedy policy (all north) never arrives
    expect(greedyPathLength(dynaMaze(), new QLearner({ numStates: 54, numActions: 4 }))).toBe(-1);
  });
});

describe('shortcut maze (Example 8.3, Figure 8.5)', () => {
  it('Dyna-Q+ finds the shortcut that opens at step 3000 and plain Dyna-Q does not', () => {
    const [dynaQ, dynaQPlus] = shortcutExperiment([0, 1e-3], 5);
    expect(dynaQ.usesShortcutShare).toBeLessThanOrEqual(0.2);
    expect(dynaQPlus.usesShortcutShare).toBeGreaterThanOrEqual(0.6);
    const last = dynaQ.cumulativeReward.length - 1;
    expect(dynaQPlus.cumulativeReward[last]).toBeGreaterThan(dynaQ.cumulativeReward[last]);
  });
});
