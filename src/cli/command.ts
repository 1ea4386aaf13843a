import type { Command } from 'commander';
import type { CliIO } from './io.js';

/** A subcommand adds itself to the program; its action writes through `io` only. */
export type RegisterCommand = (program: Command, io: CliIO) => void;
