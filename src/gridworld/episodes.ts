import type { QLearner } from '../learner/qlearner.js';
import type { Rng } from '../learner/rng.js';
import type { GridWorld } from './world.js';

/** An episode also ends after this many steps (docs/DOMAIN.md, 7); that is a cut, not a terminal. */
export const MAX_EPISODE_STEPS = 10_000;

export interface EpisodeLog {
  /** Sum of the step rewards of each episode (the episode's score). */
  episodeRewards: Float64Array;
  /** Steps taken in each episode. */
  episodeSteps: Int32Array;
}

/**
 * Runs episodes the way the course's test harness does: each episode starts with
 * querysetstate(start); every step the world moves and the learner learns from query(s', r);
 * the episode ends on the goal or after `maxSteps`. The learner is never told about the goal:
 * the goal step's reward is learned like any other, and Q of the goal state stays 0 because no
 * step ever leaves it.
 */
export function runEpisodes(
  world: GridWorld,
  learner: QLearner,
  episodes: number,
  worldRng: Rng,
  maxSteps = MAX_EPISODE_STEPS,
  onStep?: (state: number, totalSteps: number) => void,
): EpisodeLog {
  const episodeRewards = new Float64Array(episodes);
  const episodeSteps = new Int32Array(episodes);
  let totalSteps = 0;
  for (let e = 0; e < episodes; e++) {
    let state = world.start;
    let action = learner.querysetstate(state);
    let score = 0;
    let steps = 0;
    while (state !== world.goal && steps < maxSteps) {
      const next = world.step(state, action, worldRng);
      score += world.reward;
      action = learner.query(next, world.reward);
      state = next;
      steps++;
      totalSteps++;
      onStep?.(state, totalSteps);
    }
    episodeRewards[e] = score;
    episodeSteps[e] = steps;
  }
  return { episodeRewards, episodeSteps };
}

/**
 * Length of the greedy path from start to goal with deterministic moves (slip ignored), or -1
 * when the greedy policy does not reach the goal within numStates steps (it loops).
 */
export function greedyPathLength(world: GridWorld, learner: QLearner): number {
  let state = world.start;
  for (let steps = 0; steps <= world.numStates; steps++) {
    if (state === world.goal) return steps;
    state = world.move(state, learner.greedyAction(state));
  }
  return -1;
}

export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
