
import type { RegisterCommand } from '../command.js';

export type { RegisterCommand } from '../command.js';

/**
 * A subcommand as `dynaq --help` lists it, and how to load it. A command's module (and all it
 * imports: the engine, the pool, charts, the queue) is imported only when that command runs, so
 * `dynaq --help` and `dynaq data` do not pay for the others' start-up. `term` and `description`
 * are what the command's own module declares (test/cli/startup.test.ts checks they agree).
 */
export interface CommandEntry {
  readonly name: string;
  /** Other names the command answers to (`optimize` for `sweep`). */
  readonly aliases?: readonly string[];
  /** The listing's left column: the name, `[options]` and the arguments. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<{ readonly register: RegisterCommand }>;
}

/** Every `dynaq` subcommand, in the order `dynaq --help` lists them. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'backtest',
    term: 'backtest [options]',
    description: 'train a strategy in-sample, test it out-of-sample against buy-and-hold and manual rules, write a report folder',
    load: () => import('./backtest.js'),
  },
  {
    name: 'walkforward',
    term: 'walkforward [options]',
    description: 'walk-forward evaluation: train on each window, test on the one after it, stitch the test windows into one out-of-sample chain',
    load: () => import('./walkforward.js'),
  },
  {
    name: 'sweep',
    aliases: ['optimize'],
    term: 'sweep|optimize [options]',
    description:
      'run a backtest (or walk-forward) per symbol x seed x grid value on every core or a Redis queue; results.jsonl, results.csv, summary.json, report.html; with a grid, the best setting in sample (--maximize) and how it fares out of sample, with heatmaps',
    load: () => import('./sweep.js'),
  },
  {
    name: 'worker',
    term: 'worker [options]',
    description:
      'take `dynaq sweep --queue` jobs from a Redis queue until stopped (Ctrl-C or SIGTERM hands the running jobs back); run any number, on any machine with the same data and DYNAQ_QUEUE_SECRET',
    load: () => import('./worker.js'),
  },
  {
    name: 'compare',
    term: 'compare [options]',
    description: 'run the same Dyna-Q backtest over several symbols and show one row per symbol',
    load: () => import('./compare.js'),
  },
  {
    name: 'check-lookahead',
    term: 'check-lookahead [options]',
    description: 'rerun a strategy with the prices after day t changed, for several t, and list every decision up to t that changed (it saw a later price)',
    load: () => import('./check-lookahead.js'),
  },
  {
    name: 'experiment',
    term: 'experiment',
    description: 'experiments: how the Dyna-Q backtest responds to impact, and the learning benchmark',
    load: () => import('./experiment.js'),
  },
  {
    name: 'new-strategy',
    term: 'new-strategy [options] <name>',
    description: 'write a commented template of your own strategy, to run with backtest --strategy FILE',
    load: () => import('./new-strategy.js'),
  },
  {
    name: 'data',
    term: 'data [options] [symbols...]',
    description: 'load prices and show trading days, first/last adjusted close and filled values',
    load: () => import('./data.js'),
  },
  {
    name: 'marketsim',
    term: 'marketsim [options] <orders>',
    description: 'Simulate an orders file (Date,Symbol,Order,Shares) and print portfolio statistics',
    load: () => import('./marketsim.js'),
  },
  {
    name: 'gridworld',
    term: 'gridworld [options] [world]',
    description:
      'Train the Q-learner on a robot-navigation world (course rules) and print the median episode reward; or run a Sutton & Barto maze experiment with --maze',
    load: () => import('./gridworld.js'),
  },
  {
    name: 'bench',
    term: 'bench [options]',
    description: 'Run the throughput benchmarks (planning updates per second, world01 end to end, RNG)',
    load: () => import('./bench.js'),
  },
  {
    name: 'synth',
    term: 'synth [options]',
    description: 'generate the synthetic sample price files (the bundled data/ is seed 42)',
    load: () => import('./synth.js'),
  },
];
