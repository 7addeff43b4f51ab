#!/usr/bin/env node
/**
 * The `vault` / `tsvault` binary: builds the CLI's IO from the process, runs the command and
 * exits with its code. This is the only module that calls process.exit.
 *
 * A closed stdout or stderr pipe (`vault kv metadata get … | head`) ends the command as Go's
 * runtime ends Vault's: killed by SIGPIPE, with no message and no stack trace (the shell shows
 * 141). Node ignores SIGPIPE and reports EPIPE as a stream error instead; the handler below puts
 * back the default action and raises the signal, so a caller sees the same status as with Vault.
 */
import { homedir } from 'node:os';
import { runCli } from './dispatch.js';
import type { CliIO } from './io.js';

function dieOfBrokenPipe(): void {
  // libuv restores SIG_DFL when the last listener of a signal goes away.
  const none = (): void => undefined;
  process.on('SIGPIPE', none);
  process.removeListener('SIGPIPE', none);
  process.kill(process.pid, 'SIGPIPE');
}

function onStreamError(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') dieOfBrokenPipe();
    else throw e;
  });
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

async function main(): Promise<void> {
  onStreamError(process.stdout);
  onStreamError(process.stderr);
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
