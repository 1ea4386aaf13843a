import { basename, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { dynaMazeExperiment, shortcutExperiment } from '../../gridworld/mazes.js';
import { loadWorld } from '../../gridworld/load.js';
import { runRobotWorld, type RobotRunOptions } from '../../gridworld/robot.js';
import type { ModelKind, PlanningKind } from '../../learner/index.js';
import type { CliIO } from '../io.js';
import { parseChoiceOption, parseIntegerOption, parseNumberOption, parseSeedOption } from '../options.js';
import type { RegisterCommand } from '../command.js';

const MAZES = ['dyna', 'shortcut'] as const;
type MazeName = (typeof MAZES)[number];

interface GridworldFlags {
  maze?: MazeName;
  dyna?: number;
  episodes?: number;
  runs?: number;
  alpha?: number;
  gamma?: number;
  rar?: number;
  radr?: number;
  seed?: number;
  model?: ModelKind;
  kappa?: number;
  planning?: PlanningKind;
  json?: boolean;
}

export const register: RegisterCommand = (program, io) => {
  program
    .command('gridworld')
    .description(
      'Train the Q-learner on a robot-navigation world (course rules) and print the median episode reward; ' +
        'or run a Sutton & Barto maze experiment with --maze',
    )
    .argument('[world]', 'world CSV (0 empty, 1 obstacle, 2 start, 3 goal, 5 quicksand)')
    .option('--maze <name>', `book experiment instead of a world file: ${MAZES.join(', ')}`, parseChoiceOption('--maze', MAZES))
    .option('--dyna <n>', 'planning updates per real step (default 0)', parseIntegerOption('--dyna', 0, 1_000_000))
    .option('--episodes <n>', 'episodes (default 500 without dyna, 50 with; maze: 50)', parseIntegerOption('--episodes', 1, 1_000_000))
    .option('--runs <n>', 'maze experiments: runs to average (default 30 dyna, 5 shortcut)', parseIntegerOption('--runs', 1, 10_000))
    .option('--alpha <x>', 'learning rate (default 0.2)', parseNumberOption('--alpha', 0, 1))
    .option('--gamma <x>', 'discount (default 0.9)', parseNumberOption('--gamma', 0, 1))
    .option('--rar <x>', 'random action rate (default 0.98 without dyna, 0.5 with)', parseNumberOption('--rar', 0, 1))
    .option('--radr <x>', 'random action decay (default 0.999 without dyna, 0.99 with)', parseNumberOption('--radr', 0, 1))
    .option('--seed <n>', 'random seed (default 0)', parseSeedOption('--seed'))
    .option('--model <kind>', 'planning model: counts (course, default) or last', parseChoiceOption('--model', ['counts', 'last'] as const))
    .option('--kappa <x>', 'Dyna-Q+ bonus kappa*sqrt(tau) (default 0)', parseNumberOption('--kappa', 0, 1e6))
    .option('--planning <kind>', 'sample (default) or expected', parseChoiceOption('--planning', ['sample', 'expected'] as const))
    .option('--json', 'print one JSON object')
    .action((world: string | undefined, flags: GridworldFlags) => {
      if (flags.maze !== undefined) {
        if (world !== undefined) throw new UserError('gridworld: give either a WORLD file or --maze, not both.', 2);
        if (flags.maze === 'dyna') runDynaMaze(io, flags);
        else runShortcutMaze(io, flags);
        return;
      }
      if (world === undefined) throw new UserError('gridworld: give a WORLD csv file or --maze dyna|shortcut.', 2);
      if (flags.runs !== undefined) throw new UserError('gridworld: --runs applies to --maze experiments only.', 2);
      runWorld(io, resolve(io.cwd, world), flags);
    });
};

function runWorld(io: CliIO, path: string, flags: GridworldFlags): void {
  const options: RobotRunOptions = {};
  for (const key of ['dyna', 'episodes', 'alpha', 'gamma', 'rar', 'radr', 'seed', 'model', 'kappa', 'planning'] as const) {
    if (flags[key] !== undefined) (options as Record<string, unknown>)[key] = flags[key];
  }
  const result = runRobotWorld(loadWorld(path), options);
  if (flags.json) {
    io.stdout(
      JSON.stringify({
        world: path,
        medianReward: result.medianReward,
        episodeRewards: result.episodeRewards,
        realSteps: result.realSteps,
        planningUpdates: result.planningUpdates,
        seconds: result.seconds,
        settings: result.settings,
      }) + '\n',
    );
    return;
  }
  const s = result.settings;
  io.stdout(
    `${basename(path)}: median episode reward ${result.medianReward} over ${s.episodes} episodes\n` +
      `  dyna ${s.dyna}, alpha ${s.alpha}, gamma ${s.gamma}, rar ${s.rar}, radr ${s.radr}, model ${s.model}, ` +
      `kappa ${s.kappa}, planning ${s.planning}, seed ${s.seed}\n` +
      `  ${result.realSteps} real steps, ${result.planningUpdates} planning updates, ${result.seconds.toFixed(3)} s\n`,
  );
}

function runDynaMaze(io: CliIO, flags: GridworldFlags): void {
  const runs = flags.runs ?? 30;
  const episodes = flags.episodes ?? 50;
  const curves = dynaMazeExperiment([0, 5, 50], runs, episodes, flags.model ?? 'last');
  if (flags.json) {
    io.stdout(JSON.stringify({ maze: 'dyna', runs, episodes, curves }) + '\n');
    return;
  }
  const lines = [
    `Dyna Maze (Sutton & Barto Example 8.1): steps per episode, mean of ${runs} runs`,
    `(alpha 0.1, gamma 0.95, epsilon 0.1, ${flags.model ?? 'last'} model; shortest path 14 steps)`,
    'episode    n=0     n=5    n=50',
  ];
  for (let e = 0; e < episodes; e++) {
    lines.push(
      `${String(e + 1).padStart(7)}` + curves.map((c) => c.meanSteps[e].toFixed(1).padStart(8)).join(''),
    );
  }
  for (const c of curves) {
    const first = c.shortestPathShare.findIndex((share) => share >= 0.5);
    lines.push(
      `n=${c.planningSteps}: ` +
        (first === -1
          ? `greedy path is not yet the 14-step shortest path in half the runs after ${episodes} episodes`
          : `greedy path is the 14-step shortest path in half the runs from episode ${first + 1}`),
    );
  }
  io.stdout(lines.join('\n') + '\n');
}

function runShortcutMaze(io: CliIO, flags: GridworldFlags): void {
  const runs = flags.runs ?? 5;
  const kappa = flags.kappa ?? 1e-3;
  const curves = shortcutExperiment([0, kappa], runs);
  if (flags.json) {
    io.stdout(JSON.stringify({ maze: 'shortcut', runs, stepsPerSample: 100, changeAt: 3000, curves }) + '\n');
    return;
  }
  const lines = [
    `Shortcut maze (Sutton & Barto Example 8.3): cumulative reward, mean of ${runs} runs; shortcut opens at step 3000`,
    `(n=50, alpha 1, gamma 0.95, epsilon 0.1, last model)`,
    `   step` + curves.map((c) => c.label.padStart(24)).join(''),
  ];
  for (let i = 9; i < curves[0].cumulativeReward.length; i += 10) {
    lines.push(`${String((i + 1) * 100).padStart(7)}` + curves.map((c) => c.cumulativeReward[i].toFixed(1).padStart(24)).join(''));
  }
  for (const c of curves) lines.push(`${c.label}: greedy path uses the shortcut in ${(c.usesShortcutShare * 100).toFixed(0)}% of runs`);
  io.stdout(lines.join('\n') + '\n');
}
