import type { Backend, LogicalRequest, LogicalResponse, PathSpec, StorageView } from './types.js';
import { unsupportedOperation, unsupportedPath } from './errors.js';

export interface PathBackendSpec {
  type: string;
  paths: readonly PathSpec[];
  unauthenticatedPaths?: readonly string[];
  rootPaths?: readonly string[];
  sealedPaths?: readonly string[];
  httpPaths?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The backend's help text for `?help=1` at its root (Vault's Backend.Help). */
  help?: string;
  initialize?: (storage: StorageView) => Promise<void>;
  cleanup?: () => Promise<void>;
}

function match(paths: readonly PathSpec[], path: string): { spec: PathSpec; params: Record<string, string> } | undefined {
  for (const spec of paths) {
    const m = spec.pattern.exec(path);
    if (m) return { spec, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}

/**
 * A Backend from a list of path patterns, as Vault's framework.Backend routes: the first pattern
 * that matches the whole in-mount path wins; a create falls back to the update handler.
 */
export function createPathBackend(spec: PathBackendSpec): Backend {
  return {
    type: spec.type,
    ...(spec.unauthenticatedPaths ? { unauthenticatedPaths: spec.unauthenticatedPaths } : {}),
    ...(spec.rootPaths ? { rootPaths: spec.rootPaths } : {}),
    ...(spec.sealedPaths ? { sealedPaths: spec.sealedPaths } : {}),
    ...(spec.httpPaths ? { httpPaths: spec.httpPaths } : {}),
    docs: { help: spec.help ?? '', paths: spec.paths },
    async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
      const found = match(spec.paths, req.path);
      if (!found) throw unsupportedPath();
      const ops = found.spec.operations;
      const handler = ops[req.operation] ?? (req.operation === 'create' ? ops.update : undefined);
      if (!handler) throw unsupportedOperation();
      return handler(req, found.params);
    },
    async existenceCheck(req: LogicalRequest): Promise<boolean | undefined> {
      const found = match(spec.paths, req.path);
      if (!found?.spec.existenceCheck) return undefined;
      return found.spec.existenceCheck(req, found.params);
    },
    ...(spec.initialize ? { initialize: spec.initialize } : {}),
    ...(spec.cleanup ? { cleanup: spec.cleanup } : {}),
  };
}

/** Whether an in-mount path matches one of Vault's special-path patterns (`*` suffix = prefix). */
export function matchesSpecialPath(patterns: readonly string[] | undefined, path: string): boolean {
  return (patterns ?? []).some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
}
