export { ROBOT_RULES } from './world.js';
export { parseWorld, loadWorld } from './load.js';
export { runEpisodes, greedyPathLength } from './episodes.js';
export { runRobotWorld } from './robot.js';
export { dynaMaze, dynaMazeExperiment, shortcutExperiment } from './mazes.js';
