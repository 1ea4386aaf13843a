export { GridWorld, CELL, NUM_ACTIONS, ROBOT_RULES, type GridRules } from './world.js';
export { parseWorld, loadWorld } from './load.js';
export { runEpisodes, greedyPathLength, median, MAX_EPISODE_STEPS, type EpisodeLog } from './episodes.js';
export { runRobotWorld, courseSettings, type RobotRunOptions, type RobotRunResult } from './robot.js';
export {
  dynaMaze, dynaMazeExperiment, shortcutMaze, shortcutExperiment, MAZE_RULES, DYNA_MAZE_SETTINGS,
  type MazeCurve, type ShortcutCurve,
} from './mazes.js';
