/**
 * The web UI's static files (`ui = true`): `npm run build` bundles ui/ into dist/ui (index.html and
 * content-hashed files under assets/). Served at /ui/ with the headers Vault's UI sends
 * (vault/ui.go: a CSP, X-Content-Type-Options) plus X-Frame-Options; `/` and `/ui` redirect to /ui/
 * with a 307 as Vault's handleUIRedirect. Requests outside /ui/ and `/` are not answered here.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ui beside dist/src (this module is dist/src/http/ui-site.js once built). */
export const DEFAULT_UI_ROOT = fileURLToPath(new URL('../../ui/', import.meta.url));

/**
 * Vault's default UI policy, stricter: styles from files only (no 'unsafe-inline'), no <base>, no
 * object. Scripts only from the server: the bundle has no inline script.
 */
export const UI_CSP =
  "default-src 'none'; connect-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; " +
  "font-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

export const UI_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': UI_CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Content-hashed files never change under their name: a year, immutable. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

/** Answers a request when it returns true; false leaves it to the API's 404. */
export type UiSite = (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean;

export interface UiSiteOptions {
  /** The built UI's folder (index.html, assets/). */
  root?: string;
}

function send(res: ServerResponse, req: IncomingMessage, status: number, headers: Record<string, string | number>, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...UI_HEADERS, ...headers, 'Content-Length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** The UI's request handler; files found are read once and kept (the build does not change under a running server). */
export function createUiSite(opts: UiSiteOptions = {}): UiSite {
  const root = resolve(opts.root ?? DEFAULT_UI_ROOT);
  const files = new Map<string, Promise<Buffer | undefined>>();
  const load = (file: string): Promise<Buffer | undefined> => {
    let p = files.get(file);
    if (!p) {
      // Only files that exist stay cached: a stream of made-up names must not grow the map.
      p = readFile(file).catch(() => {
        files.delete(file);
        return undefined;
      });
      files.set(file, p);
    }
    return p;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, rel: string): Promise<void> => {
    const asset = rel.startsWith('assets/') && rel.length > 'assets/'.length;
    const file = resolve(root, asset ? rel : 'index.html');
    if (file !== root && !file.startsWith(root + sep)) {
      send(res, req, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, '404 page not found\n');
      return;
    }
    const body = await load(file);
    if (!body) {
      const text = asset ? '404 page not found\n' : 'Vault UI is not available in this binary.\n';
      send(res, req, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, text);
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    // index.html names the current hashed files: never cached, so an upgrade is picked up at once.
    send(res, req, 200, { 'Content-Type': type, 'Cache-Control': asset ? HASHED_CACHE : 'no-store' }, body);
  };

  return (req, res, pathname) => {
    if (pathname === '/' || pathname === '/ui') {
      req.resume();
      res.writeHead(307, { Location: '/ui/', 'Cache-Control': 'no-store', 'Content-Length': 0 });
      res.end();
      return true;
    }
    if (!pathname.startsWith('/ui/')) return false;
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, req, 405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD', 'Cache-Control': 'no-store' }, '405 method not allowed\n');
      return true;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname.slice('/ui/'.length));
    } catch {
      rel = '';
    }
    serve(req, res, rel).catch(() => {
      if (!res.headersSent) send(res, req, 500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, 'internal error\n');
      else res.destroy();
    });
    return true;
  };
}
