import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, userFsError } from '../errors.js';
import { processAlive } from '../fs-atomic.js';

export const LOCK_FILE = '.dynaq-sweep.lock';

/**
 * One sweep at a time per output folder: a lock file holding the owner's process id, created
 * exclusively. A second sweep into the same folder stops with one line naming the owner; the lock
 * of a process that died (killed outright) is taken over. Returns the release, which is also run
 * when this process exits.
 */
export function lockOutputFolder(dir: string, flag = '--out'): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        rmSync(path, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw userFsError(error, path, `${flag}: cannot lock the folder`, 1);
      let owner = NaN;
      try {
        owner = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // vanished in between: try again
      }
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new UserError(`${flag} ${dir} is in use by another sweep (process ${owner}); wait for it to finish or give another ${flag}.`);
      }
      rmSync(path, { force: true }); // a dead sweep's lock
    }
  }
  throw new UserError(`${flag} ${dir}: cannot take the folder's lock ${LOCK_FILE}.`);
}
