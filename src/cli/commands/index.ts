import { register as backtest } from './backtest.js';
import { register as bench } from './bench.js';
import { register as compare } from './compare.js';
import { register as data } from './data.js';
import { register as experiment } from './experiment.js';
import { register as gridworld } from './gridworld.js';
import { register as marketsim } from './marketsim.js';
import { register as synth } from './synth.js';
import { register as newStrategy } from './new-strategy.js';
import { register as walkforward } from './walkforward.js';
import { register as sweep } from './sweep.js';
import { register as worker } from './worker.js';
import { register as checkLookahead } from './check-lookahead.js';

import type { RegisterCommand } from '../command.js';

export type { RegisterCommand } from '../command.js';

/** Every `dynaq` subcommand, in the order `dynaq --help` lists them. */
export const commands: readonly RegisterCommand[] = [backtest, walkforward, sweep, worker, compare, checkLookahead, experiment, newStrategy, data, marketsim, gridworld, bench, synth];
