#!/usr/bin/env node
/**
 * The `vault` / `tsvault` binary: builds the CLI's IO from the process, runs the command and
 * exits with its code. This is the only module that calls process.exit.
 */
import { homedir } from 'node:os';
import { runCli } from './dispatch.js';
import type { CliIO } from './io.js';

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

async function main(): Promise<void> {
  const io: CliIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    home: homedir(),
  };
  let code: number;
  try {
    code = await runCli(process.argv.slice(2), io);
  } catch (e) {
    // Every command reports its own errors; this is the last resort, worded like Vault's.
    process.stderr.write(`Error executing CLI: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 1;
  }
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

void main();
