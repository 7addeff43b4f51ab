/**
 * The `socket` audit device (Vault's SocketSink): each entry is written to `address` over
 * `socket_type` tcp (default), udp or unix, within `write_timeout` (a Go duration, default 2s;
 * connecting counts against it too). The connection is made on the first write and kept; a write
 * that fails or times out drops it, reconnects once and writes again, as Vault does, and rejects if
 * that fails too. reopen() reconnects.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createConnection, isIPv6, type Socket } from 'node:net';
import { parseDurationMs } from '../../duration.js';
import { AuditError } from '../../errors.js';
import { optionError } from '../format-options.js';
import { createFormatter } from '../formatter.js';
import type { AuditDevice, AuditDeviceConfig } from '../types.js';
import { Serial } from './serial.js';

type SocketType = 'tcp' | 'udp' | 'unix';

interface SocketOptions {
  address: string;
  type: SocketType;
  timeoutMs: number;
}

function socketOptions(options: Readonly<Record<string, string>>): SocketOptions {
  if (options.address === undefined) throw optionError('"address" is required');
  const address = options.address.trim();
  if (address === '') throw optionError('"address" cannot be empty');
  const type = (options.socket_type ?? '').trim() || 'tcp';
  if (type !== 'tcp' && type !== 'udp' && type !== 'unix') {
    // What Go's dialer answers on the first write; said at enable time here.
    throw new AuditError('AUDIT_INVALID_OPTIONS', `error connecting to ${JSON.stringify(type)} address ${JSON.stringify(address)}: dial ${type}: unknown network ${type}`);
  }
  const rawTimeout = (options.write_timeout ?? '').trim() || '2s';
  let timeoutMs: number;
  try {
    timeoutMs = parseDurationMs(rawTimeout);
  } catch (e) {
    throw new AuditError('AUDIT_INVALID_OPTIONS', `unable to parse max duration: invalid internal parameter: ${(e as Error).message}`, { cause: e });
  }
  return { address, type, timeoutMs };
}

/** host:port, [v6]:port. */
function hostPort(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) throw new Error(`address ${address}: missing port in address`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port: Number(m[3]) };
}

/** One connection; write() settles once the bytes are handed to the kernel, or fails. */
interface Connection {
  write(data: Buffer): Promise<void>;
  close(): void;
  readonly broken: boolean;
}

function streamConnection(opts: SocketOptions): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket: Socket =
      opts.type === 'unix' ? createConnection({ path: opts.address }) : createConnection(hostPort(opts.address));
    let broken = false;
    const fail = (e: Error): void => {
      broken = true;
      socket.destroy();
      reject(e);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.on('error', () => (broken = true));
      socket.on('close', () => (broken = true));
      socket.on('data', () => undefined); // the peer's replies are ignored, as Vault ignores them
      resolve({
        get broken() {
          return broken;
        },
        write: (data) =>
          new Promise((res, rej) => {
            if (broken || socket.destroyed) return rej(new Error('connection closed'));
            socket.write(data, (e) => (e ? rej(e) : res()));
          }),
        close: () => {
          broken = true;
          socket.destroy();
        },
      });
    });
  });
}

function udpConnection(opts: SocketOptions): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let target: { host: string; port: number };
    try {
      target = hostPort(opts.address);
    } catch (e) {
      return reject(e);
    }
    const socket: UdpSocket = createSocket(isIPv6(target.host) ? 'udp6' : 'udp4');
    let broken = false;
    socket.once('error', (e) => {
      broken = true;
      socket.close();
      reject(e);
    });
    socket.connect(target.port, target.host, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => (broken = true)); // e.g. ECONNREFUSED from an ICMP reply
      resolve({
        get broken() {
          return broken;
        },
        write: (data) => new Promise((res, rej) => socket.send(data, (e) => (e ? rej(e) : res()))),
        close: () => {
          broken = true;
          try {
            socket.close();
          } catch {
            // already closed
          }
        },
      });
    });
  });
}

/** Rejects with a timeout error after ms, closing what the operation opened via onTimeout. */
function within<T>(ms: number, what: string, work: Promise<T>, onTimeout: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what}: i/o timeout after ${ms}ms`));
    }, ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

class SocketSink {
  private conn: Connection | undefined;
  constructor(private readonly opts: SocketOptions) {}

  private async connect(): Promise<Connection> {
    if (this.conn && !this.conn.broken) return this.conn;
    this.disconnect();
    const pending = this.opts.type === 'udp' ? udpConnection(this.opts) : streamConnection(this.opts);
    const conn = await within(this.opts.timeoutMs, `dial ${this.opts.type} ${this.opts.address}`, pending, () => {
      pending.then((c) => c.close(), () => undefined);
    }).catch((e: unknown) => {
      throw new Error(`error connecting to ${JSON.stringify(this.opts.type)} address ${JSON.stringify(this.opts.address)}: ${(e as Error).message}`, { cause: e });
    });
    this.conn = conn;
    return conn;
  }

  disconnect(): void {
    this.conn?.close();
    this.conn = undefined;
  }

  private async writeOnce(data: Buffer): Promise<void> {
    const conn = await this.connect();
    await within(this.opts.timeoutMs, `write ${this.opts.type} ${this.opts.address}`, conn.write(data), () => conn.close());
  }

  /** Vault's Process: write; on failure reconnect and write once more. */
  async write(data: Buffer): Promise<void> {
    try {
      await this.writeOnce(data);
    } catch (first) {
      this.disconnect();
      try {
        await this.writeOnce(data);
      } catch (second) {
        this.disconnect();
        throw new AuditError('AUDIT_WRITE', `error writing to socket: ${(first as Error).message}; ${(second as Error).message}`, { cause: second });
      }
    }
  }

  async reopen(): Promise<void> {
    this.disconnect();
    try {
      await this.connect();
    } catch (e) {
      throw new AuditError('AUDIT_WRITE', `error reconnecting: ${(e as Error).message}`, { cause: e });
    }
  }
}

export async function createSocketDevice(config: AuditDeviceConfig): Promise<AuditDevice> {
  const opts = socketOptions(config.options);
  const formatter = createFormatter(config.options, config.salt);
  const sink = new SocketSink(opts);
  const serial = new Serial();
  return {
    logRequest: (input) => serial.run(() => sink.write(formatter.format('request', input))),
    logResponse: (input) => serial.run(() => sink.write(formatter.format('response', input))),
    hash: formatter.hash,
    reopen: () => serial.run(() => sink.reopen()),
    close: () => serial.run(async () => sink.disconnect()),
  };
}
