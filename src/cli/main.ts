#!/usr/bin/env node
import { runCli } from './program.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only programmer errors get here: show the stack so they can be reported.
    console.error(error);
    process.exitCode = 70;
  },
);
