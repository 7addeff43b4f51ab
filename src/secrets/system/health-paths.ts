/**
 * sys/health, sys/seal-backend-status, sys/key-status and sys/rotate
 * ([V] http/sys_health.go, sys_leader.go, sys_seal.go, logical_system.go).
 */
import type { Core } from '../../core/core.js';
import { HttpError } from '../../http/errors.js';
import { raw, type HttpHandler, type HttpPath } from './http-paths.js';

/** Vault's sys/health status-code parameters and their defaults. */
const CODE_PARAMS = {
  activecode: 200,
  standbycode: 429,
  drsecondarycode: 472,
  performancestandbycode: 473,
  sealedcode: 503,
  uninitcode: 501,
  haunhealthycode: 474,
  removedcode: 530,
} as const;

const BOOL_PARAMS = ['standbyok', 'perfstandbyok'] as const;

function parseBool(value: string): boolean | undefined {
  if (value === '') return true; // a bare ?standbyok counts as set
  if (/^(1|t|true)$/i.test(value)) return true;
  if (/^(0|f|false)$/i.test(value)) return false;
  return undefined;
}

function parseQuery(query: URLSearchParams): Record<keyof typeof CODE_PARAMS, number> {
  for (const name of BOOL_PARAMS) {
    const raw = query.get(name);
    if (raw !== null && parseBool(raw) === undefined) {
      throw new HttpError('CORE_INVALID_REQUEST', [`bad value for ${name} parameter: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`]);
    }
  }
  const codes = { ...CODE_PARAMS } as Record<keyof typeof CODE_PARAMS, number>;
  for (const name of Object.keys(CODE_PARAMS) as Array<keyof typeof CODE_PARAMS>) {
    const raw = query.get(name);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw)) throw new HttpError('CORE_INVALID_REQUEST', []);
    codes[name] = Number(raw);
  }
  return codes;
}

export function healthPaths(core: Core, ha?: { readonly standby: boolean }): HttpPath[] {
  const health: HttpHandler = async (req) => {
    const codes = parseQuery(req.http.query);
    const initialized = await core.initialized();
    const sealed = core.sealed;
    const cluster = core.cluster();
    const standby = !sealed && ha?.standby === true;
    const body: Record<string, unknown> = {
      initialized,
      sealed,
      standby,
      performance_standby: false,
      replication_performance_mode: 'disabled',
      replication_dr_mode: 'disabled',
      server_time_utc: Math.floor(Date.now() / 1000),
      version: core.version,
      enterprise: false,
      ...(cluster ? { cluster_name: cluster.name, cluster_id: cluster.id } : {}),
      echo_duration_ms: 0,
      clock_skew_ms: 0,
      replication_primary_canary_age_ms: 0,
    };
    const standbyOk = parseBool(req.http.query.get('standbyok') ?? 'false') === true;
    const status = !initialized
      ? codes.uninitcode
      : sealed
        ? codes.sealedcode
        : standby && !standbyOk
          ? codes.standbycode
          : codes.activecode;
    return raw(status, req.http.method === 'HEAD' ? undefined : body);
  };

  const keyStatus: HttpHandler = async () => {
    const s = core.keyStatus();
    return { data: { term: s.term, install_time: s.installTime, encryptions: s.encryptions }, topLevel: true };
  };

  const rotate: HttpHandler = async () => {
    await core.rotate();
    return raw(204);
  };

  return [
    { path: 'health', methods: { GET: health, HEAD: health } },
    { path: 'seal-backend-status', methods: { GET: async () => raw(200, core.sealBackendStatus()) } },
    { path: 'key-status', methods: { GET: keyStatus } },
    { path: 'rotate', methods: { PUT: rotate, POST: rotate } },
  ];
}
