/**
 * An error the user caused (bad file, bad flag, bad range). The CLI prints its message on one
 * line and exits non-zero, without a stack trace. Programmer errors stay ordinary `Error`s.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** Process exit code the CLI uses for this error (2 = usage / bad flag, 1 = bad input data). */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Longest piece of user input an error message quotes. */
const QUOTE_LIMIT = 60;

/**
 * User input as it may appear in a one-line message: control characters and other non-printable
 * bytes escaped (\x00, \r), and cut to `limit` characters with "..." (binary input must not
 * dump kilobytes into the terminal).
 */
export function printable(text: string, limit = QUOTE_LIMIT): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfffd ? `\\x${code.toString(16).padStart(2, '0')}` : char;
    if (out.length >= limit) return `${out.slice(0, limit)}...`;
  }
  return out;
}

const FS_REASONS: Record<string, string> = {
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file of that name is in the way',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  ENOENT: 'no such file or folder',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A file-system error on a path the user gave, as a one-line UserError that names the path, what
 * was being done and why it failed in words; other errors are returned unchanged.
 */
export function userFsError(error: unknown, path: string, doing: string, exitCode = 1): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !(code in FS_REASONS)) return error;
  return new UserError(`${doing} ${printable(path, 200)}: ${FS_REASONS[code]} (${code}).`, exitCode);
}

/** The first non-blank line of a message, at most 200 characters: what one line of a report can hold. */
export function firstLineOf(text: string): string {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** The first line of an error's message (of the value itself when it is not an Error). */
export function firstLine(error: unknown): string {
  return firstLineOf(error instanceof Error ? error.message : String(error));
}
