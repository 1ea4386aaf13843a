import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { register as bench } from './bench.js';
import { register as gridworld } from './gridworld.js';

/** A subcommand adds itself to the program; its action writes through `io` only. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

/** Every `dynaq` subcommand, in the order `dynaq --help` lists them. */
export const commands: readonly RegisterCommand[] = [gridworld, bench];
