import type { Handler, Route } from '../context.js';
import { HttpError } from '../errors.js';

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

const health: Handler = async (ctx) => {
  const codes = parseQuery(ctx.query);
  const initialized = await ctx.core.initialized();
  const sealed = ctx.core.sealed;
  const cluster = ctx.core.cluster();
  const body: Record<string, unknown> = {
    initialized,
    sealed,
    standby: false,
    performance_standby: false,
    replication_performance_mode: 'disabled',
    replication_dr_mode: 'disabled',
    server_time_utc: Math.floor(Date.now() / 1000),
    version: ctx.core.version,
    enterprise: false,
    ...(cluster ? { cluster_name: cluster.name, cluster_id: cluster.id } : {}),
    echo_duration_ms: 0,
    clock_skew_ms: 0,
    replication_primary_canary_age_ms: 0,
  };
  const status = !initialized ? codes.uninitcode : sealed ? codes.sealedcode : codes.activecode;
  return { status, body: ctx.method === 'HEAD' ? undefined : body };
};

export const healthRoute: Route = { methods: { GET: health, HEAD: health }, unauthenticated: true, whileSealed: true };
