/**
 * The key share of `vault operator generate-root` and `vault operator rekey`, as Vault reads it:
 * an argument (with -nonce), `-` for all of stdin (with -nonce), or a hidden prompt that shows
 * the operation's nonce and needs no -nonce. Like `operator unseal`, a piped stdin answers the
 * prompt with its first line.
 */
import { errorText } from './command.js';
import { err, wrapAtLength } from './format.js';
import type { CliIO } from './io.js';
import { PromptInterruptedError, readAll, readSecret } from './prompt.js';

export interface KeyShareInputOptions {
  /** The positional argument: the key, `-`, or "" to prompt. */
  arg: string;
  /** The -nonce flag. */
  nonceFlag: string;
  /** The nonce of the operation in progress, used when prompting. */
  statusNonce: string;
  /** Printed before the prompt, e.g. `Operation nonce: <nonce>`. */
  nonceLine: string;
  /** `Unseal` or `Recovery`: the prompt is `<kind> Key (will be hidden): `. */
  kind: string;
}

/** The key and nonce to send, or the exit code after printing Vault's error. */
export async function readKeyShare(io: CliIO, o: KeyShareInputOptions): Promise<{ key: string; nonce: string } | number> {
  let key = o.arg;
  let nonce = o.nonceFlag;
  if (key === '-') {
    try {
      key = await readAll(io.stdin);
    } catch (e) {
      err(io, `Failed to read from stdin: ${errorText(e)}`);
      return 1;
    }
  } else if (key === '') {
    nonce = o.statusNonce;
    io.stdout.write(`${o.nonceLine}\n${o.kind} Key (will be hidden): `);
    try {
      key = await readSecret(io.stdin);
    } catch (e) {
      io.stdout.write('\n');
      if (e instanceof PromptInterruptedError) {
        err(io, 'user canceled');
        return 1;
      }
      err(
        io,
        wrapAtLength(
          `An error occurred attempting to ask for the ${o.kind.toLowerCase()} key. The raw error message is shown ` +
            'below, but usually this is because you attempted to pipe a value into the command or you are ' +
            'executing outside of a terminal (tty). If you want to pipe the value, pass "-" as the argument ' +
            `to read from stdin. The raw error was: ${errorText(e)}`,
        ),
      );
      return 1;
    }
    io.stdout.write('\n');
  }
  key = key.trim();
  if (nonce === '') {
    err(io, 'Missing nonce value: specify it via the -nonce flag');
    return 1;
  }
  return { key, nonce };
}

/** Vault's check for commands taking an optional single argument. */
export function checkOptionalArg(io: CliIO, args: readonly string[]): boolean {
  if (args.length <= 1) return true;
  err(io, `Too many arguments (expected 0-1, got ${args.length})`);
  return false;
}
