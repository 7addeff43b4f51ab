/**
 * Path help ([V] api/help.go): GET /v1/<path>?help=1. The server answers with the help at the
 * top level (`{"help": "...", "openapi": {...}}`, [V] http/help.go), not in a `data` envelope.
 */
import type { Sender } from './sender.js';

/** api.Help. */
export interface PathHelp {
  help: string;
  see_also: string[] | null;
  openapi: Record<string, unknown> | null;
}

export const pathHelp = {
  /** GET <path>?help=1; Vault's error for any status of 400 or more (404 included). */
  async help(this: Sender, path: string): Promise<PathHelp> {
    const raw = await this.call<unknown>('GET', path, undefined, { help: ['1'] });
    const o = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const openapi = o['openapi'];
    return {
      help: typeof o['help'] === 'string' ? o['help'] : '',
      see_also: Array.isArray(o['see_also']) ? o['see_also'].filter((s): s is string => typeof s === 'string') : null,
      openapi: openapi !== null && typeof openapi === 'object' && !Array.isArray(openapi) ? (openapi as Record<string, unknown>) : null,
    };
  },
};
