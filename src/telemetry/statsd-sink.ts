/**
 * The push sinks: statsd and DogStatsD over UDP, statsite over TCP (go-metrics' StatsdSink,
 * StatsiteSink and the DogStatsD sink). Lines are buffered and flushed every 100 ms, UDP packets
 * kept under 1432 bytes as go-metrics keeps them. A sink that cannot send drops the lines: metrics
 * never hold up a request.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createConnection, type Socket } from 'node:net';
import type { Labels, MetricSink } from './sink.js';

const FLUSH_MS = 100;
const MAX_PACKET = 1432;

export type LineFormat = 'statsd' | 'dogstatsd';

/** go-metrics' flattenKey: parts joined by `.`, `:` and spaces become `_`; statsd puts label values into the key. */
export function statsdLine(format: LineFormat, type: 'g' | 'c' | 'ms', key: readonly string[], value: number, labels: Labels, tags: readonly string[] = []): string {
  const clean = (s: string): string => s.replace(/[: ]/g, '_');
  // go-metrics writes the value with %f.
  const v = value.toFixed(6);
  if (format === 'statsd') {
    const name = [...key, ...Object.values(labels)].map(clean).join('.');
    return `${name}:${v}|${type}`;
  }
  const all = [...tags, ...Object.entries(labels).map(([k, val]) => `${k}:${val}`)];
  return `${key.map(clean).join('.')}:${v}|${type}${all.length > 0 ? `|#${all.join(',')}` : ''}`;
}

/** host:port as Go's net.SplitHostPort reads it. */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]*):(\d+)$/.exec(address);
  if (!m) throw new Error(`address ${address}: missing port in address`);
  return { host: m[1] === '' ? '127.0.0.1' : m[1]!, port: Number(m[2]) };
}

interface Transport {
  send(payload: string): void;
  close(): void;
}

function udp(address: string): Transport {
  const { host, port } = splitAddress(address);
  const socket: UdpSocket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('error', () => undefined);
  socket.unref();
  return {
    send: (payload) => socket.send(payload, port, host, () => undefined),
    close: () => socket.close(),
  };
}

/** statsite: one TCP stream, reconnected on the next flush after it drops. */
function tcp(address: string): Transport {
  const { host, port } = splitAddress(address);
  let socket: Socket | undefined;
  const connect = (): Socket => {
    const s = createConnection({ host, port });
    s.on('error', () => {
      if (socket === s) socket = undefined;
      s.destroy();
    });
    s.on('close', () => {
      if (socket === s) socket = undefined;
    });
    s.unref();
    return s;
  };
  return {
    send(payload) {
      socket ??= connect();
      socket.write(payload);
    },
    close: () => socket?.destroy(),
  };
}

export class LineSink implements MetricSink {
  readonly #format: LineFormat;
  readonly #tags: readonly string[];
  readonly #transport: Transport;
  readonly #stream: boolean;
  #buffer: string[] = [];
  #size = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(kind: 'statsd' | 'statsite' | 'dogstatsd', address: string, tags: readonly string[] = []) {
    this.#format = kind === 'dogstatsd' ? 'dogstatsd' : 'statsd';
    this.#tags = tags;
    this.#stream = kind === 'statsite';
    this.#transport = this.#stream ? tcp(address) : udp(address);
    this.#timer = setInterval(() => this.flush(), FLUSH_MS);
    this.#timer.unref();
  }

  #push(line: string): void {
    const size = Buffer.byteLength(line) + 1;
    if (!this.#stream && this.#size + size > MAX_PACKET) this.flush();
    this.#buffer.push(line);
    this.#size += size;
  }

  setGauge(key: readonly string[], value: number, labels: Labels): void {
    this.#push(statsdLine(this.#format, 'g', key, value, labels, this.#tags));
  }

  incrCounter(key: readonly string[], value: number, labels: Labels): void {
    this.#push(statsdLine(this.#format, 'c', key, value, labels, this.#tags));
  }

  addSample(key: readonly string[], value: number, labels: Labels): void {
    this.#push(statsdLine(this.#format, 'ms', key, value, labels, this.#tags));
  }

  flush(): void {
    if (this.#buffer.length === 0) return;
    const payload = `${this.#buffer.join('\n')}\n`;
    this.#buffer = [];
    this.#size = 0;
    try {
      this.#transport.send(payload);
    } catch {
      /* dropped, as go-metrics drops what it cannot send */
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
    this.#transport.close();
  }
}
