/**
 * An OpenAPI 3.0 document of the paths tsvault serves, in the shape of Vault's
 * sys/internal/specs/openapi: `{openapi, info, paths, components}`, each path templated from the
 * mounted backends' patterns (path-template.ts) under its mount point.
 */
import { pathTemplate } from './path-template.js';
import type { BackendDocs, Operation, PathSpec } from './types.js';

export interface OpenApiMount {
  /** With its trailing slash: `secret/`, `auth/approle/`, `sys/`. */
  mountPoint: string;
  docs: BackendDocs;
}

type Method = 'get' | 'post' | 'delete' | 'patch';
const METHOD: Readonly<Record<Operation, Method>> = { read: 'get', list: 'get', create: 'post', update: 'post', delete: 'delete', patch: 'patch' };
const VERB: Readonly<Record<Method, string>> = { get: 'read', post: 'write', delete: 'delete', patch: 'patch' };

function tagOf(mountPoint: string): string {
  if (mountPoint === 'sys/') return 'system';
  if (mountPoint === 'identity/') return 'identity';
  return mountPoint.startsWith('auth/') ? 'auth' : 'secrets';
}

function operationId(method: Method, path: string): string {
  const words = path.replace(/[{}]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [VERB[method], ...words].join('-').toLowerCase();
}

/** The OpenAPI path items of one backend's paths under `mountPoint`. */
export function openApiPaths(mountPoint: string, specs: readonly PathSpec[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const t = pathTemplate(spec.pattern);
    if (!t) continue;
    const path = `/${mountPoint}${t.template}`;
    if (paths[path]) continue; // the first pattern wins, as in routing
    const item: Record<string, unknown> = {};
    if (spec.synopsis) item.description = spec.synopsis;
    if (t.params.length > 0) {
      item.parameters = t.params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    }
    const ops = Object.keys(spec.operations) as Operation[];
    for (const op of ops) {
      const method = METHOD[op];
      if (item[method]) continue;
      const operation: Record<string, unknown> = {
        operationId: operationId(method, path),
        tags: [tagOf(mountPoint)],
        responses: method === 'delete' ? { '204': { description: 'empty body' } } : { '200': { description: 'OK' } },
      };
      if (spec.synopsis) operation.summary = spec.synopsis;
      if (method === 'get' && ops.includes('list')) {
        operation.parameters = [
          { name: 'list', in: 'query', description: 'Return a list if `true`', required: !ops.includes('read'), schema: { type: 'string', enum: ['true'] } },
        ];
      }
      if (method === 'post' || method === 'patch') {
        operation.requestBody = { content: { 'application/json': { schema: { type: 'object' } } } };
      }
      item[method] = operation;
    }
    paths[path] = item;
  }
  return paths;
}

/** The whole document for the given mounts. */
export function openApiDocument(mounts: readonly OpenApiMount[], version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const sorted = [...mounts].sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
  for (const m of sorted) Object.assign(paths, openApiPaths(m.mountPoint, m.docs.paths));
  return {
    openapi: '3.0.2',
    info: {
      title: 'tsvault API',
      description: 'The Vault-compatible HTTP API of tsvault. Every path below is served under `/v1/`.',
      version,
      license: { name: 'Mozilla Public License 2.0', url: 'https://www.mozilla.org/en-US/MPL/2.0' },
    },
    paths,
    components: { schemas: {} },
  };
}
