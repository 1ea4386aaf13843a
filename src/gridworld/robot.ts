import { QLearner, type QLearnerOptions } from '../learner/index.js';
import { Rng } from '../learner/rng.js';
import { median, runEpisodes } from './episodes.js';
import type { GridWorld } from './world.js';

/** Learner settings of a robot-world run; omitted values follow the course settings. */
export type RobotRunOptions = Partial<Omit<QLearnerOptions, 'numStates' | 'numActions'>> & { episodes?: number };

/**
 * The course settings (docs/DOMAIN.md, 7): without dyna alpha 0.2, gamma 0.9, rar 0.98, radr 0.999,
 * 500 episodes; with dyna, rar 0.5, radr 0.99, 50 episodes.
 */
export function courseSettings(dyna: number): Required<Pick<RobotRunOptions, 'alpha' | 'gamma' | 'rar' | 'radr' | 'episodes'>> {
  return dyna > 0
    ? { alpha: 0.2, gamma: 0.9, rar: 0.5, radr: 0.99, episodes: 50 }
    : { alpha: 0.2, gamma: 0.9, rar: 0.98, radr: 0.999, episodes: 500 };
}

export interface RobotRunResult {
  /** Median of the episode scores (the run's score). */
  medianReward: number;
  episodeRewards: number[];
  episodeSteps: number[];
  realSteps: number;
  planningUpdates: number;
  seconds: number;
  /** The learner settings used, after defaults. */
  settings: Record<string, number | string>;
}

/** Trains a fresh learner on the world for the given episodes and scores every episode. */
export function runRobotWorld(world: GridWorld, options: RobotRunOptions = {}): RobotRunResult {
  const dyna = options.dyna ?? 0;
  const course = courseSettings(dyna);
  const { episodes: courseEpisodes, ...courseLearner } = course;
  const { episodes = courseEpisodes, ...given } = options;
  // an option given as undefined keeps the course value
  const learnerOptions = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const seed = options.seed ?? 0;
  const learner = new QLearner({
    numStates: world.numStates,
    numActions: 4,
    ...courseLearner,
    ...learnerOptions,
    dyna,
    seed,
  });
  // The world's slips get their own stream so the learner's draws do not depend on them.
  const worldRng = new Rng(`world:${seed}`);
  const started = process.hrtime.bigint();
  const log = runEpisodes(world, learner, episodes, worldRng);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { numStates: _s, numActions: _a, numExogenous: _x, numControl: _c, nextControl: _n, ...settings } = learner.config;
  return {
    medianReward: median(log.episodeRewards),
    episodeRewards: Array.from(log.episodeRewards),
    episodeSteps: Array.from(log.episodeSteps),
    realSteps: learner.realSteps,
    planningUpdates: learner.planningUpdates,
    seconds,
    settings: { ...settings, episodes },
  };
}
