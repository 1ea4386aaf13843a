import { QLearner, type ModelKind } from '../learner/index.js';
import { Rng } from '../learner/rng.js';
import { greedyPathLength, runEpisodes } from './episodes.js';
import { CELL, GridWorld, type GridRules } from './world.js';

/** Sutton & Barto's maze rules: deterministic moves, reward 0 except +1 on reaching the goal. */
export const MAZE_RULES: GridRules = { slipProbability: 0, stepReward: 0, goalReward: 1, quicksandReward: 0 };

function maze(rows: number, cols: number, start: [number, number], goal: [number, number], walls: [number, number][]): GridWorld {
  const cells = new Uint8Array(rows * cols);
  for (const [r, c] of walls) cells[r * cols + c] = CELL.obstacle;
  cells[start[0] * cols + start[1]] = CELL.start;
  cells[goal[0] * cols + goal[1]] = CELL.goal;
  return new GridWorld(rows, cols, cells, start[0] * cols + start[1], goal[0] * cols + goal[1], MAZE_RULES);
}

/** Dyna Maze, Example 8.1: 6 x 9, start (2,0), goal (0,8); the shortest path has 14 steps. */
export function dynaMaze(): GridWorld {
  return maze(6, 9, [2, 0], [0, 8], [[1, 2], [2, 2], [3, 2], [4, 5], [0, 7], [1, 7], [2, 7]]);
}

/** Book settings of Example 8.1 (epsilon 0.1 held constant). */
export const DYNA_MAZE_SETTINGS = { alpha: 0.1, gamma: 0.95, rar: 0.1, radr: 1, model: 'last' as ModelKind };

export interface MazeCurve {
  planningSteps: number;
  /** Steps per episode averaged over the runs. */
  meanSteps: number[];
  /** Fraction of runs whose greedy policy walks the 14-step shortest path after each episode. */
  shortestPathShare: number[];
}

/**
 * Figure 8.2: steps per episode for each n (planning steps), averaged over `runs` runs with
 * seeds 0..runs-1. Same seeds for every n, so the curves differ only by planning.
 */
export function dynaMazeExperiment(
  planningSteps: readonly number[] = [0, 5, 50],
  runs = 30,
  episodes = 50,
  model: ModelKind = 'last',
): MazeCurve[] {
  const world = dynaMaze();
  const shortest = 14;
  return planningSteps.map((n) => {
    const sumSteps = new Float64Array(episodes);
    const onShortest = new Float64Array(episodes);
    for (let run = 0; run < runs; run++) {
      const learner = new QLearner({ numStates: world.numStates, numActions: 4, ...DYNA_MAZE_SETTINGS, model, dyna: n, seed: run });
      const worldRng = new Rng(`world:${run}`);
      for (let e = 0; e < episodes; e++) {
        const log = runEpisodes(world, learner, 1, worldRng);
        sumSteps[e] += log.episodeSteps[0];
        if (greedyPathLength(world, learner) === shortest) onShortest[e] += 1;
      }
    }
    return {
      planningSteps: n,
      meanSteps: Array.from(sumSteps, (s) => s / runs),
      shortestPathShare: Array.from(onShortest, (s) => s / runs),
    };
  });
}

/**
 * Shortcut maze, Example 8.3: 6 x 9, start (5,3), goal (0,8), a wall across row 3 from column 1
 * to 8 (the way round is on the left). At `changeAt` steps the wall's right end (3,8) opens.
 */
export function shortcutMaze(): GridWorld {
  const walls: [number, number][] = [];
  for (let c = 1; c <= 8; c++) walls.push([3, c]);
  return maze(6, 9, [5, 3], [0, 8], walls);
}

export interface ShortcutCurve {
  label: string;
  kappa: number;
  /** Cumulative reward (goals reached) after every `sampleEvery` steps, averaged over runs. */
  cumulativeReward: number[];
  /** Share of runs whose greedy path at the end uses the shortcut (goal within 10 steps). */
  usesShortcutShare: number;
}

/**
 * Figure 8.5: cumulative reward of Dyna-Q and Dyna-Q+ over `totalSteps` steps; the shortcut
 * opens after `changeAt` steps. Settings: n = 50, alpha 1 (deterministic world), gamma 0.95,
 * epsilon 0.1, last-seen model; Dyna-Q+ adds kappa * sqrt(tau) to planned rewards.
 */
export function shortcutExperiment(
  kappas: readonly number[] = [0, 1e-3],
  runs = 5,
  totalSteps = 6000,
  changeAt = 3000,
  sampleEvery = 100,
): ShortcutCurve[] {
  return kappas.map((kappa) => {
    const samples = Math.floor(totalSteps / sampleEvery);
    const sum = new Float64Array(samples);
    let shortcutRuns = 0;
    for (let run = 0; run < runs; run++) {
      const world = shortcutMaze();
      const learner = new QLearner({
        numStates: world.numStates, numActions: 4, alpha: 1, gamma: 0.95, rar: 0.1, radr: 1,
        dyna: 50, model: 'last', kappa, seed: run,
      });
      const worldRng = new Rng(`world:${run}`);
      let steps = 0;
      let goals = 0;
      while (steps < totalSteps) {
        let state = world.start;
        let action = learner.querysetstate(state);
        while (state !== world.goal && steps < totalSteps) {
          if (steps === changeAt) world.setCell(3, 8, CELL.empty);
          state = world.step(state, action, worldRng);
          action = learner.query(state, world.reward);
          steps++;
          if (state === world.goal) goals++;
          if (steps % sampleEvery === 0) sum[steps / sampleEvery - 1] += goals;
        }
      }
      const path = greedyPathLength(world, learner);
      if (path > 0 && path <= 10) shortcutRuns++;
    }
    return {
      label: kappa > 0 ? `Dyna-Q+ (kappa ${kappa})` : 'Dyna-Q',
      kappa,
      cumulativeReward: Array.from(sum, (s) => s / runs),
      usesShortcutShare: shortcutRuns / runs,
    };
  });
}
