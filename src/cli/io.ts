import type { FlagSpec } from './flags.js';

/** What a CLI command may touch: its streams and environment, passed in so tests can drive it. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  /** Home directory for ~/.vault-token. */
  home: string;
}

/** A command: parsed args in, exit code out. Only main.ts calls process.exit. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/**
 * One command module's export (src/cli/commands/<group>/<name>.ts): the registry's synopsis
 * (registry.ts lists it without loading the module; a test holds the two equal), the help
 * printed for -h, the flags it parses (HTTP and output flags included) and what it runs.
 */
export interface Command {
  readonly synopsis: string;
  readonly help: string;
  readonly flags: readonly FlagSpec[];
  readonly run: CliCommand;
}
