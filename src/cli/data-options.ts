import type { Command } from 'commander';
import { defaultCalendar, resolveDataDir } from '../data/data-dir.js';
import { parseUserDate } from '../data/dates.js';
import { assertTicker } from '../data/symbols.js';
import type { CliIO } from './io.js';

/** Flags every command that reads prices shares. */
export interface DataFlags {
  dataDir?: string;
  calendar?: string;
}

export function addDataOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'folder of SYMBOL.csv files (default: $DYNAQ_DATA_DIR, else ./data)')
    .option('--calendar <symbol>', 'symbol whose rows are the trading days (default: SPY, or the folder manifest)');
}

/** Resolves the data folder and calendar once, with user errors naming the flag. */
export function resolveDataFlags(flags: DataFlags, io: CliIO): { dataDir: string; calendar: string } {
  const dataDir = resolveDataDir(flags.dataDir, io.env, io.cwd);
  const calendar = flags.calendar !== undefined ? assertTicker(flags.calendar, '--calendar') : defaultCalendar(dataDir);
  return { dataDir, calendar };
}

export function optionalDate(text: string | undefined, flag: string): string | undefined {
  return text === undefined ? undefined : parseUserDate(text, flag);
}
