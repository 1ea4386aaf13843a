import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { printable, UserError, userFsError } from './errors.js';

/**
 * Whether process `pid` is still running (EPERM: it runs under another user), so that what a
 * killed run left (a temporary folder, a lock) can be told from what a live one holds.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(dir, { recursive:
 * true })` loops forever where mkdir answers ENOENT for a parent that exists (under /proc): here
 * each level is tried once, so the time is bounded by the path's depth, and an error is thrown.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    if (isDirectory(path)) break;
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(path)) throw error;
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Checks, before any work, that files can be written at `target` (a file or folder to create,
 * possibly below folders still to make): the nearest existing folder above it is a folder this
 * process can create a file in (a probe file, made and removed). One stat per level of the path and
 * one probe, so it takes no longer than the path is deep; it never creates a folder. The error is
 * one line naming the flag, the path and why (exit 2: the flag's value is what to change).
 */
export function checkWritable(target: string, flag: string, shown = printable(resolve(target), 200)): void {
  const path = resolve(target);
  let parent = dirname(path);
  for (; ; parent = dirname(parent)) {
    let stats;
    try {
      stats = statSync(parent);
    } catch {
      if (dirname(parent) === parent) return;
      continue;
    }
    if (!stats.isDirectory()) throw new UserError(`${flag} ${shown}: ${printable(parent, 200)} is a file, so no folder can be made under it; choose another ${flag}.`, 2);
    break;
  }
  const probe = join(parent, `.dynaq-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EINVAL') {
      // the folder exists, yet no file can be made in it (a virtual file system such as /proc)
      throw new UserError(`${flag} ${shown}: no file can be created in ${printable(parent, 200)} (${code}); choose another ${flag}.`, 2);
    }
    if (code !== 'EEXIST') {
      const mapped = userFsError(error, parent, `${flag} ${shown}: cannot write in`, 2);
      if (mapped instanceof UserError) throw new UserError(`${mapped.message.replace(/\.$/, '')}; choose another ${flag}.`, 2);
      throw new UserError(`${flag} ${shown}: cannot write in ${printable(parent, 200)} (${code ?? String(error)}); choose another ${flag}.`, 2);
    }
  }
  rmSync(probe, { force: true });
}

/** Writes a file under a temporary name in the same folder and renames it into place. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  makeFolders(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes several files into `dir` together: every one under a temporary name first, then each
 * renamed into place, so an interrupted or failed run leaves no half-written file and no
 * temporary (a signal during the writes removes them before the process ends, 130 / 143).
 */
export function writeFilesAtomic(dir: string, files: readonly { readonly name: string; readonly content: string | Uint8Array }[]): void {
  makeFolders(dir);
  const temporaries = files.map((file) => join(dir, `.${file.name}.tmp-${process.pid}`));
  const removeTemporaries = () => {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    removeTemporaries();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    files.forEach((file, index) => writeFileSync(temporaries[index]!, file.content));
    files.forEach((file, index) => renameSync(temporaries[index]!, join(dir, file.name)));
  } catch (error) {
    removeTemporaries();
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
