import { mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

export interface ReportFile {
  /** Relative path inside the report folder, `/`-separated, e.g. `charts/value-in-sample.svg`. */
  readonly name: string;
  readonly content: string | Uint8Array;
}

let sequence = 0;

/**
 * Writes a whole report folder atomically: every file goes into a temporary sibling folder, which
 * is renamed to `targetDir` at the end (same parent, so the rename is atomic). On any error the
 * temporary folder is removed and nothing is left behind. An existing non-empty `targetDir` is
 * never overwritten (UserError); an existing empty one is replaced.
 */
export function writeReportFolder(targetDir: string, files: readonly ReportFile[]): void {
  const target = resolve(targetDir);
  const names = new Set<string>();
  for (const file of files) {
    checkName(file.name);
    if (names.has(file.name)) throw new Error(`report folder: file "${file.name}" given twice`);
    names.add(file.name);
  }
  refuseNonEmpty(target);
  const parent = dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create the folder ${parent} for the report: ${systemMessage(error)}`);
  }
  const temporary = join(parent, `.${basename(target)}.tmp-${process.pid}-${++sequence}`);
  try {
    mkdirSync(temporary);
    for (const file of files) {
      const path = join(temporary, ...file.name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
    refuseNonEmpty(target);
    if (isEmptyDirectory(target)) rmdirSync(target);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (error instanceof UserError) throw error;
    if (isSystemError(error)) throw new UserError(`cannot write the report folder ${target}: ${systemMessage(error)}`);
    throw error;
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
