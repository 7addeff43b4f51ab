import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { Server, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { ListenerError } from '../errors.js';
import { LIST_MARKER_HEADER, ListFramer } from './list-framer.js';

/**
 * One accepted connection (TCP, or TLS after termination) as node:http sees it: reads pass through
 * a ListFramer, writes go straight to the socket. Node documents emitting `connection` with any
 * Duplex; the socket's own surface (addresses, timeouts, no-delay) is forwarded.
 */
export class ListMethodConnection extends Duplex {
  readonly socket: Socket;
  readonly #nonce: Buffer;
  readonly #framer: ListFramer;

  constructor(socket: Socket) {
    super({ allowHalfOpen: true });
    this.socket = socket;
    this.#nonce = Buffer.from(randomBytes(16).toString('hex'));
    this.#framer = new ListFramer(this.#nonce.toString('latin1'));
    socket.on('data', (chunk: Buffer) => {
      let more = true;
      for (const part of this.#framer.feed(chunk)) more = this.push(part) && more;
      if (!more) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  /** True when `value` is the nonce this connection wrote into a LIST it rewrote. */
  vouchesFor(value: string): boolean {
    const given = Buffer.from(value, 'latin1');
    return given.length === this.#nonce.length && timingSafeEqual(given, this.#nonce);
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>, callback: (error?: Error | null) => void): void {
    this.socket.cork();
    for (let i = 0; i < chunks.length - 1; i++) this.socket.write(chunks[i]!.chunk, chunks[i]!.encoding);
    const last = chunks[chunks.length - 1]!;
    this.socket.write(last.chunk, last.encoding, callback);
    this.socket.uncork();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy(err ?? undefined);
    callback(err);
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }
  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }
  get localPort(): number | undefined {
    return this.socket.localPort;
  }
  /** True on a TLS connection, as a TLSSocket says. */
  get encrypted(): boolean {
    return (this.socket as Socket & { encrypted?: boolean }).encrypted === true;
  }
  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms);
    if (callback) this.once('timeout', callback);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.socket.setKeepAlive(enable, initialDelay);
    return this;
  }
}

/**
 * Puts a ListMethodConnection between `server`'s sockets and its HTTP parser: the node:http (or
 * node:https, after TLS termination: `secureConnection`) connection listener gets the wrapped
 * stream. The server itself is untouched, so its timeouts, connection tracking and limits apply.
 * Its requests then come with LIST restored (restoreListMethod runs before any request listener).
 */
export function acceptListMethod(server: Server, event: 'connection' | 'secureConnection'): void {
  // node:http's connection listener is one module-level function, shared by node:https: a server
  // that never listens shows which of `server`'s listeners it is, whatever else listens there.
  const nodeHttp = createHttpServer().listeners('connection')[0];
  const listeners = server.rawListeners(event) as Array<(socket: Socket) => void>;
  if (nodeHttp === undefined || !listeners.includes(nodeHttp as (socket: Socket) => void)) {
    throw new ListenerError('LISTENER_INVALID', `cannot find node:http's ${event} listener to put the LIST rewrite in front of`);
  }
  const wrapped = (socket: Socket): void => (nodeHttp as (socket: unknown) => void).call(server, new ListMethodConnection(socket));
  server.removeAllListeners(event);
  for (const listener of listeners) server.on(event, listener === nodeHttp ? wrapped : listener);
  // Before any request listener, so every handler sees LIST and never a marker.
  server.prependListener('request', restoreListMethod);
}

/**
 * Turns a request the framer rewrote back into LIST (its marker must carry the connection's nonce)
 * and drops any marker header, ours or a client's, so nothing after this sees one.
 */
export function restoreListMethod(req: IncomingMessage): void {
  const marker = req.headers[LIST_MARKER_HEADER];
  if (marker === undefined) return;
  delete req.headers[LIST_MARKER_HEADER];
  const raw = req.rawHeaders;
  let vouched = false;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== LIST_MARKER_HEADER) {
      kept.push(raw[i]!, raw[i + 1]!);
      continue;
    }
    // Ours is the first header of the request; any other is a client's and vouches for nothing.
    if (i === 0 && req.socket instanceof ListMethodConnection && req.socket.vouchesFor(raw[1]!)) vouched = true;
  }
  raw.splice(0, raw.length, ...kept);
  if (vouched && req.method === 'GET') req.method = 'LIST';
}
