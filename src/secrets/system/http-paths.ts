/**
 * The system backend's HTTP-layer paths: sys/init, sys/seal-status, sys/unseal, sys/health … which
 * Vault serves from http/sys_*.go rather than from its logical router. Here they are paths of the
 * system backend like any other, declared with the HTTP methods they answer, so that the one
 * request pipeline (src/http/pipeline.ts) can keep Vault's HTTP-layer behaviour for them: a method
 * they lack is a 405 with no errors before anything else, trailing slashes do not matter, and they
 * answer with their own body instead of the envelope.
 */
import type { HttpRequestView, LogicalRequest, LogicalResponse, Operation, PathSpec } from '../../logical/types.js';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** An HTTP-layer handler: most answer with `raw(...)`, a body of their own; sys/key-status with the envelope. */
export type HttpHandler = (req: LogicalRequest & { http: HttpRequestView }) => Promise<LogicalResponse>;

/** A status and a body as-is (none for 204 and HEAD). */
export function raw(status: number, body?: unknown): LogicalResponse {
  return { raw: body === undefined ? { status } : { status, body } };
}

export interface HttpPath {
  /** The exact in-mount path, e.g. `seal-status`. */
  path: string;
  methods: Partial<Record<HttpMethod, HttpHandler>>;
}

const OPERATION: Readonly<Record<HttpMethod, Operation>> = { GET: 'read', HEAD: 'read', PUT: 'update', POST: 'update', DELETE: 'delete' };

function escape(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The paths as PathSpecs of the system backend, plus the method table the pipeline consults. */
export function httpPathSpecs(paths: readonly HttpPath[]): { specs: PathSpec[]; methods: ReadonlyMap<string, ReadonlySet<string>> } {
  const methods = new Map<string, ReadonlySet<string>>();
  const specs = paths.map((p): PathSpec => {
    methods.set(p.path, new Set(Object.keys(p.methods)));
    const operations: PathSpec['operations'] = {};
    for (const [method, handler] of Object.entries(p.methods) as [HttpMethod, HttpHandler][]) {
      operations[OPERATION[method]] = async (req) => {
        if (!req.http) throw new Error(`sys/${p.path} is an HTTP-layer path`);
        const h = p.methods[req.http.method as HttpMethod] ?? handler;
        return h(req as LogicalRequest & { http: HttpRequestView });
      };
    }
    return { pattern: new RegExp(`^${escape(p.path)}$`), operations };
  });
  return { specs, methods };
}
