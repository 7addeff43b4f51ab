/**
 * Runs the built CLI as a user would: `vault server -config=…` as a child process and `vault …`
 * commands against it. Integration and e2e tests share it; they need `npm run build` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordSecrets, recordServerOutput } from './leak-check.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the integration tests`);
}

export function tempDir(prefix = 'tsvault-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>, input?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  recordSecrets(r.stdout);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** True once the URL answers 200 (TLS certificates are not checked: only liveness matters here). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = (url.startsWith('https:') ? httpsGet : httpGet)(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

export class ServerProcess {
  readonly dir: string;
  readonly configPath: string;
  readonly address: string;
  readonly env: Record<string, string>;
  #proc: ChildProcess | undefined;
  #out = '';
  #exit: Promise<number> | undefined;
  #starts = 0;
  /** -dev prints its key and token by design; such output is left out of the leak check. */
  readonly printsSecrets: boolean;

  constructor(opts: { dir: string; configPath: string; address: string; env?: Record<string, string>; printsSecrets?: boolean }) {
    this.printsSecrets = opts.printsSecrets ?? false;
    this.dir = opts.dir;
    this.configPath = opts.configPath;
    this.address = opts.address;
    this.env = { HOME: opts.dir, VAULT_ADDR: `http://${opts.address}`, ...(opts.env ?? {}) };
  }

  /** A server on a fresh port with file storage in a temp dir; `extra` is appended to the HCL. */
  static async withFileStorage(extra = '', env: Record<string, string> = {}): Promise<ServerProcess> {
    assertBuilt();
    const dir = tempDir();
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const configPath = join(dir, 'vault.hcl');
    writeFileSync(
      configPath,
      `ui = true\nlog_level = "INFO"\n\nstorage "file" {\n  path = "${join(dir, 'data')}"\n}\n\nlistener "tcp" {\n  address = "${address}"\n  tls_disable = 1\n}\n${extra}`,
    );
    return new ServerProcess({ dir, configPath, address, env });
  }

  get output(): string {
    return this.#out;
  }

  /** Start and wait until the API answers. */
  async start(args: string[] = [`-config=${this.configPath}`], scheme: 'http' | 'https' = 'http'): Promise<void> {
    this.#out = '';
    const proc = spawn(process.execPath, [CLI, 'server', ...args], {
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#proc = proc;
    const name = `${this.#starts++}-${this.address.replace(/[^0-9]/g, '')}`;
    const collect = (d: Buffer): void => {
      this.#out += d.toString();
      if (!this.printsSecrets) recordServerOutput(name, d.toString());
    };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    this.#exit = new Promise((res) => proc.once('exit', (code, signal) => res(code ?? (signal ? 128 : -1))));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const exited = await Promise.race([this.#exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
      if (exited) throw new Error(`server exited during start-up:\n${this.#out}`);
      if (await answers(`${scheme}://${this.address}/v1/sys/seal-status`)) return;
      if (Date.now() > deadline) throw new Error(`server did not start:\n${this.#out}`);
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    if (!this.#proc || !this.#exit) return 0;
    this.#proc.kill(signal);
    const code = await this.#exit;
    this.#proc = undefined;
    return code;
  }

  /** Whether the server process has exited by itself (waits for its exit when it is going). */
  async exited(timeoutMs = 10_000): Promise<boolean> {
    if (!this.#exit) return true;
    const done = await Promise.race([this.#exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
    if (done) this.#proc = undefined;
    return done;
  }

  /** The running server's process id (syslog tags carry it). */
  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  signal(signal: NodeJS.Signals): void {
    this.#proc?.kill(signal);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  vault(args: string[], input?: string, env: Record<string, string> = {}): CliResult {
    return runCli(args, { ...this.env, ...env }, input);
  }

  /** Wait until the server's output matches. */
  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.#out)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${this.#out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
