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
