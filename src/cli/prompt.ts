/**
 * Reading a secret (unseal key, token) from stdin. On a terminal the echo is turned off (raw
 * mode) with backspace and Ctrl-C handled, like go-secure-stdlib/password; when stdin is piped,
 * one line is read so that scripts and tests can feed a key. `readAll` serves `vault login -`.
 */
import { TsvaultError } from '../errors.js';
import type { CliIO } from './io.js';

/** password.ErrInterrupted: the user pressed Ctrl-C at the prompt. */
export class PromptInterruptedError extends TsvaultError {
  constructor() {
    super('CLI_USAGE', 'interrupted');
  }
}

type Stdin = CliIO['stdin'];

/** Reads one line without echo on a TTY, or one plain line from a pipe. */
export function readSecret(stdin: Stdin): Promise<string> {
  if (stdin.isTTY === true && typeof stdin.setRawMode === 'function') return readRaw(stdin);
  return readLine(stdin);
}

function readRaw(stdin: Stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\x03') return finish(new PromptInterruptedError());
        if (ch === '\x04') {
          if (value === '') return finish();
          continue;
        }
        if (ch === '\x7f' || ch === '\b') {
          value = [...value].slice(0, -1).join('');
          continue;
        }
        if (ch === '\x15') {
          value = ''; // Ctrl-U clears the line
          continue;
        }
        if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

function readLine(stdin: Stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const cleanup = (): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
      stdin.pause();
    };
    const onData = (chunk: Buffer | string): void => {
      value += chunk.toString();
      const nl = value.indexOf('\n');
      if (nl >= 0) {
        cleanup();
        resolve(value.slice(0, nl).replace(/\r$/, ''));
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(value);
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onError);
    stdin.resume();
  });
}

/** Reads stdin to its end (the "-" argument). */
export function readAll(stdin: Stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.on('data', (chunk: Buffer | string) => {
      value += chunk.toString();
    });
    stdin.once('end', () => resolve(value));
    stdin.once('error', reject);
    stdin.resume();
  });
}

/** `<label> (will be hidden): ` on stderr, the hidden read, then the newline Vault prints after it. */
export async function promptHidden(io: CliIO, label: string): Promise<string> {
  io.stderr.write(`${label} (will be hidden): `);
  try {
    return await readSecret(io.stdin);
  } finally {
    io.stderr.write('\n');
  }
}
