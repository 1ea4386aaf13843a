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
