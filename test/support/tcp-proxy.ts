/**
 * A loopback TCP proxy in front of a real service (LocalStack, a second tsvault), so a test can
 * cut the network path and restore it without restarting the service and losing its state.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  #port: number;
  readonly #target: { host: string; port: number };
  #server: Server | undefined;
  #sockets = new Set<Socket>();

  private constructor(port: number, target: { host: string; port: number }) {
    this.#port = port;
    this.#target = target;
  }

  get port(): number {
    return this.#port;
  }

  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, target);
    proxy.#port = await proxy.#listen(port);
    return proxy;
  }

  async #listen(port: number): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  /** Refuse new connections and cut the open ones. */
  async cut(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }

  async restore(): Promise<void> {
    await this.#listen(this.#port);
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
