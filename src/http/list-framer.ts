/**
 * Rewrites Vault's `LIST` verb on an HTTP/1.1 request stream into a request node:http's parser
 * (llhttp) accepts, before that parser sees the bytes.
 *
 * llhttp knows a fixed set of methods and answers any other with a bare 400, and Node offers no
 * option to add one (`insecureHTTPParser` relaxes header checks, not methods, and is no option for a
 * secrets server). So this framer follows just enough of HTTP/1.1 to know where each request starts
 * (request line, headers, a Content-Length or chunked body, pipelining) and, only there, turns
 * `LIST /p HTTP/1.1` into `GET /p HTTP/1.1` followed by one marker header carrying a per-connection
 * nonce. The request handler turns a GET carrying the right nonce back into LIST; a marker a client
 * writes itself never carries the nonce, so it is never trusted.
 *
 * Every other byte passes through unchanged, as slices of the chunks received: nothing but the
 * current header or chunk-size line (bounded) is held. Where the framing is anything but plain (a
 * bare LF, obs-fold, duplicate or conflicting Content-Length / Transfer-Encoding, a coding other than
 * `chunked`, CONNECT or Upgrade, an over-long line) the framer stops rewriting and passes the rest of
 * the connection through untouched: llhttp then judges those bytes exactly as without this framer
 * (and refuses most of them). Rewriting therefore only happens where llhttp would frame the bytes
 * the same way, so a body can never be rewritten as if it were a request line.
 */

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
const GET_SP = Buffer.from('GET ');
/** Longest method token looked at; longer ones are not LIST and are passed through. */
const MAX_METHOD = 16;
/** Longest header, request or chunk-size line followed; Node's own header limit is 16 KiB. */
export const MAX_LINE = 64 * 1024;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const LIST_MARKER_HEADER = 'x-tsvault-list-nonce';

type State =
  | 'start' // before a request: optional CRLFs, then the method
  | 'request-line' // after the method, up to the line's end
  | 'header' // a header line (or the empty line ending the head)
  | 'body' // Content-Length bytes
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-end' // the CRLF after a chunk's data
  | 'trailer'
  | 'passthrough';

export class ListFramer {
  #state: State = 'start';
  /** Bytes of the line (or method) being read, when it spans chunks. */
  #held: Buffer[] = [];
  #heldLength = 0;
  #remaining = 0;
  #isList = false;
  #version11 = true;
  #contentLength: number | undefined;
  #lengthHeaders = 0;
  #transferEncoding: string | undefined;
  #encodingHeaders = 0;
  #upgrade = false;
  readonly #markerLine: Buffer;

  constructor(nonce: string) {
    this.#markerLine = Buffer.from(`${LIST_MARKER_HEADER}: ${nonce}\r\n`);
  }

  /** True once the framer has stopped following the stream (everything passes through). */
  get passthrough(): boolean {
    return this.#state === 'passthrough';
  }

  /** The bytes to hand to the HTTP parser for `chunk`, in order. */
  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      switch (this.#state) {
        case 'passthrough':
          out.push(i === 0 ? chunk : chunk.subarray(i));
          return out;
        case 'start':
          i = this.#readMethod(chunk, i, out);
          break;
        case 'body':
        case 'chunk-data': {
          const n = Math.min(this.#remaining, chunk.length - i);
          out.push(chunk.subarray(i, i + n));
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = this.#state === 'body' ? 'start' : 'chunk-end';
          break;
        }
        default:
          i = this.#readLine(chunk, i, out);
      }
    }
    return coalesce(out);
  }

  #bail(): void {
    this.#state = 'passthrough';
    this.#held = [];
    this.#heldLength = 0;
  }

  #take(part: Buffer): Buffer {
    if (this.#held.length === 0) return part;
    this.#held.push(part);
    const whole = Buffer.concat(this.#held, this.#heldLength + part.length);
    this.#held = [];
    this.#heldLength = 0;
    return whole;
  }

  #hold(part: Buffer, limit: number): boolean {
    this.#held.push(part);
    this.#heldLength += part.length;
    return this.#heldLength <= limit;
  }

  /** Reads the method up to its space (skipping the CRLFs llhttp allows between requests). */
  #readMethod(chunk: Buffer, from: number, out: Buffer[]): number {
    let i = from;
    if (this.#heldLength === 0) {
      while (i < chunk.length && (chunk[i] === CR || chunk[i] === LF)) i++;
      if (i > from) out.push(chunk.subarray(from, i));
      if (i === chunk.length) return i;
    }
    const space = chunk.indexOf(SP, i);
    const end = space === -1 ? chunk.length : space;
    if (space === -1) {
      if (!this.#hold(chunk.subarray(i), MAX_METHOD)) {
        out.push(this.#take(Buffer.alloc(0)));
        this.#bail();
      }
      return chunk.length;
    }
    const method = this.#take(chunk.subarray(i, end));
    this.#resetRequest();
    if (method.length === 4 && method.toString('latin1') === 'LIST') {
      this.#isList = true;
      out.push(GET_SP);
      this.#state = 'request-line';
      return end + 1;
    }
    out.push(method);
    const name = method.toString('latin1');
    // Not a method llhttp frames like any other request: leave the connection to it alone.
    if (method.length > MAX_METHOD || !TOKEN.test(name) || name === 'CONNECT') this.#bail();
    else this.#state = 'request-line';
    return end;
  }

  #resetRequest(): void {
    this.#isList = false;
    this.#contentLength = undefined;
    this.#lengthHeaders = 0;
    this.#transferEncoding = undefined;
    this.#encodingHeaders = 0;
    this.#upgrade = false;
  }

  /** Passes one line through (held while it spans chunks) and acts on it once complete. */
  #readLine(chunk: Buffer, from: number, out: Buffer[]): number {
    const lf = chunk.indexOf(LF, from);
    if (lf === -1) {
      const part = chunk.subarray(from);
      out.push(part);
      if (!this.#hold(part, MAX_LINE)) this.#bail();
      return chunk.length;
    }
    const part = chunk.subarray(from, lf + 1);
    out.push(part);
    const line = this.#take(part);
    // Strict CRLF only, and no CR inside the line: anything else is left to llhttp alone.
    if (line.length < 2 || line[line.length - 2] !== CR || line.indexOf(CR) !== line.length - 2) {
      this.#bail();
      return lf + 1;
    }
    switch (this.#state) {
      case 'request-line':
        this.#onRequestLine(line, out);
        break;
      case 'header':
        this.#onHeader(line);
        break;
      case 'chunk-size':
        this.#onChunkSize(line.toString('latin1', 0, line.length - 2));
        break;
      case 'chunk-end':
        if (line.length === 2) this.#state = 'chunk-size';
        else this.#bail();
        break;
      case 'trailer':
        if (line.length === 2) this.#state = 'start';
        else if (!plainHeaderLine(line)) this.#bail();
        break;
      default:
        this.#bail();
    }
    return lf + 1;
  }

  #onRequestLine(line: Buffer, out: Buffer[]): void {
    const version = line.length >= 11 && line[line.length - 11] === SP ? line.toString('latin1', line.length - 10, line.length - 2) : '';
    if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return this.#bail();
    this.#version11 = version === 'HTTP/1.1';
    if (this.#isList) out.push(this.#markerLine);
    this.#state = 'header';
  }

  /** Looks at a header only as far as framing needs: its name, and the value of three of them. */
  #onHeader(line: Buffer): void {
    if (line.length === 2) return this.#onHeadEnd();
    if (!plainHeaderLine(line)) return this.#bail();
    const colon = line.indexOf(COLON);
    if (colon !== 7 && colon !== 14 && colon !== 17) return;
    const name = line.toString('latin1', 0, colon).toLowerCase();
    if (name === 'upgrade') {
      this.#upgrade = true;
      return;
    }
    if (name !== 'content-length' && name !== 'transfer-encoding') return;
    const value = line.toString('latin1', colon + 1, line.length - 2).replace(/^[ \t]+|[ \t]+$/g, '');
    if (name === 'content-length') {
      this.#lengthHeaders++;
      this.#contentLength = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    } else {
      this.#encodingHeaders++;
      this.#transferEncoding = value.toLowerCase();
    }
  }

  #onHeadEnd(): void {
    if (this.#upgrade || this.#lengthHeaders > 1 || this.#encodingHeaders > 1) return this.#bail();
    if (this.#encodingHeaders === 1) {
      if (this.#lengthHeaders > 0 || !this.#version11 || this.#transferEncoding !== 'chunked') return this.#bail();
      this.#state = 'chunk-size';
      return;
    }
    if (this.#contentLength === undefined || this.#contentLength === 0) {
      this.#state = 'start';
      return;
    }
    if (Number.isNaN(this.#contentLength)) return this.#bail();
    this.#remaining = this.#contentLength;
    this.#state = 'body';
  }

  #onChunkSize(text: string): void {
    const m = /^([0-9a-fA-F]{1,13})(;.*)?$/.exec(text);
    if (!m) return this.#bail();
    const size = Number.parseInt(m[1]!, 16);
    if (size === 0) {
      this.#state = 'trailer';
      return;
    }
    this.#remaining = size;
    this.#state = 'chunk-data';
  }
}

/**
 * `name:` at the start of a CRLF line, with no white space before the colon or at the start (obs-fold):
 * the header boundaries llhttp sees are then these lines. Other bad name bytes make llhttp refuse the
 * request, which ends the connection.
 */
function plainHeaderLine(line: Buffer): boolean {
  const colon = line.indexOf(COLON);
  if (colon <= 0) return false;
  const first = line[0];
  const beforeColon = line[colon - 1];
  return first !== SP && first !== HTAB && beforeColon !== SP && beforeColon !== HTAB;
}

/** Joins pieces that are adjacent views of one chunk, so the parser gets as few pieces as possible. */
function coalesce(pieces: Buffer[]): Buffer[] {
  if (pieces.length < 2) return pieces;
  const out: Buffer[] = [pieces[0]!];
  for (let i = 1; i < pieces.length; i++) {
    const last = out[out.length - 1]!;
    const next = pieces[i]!;
    if (next.length === 0) continue;
    if (last.buffer === next.buffer && last.byteOffset + last.length === next.byteOffset) {
      out[out.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + next.length);
    } else out.push(next);
  }
  return out;
}
