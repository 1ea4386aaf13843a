/** Where a command writes. Injected so tests run commands in-process and read what they print. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is an interactive terminal: colours and progress bars only then. */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory that relative paths and the default `./data` resolve against. */
  readonly cwd: string;
}

/** Standard streams whose reader has gone (`dynaq data | head -1`): what is written to them is dropped. */
const closed = { stdout: false, stderr: false };
let guarded = false;

/**
 * A closed pipe is normal: `head` stops reading once it has its lines. Its EPIPE would otherwise be
 * an unhandled 'error' event (a stack trace and exit 1); here the stream is marked closed, further
 * output to it is dropped, and the command finishes its work (a report folder, a sweep's results)
 * and exits as it would have. Any other error of a standard stream is said once on stderr.
 */
function guardStandardStreams(): void {
  if (guarded) return;
  guarded = true;
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      const wasOpen = !closed[name];
      closed[name] = true;
      if (wasOpen && error.code !== 'EPIPE' && !closed.stderr) process.stderr.write(`dynaq: cannot write to standard ${name === 'stdout' ? 'output' : 'error'} (${error.code ?? error.message}); its output is dropped.\n`);
    });
  }
}

export function processIO(): CliIO {
  guardStandardStreams();
  return {
    stdout: (text) => {
      if (!closed.stdout) process.stdout.write(text);
    },
    stderr: (text) => {
      if (!closed.stderr) process.stderr.write(text);
    },
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An IO that records everything written; for tests. */
export function captureIO(overrides: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    stdout(text: string) {
      captured.out += text;
    },
    stderr(text: string) {
      captured.err += text;
    },
    isTTY: false,
    env: {} as Readonly<Record<string, string | undefined>>,
    cwd: process.cwd(),
    ...overrides,
  };
  return captured;
}
