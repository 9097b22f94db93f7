#!/usr/bin/env node
import { runCli } from './cli';
import { COMMANDS } from './commands';

// The CLI's edge: the only place that touches process.argv, process.env and the exit code.
runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }, COMMANDS).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
