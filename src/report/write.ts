import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, userFsError } from '../errors.js';
import { checkWritable, makeFolders, processAlive } from '../fs-atomic.js';

export interface ReportFile {
  /** Relative path inside the report folder, `/`-separated, e.g. `charts/price-in-sample.svg`. */
  readonly name: string;
  readonly content: string | Uint8Array;
}

let sequence = 0;

/**
 * Writes a whole report folder atomically: every file goes into a temporary sibling folder, which
 * is renamed to `targetDir` at the end (same parent, so the rename is atomic). On any error the
 * temporary folder is removed and nothing is left behind. An existing non-empty `targetDir` is
 * never overwritten (UserError); an existing empty one is replaced.
 *
 * The files are written asynchronously, and while they are, SIGINT and SIGTERM remove the
 * temporary folder before the process exits (130 / 143) and show the terminal cursor again. A
 * run killed outright (SIGKILL) leaves its temporary folder to the next run in the same parent
 * folder, which removes the temporaries of dead processes.
 */
export async function writeReportFolder(targetDir: string, files: readonly ReportFile[], options: { unique?: boolean } = {}): Promise<string> {
  let target = resolve(targetDir);
  const names = new Set<string>();
  for (const file of files) {
    checkName(file.name);
    if (names.has(file.name)) throw new Error(`report folder: file "${file.name}" given twice`);
    names.add(file.name);
  }
  if (options.unique) target = freeName(target);
  refuseNonEmpty(target);
  const parent = dirname(target);
  try {
    makeFolders(parent);
  } catch (error) {
    throw userFsError(error, parent, 'cannot create the folder for the report');
  }
  removeStaleTemporaries(parent);
  const temporary = join(parent, `.${basename(target)}.tmp-${process.pid}-${++sequence}`);
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(temporary, { recursive: true, force: true });
    if (process.stderr.isTTY) process.stderr.write('\x1b[?25h');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    mkdirSync(temporary);
    for (const file of files) {
      const path = join(temporary, ...file.name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    // A default name taken meanwhile by another run finishing in the same second: take the next.
    if (options.unique) target = freeName(target);
    refuseNonEmpty(target);
    if (isEmptyDirectory(target)) rmdirSync(target);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (error instanceof UserError) throw error;
    const mapped = userFsError(error, target, 'cannot write the report folder');
    if (mapped instanceof UserError) throw mapped;
    if (isSystemError(error)) throw new UserError(`cannot write the report folder ${target}: ${systemMessage(error)}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return target;
}

/** `target`, or `target-2`, `target-3`, ... : the first name no folder holds yet. */
function freeName(target: string): string {
  let candidate = target;
  for (let n = 2; existsSync(candidate); n++) candidate = `${target}-${n}`;
  return candidate;
}

/**
 * Checks, before any work, that a report can go to `target`: not an existing file or non-empty
 * folder, no file where a parent folder must be, and a folder above it that can be written in
 * (checked with a probe file, in a time bounded by the path's depth: a path under /proc fails
 * here, at once). The error names the flag, the path and the fix.
 */
export function checkReportTarget(target: string, flag = '--out'): void {
  const path = resolve(target);
  refuseNonEmpty(path);
  checkWritable(path, flag);
}

/** The same check for a report folder whose name is made at the end (the default, under `parent`). */
export function checkDefaultReportParent(parent: string, flag = '--out'): void {
  checkWritable(resolve(parent, 'report'), flag, `not given, and the default report folder under ${resolve(parent)}`);
}

/** Temporary report folders (`.NAME.tmp-PID-N`) left by runs that were killed: their PID is gone. */
function removeStaleTemporaries(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\..+\.tmp-(\d+)-\d+$/.exec(name);
    if (!match || Number(match[1]) === process.pid || processAlive(Number(match[1]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** Names are relative, `/`-separated, without `.`/`..` segments or characters no file system allows. */
function checkName(name: string): void {
  const segments = name.split('/');
  const bad = name === '' || name.includes('\\') || name.includes('\0') || segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) throw new Error(`report folder: "${name}" is not a relative file name`);
}

function refuseNonEmpty(target: string): void {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    return;
  }
  if (!stats.isDirectory()) throw new UserError(`cannot write the report to ${target}: a file of that name exists; choose another --out`);
  if (!isEmptyDirectory(target)) {
    throw new UserError(`report folder ${target} already exists and is not empty; choose another --out or remove it`);
  }
}

function isEmptyDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory() && readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}

function systemMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
