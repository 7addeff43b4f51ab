/**
 * A loopback TCP proxy in front of a real service (LocalStack, a second tsvault), so a test can
 * cut the network path and restore it without restarting the service and losing its state. It runs
 * in a child process: tests block on spawnSync while the server talks through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'tcp-proxy-child.mjs');

export class TcpProxy {
  readonly port: number;
  readonly #proc: ChildProcess;
  readonly #lines: Interface;

  private constructor(port: number, proc: ChildProcess, lines: Interface) {
    this.port = port;
    this.#proc = proc;
    this.#lines = lines;
  }

  static async start(target: { port: number }): Promise<TcpProxy> {
    const proc = spawn(process.execPath, [CHILD, String(target.port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: proc.stdout! });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    return new TcpProxy(Number(first.split(' ')[1]), proc, lines);
  }

  #command(cmd: string): Promise<void> {
    return new Promise((resolve) => {
      this.#lines.once('line', () => resolve());
      this.#proc.stdin!.write(`${cmd}\n`);
    });
  }

  /** Refuse new connections and cut the open ones. */
  cut(): Promise<void> {
    return this.#command('cut');
  }

  restore(): Promise<void> {
    return this.#command('restore');
  }

  async stop(): Promise<void> {
    if (this.#proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.#proc.once('exit', () => resolve());
      this.#proc.kill('SIGTERM');
    });
  }
}
