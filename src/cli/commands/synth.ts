import { join, resolve } from 'node:path';
import { parseUserDate } from '../../data/dates.js';
import { UserError, userFsError } from '../../errors.js';
import { checkWritable, writeFilesAtomic } from '../../fs-atomic.js';
import { DEFAULT_SYNTH, generatePlanted, generateSample } from '../../synth/generate.js';
import { parsePlantedFamily, PLANTED_GRAMMAR } from '../../synth/planted.js';
import { parseSeedOption } from '../options.js';
import type { RegisterCommand } from '../command.js';

/** `dynaq synth`: (re)generates the synthetic sample data, byte-for-byte for a given seed. */
export const register: RegisterCommand = (program, io) => {
  program
    .command('synth')
    .description('generate the synthetic sample price files (the bundled data/ is seed 42)')
    .option('--out <dir>', 'folder to write the files to', 'data')
    .option('--seed <n>', 'random seed', parseSeedOption('--seed'), DEFAULT_SYNTH.seed)
    .option('--start <date>', 'first weekday', DEFAULT_SYNTH.start)
    .option('--end <date>', 'last weekday', DEFAULT_SYNTH.end)
    .option('--planted <family>', `instead of the sample, one planted-signal market PLANTED.csv: ${PLANTED_GRAMMAR}, e.g. trend:3:0.2, rsi:14:40:60:0.4, agree:3:15:0.2, downside:1:0.5, regime:10:0.15, walk:0.08:0.25`)
    .action((flags: { out: string; seed: number; start: string; end: string; planted?: string }) => {
      const start = parseUserDate(flags.start, '--start');
      const end = parseUserDate(flags.end, '--end');
      if (start > end) throw new UserError(`--start ${start} is after --end ${end}: the sample would have no days.`, 2);
      const options = { seed: flags.seed, start, end };
      const family = flags.planted === undefined ? null : parsePlantedFamily(flags.planted);
      const dir = resolve(io.cwd, flags.out);
      checkWritable(join(dir, 'SYN-MARKET.csv'), '--out', dir);
      const files = family === null ? generateSample(options) : generatePlanted(family, options);
      try {
        // every file under a temporary name first, then all renamed: an interrupt leaves no half-written file
        writeFilesAtomic(dir, files.map((file) => ({ name: file.name, content: file.text })));
      } catch (error) {
        throw userFsError(error, dir, '--out: cannot write the files in');
      }
      io.stdout(`wrote ${files.map((file) => file.name).join(', ')} to ${dir}\n`);
    });
};
