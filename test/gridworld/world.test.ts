import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { greedyPathLength, parseWorld, ROBOT_RULES, runEpisodes, runRobotWorld } from '../../src/gridworld/index.js';
import { QLearner } from '../../src/learner/index.js';
import { Rng } from '../../src/learner/rng.js';

const NO_SLIP = { ...ROBOT_RULES, slipProbability: 0 };
// 3 x 4: start (2,0), goal (0,3), obstacle (1,1), quicksand (2,2)
const SMALL = '0,0,0,3\n0,1,0,0\n2,0,5,0\n';

describe('world files', () => {
  it('parses cells, start and goal; state = row * cols + col', () => {
    const world = parseWorld(SMALL, 'small.csv');
    expect([world.rows, world.cols, world.start, world.goal]).toEqual([3, 4, 8, 3]);
    expect(world.state(2, 0)).toBe(8);
  });

  it.each([
    ['0,0,4\n2,0,3\n', /bad\.csv:1: field 3 must be one of 0 \(empty\).*got '4'/],
    ['0,0,0\n2,0\n3,0,0\n', /bad\.csv:2: expected 3 fields like the first row, got 2/],
    ['0,0,0\n2,0,0\n', /bad\.csv: no goal cell \(3\)/],
    ['2,0,3\n2,0,0\n', /bad\.csv:2: field 1 is a second start/],
    ['2,x,3\n', /bad\.csv:1: field 2 must be one of/],
    ['', /bad\.csv: the world file is empty/],
  ])('rejects %j with a message naming line and field', (text, message) => {
    expect(() => parseWorld(text, 'bad.csv')).toThrow(UserError);
    expect(() => parseWorld(text, 'bad.csv')).toThrow(message);
  });

  it('accepts CRLF line endings', () => {
    expect(parseWorld(SMALL.replace(/\n/g, '\r\n'), 'crlf.csv').goal).toBe(3);
  });
});

describe('robot rules', () => {
  const rng = new Rng(0);
  it('an obstacle or the edge leaves the robot in place at -1', () => {
    const world = parseWorld(SMALL, 'small.csv', NO_SLIP);
    expect(world.step(8, 3, rng)).toBe(8); // west off the grid
    expect(world.reward).toBe(-1);
    expect(world.step(5 + 4, 0, rng)).toBe(9); // (2,1) north into the obstacle (1,1)
    expect(world.reward).toBe(-1);
  });

  it('quicksand costs -100 and the robot stands on it; the goal gives +1', () => {
    const world = parseWorld(SMALL, 'small.csv', NO_SLIP);
    expect(world.step(9, 1, rng)).toBe(10);
    expect(world.reward).toBe(-100);
    expect(world.step(7, 0, rng)).toBe(3);
    expect(world.reward).toBe(1);
    expect(world.step(4, 1, rng)).toBe(4); // (1,0) east into the obstacle
  });

  it('with probability 0.2 the robot moves in a uniformly random direction', () => {
    const world = parseWorld('0,0,0\n0,2,0\n0,0,3\n', 'open.csv');
    const slipRng = new Rng(17);
    const n = 40_000;
    let notNorth = 0;
    for (let i = 0; i < n; i++) if (world.step(4, 0, slipRng) !== 1) notNorth++;
    // a random direction differs from north 3 times in 4: 0.2 * 0.75 = 0.15; sd ~0.0018
    expect(notNorth / n).toBeGreaterThan(0.14);
    expect(notNorth / n).toBeLessThan(0.16);
  });
});

describe('episodes', () => {
  it('end on the goal and score the sum of step rewards', () => {
    const world = parseWorld('2,0,3\n', 'line.csv', NO_SLIP);
    const learner = new QLearner({ numStates: 3, numActions: 4, rar: 0, alpha: 1, gamma: 0.9 });
    const log = runEpisodes(world, learner, 30, new Rng(1));
    // the learned path is east, east: -1 then +1
    expect(log.episodeSteps[29]).toBe(2);
    expect(log.episodeRewards[29]).toBe(0);
    expect(greedyPathLength(world, learner)).toBe(2);
    // Q of the goal state is never updated: the learner is not told about terminals
    for (let a = 0; a < 4; a++) expect(learner.qValue(2, a)).toBe(0);
  });

  it('are cut at maxSteps without a terminal update; the next episode restarts from the start', () => {
    const world = parseWorld('2,0,1,3\n', 'walled.csv', NO_SLIP); // goal unreachable
    const learner = new QLearner({ numStates: 4, numActions: 4 });
    const log = runEpisodes(world, learner, 3, new Rng(1), 100);
    expect(Array.from(log.episodeSteps)).toEqual([100, 100, 100]);
    expect(Array.from(log.episodeRewards)).toEqual([-100, -100, -100]);
    expect(learner.realSteps).toBe(300);
    expect(greedyPathLength(world, learner)).toBe(-1);
  });
});

describe('runRobotWorld settings', () => {
  it('uses the course settings, and an option given as undefined keeps the course value', () => {
    const world = parseWorld(SMALL, 'small.csv');
    expect(runRobotWorld(world, { episodes: 3 }).settings).toMatchObject({ alpha: 0.2, gamma: 0.9, rar: 0.98, radr: 0.999, dyna: 0 });
    expect(runRobotWorld(world, { dyna: 10, episodes: 3, rar: undefined }).settings).toMatchObject({ rar: 0.5, radr: 0.99, dyna: 10 });
    expect(runRobotWorld(world, { dyna: 10 }).episodeRewards).toHaveLength(50);
  });
});
