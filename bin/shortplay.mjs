#!/usr/bin/env node
// shortplay — the command-line client (lib/cli), run through tsx so it needs no build step.
// This launcher is the only place that reads the process's environment, arguments and streams.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { main } = await import(pathToFileURL(join(root, 'lib/cli/main.ts')).href);
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  process,
});
