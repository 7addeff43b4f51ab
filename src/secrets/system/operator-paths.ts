/**
 * The system backend's operator paths: sys/host-info, sys/in-flight-req,
 * sys/config/state/sanitized and sys/internal/specs/openapi (plus, from logger-paths.ts,
 * sys/monitor and sys/loggers).
 */
import { sanitizedState } from '../../config/sanitized-state.js';
import type { ServerConfig } from '../../config/types.js';
import type { InFlightRequests } from '../../http/in-flight.js';
import type { RootLogger } from '../../log/logger.js';
import { routePath } from '../../logical/mount-table.js';
import type { MountManager } from '../../logical/mounts.js';
import { openApiDocument, type OpenApiMount } from '../../logical/openapi.js';
import type { PathSpec } from '../../logical/types.js';
import { collectHostInfo } from './host-info.js';
import { loggerPaths, monitorPath } from './logger-paths.js';
import { raw } from './http-paths.js';

/** What the operator paths read: the daemon's logger and configuration, the listener's request table. */
export interface OperatorSources {
  logger?: RootLogger;
  /** The configuration in force (the latest applied by SIGHUP). */
  config?: () => ServerConfig | undefined;
  inFlight?: InFlightRequests;
}

/** Vault serves the OpenAPI document without a token. */
export const OPERATOR_UNAUTHENTICATED_PATHS = ['internal/specs/openapi'] as const;

export function operatorPaths(src: OperatorSources, mounts: MountManager, version: string, sealed: () => boolean): PathSpec[] {
  const paths: PathSpec[] = [
    {
      pattern: /^host-info$/,
      operations: {
        read: async () => {
          const { data, warnings } = await collectHostInfo();
          return { data, ...(warnings.length > 0 ? { warnings } : {}) };
        },
      },
      synopsis: 'Information about the host: CPUs, CPU times, disk, memory, operating system.',
    },
    {
      pattern: /^in-flight-req$/,
      operations: { read: async () => raw(200, src.inFlight?.snapshot() ?? {}) },
      synopsis: 'The requests the server is serving right now.',
    },
    {
      pattern: /^config\/state\/sanitized$/,
      operations: {
        read: async () => {
          const config = src.config?.();
          return config ? { data: sanitizedState(config) } : null;
        },
      },
      synopsis: 'The configuration in force, without any secret setting.',
      description: 'Storage and seal settings are left out except their type (and a seal\'s disabled flag).',
    },
    {
      pattern: /^internal\/specs\/openapi$/,
      operations: {
        read: async () => {
          const mounted: OpenApiMount[] = [];
          for (const m of mounts.router.all()) if (m.backend.docs) mounted.push({ mountPoint: routePath(m.entry), docs: m.backend.docs });
          return raw(200, openApiDocument(mounted, version));
        },
      },
      synopsis: 'An OpenAPI 3 document of the paths of every mounted backend.',
    },
  ];
  if (src.logger) paths.push(monitorPath(src.logger, sealed), ...loggerPaths(src.logger));
  return paths;
}
